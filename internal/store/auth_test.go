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
