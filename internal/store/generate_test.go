package store_test

import (
	"context"
	"testing"

	"github.com/limber-health/limber/internal/store"
)

// The demo clinic (`limber demo`, the load tests' data) is generated on
// both stores: the same rows, counted the same.
func TestGenerateClinic(t *testing.T) {
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rep, err := db.GenerateClinic(ctx, testEngine(t), store.GenerateOptions{Patients: 30, Days: 7, PerTherapist: 10,
			Password: "a long password", Tablets: 3, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Therapists != 3 || rep.Patients != 30 || rep.Sessions == 0 || len(rep.TabletTokens) != 3 {
			t.Fatalf("generated %+v", rep)
		}
		var n int
		if err := db.R.Get(&n, "SELECT COUNT(*) FROM exercise_sessions"); err != nil || n != rep.Sessions {
			t.Errorf("%d sessions stored, %d reported (%v)", n, rep.Sessions, err)
		}
		if _, _, err := db.SignedInUser(ctx, rep.TabletTokens[0]); err != nil {
			t.Errorf("a generated tablet cannot sign in: %v", err)
		}
	})
}
