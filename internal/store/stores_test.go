package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// eachStore runs test once on each store, as subtests named "sqlite" and
// "postgres": on a fresh SQLite file always, and on a fresh PostgreSQL
// database when LIMBER_TEST_POSTGRES names a server (otherwise that
// subtest skips, saying so, or fails under LIMBER_REQUIRE_POSTGRES=1).
func eachStore(t *testing.T, test func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { test(t, openDB(t)) })
	t.Run("postgres", func(t *testing.T) { test(t, openPostgres(t)) })
}

// openDB opens a fresh store on a SQLite file.
func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "limber.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openPostgres opens a fresh store on a PostgreSQL database of its own.
func openPostgres(t *testing.T) *store.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), postgrestest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Every hot query is valid PostgreSQL whose parameters' types PostgreSQL
// can tell (it prepares each one; the other queries are run by the tests
// that run on both stores).
func TestHotQueriesPrepareOnPostgres(t *testing.T) {
	db := openPostgres(t)
	for name, q := range store.HotQueries() {
		st, err := db.R.PreparexContext(context.Background(), db.R.Rebind(q))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		st.Close()
	}
}
