// Package sqlite keeps a clinic's data in one SQLite file: it opens the file
// (one writer connection, a pool of readers), owns the SQLite schema and its
// migrations, backups and what SQLite's errors mean. The queries are the
// store's (internal/store), which this package opens over the file.
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
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/store"
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

// walPages is how many pages the write-ahead log holds before the writer
// copies them into the database (a checkpoint, with its two fsyncs). At
// SQLite's default of 1,000 a busy clinic checkpointed every few hundred
// sessions, and a page written by many of them was copied each time; at
// 4,000 (16 MB of log) session submission measured 13% faster
// (BenchmarkSubmitSession/parallel). There is no DSN parameter for it, so
// the writer's driver sets it on every connection it opens.
const walPages = 4000

func init() {
	sql.Register("limber-sqlite3-writer", &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walPages), nil)
		return err
	}})
	sqlx.BindDriver("limber-sqlite3-writer", sqlx.QUESTION)
}

// Open opens (creating if needed) the database at path, checks the pragmas
// took effect, refuses a database newer than this binary, copies a
// non-empty database aside before migrating it, and applies the
// migrations, each in its own transaction.
func Open(ctx context.Context, path string) (*store.DB, error) {
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
	w, err := sqlx.Open("limber-sqlite3-writer", dsn)
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
	f := &file{Path: path, W: w, R: r}
	if err := f.checkPragmas(ctx); err != nil {
		f.close()
		return nil, err
	}
	if err := f.migrate(ctx); err != nil {
		f.close()
		return nil, err
	}
	return store.New(w, r, f), nil
}

// file is an open SQLite database: the one writer connection, the readers,
// and what SQLite does differently (store.Dialect).
type file struct {
	Path string
	W, R *sqlx.DB
}

func (f *file) close() error { return errors.Join(f.R.Close(), f.W.Close()) }

// Name is the dialect's name.
func (f *file) Name() string { return "sqlite" }

// Retry is never needed: SQLite has one writer, so transactions do not
// conflict; a busy database waits (busy_timeout) and then is unavailable.
func (f *file) Retry(error) bool { return false }

// OneWriter is true: writes arriving together share a transaction.
func (f *file) OneWriter() bool { return true }

// WriteTx is the default: _txlock=immediate takes the write lock at BEGIN.
func (f *file) WriteTx() *sql.TxOptions { return nil }

// checkPragmas reads the settings back: SQLite ignores a misspelt DSN
// parameter silently.
func (f *file) checkPragmas(ctx context.Context) error {
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1",
		"wal_autocheckpoint": strconv.Itoa(walPages)}
	for name, v := range want {
		var got string
		if err := f.W.GetContext(ctx, &got, "PRAGMA "+name); err != nil {
			var se sqlite3.Error
			if errors.As(err, &se) && se.Code == sqlite3.ErrNotADB {
				return fmt.Errorf("%s is not a Limber database (not SQLite at all): %w", f.Path, err)
			}
			return fmt.Errorf("reading PRAGMA %s of %s: %w", name, f.Path, err)
		}
		if strings.ToLower(got) != v {
			return fmt.Errorf("database %s: PRAGMA %s is %q, want %q", f.Path, name, got, v)
		}
	}
	return nil
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

func (f *file) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	return f.migrateWith(ctx, ms)
}

// migrateWith applies the migrations newer than the database's version.
func (f *file) migrateWith(ctx context.Context, ms []migration) error {
	if _, err := f.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	var current int
	if err := f.W.GetContext(ctx, &current, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"); err != nil {
		return err
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	if current > latest {
		return fmt.Errorf("database %s has schema version %d, newer than this Limber knows (%d): use a newer Limber or restore a backup", f.Path, current, latest)
	}
	if current == latest {
		return nil
	}
	if current > 0 {
		// Keep a copy of a database with data before changing its schema.
		copyPath := fmt.Sprintf("%s.pre-v%d-%s.bak", f.Path, latest, time.Now().UTC().Format("20060102T150405.000000000"))
		if err := f.Backup(ctx, copyPath); err != nil {
			return fmt.Errorf("copying the database before migrating: %w", err)
		}
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		tx, err := f.W.BeginTxx(ctx, nil)
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
func (f *file) Backup(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("%s already exists; choose a new file", path)
	}
	// Create it 0600 first; VACUUM INTO needs the file absent or empty.
	out, err := os.OpenFile(abs, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("creating backup: %w", err)
	}
	out.Close()
	if _, err := f.R.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
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
