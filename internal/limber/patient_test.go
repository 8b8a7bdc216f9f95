package limber_test

import (
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func TestCheckNewPatient(t *testing.T) {
	name, m2 := "Ola", limber.M2
	for _, tc := range []struct {
		name  string
		patch limber.PatientPatch
		want  *limber.Error
	}{
		{"a name and a mobility level", limber.PatientPatch{Name: &name, Mobility: &m2}, nil},
		{"no name", limber.PatientPatch{Mobility: &m2}, invalid("name", "required")},
		{"no mobility level: there is no safe default", limber.PatientPatch{Name: &name}, invalid("mobility", "required; valid: M1, M2, M3, M4, M5")},
		{"neither: the name is asked for first", limber.PatientPatch{}, invalid("name", "required")},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, limber.CheckNewPatient(tc.patch), tc.want) })
	}
}

func TestCheckSessionsPerWeek(t *testing.T) {
	out := invalid("sessions_per_week", "must be between 1 and 21")
	for _, tc := range []struct {
		n    int
		want *limber.Error
	}{{1, nil}, {5, nil}, {21, nil}, {0, out}, {-1, out}, {22, out}} {
		sameError(t, limber.CheckSessionsPerWeek(tc.n), tc.want)
	}
}
