package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// A database with data is copied aside before a new migration runs, and a
// failing migration changes nothing.
func TestMigrationCopiesFirstAndIsAtomic(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "limber.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.W.Exec(`INSERT INTO settings (key, value) VALUES ('clinic_phone', '123')`); err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	next := SchemaVersion() + 1
	bad := append(ms, migration{version: next, name: "9999_bad.sql", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1);"})
	if err := db.Dialect().(*file).migrateWith(ctx, bad); err == nil || !strings.Contains(err.Error(), "9999_bad.sql") {
		t.Fatalf("a failing migration: %v", err)
	}
	var n int
	db.W.Get(&n, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'`)
	if n != 0 {
		t.Errorf("a failed migration left its table behind")
	}
	good := append(ms, migration{version: next, name: "9999_good.sql", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY);"})
	if err := db.Dialect().(*file).migrateWith(ctx, good); err != nil {
		t.Fatal(err)
	}
	copies, _ := filepath.Glob(path + fmt.Sprintf(".pre-v%d-*.bak", next))
	if len(copies) < 1 {
		t.Fatalf("no copy before migrating: %v", copies)
	}
	if err := IntegrityCheck(ctx, copies[len(copies)-1]); err != nil {
		t.Fatal(err)
	}
	var v int
	db.W.Get(&v, `SELECT MAX(version) FROM schema_migrations`)
	if v != next {
		t.Errorf("version %d", v)
	}
}

// A database at schema 1 with a session keeps it through 0002 (pain_after
// becomes optional) and takes stops afterwards.
func TestMigrationKeepsSessionsAndAllowsUnfinished(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "limber.db")
	raw, err := sqlx.Open("sqlite3", "file:"+path+"?"+dsnParams)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := migrations()
	for _, q := range []string{ms[0].sql,
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		`INSERT INTO schema_migrations VALUES (1, '0001_init.sql', '2026-01-01T00:00:00Z')`,
		`INSERT INTO users (id, name, role, created_at) VALUES (1, 'T', 'therapist', 'x')`,
		`INSERT INTO patients (id, therapist_id, name, mobility, created_at, updated_at) VALUES (1, 1, 'P', 'M2', 'x', 'x')`,
		`INSERT INTO plans (id, patient_id, status, created_by, created_at, updated_at) VALUES (1, 1, 'active', 1, 'x', 'x')`,
		`INSERT INTO exercise_sessions (patient_id, client_id, plan_id, plan_version, started_at, finished_at, received_at, day, pain_before, pain_after, items)
			VALUES (1, 'c1', 1, 1, 'a', 'b', 'c', '2026-01-01', 3, 4, '[]')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var after int
	if err := db.W.Get(&after, `SELECT pain_after FROM exercise_sessions WHERE client_id = 'c1'`); err != nil || after != 4 {
		t.Fatalf("the old session after migrating: %d %v", after, err)
	}
	if _, err := db.W.Exec(`INSERT INTO exercise_sessions (patient_id, client_id, plan_id, plan_version, started_at, finished_at, received_at, day, pain_before, items)
		VALUES (1, 'c2', 1, 1, 'a', 'b', 'c', '2026-01-01', 3, '[]')`); err != nil {
		t.Errorf("an unfinished session: %v", err)
	}
	if _, err := db.W.Exec(`INSERT INTO exercise_sessions (patient_id, client_id, plan_id, plan_version, started_at, finished_at, received_at, day, pain_before, items)
		VALUES (1, 'c1', 1, 1, 'a', 'b', 'c', '2026-01-01', 3, '[]')`); err == nil {
		t.Error("the (patient, client_id) uniqueness was lost")
	}
	if err := IntegrityCheck(ctx, path); err != nil {
		t.Fatal(err)
	}
}
