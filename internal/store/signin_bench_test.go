package store_test

import (
	"context"
	"testing"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
)

// BenchmarkSignedInUser is what finding the user of a token costs when
// nothing has changed: one read of sign_in_epoch, the sign-in kept in
// memory. (Same machine, quiet: reading the sign-in every time, as before
// the epoch, took 31 µs; a per-node cache with no check took 0.28 µs.)
func BenchmarkSignedInUser(b *testing.B) {
	db, err := sqlite.Open(context.Background(), b.TempDir()+"/limber.db")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	u, err := db.CreateUser(ctx, "pt@clinic.test", "PT", limber.RoleTherapist, "a long password")
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := db.StartSignIn(ctx, u.ID, "staff", "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := db.SignedInUser(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
}
