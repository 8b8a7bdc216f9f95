package store_test

import (
	"context"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHotQueriesUseIndexes asks SQLite how it runs every query a page or a
// tablet request runs: none may scan a table that grows with the clinic.
// The admin's whole-clinic listings walk the primary key backwards with a
// LIMIT, which is allowed.
func TestHotQueriesUseIndexes(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queries := store.HotQueries()
	allowed := map[string]string{"admin: all patients": "SCAN patients", "admin: all alerts": "SCAN a"}
	scan := regexp.MustCompile(`^SCAN `)
	for name, q := range queries {
		args := make([]any, strings.Count(q, "?"))
		var plan []struct {
			ID     int    `db:"id"`
			Parent int    `db:"parent"`
			NotUsd int    `db:"notused"`
			Detail string `db:"detail"`
		}
		if err := db.R.Select(&plan, "EXPLAIN QUERY PLAN "+q, args...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, step := range plan {
			if scan.MatchString(step.Detail) && (allowed[name] == "" || !strings.HasPrefix(step.Detail, allowed[name])) {
				t.Errorf("%s scans a table: %s", name, step.Detail)
			}
		}
	}
}
