// Package store holds Limber's queries and transactions, written once in SQL
// that both SQLite and PostgreSQL run. Every decision it carries out is the
// core's (internal/limber); what differs between the two databases (how a
// write transaction begins, which failures mean "try again later", backups)
// is behind Dialect, supplied by internal/sqlite or internal/postgres, which
// also own their schema and migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// Dialect is what one database does differently.
type Dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Classify turns a storage failure (a full disk, a lost connection, a
	// read-only database) into ErrUnavailable and leaves every other error
	// as it is.
	Classify(err error) error
	// Retry reports whether a write transaction that failed with err may be
	// run again from the start (a serialization failure or a deadlock).
	Retry(err error) bool
	// WriteTx is how a write transaction begins.
	WriteTx() *sql.TxOptions
	// OneWriter reports whether the database takes one write transaction
	// at a time, so that writes arriving together are grouped (group.go).
	OneWriter() bool
	// Backup writes a consistent copy of the database to path, or says how
	// to take one when the database is not a file.
	Backup(ctx context.Context, path string) error
}

// ErrUnavailable is a write the database cannot take now: the request
// failed as a whole, nothing was half-written, and the client may try again.
var ErrUnavailable = &limber.Error{Code: limber.EUNAVAILABLE, Message: "the clinic's database cannot take changes right now; nothing was saved, try again in a little while"}

// DB is the database: a pool for writes and one for reads (the same pool
// where the database has no single writer).
type DB struct {
	W   *sqlx.DB
	R   *sqlx.DB
	Now func() time.Time
	// zone is the clinic's time zone, as this node last read it (zone.go).
	zone zone

	versionsMu sync.Mutex
	versions   map[versionKey]version

	// signIns are the sign-ins this node has read (signin_cache.go).
	signIns signInCache

	// group is the writes waiting to be written together (group.go).
	group writeGroups

	// Observe, when set, hears how long each write waited to begin and how
	// long it then held its transaction (for /metrics).
	Observe func(waited, held time.Duration)

	dialect Dialect
}

// New is the store over the given pools.
func New(w, r *sqlx.DB, d Dialect) *DB {
	db := &DB{W: w, R: r, Now: func() time.Time { return time.Now().UTC() }, dialect: d}
	db.group.turn = make(chan struct{}, 1)
	db.SetLocation(time.UTC)
	db.SetZoneMaxAge(ZoneMaxAge)
	return db
}

// Dialect is the database the store runs on.
func (db *DB) Dialect() Dialect { return db.dialect }

// Day is the clinic's calendar day of t, as YYYY-MM-DD.
func (db *DB) Day(t time.Time) string { return limber.ClinicDay(t, db.Location()) }

// Close closes the pools.
func (db *DB) Close() error {
	if db.W == db.R {
		return db.W.Close()
	}
	return errors.Join(db.R.Close(), db.W.Close())
}

// Ping checks the database answers (for /readyz): it reads a table, as
// SELECT 1 would be answered by SQLite without the file.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	return get(ctx, db.R, &n, "SELECT COUNT(*) FROM schema_migrations")
}

// Backup writes a consistent copy of the live database to path.
func (db *DB) Backup(ctx context.Context, path string) error { return db.dialect.Backup(ctx, path) }

func (db *DB) classify(err error) error {
	if err == nil {
		return nil
	}
	return db.dialect.Classify(err)
}

// queryer and execer are a pool or a transaction. Queries are written with
// ? placeholders; Rebind gives each database its own.
type queryer interface {
	sqlx.QueryerContext
	Rebind(string) string
}

type execer interface {
	sqlx.ExecerContext
	Rebind(string) string
}

func get(ctx context.Context, q queryer, dest any, query string, args ...any) error {
	return sqlx.GetContext(ctx, q, dest, q.Rebind(query), args...)
}

func sel(ctx context.Context, q queryer, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, q, dest, q.Rebind(query), args...)
}

func exec(ctx context.Context, e execer, query string, args ...any) (sql.Result, error) {
	return e.ExecContext(ctx, e.Rebind(query), args...)
}

// Clock is the store's time (tests fix it through Now).
func (db *DB) Clock() time.Time { return db.Now() }

// Pools are the connection pools by name: "write" and "read", or one
// "pool" where both are the same.
func (db *DB) Pools() map[string]*sql.DB {
	if db.W == db.R {
		return map[string]*sql.DB{"pool": db.W.DB}
	}
	return map[string]*sql.DB{"write": db.W.DB, "read": db.R.DB}
}

// ObserveWrites sets what hears each write's wait and hold.
func (db *DB) ObserveWrites(f func(waited, held time.Duration)) { db.Observe = f }
