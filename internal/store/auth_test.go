package store_test

import (
	"context"
	"testing"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
	"golang.org/x/crypto/bcrypt"
)

// An unknown email is checked against a hash of the configured cost, so it
// takes as long as a known one.
func TestDummyHashHasTheConfiguredCost(t *testing.T) {
	old := store.BcryptCost
	t.Cleanup(func() { store.BcryptCost = old })
	store.BcryptCost = bcrypt.MinCost + 2
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.CreateUser(ctx, "known@clinic.test", "Known", limber.RoleTherapist, "a long password"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, "unknown@clinic.test", "a long password"); err != limber.ErrBadLogin {
			t.Fatalf("unknown email: %v", err)
		}
		var stored string
		if err := db.R.Get(&stored, `SELECT password_hash FROM users WHERE email = 'known@clinic.test'`); err != nil {
			t.Fatal(err)
		}
		known, _ := bcrypt.Cost([]byte(stored))
		used, err := store.DummyHashCost()
		if err != nil || used != store.BcryptCost || used != known {
			t.Errorf("unknown emails are checked at cost %d (%v); known ones at %d; configured %d", used, err, known, store.BcryptCost)
		}
	})
}

// A session read just before its revocation commits is not put back in
// the cache once the revocation has cleared it.
func TestRevocationDuringASessionRead(t *testing.T) {
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, "pt@clinic.test", "PT", limber.RoleTherapist, "a long password")
		if err != nil {
			t.Fatal(err)
		}
		token, sess, err := db.StartSignIn(ctx, u.ID, "staff", "")
		if err != nil {
			t.Fatal(err)
		}
		revoked := false
		store.AfterSessionRead(db, func() {
			// The read has seen the session live; now the revocation commits
			// (and clears the cache) before the read is cached.
			if !revoked {
				revoked = true
				if err := db.EndSignIn(ctx, sess.ID); err != nil {
					t.Error(err)
				}
			}
		})
		if _, _, err := db.SignedInUser(ctx, token); err != nil {
			t.Fatalf("the read before the revocation: %v", err)
		}
		store.AfterSessionRead(db, nil)
		if _, _, err := db.SignedInUser(ctx, token); err != limber.ErrNoSignIn {
			t.Errorf("after the revocation the session is still trusted: %v", err)
		}
	})
}
