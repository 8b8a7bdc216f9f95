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
