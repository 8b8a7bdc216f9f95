package main

import (
	"bytes"
	"database/sql"
	"fmt"
	neturl "net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
)

// A --db value that is not a usable URL is refused before anything is
// opened, naming the flag and never echoing the password.
func TestDBFlagRefusesBadURLs(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"postgres://bob:secret@db.example:notaport/limber", "--db: not a PostgreSQL URL: invalid port"},
		{"postgres://bob:secret@/limber", "--db: postgres://bob:xxxxx@/limber names no server"},
		{"postgresql://bob:secret@db.example:5432", "--db: postgresql://bob:xxxxx@db.example:5432 names no database"},
		{"postgres://bob:secret@db.example:5432/", "names no database"},
	} {
		for _, cmd := range [][]string{{"serve"}, {"migrate"}, {"user", "add", "--email", "a@b.test", "--name", "A"}, {"demo"}} {
			var out, errOut bytes.Buffer
			code := run(append(cmd, "--db", c.value), strings.NewReader("a long enough password\n"), &out, &errOut)
			if code != exitUsage || !strings.Contains(errOut.String(), c.want) {
				t.Errorf("%s --db %s: exit %d, %q; want 2 and %q", cmd[0], c.value, code, errOut.String(), c.want)
			}
			if strings.Contains(errOut.String(), "secret") {
				t.Errorf("%s --db %s printed the password: %s", cmd[0], c.value, errOut.String())
			}
		}
	}
	// LIMBER_DB is checked the same way.
	t.Setenv("LIMBER_DB", "postgres://bob:secret@/limber")
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate"}, strings.NewReader(""), &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), "--db: postgres://bob:xxxxx@/limber names no server") {
		t.Errorf("LIMBER_DB: exit %d, %q", code, errOut.String())
	}
}

// `limber backup` on PostgreSQL does not pretend: it fails, and says which
// pg_dump and pg_restore commands make and restore the copy.
func TestBackupOnPostgresSaysHow(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"backup", "--db", "postgres://limber:secret@db.clinic.example:5432/limber?sslmode=verify-full", "--out", "/backups/limber.dump"},
		strings.NewReader(""), &out, &errOut)
	msg := errOut.String()
	if code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
	for _, want := range []string{
		"pg_dump --format=custom --no-owner --no-privileges --dbname='postgres://limber@db.clinic.example:5432/limber?sslmode=verify-full' --file=/backups/limber.dump",
		"pg_restore --no-owner --no-privileges --exit-on-error --single-transaction",
		"/backups/limber.dump",
		"WAL archiving",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the advice lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "secret") || out.Len() > 0 {
		t.Errorf("printed the password, or something on standard output: %q %q", msg, out.String())
	}
	// Without --out the advice still stands, with a dated file name.
	errOut.Reset()
	if code := run([]string{"backup", "--db", "postgresql://limber@db.clinic.example/limber"}, strings.NewReader(""), &out, &errOut); code != exitFail ||
		!strings.Contains(errOut.String(), "--file=limber-$(date +%F).dump") {
		t.Errorf("backup without --out: exit %d %s", code, errOut.String())
	}
}

func TestDescribeDB(t *testing.T) {
	for in, want := range map[string]string{
		"limber.db":                                 "limber.db",
		"/var/lib/postgres://odd name.db":           "/var/lib/postgres://odd name.db",
		"postgres://u:pw@h:5432/db?sslmode=require": "postgres://u:xxxxx@h:5432/db?sslmode=require",
	} {
		if got := describeDB(in); got != want {
			t.Errorf("describeDB(%q) = %q, want %q", in, got, want)
		}
	}
}

// The commands that open the database work on PostgreSQL through the same
// --db (and LIMBER_DB), and never print the URL's password.
func TestCommandsOnPostgres(t *testing.T) {
	url := postgrestest.NewDatabase(t)
	u, _ := neturl.Parse(url)
	u.User = neturl.UserPassword(u.User.Username(), "secret")
	withPassword := u.String() // trust authentication ignores the password
	var out, errOut bytes.Buffer
	if code := run([]string{"user", "add", "--db", withPassword, "--email", "pt@clinic.test", "--name", "Pat"},
		strings.NewReader("a long enough password\n"), &out, &errOut); code != 0 || !strings.Contains(out.String(), "added therapist pt@clinic.test") {
		t.Fatalf("user add on PostgreSQL: %d %s %s", code, out.String(), errOut.String())
	}
	out.Reset()
	t.Setenv("LIMBER_DB", withPassword)
	want := fmt.Sprintf("is at schema version %d", postgres.SchemaVersion())
	if code := run([]string{"migrate"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), want) ||
		strings.Contains(out.String(), "secret") {
		t.Errorf("migrate on PostgreSQL: %d %q %s, want %q", code, out.String(), errOut.String(), want)
	}

	// A database newer than this binary is refused, by copy as by serve.
	newer := postgrestest.NewDatabase(t)
	if code := run([]string{"migrate", "--db", newer}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	db, err := sql.Open("pgx", newer)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00Z')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	file := filepath.Join(t.TempDir(), "limber.db")
	if code := run([]string{"migrate", "--db", file}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatal(errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"copy", "--from", file, "--to", newer}, strings.NewReader(""), &out, &errOut); code != exitFail ||
		!strings.Contains(errOut.String(), "has schema version 999, newer than this Limber") {
		t.Errorf("copy into a newer database: %d %s", code, errOut.String())
	}
}
