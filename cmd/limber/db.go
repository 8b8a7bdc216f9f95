package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// The database every command opens is given by --db (or LIMBER_DB): a
// postgres:// or postgresql:// URL selects PostgreSQL, anything else is the
// path of a SQLite file.

const dbUsage = "SQLite database file, or a postgres:// URL for PostgreSQL"

// dbFlag registers --db with the command's default file.
func dbFlag(fs *flag.FlagSet, p *string, def string) {
	fs.StringVar(p, "db", def, dbUsage)
}

// isPostgres says whether a --db value names a PostgreSQL server.
func isPostgres(db string) bool { return postgres.IsURL(db) }

// checkDB refuses a --db value that cannot be opened as given, naming the
// flag; a URL is echoed without its password.
func checkDB(db string) error {
	if db == "" {
		return usagef("--db: give a SQLite file or a postgres:// URL")
	}
	if !isPostgres(db) {
		return nil
	}
	u, err := url.Parse(db)
	if err != nil {
		// url's message quotes the whole URL, password included.
		msg := err.Error()
		if ue, ok := err.(*url.Error); ok {
			msg = ue.Err.Error()
		}
		return usagef("--db: not a PostgreSQL URL: %s", msg)
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return usagef("--db: %s names no server (postgres://USER@HOST:PORT/DATABASE)", u.Redacted())
	}
	if strings.Trim(u.Path, "/") == "" {
		return usagef("--db: %s names no database (postgres://USER@HOST:PORT/DATABASE)", u.Redacted())
	}
	return nil
}

// describeDB is a --db value fit to print: a URL without its password.
func describeDB(db string) string {
	if !isPostgres(db) {
		return db
	}
	if u, err := url.Parse(db); err == nil {
		return u.Redacted()
	}
	return "a PostgreSQL server"
}

// openDB opens the database a command was given, migrating it; every
// command that touches the clinic's data comes through here.
func openDB(ctx context.Context, db string) (*store.DB, error) {
	if err := checkDB(db); err != nil {
		return nil, err
	}
	if isPostgres(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// pgBackupAdvice is `limber backup` on PostgreSQL: the server's own tools
// make a consistent copy, and Limber says how instead of pretending to be
// one of them. It fails, so that a backup script relying on it notices.
func pgBackupAdvice(db, out string) error {
	if out == "" {
		out = "limber-$(date +%F).dump"
	}
	// The URL without its password: pg_dump takes that from PGPASSWORD or
	// ~/.pgpass, and a password does not belong in a shell history.
	target := "a PostgreSQL server"
	if u, err := url.Parse(db); err == nil {
		if u.User != nil {
			u.User = url.User(u.User.Username())
		}
		target = u.String()
	}
	return fmt.Errorf(`a PostgreSQL database is backed up with PostgreSQL's own tools, not by limber:
  pg_dump --format=custom --no-owner --no-privileges --dbname='%[1]s' --file=%[2]s
(the password from PGPASSWORD or ~/.pgpass) is a consistent copy while Limber runs: one snapshot, in one transaction.
Restore it into a new, empty database, with every node stopped:
  createdb limber_restored
  pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname='postgres://…/limber_restored' %[2]s
then point --db at it. For point-in-time recovery use base backups and WAL archiving (pg_basebackup, archive_command): see the README, "Running a clinic network"`, target, out)
}
