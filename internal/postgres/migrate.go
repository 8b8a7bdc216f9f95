package postgres

import (
	"context"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// The migrations carry the same numbers as internal/sqlite/migrations: a
// version means the same schema on both databases.
//
//go:embed migrations/*.sql
var migrationFS embed.FS

// MigrationLockKey is the pg_advisory_lock key held while migrating, so
// that nodes starting together migrate once: the first takes the lock and
// migrates, the others wait for it, then find nothing left to do. Other
// advisory locks of Limber must use other keys.
const MigrationLockKey int64 = 0x6c696d6265720001 // "limber", 1

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order.
func Migrations() []Migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err) // embedded at build time
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic(fmt.Sprintf("migration %s: name must start with a number and _", e.Name()))
		}
		data, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms := Migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// migrate applies the migrations newer than the database's version, each
// in its own transaction (PostgreSQL's DDL is transactional: a failing
// migration leaves nothing behind), all under the advisory lock on one
// connection (the lock belongs to the session that took it).
func migrate(ctx context.Context, db *sqlx.DB, ms []Migration) (err error) {
	conn, err := db.Connx(ctx)
	if err != nil {
		return fmt.Errorf("migrating: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", MigrationLockKey); err != nil {
		return fmt.Errorf("waiting for the migration lock: %w", err)
	}
	defer func() {
		// A failed unlock leaves the lock to the session's end: close the
		// connection rather than return it to the pool holding the lock.
		if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", MigrationLockKey); uerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // database/sql then discards it
			err = errors.Join(err, fmt.Errorf("releasing the migration lock: %w", uerr))
		}
	}()
	// Created under the lock: CREATE TABLE IF NOT EXISTS is not safe
	// against another session creating the same table at the same moment.
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	var current int
	if err := conn.GetContext(ctx, &current, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].Version
	}
	if current > latest {
		var name string
		_ = conn.GetContext(ctx, &name, "SELECT current_database()") // only for the message
		return fmt.Errorf("database %s has schema version %d, newer than this Limber knows (%d): use a newer Limber or restore a backup", name, current, latest)
	}
	for _, m := range ms {
		if m.Version <= current {
			continue
		}
		if err := apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

func apply(ctx context.Context, conn *sqlx.Conn, m Migration) error {
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer tx.Rollback() // after Commit it does nothing
	// Without arguments pgx sends the text as one simple query, which may
	// hold several statements.
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	return nil
}
