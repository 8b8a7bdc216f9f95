// Package postgres stores Limber's data in PostgreSQL, for clinic networks
// that run several Limber nodes against the database their IT operates. It
// opens the database (pgx through database/sql, with sqlx), applies its
// migrations once however many nodes start together, and classifies
// PostgreSQL's errors by SQLSTATE. The queries themselves are the store's.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/store"
)

// Pool sizes for one clinic node. A request holds a connection for a few
// milliseconds, so 20 serve far more requests than a clinic sends, and
// several nodes together stay well under PostgreSQL's default
// max_connections of 100. Connections are renewed every half hour so that
// a node follows a failover to a new primary without a restart.
const (
	maxOpenConns    = 20
	maxIdleConns    = 10
	connMaxLifetime = 30 * time.Minute
	connMaxIdleTime = 5 * time.Minute
	// connectTimeout bounds a connection attempt when the URL sets none: a
	// database that does not answer is then a prompt 503, not a hung request.
	connectTimeout = 5 * time.Second
)

// IsURL reports whether s names a PostgreSQL database rather than a SQLite
// file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the PostgreSQL database at url (postgres://…), checks it
// answers, refuses a database whose schema is newer than this binary and
// applies the migrations it lacks. Writes and reads share one pool:
// PostgreSQL has no single writer to protect.
func Open(ctx context.Context, url string) (*store.DB, error) {
	db, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, db, Migrations()); err != nil {
		db.Close()
		return nil, err
	}
	return store.New(db, db, dialect{}), nil
}

// dialect is what PostgreSQL does differently (store.Dialect).
type dialect struct{}

func (dialect) Name() string { return "postgres" }

func (dialect) Classify(err error) error { return Classify(err) }

func (dialect) Retry(err error) bool { return Retry(err) }

// WriteTx is serializable: the store's read-modify-write transactions (a
// plan edit, a clearance, a daily limit) are then correct however many
// nodes and connections run them at once, PostgreSQL failing the loser
// with 40001, which the store runs again.
func (dialect) WriteTx() *sql.TxOptions { return &sql.TxOptions{Isolation: sql.LevelSerializable} }

// OneWriter is false: each write is its own serializable transaction.
func (dialect) OneWriter() bool { return false }

// Backup does not pretend: a PostgreSQL database is copied by pg_dump.
func (dialect) Backup(ctx context.Context, path string) error {
	return errors.New("a PostgreSQL database is backed up with pg_dump (pg_dump --format=custom --file=limber.dump URL), not by Limber")
}

// connect opens the pool and checks the database answers.
func connect(ctx context.Context, url string) (*sqlx.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx redacts the password in its parse errors.
		return nil, fmt.Errorf("reading the PostgreSQL URL: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = connectTimeout
	}
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		// So that an operator sees Limber's connections in pg_stat_activity.
		cfg.RuntimeParams["application_name"] = "limber"
	}
	// Every session sees UTC: the store writes its own RFC 3339 UTC text,
	// and now() in a migration then means the same on every server.
	if _, ok := cfg.RuntimeParams["timezone"]; !ok {
		cfg.RuntimeParams["timezone"] = "UTC"
	}
	db := sqlx.NewDb(stdlib.OpenDB(*cfg), "pgx")
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxIdleConns)
	db.SetConnMaxLifetime(connMaxLifetime)
	db.SetConnMaxIdleTime(connMaxIdleTime)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL at %s: %w", describe(cfg), err)
	}
	return db, nil
}

// describe names the database without its password, for messages.
func describe(cfg *pgx.ConnConfig) string {
	return fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
}
