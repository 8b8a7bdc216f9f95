package limber_test

import (
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func TestNewStaff(t *testing.T) {
	long200 := strings.Repeat("x", 200-len("@clinic.example")) + "@clinic.example"
	for _, tc := range []struct {
		name             string
		email, staffName string
		role             limber.Role
		want             limber.User
		err              *limber.Error
	}{
		{"a therapist, trimmed", " pt@clinic.example ", " Kari Nordmann ", limber.RoleTherapist,
			limber.User{Email: "pt@clinic.example", Name: "Kari Nordmann", Role: limber.RoleTherapist}, nil},
		{"an admin", "admin@clinic.example", "Admin", limber.RoleAdmin,
			limber.User{Email: "admin@clinic.example", Name: "Admin", Role: limber.RoleAdmin}, nil},
		{"a patient's account is made by enrolling", "p@clinic.example", "P", limber.RolePatient, limber.User{}, invalid("role", "must be therapist or admin")},
		{"no role", "p@clinic.example", "P", "", limber.User{}, invalid("role", "must be therapist or admin")},
		{"an email has an @", "pt.clinic.example", "P", limber.RoleTherapist, limber.User{}, invalid("email", "is not an email address")},
		{"an email of 200 characters", long200, "P", limber.RoleTherapist, limber.User{Email: long200, Name: "P", Role: limber.RoleTherapist}, nil},
		{"an email of 201 characters", "x" + long200, "P", limber.RoleTherapist, limber.User{}, invalid("email", "is not an email address")},
		{"a name of spaces", "pt@clinic.example", "   ", limber.RoleTherapist, limber.User{}, invalid("name", "must be 1 to 120 characters")},
		{"a name of 121 characters", "pt@clinic.example", strings.Repeat("x", 121), limber.RoleTherapist, limber.User{}, invalid("name", "must be 1 to 120 characters")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, err := limber.NewStaff(tc.email, tc.staffName, tc.role)
			sameError(t, err, tc.err)
			if u != tc.want {
				t.Errorf("NewStaff = %+v, want %+v", u, tc.want)
			}
		})
	}
}

func TestPasswords(t *testing.T) {
	const current = "correct horse battery"
	for _, tc := range []struct {
		name string
		err  error
		want *limber.Error
	}{
		{"ten characters", limber.CheckPassword("0123456789"), nil},
		{"nine characters", limber.CheckPassword("012345678"), invalid("password", "must be at least 10 characters")},
		{"characters, not bytes: ten letters of two bytes each", limber.CheckPassword(strings.Repeat("ø", 10)), nil},
		{"72 bytes, all bcrypt reads", limber.CheckPassword(strings.Repeat("x", 72)), nil},
		{"73 bytes would be cut short", limber.CheckPassword(strings.Repeat("x", 73)), invalid("password", "must be at most 72 bytes")},
		{"a new password", limber.CheckNewPassword(current, "another long one"), nil},
		{"the same password again", limber.CheckNewPassword(current, current), invalid("new_password", "must differ from the current one")},
		{"a new password too short names new_password", limber.CheckNewPassword(current, "short"), invalid("new_password", "must be at least 10 characters")},
		{"a new password too long names new_password", limber.CheckNewPassword(current, strings.Repeat("x", 73)), invalid("new_password", "must be at most 72 bytes")},
		{"staff have a password", limber.MustHavePassword(limber.User{Role: limber.RoleTherapist}), nil},
		{"tablets have none", limber.MustHavePassword(limber.User{Role: limber.RolePatient, PatientID: 10}), forbidden("tablets have no password")},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, tc.err, tc.want) })
	}
}

func TestCheckDisable(t *testing.T) {
	admin := limber.User{ID: 1, Role: limber.RoleAdmin}
	sameError(t, limber.CheckDisable(admin, 2), nil)
	sameError(t, limber.CheckDisable(admin, 1), conflict("you cannot disable your own account"))
}
