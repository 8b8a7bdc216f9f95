// Package postgrestest gives tests a fresh PostgreSQL database of their own.
//
// Set LIMBER_TEST_POSTGRES to the URL of a server where the tests may
// CREATE DATABASE (postgres://user@127.0.0.1:5432/postgres?sslmode=disable);
// without it a PostgreSQL test skips, saying so, unless
// LIMBER_REQUIRE_POSTGRES=1, when it fails instead (CI sets both).
package postgrestest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"
)

// EnvURL and EnvRequire are the variables read.
const (
	EnvURL     = "LIMBER_TEST_POSTGRES"
	EnvRequire = "LIMBER_REQUIRE_POSTGRES"
)

// NewDatabase creates an empty database with a random name on the server
// of LIMBER_TEST_POSTGRES and returns its URL; the database is dropped
// (closing any connection still open to it) when the test ends. Without
// LIMBER_TEST_POSTGRES the test is skipped, or failed when
// LIMBER_REQUIRE_POSTGRES=1.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	server := os.Getenv(EnvURL)
	if server == "" {
		if os.Getenv(EnvRequire) == "1" {
			tb.Fatalf("%s=1 but %s is not set: this test needs a PostgreSQL server", EnvRequire, EnvURL)
		}
		tb.Skipf("PostgreSQL test skipped: set %s to a server URL where tests may create databases", EnvURL)
	}
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("%s must be a postgres:// URL: %v", EnvURL, err)
	}
	admin, err := sql.Open("pgx", server)
	if err != nil {
		tb.Fatal(err)
	}
	var b [8]byte
	rand.Read(b[:])
	name := "limber_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		tb.Fatalf("creating test database on %s: %v", u.Host, err)
	}
	tb.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			tb.Errorf("dropping test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// TerminateConnections ends, from the server's side, every connection to
// the database at dbURL but the one asking (pg_terminate_backend, waiting
// for them to end): what a database restart or failover does to a node's
// pool.
func TerminateConnections(tb testing.TB, dbURL string) {
	tb.Helper()
	d, err := sql.Open("pgx", dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Exec(`SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		tb.Fatalf("terminating connections: %v", err)
	}
}
