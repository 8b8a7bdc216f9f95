// Package sqlite stores Limber's data in one SQLite file. It is the only
// package that imports sqlx and go-sqlite3.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3" // also the database/sql driver "sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// dsnParams go in the DSN so that every pooled connection gets them: foreign
// keys are off by default in SQLite; WAL lets readers work beside the one
// writer; a busy timeout waits instead of failing; immediate transactions
// take the write lock at BEGIN, so two writers never deadlock upgrading;
// each connection keeps its 64 most recent statements prepared (preparing
// was a quarter of a session submission's storage time).
const dsnParams = "_foreign_keys=on&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_synchronous=NORMAL&_stmt_cache_size=64"

// DB is the database: one connection for writes (SQLite allows one writer at
// a time; more connections only queue and bloat the WAL) and a pool for
// reads.
type DB struct {
	Path string
	W    *sqlx.DB
	R    *sqlx.DB
	Now  func() time.Time
	// loc is the clinic's time zone: it defines "today" and weeks. An admin
	// may change it while requests run, hence the atomic pointer.
	loc atomic.Pointer[time.Location]

	versionsMu sync.Mutex
	versions   map[versionKey]version

	sessionCache sessionCache

	// Observe, when set, hears how long each write waited for the one
	// writer connection and how long it then held it (for /metrics).
	Observe func(waited, held time.Duration)
}

// Location is the clinic's time zone.
func (db *DB) Location() *time.Location { return db.loc.Load() }

// SetLocation sets the clinic's time zone.
func (db *DB) SetLocation(l *time.Location) { db.loc.Store(l) }

// Day is the clinic's calendar day of t, as YYYY-MM-DD.
func (db *DB) Day(t time.Time) string { return t.In(db.Location()).Format(time.DateOnly) }

// Open opens (creating if needed) the database at path, checks the pragmas
// took effect, refuses a database newer than this binary, copies a
// non-empty database aside before migrating it, and applies the
// migrations, each in its own transaction.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("database path is empty")
	}
	// Create the file with mode 0600 before SQLite does: it holds health data.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("creating database %s: %w", path, err)
		}
		f.Close()
	}
	dsn := "file:" + path + "?" + dsnParams
	w, err := sqlx.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sqlx.Open("sqlite3", dsn+"&mode=ro")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	db := &DB{Path: path, W: w, R: r, Now: func() time.Time { return time.Now().UTC() }}
	db.SetLocation(time.UTC)
	if err := db.checkPragmas(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.R.Close(), db.W.Close())
}

// checkPragmas reads the settings back: SQLite ignores a misspelt DSN
// parameter silently.
func (db *DB) checkPragmas(ctx context.Context) error {
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1"}
	for name, v := range want {
		var got string
		if err := db.W.GetContext(ctx, &got, "PRAGMA "+name); err != nil {
			var se sqlite3.Error
			if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
				return fmt.Errorf("%s is not a Limber database (not SQLite at all): %w", db.Path, err)
			}
			return fmt.Errorf("reading PRAGMA %s of %s: %w", name, db.Path, err)
		}
		if strings.ToLower(got) != v {
			return fmt.Errorf("database %s: PRAGMA %s is %q, want %q", db.Path, name, got, v)
		}
	}
	return nil
}

// Ping checks the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.R.GetContext(ctx, &one, "SELECT 1")
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		data, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// SchemaVersion is the newest migration this binary knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return db.migrateWith(ctx, ms)
}

// migrateWith applies the migrations newer than the database's version.
func (db *DB) migrateWith(ctx context.Context, ms []migration) error {
	if _, err := db.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	var current int
	if err := db.W.GetContext(ctx, &current, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"); err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	if current > latest {
		return fmt.Errorf("database %s has schema version %d, newer than this Limber knows (%d): use a newer Limber or restore a backup", db.Path, current, latest)
	}
	if current == latest {
		return nil
	}
	if current > 0 {
		// Keep a copy of a database with data before changing its schema.
		copyPath := fmt.Sprintf("%s.pre-v%d-%s.bak", db.Path, latest, time.Now().UTC().Format("20060102T150405.000000000"))
		if err := db.Backup(ctx, copyPath); err != nil {
			return fmt.Errorf("copying the database before migrating: %w", err)
		}
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		tx, err := db.W.BeginTxx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
			m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// Backup writes a consistent copy of the live database to path (VACUUM
// INTO runs inside one read transaction, so writes may go on), with mode
// 0600. It refuses to overwrite an existing file.
func (db *DB) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("%s already exists; choose a new file", path)
	}
	// Create it 0600 first; VACUUM INTO needs the file absent or empty.
	f, err := os.OpenFile(abs, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("creating backup: %w", err)
	}
	f.Close()
	if _, err := db.R.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		os.Remove(abs)
		return fmt.Errorf("writing backup %s: %w", path, err)
	}
	return os.Chmod(abs, 0o600)
}

// IntegrityCheck runs PRAGMA integrity_check on the file at path.
func IntegrityCheck(ctx context.Context, path string) error {
	d, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer d.Close()
	var res string
	if err := d.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}
