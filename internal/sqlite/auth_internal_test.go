package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/limber-health/limber/internal/limber"
	"golang.org/x/crypto/bcrypt"
)

func openTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "limber.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// An unknown email is checked against a hash of the configured cost, so it
// takes as long as a known one.
func TestDummyHashHasTheConfiguredCost(t *testing.T) {
	old := BcryptCost
	t.Cleanup(func() { BcryptCost = old })
	BcryptCost = bcrypt.MinCost + 2
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := db.CreateUser(ctx, "known@clinic.test", "Known", limber.RoleTherapist, "a long password"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Authenticate(ctx, "unknown@clinic.test", "a long password"); err != ErrBadLogin {
		t.Fatalf("unknown email: %v", err)
	}
	var stored string
	if err := db.R.Get(&stored, `SELECT password_hash FROM users WHERE email = 'known@clinic.test'`); err != nil {
		t.Fatal(err)
	}
	known, _ := bcrypt.Cost([]byte(stored))
	dummy.mu.Lock()
	used, err := bcrypt.Cost(dummy.hash)
	dummy.mu.Unlock()
	if err != nil || used != BcryptCost || used != known {
		t.Errorf("unknown emails are checked at cost %d (%v); known ones at %d; configured %d", used, err, known, BcryptCost)
	}
}
