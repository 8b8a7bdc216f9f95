package limber_test

import (
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestSignInLife(t *testing.T) {
	for _, tc := range []struct {
		kind string
		want time.Duration
	}{
		{"tablet", 180 * 24 * time.Hour},
		{"staff", 7 * 24 * time.Hour},
		{"", limber.StaffMax},
	} {
		if got := limber.SignInLife(tc.kind); got != tc.want {
			t.Errorf("SignInLife(%q) = %v, want %v", tc.kind, got, tc.want)
		}
	}
}

func TestLetsIn(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	staff := limber.SignIn{Kind: "staff", ExpiresAt: t0.Add(limber.StaffMax)}
	tablet := limber.SignIn{Kind: "tablet", ExpiresAt: t0.Add(limber.TabletLife)}
	pt := limber.User{ID: 2, Role: limber.RoleTherapist}
	for _, tc := range []struct {
		name     string
		s        limber.SignIn
		u        limber.User
		lastSeen time.Time
		now      time.Time
		want     bool
	}{
		{"a staff sign-in in use", staff, pt, t0.Add(time.Hour), t0.Add(2 * time.Hour), true},
		{"a staff sign-in idle exactly StaffIdle still lets in", staff, pt, t0, t0.Add(limber.StaffIdle), true},
		{"a staff sign-in idle longer than StaffIdle ends", staff, pt, t0, t0.Add(limber.StaffIdle + time.Second), false},
		{"a staff sign-in in use ends at StaffMax all the same", staff, pt, t0.Add(limber.StaffMax - time.Minute), t0.Add(limber.StaffMax), false},
		{"a tablet unused for weeks is not idle", tablet, limber.User{Role: limber.RolePatient, PatientID: 10}, t0, t0.Add(30 * 24 * time.Hour), true},
		{"a tablet ends at TabletLife", tablet, limber.User{Role: limber.RolePatient, PatientID: 10}, t0, t0.Add(limber.TabletLife), false},
		{"a disabled user is let in by no sign-in", staff, limber.User{ID: 2, Role: limber.RoleTherapist, Disabled: true}, t0, t0.Add(time.Minute), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.s.LetsIn(tc.u, tc.lastSeen, tc.now); got != tc.want {
				t.Errorf("LetsIn = %v, want %v", got, tc.want)
			}
		})
	}
}
