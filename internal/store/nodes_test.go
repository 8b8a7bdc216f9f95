package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// twoNodes opens one database twice, as two Limber nodes would.
func twoNodes(t *testing.T) (a, b *store.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "limber.db")
	for _, db := range []**store.DB{&a, &b} {
		d, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		*db = d
	}
	return a, b
}

// A sign-in ended on one node (logout, a revoked tablet, a disabled user,
// a password reset or change) is refused by the other at its next request,
// though the other had just trusted it.
func TestSignInEndedOnOneNodeIsRefusedByTheOther(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	admin, err := a.CreateUser(ctx, "admin@clinic.test", "Admin", limber.RoleAdmin, "a long password")
	if err != nil {
		t.Fatal(err)
	}
	staff := func(email string) (limber.User, string, limber.SignIn) {
		u, err := a.CreateUser(ctx, email, email, limber.RoleTherapist, "a long password")
		if err != nil {
			t.Fatal(err)
		}
		token, sess, err := a.StartSignIn(ctx, u.ID, "staff", "")
		if err != nil {
			t.Fatal(err)
		}
		return u, token, sess
	}
	pt, _, _ := staff("pt@clinic.test")
	p, err := a.CreatePatient(ctx, pt, limber.PatientPatch{Name: ptr("Jo"), Mobility: ptr(limber.M1)})
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := a.CreateEnrollmentCode(ctx, pt, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, tablet, tabletSess, err := a.Enroll(ctx, code, "kitchen tablet")
	if err != nil {
		t.Fatal(err)
	}
	_, outToken, outSess := staff("out@clinic.test")
	disabled, disabledToken, _ := staff("disabled@clinic.test")
	reset, resetToken, _ := staff("reset@clinic.test")
	changer, changerToken, changerSess := staff("changer@clinic.test")
	// The changer is also signed in on another computer.
	otherToken, _, err := a.StartSignIn(ctx, changer.ID, "staff", "")
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name  string
		token string
		end   func() error
	}{
		{"logout", outToken, func() error { return a.EndSignIn(ctx, outSess.ID) }},
		{"revoked tablet", tablet, func() error { return a.RevokeDevice(ctx, pt, p.ID, tabletSess.ID) }},
		{"disabled user", disabledToken, func() error { _, err := a.DisableUser(ctx, admin, disabled.ID); return err }},
		{"password reset", resetToken, func() error { _, err := a.ResetPassword(ctx, admin, reset.ID); return err }},
		{"password changed elsewhere", otherToken, func() error {
			_, _, err := a.ChangePassword(ctx, changer, changerSess, "a long password", "another long password")
			return err
		}},
	} {
		if _, _, err := b.SignedInUser(ctx, c.token); err != nil {
			t.Fatalf("%s: node B refused the sign-in before it ended: %v", c.name, err)
		}
		if err := c.end(); err != nil {
			t.Fatalf("%s on node A: %v", c.name, err)
		}
		if _, _, err := b.SignedInUser(ctx, c.token); err != limber.ErrNoSignIn {
			t.Errorf("%s on node A: node B still trusts the sign-in (%v)", c.name, err)
		}
	}
	// The session the password was changed from goes on, under its new token.
	if _, _, err := b.SignedInUser(ctx, changerToken); err != limber.ErrNoSignIn {
		t.Errorf("the old token of the session that changed its password still works: %v", err)
	}
}

// Two nodes asking at once for the same hour's sweep: one gets it, and the
// next hour again one; a week's claims are kept, no more.
func TestTheHourlySweepIsClaimedOnce(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for h := 0; h < 2; h++ {
		hour := start.Add(time.Duration(h) * time.Hour)
		var mu sync.Mutex
		claims := 0
		var wg sync.WaitGroup
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				node := []*store.DB{a, b}[i%2]
				// Anywhere in the hour, by either node's clock.
				ok, err := node.ClaimSweep(ctx, hour.Add(time.Duration(i)*time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					claims++
					mu.Unlock()
				}
			}(i)
		}
		wg.Wait()
		if claims != 1 {
			t.Errorf("hour %d: claimed %d times", h, claims)
		}
	}
	if ok, err := b.ClaimSweep(ctx, start.AddDate(0, 0, 8)); !ok || err != nil {
		t.Fatalf("a week on: %v %v", ok, err)
	}
	var n int
	if err := a.R.Get(&n, `SELECT COUNT(*) FROM sweeps`); err != nil || n != 1 {
		t.Errorf("a week on, %d claims are kept (%v)", n, err)
	}
}

// The clinic's settings changed on one node are what the other uses: the
// phone numbers at once, the time zone once its last read is ZoneMaxAge
// old (here 0: at its next use).
func TestSettingsChangedOnOneNodeAreSeenByTheOther(t *testing.T) {
	ctx := context.Background()
	a, b := twoNodes(t)
	b.SetZoneMaxAge(0)
	admin, err := a.CreateUser(ctx, "admin@clinic.test", "Admin", limber.RoleAdmin, "a long password")
	if err != nil {
		t.Fatal(err)
	}
	late := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)
	if day := b.Day(late); day != "2026-12-01" {
		t.Fatalf("before: %s", day)
	}
	if _, err := a.UpdateSettings(ctx, admin, limber.SettingsPatch{Timezone: ptr("Europe/Oslo"), ClinicPhone: ptr("+47 22 00 00 00")}); err != nil {
		t.Fatal(err)
	}
	if day := b.Day(late); day != "2026-12-02" {
		t.Errorf("node B's day after node A moved the clinic to Oslo: %s", day)
	}
	s, err := b.ClinicSettings(ctx)
	if err != nil || s.Timezone != "Europe/Oslo" || s.ClinicPhone != "+47 22 00 00 00" {
		t.Errorf("node B's settings: %+v %v", s, err)
	}
}
