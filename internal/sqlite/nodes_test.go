package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
)

// twoNodes opens one database twice, as two Limber nodes would.
func twoNodes(t *testing.T) (a, b *sqlite.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "limber.db")
	for _, db := range []**sqlite.DB{&a, &b} {
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
	staff := func(email string) (limber.User, string, sqlite.AuthSession) {
		u, err := a.CreateUser(ctx, email, email, limber.RoleTherapist, "a long password")
		if err != nil {
			t.Fatal(err)
		}
		token, sess, err := a.StartSession(ctx, u.ID, "staff", "")
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
	otherToken, _, err := a.StartSession(ctx, changer.ID, "staff", "")
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name  string
		token string
		end   func() error
	}{
		{"logout", outToken, func() error { return a.EndSession(ctx, outSess.ID) }},
		{"revoked tablet", tablet, func() error { return a.RevokeDevice(ctx, pt, p.ID, tabletSess.ID) }},
		{"disabled user", disabledToken, func() error { _, err := a.DisableUser(ctx, admin, disabled.ID); return err }},
		{"password reset", resetToken, func() error { _, err := a.ResetPassword(ctx, admin, reset.ID); return err }},
		{"password changed elsewhere", otherToken, func() error {
			_, _, err := a.ChangePassword(ctx, changer, changerSess, "a long password", "another long password")
			return err
		}},
	} {
		if _, _, err := b.SessionUser(ctx, c.token); err != nil {
			t.Fatalf("%s: node B refused the sign-in before it ended: %v", c.name, err)
		}
		if err := c.end(); err != nil {
			t.Fatalf("%s on node A: %v", c.name, err)
		}
		if _, _, err := b.SessionUser(ctx, c.token); err != sqlite.ErrNoSession {
			t.Errorf("%s on node A: node B still trusts the sign-in (%v)", c.name, err)
		}
	}
	// The session the password was changed from goes on, under its new token.
	if _, _, err := b.SessionUser(ctx, changerToken); err != sqlite.ErrNoSession {
		t.Errorf("the old token of the session that changed its password still works: %v", err)
	}
}
