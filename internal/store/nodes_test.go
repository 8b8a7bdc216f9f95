package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// eachPair runs test on two stores over one database, as two Limber nodes
// would be: one SQLite file opened twice, and one PostgreSQL database
// (when LIMBER_TEST_POSTGRES is set) opened twice.
func eachPair(t *testing.T, test func(t *testing.T, a, b *store.DB)) {
	t.Helper()
	open := func(t *testing.T, name string, o func() (*store.DB, error)) *store.DB {
		db, err := o()
		if err != nil {
			t.Fatalf("opening %s: %v", name, err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "limber.db")
		o := func() (*store.DB, error) { return sqlite.Open(context.Background(), path) }
		test(t, open(t, "node A", o), open(t, "node B", o))
	})
	t.Run("postgres", func(t *testing.T) {
		url := postgrestest.NewDatabase(t)
		o := func() (*store.DB, error) { return postgres.Open(context.Background(), url) }
		test(t, open(t, "node A", o), open(t, "node B", o))
	})
}

// A sign-in ended on one node (logout, a revoked tablet, a disabled user,
// a password reset or change, a change made by hand in the database) is
// refused by the other at its next request, though the other had just
// trusted it and keeps the sign-ins it has read.
func TestSignInEndedOnOneNodeIsRefusedByTheOther(t *testing.T) {
	eachPair(t, func(t *testing.T, a, b *store.DB) { signInEndedOnOneNode(t, a, b) })
}

func signInEndedOnOneNode(t *testing.T, a, b *store.DB) {
	ctx := context.Background()
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
	byHand, byHandToken, _ := staff("by-hand@clinic.test")
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
		// Another program on the database (an IT person's SQL, an older
		// `limber`): the database itself says that something changed.
		{"disabled by hand in the database", byHandToken, func() error {
			_, err := a.W.Exec(a.W.Rebind(`UPDATE users SET disabled_at = ? WHERE id = ?`), "2026-12-01T09:00:00Z", byHand.ID)
			return err
		}},
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
	eachPair(t, sweepClaimedOnce)
}

func sweepClaimedOnce(t *testing.T, a, b *store.DB) {
	ctx := context.Background()
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
	eachPair(t, settingsSeenByTheOther)
}

func settingsSeenByTheOther(t *testing.T, a, b *store.DB) {
	ctx := context.Background()
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

// Attempts at one key sent at once to two nodes: exactly as many as the
// limit are counted, whatever the interleaving; a forgiven one makes room
// for one more; a window that has passed starts again.
func TestAttemptsAreCountedOnceAcrossNodes(t *testing.T) {
	eachPair(t, attemptsCountedAcrossNodes)
}

func attemptsCountedAcrossNodes(t *testing.T, a, b *store.DB) {
	ctx := context.Background()
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	limits := []limber.AttemptLimit{{Key: "account:a@clinic.test", Max: 5}, {Key: "address:10.0.0.1", Max: 20}}
	var mu sync.Mutex
	counted := map[string]int{}
	var kept []limber.AttemptCount
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cs, err := []*store.DB{a, b}[i%2].CountAttempt(ctx, now, 15*time.Minute, limits)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, c := range cs {
				if c.Counted {
					counted[c.Key]++
					if c.Key == limits[0].Key {
						kept = cs
					}
				}
			}
		}(i)
	}
	wg.Wait()
	if counted[limits[0].Key] != 5 || counted[limits[1].Key] != 20 {
		t.Fatalf("40 attempts at once over two nodes counted %v, want 5 for the account and 20 for the address", counted)
	}
	if n, err := b.Attempts(ctx, limits[0].Key, now.Add(-15*time.Minute)); n != 5 || err != nil {
		t.Errorf("node B sees %d attempts (%v)", n, err)
	}
	if err := a.ForgiveAttempt(ctx, kept); err != nil {
		t.Fatal(err)
	}
	cs, err := b.CountAttempt(ctx, now.Add(time.Minute), 15*time.Minute, limits[:1])
	if err != nil || !cs[0].Counted || cs[0].Attempts != 5 {
		t.Errorf("after one was forgiven on A, B counts %+v (%v)", cs, err)
	}
	cs, err = a.CountAttempt(ctx, now.Add(16*time.Minute), 15*time.Minute, limits[:1])
	if err != nil || !cs[0].Counted || cs[0].Attempts != 1 || !cs[0].WindowStart.Equal(now.Add(16*time.Minute)) {
		t.Errorf("after the window, A counts %+v (%v)", cs, err)
	}
	if err := b.PruneAttempts(ctx, now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n, err := a.AttemptKeys(ctx); n != 1 || err != nil {
		t.Errorf("after pruning the address's old window, %d keys are kept (%v)", n, err)
	}
}
