package limber_test

import (
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func TestCanSee(t *testing.T) {
	admin := limber.User{ID: 1, Role: limber.RoleAdmin}
	pt := limber.User{ID: 2, Role: limber.RoleTherapist}
	other := limber.User{ID: 3, Role: limber.RoleTherapist}
	tablet := limber.User{ID: 4, Role: limber.RolePatient, PatientID: 10}
	mine := limber.Patient{ID: 10, TherapistID: 2}
	theirs := limber.Patient{ID: 11, TherapistID: 3}
	for _, tc := range []struct {
		who  string
		u    limber.User
		p    limber.Patient
		want bool
	}{
		{"admin, any patient", admin, mine, true},
		{"admin, any patient", admin, theirs, true},
		{"the patient's therapist", pt, mine, true},
		{"another therapist", pt, theirs, false},
		{"the other's own", other, theirs, true},
		{"the patient's tablet", tablet, mine, true},
		{"a tablet, another patient", tablet, theirs, false},
		// A therapist's id equal to a patient's id grants nothing.
		{"a therapist whose id is the patient's", limber.User{ID: 10, Role: limber.RoleTherapist}, mine, false},
		{"a tablet enrolled to no patient", limber.User{ID: 5, Role: limber.RolePatient}, limber.Patient{ID: 0, TherapistID: 2}, false},
		{"no role", limber.User{ID: 2}, mine, false},
		{"an unknown role", limber.User{ID: 2, Role: "owner"}, mine, false},
	} {
		if got := limber.CanSee(tc.u, tc.p); got != tc.want {
			t.Errorf("%s: CanSee(%+v, patient %d of %d) = %v", tc.who, tc.u, tc.p.ID, tc.p.TherapistID, got)
		}
	}
	if !limber.IsStaff(admin) || !limber.IsStaff(pt) || limber.IsStaff(tablet) || limber.IsStaff(limber.User{}) {
		t.Error("IsStaff: admin and therapist are staff; a tablet and no one are not")
	}
}

func TestRoleGates(t *testing.T) {
	admin := limber.User{ID: 1, Role: limber.RoleAdmin}
	pt := limber.User{ID: 2, Role: limber.RoleTherapist}
	tablet := limber.User{ID: 4, Role: limber.RolePatient, PatientID: 10}
	unlinked := limber.User{ID: 5, Role: limber.RolePatient}
	nobody := limber.User{}
	onlyAdmin := forbidden("only an admin may do this")
	onlyTherapist := forbidden("only a therapist may do this")
	staffOnly := forbidden("staff only")
	onlyTablets := forbidden("for patients' tablets only")
	for _, tc := range []struct {
		name string
		gate func(limber.User) error
		u    limber.User
		want *limber.Error
	}{
		{"an admin manages staff and settings", limber.MustBeAdmin, admin, nil},
		{"a therapist does not", limber.MustBeAdmin, pt, onlyAdmin},
		{"nor does a tablet", limber.MustBeAdmin, tablet, onlyAdmin},
		{"a therapist changes what is clinical", limber.MustBeTherapist, pt, nil},
		{"an admin reads everything and changes nothing clinical", limber.MustBeTherapist, admin, onlyTherapist},
		{"a tablet changes nothing clinical", limber.MustBeTherapist, tablet, onlyTherapist},
		{"an admin is staff", limber.MustBeStaff, admin, nil},
		{"a therapist is staff", limber.MustBeStaff, pt, nil},
		{"a tablet is not staff", limber.MustBeStaff, tablet, staffOnly},
		{"no role is not staff", limber.MustBeStaff, nobody, staffOnly},
		{"an enrolled tablet sends its patient's records", limber.MustBePatient, tablet, nil},
		{"a tablet linked to no patient sends nothing", limber.MustBePatient, unlinked, onlyTablets},
		{"staff send no patient's records", limber.MustBePatient, pt, onlyTablets},
		{"an admin sends no patient's records", limber.MustBePatient, admin, onlyTablets},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, tc.gate(tc.u), tc.want) })
	}
}

func TestListAccess(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    limber.User
		want limber.Access
		err  *limber.Error
	}{
		{"an admin lists every patient", limber.User{ID: 1, Role: limber.RoleAdmin}, limber.Access{All: true}, nil},
		{"a therapist lists their own", limber.User{ID: 2, Role: limber.RoleTherapist}, limber.Access{TherapistID: 2}, nil},
		{"a tablet has no list, even of itself", limber.User{ID: 4, Role: limber.RolePatient, PatientID: 10}, limber.Access{}, forbidden("staff only")},
		{"a therapist without an id is not read as no filter", limber.User{Role: limber.RoleTherapist}, limber.Access{}, forbidden("staff only")},
		{"no role", limber.User{ID: 2}, limber.Access{}, forbidden("staff only")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := limber.ListAccess(tc.u)
			sameError(t, err, tc.err)
			if a != tc.want {
				t.Errorf("ListAccess(%+v) = %+v, want %+v", tc.u, a, tc.want)
			}
		})
	}
}
