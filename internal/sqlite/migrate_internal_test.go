package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
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
	// The next version after the shipped ones, whatever their number.
	next := ms[len(ms)-1].version + 1
	bad := append(ms, migration{version: next, name: "0002_bad.sql", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1);"})
	if err := db.migrateWith(ctx, bad); err == nil || !strings.Contains(err.Error(), "0002_bad.sql") {
		t.Fatalf("a failing migration: %v", err)
	}
	var n int
	db.W.Get(&n, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'extra'`)
	if n != 0 {
		t.Errorf("a failed migration left its table behind")
	}
	good := append(ms, migration{version: next, name: "0002_good.sql", sql: "CREATE TABLE extra (id INTEGER PRIMARY KEY);"})
	if err := db.migrateWith(ctx, good); err != nil {
		t.Fatal(err)
	}
	copies, _ := filepath.Glob(fmt.Sprintf("%s.pre-v%d-*.bak", path, next))
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
