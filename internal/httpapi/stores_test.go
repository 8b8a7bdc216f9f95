package httpapi_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// Every test in this package runs on both stores. The test binary runs the
// suite on SQLite; then, when LIMBER_TEST_POSTGRES names a server, it runs
// itself again with LIMBER_TEST_STORE=postgres, where newHarness opens a
// fresh PostgreSQL database for each test. A second process rather than a
// loop inside one: the tests, their subtests, -run, -count and -bench stay
// exactly as written, and each half reports on its own.

// storeEnv says which store this process's harnesses open.
const storeEnv = "LIMBER_TEST_STORE"

// onPostgres says whether this process is the PostgreSQL half.
func onPostgres() bool { return os.Getenv(storeEnv) == "postgres" }

func TestMain(m *testing.M) {
	code := m.Run()
	if onPostgres() || !runsAgain() {
		os.Exit(code)
	}
	if os.Getenv("LIMBER_TEST_POSTGRES") == "" {
		// TestPostgresHalf says so too, where -v and -json show it.
		fmt.Println("httpapi: the PostgreSQL half was skipped: LIMBER_TEST_POSTGRES is not set")
		os.Exit(code)
	}
	fmt.Println("httpapi: the same tests on PostgreSQL")
	cmd := exec.Command(os.Args[0], againArgs(os.Args[1:])...)
	cmd.Env = append(os.Environ(), storeEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Printf("httpapi: the PostgreSQL half failed: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// runsAgain is false where a second run would mean nothing or harm: a
// fuzzing run (one engine, one corpus) and -list.
func runsAgain() bool {
	for _, name := range []string{"test.fuzz", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// againArgs are the first half's flags less those naming files that the
// first half already wrote (go test's cache log, profiles, coverage): the
// second process would truncate them.
func againArgs(args []string) []string {
	files := []string{"test.testlogfile", "test.coverprofile", "test.cpuprofile", "test.memprofile",
		"test.blockprofile", "test.mutexprofile", "test.trace", "test.gocoverdir"}
	var out []string
	for i := 0; i < len(args); i++ {
		name := strings.TrimLeft(args[i], "-")
		name, _, hasValue := strings.Cut(name, "=")
		dropped := false
		for _, f := range files {
			if name == f {
				dropped = true
				if !hasValue && i+1 < len(args) {
					i++ // the value was the next argument
				}
			}
		}
		if !dropped {
			out = append(out, args[i])
		}
	}
	return out
}

// openStore is the database of one test: a new SQLite file, or in the
// PostgreSQL half a new database on the LIMBER_TEST_POSTGRES server (dropped
// when the test ends), and that database's URL ("" on SQLite).
func openStore(t testing.TB) (*store.DB, func() (*store.DB, error), string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "limber.db")
	open := func() (*store.DB, error) { return sqlite.Open(context.Background(), path) }
	url := ""
	if onPostgres() {
		url = postgrestest.NewDatabase(t)
		open = func() (*store.DB, error) { return postgres.Open(context.Background(), url) }
	}
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	return db, open, url
}

// TestPostgresHalf is where a run without PostgreSQL says that half was
// skipped, and fails when CI requires it.
func TestPostgresHalf(t *testing.T) {
	switch {
	case onPostgres():
		t.Log("this is the PostgreSQL half")
	case os.Getenv("LIMBER_TEST_POSTGRES") != "":
		t.Log("the suite runs again on PostgreSQL when this half ends")
	case os.Getenv("LIMBER_REQUIRE_POSTGRES") == "1":
		t.Fatal("LIMBER_REQUIRE_POSTGRES=1 but LIMBER_TEST_POSTGRES is not set: the PostgreSQL half cannot run")
	default:
		t.Skip("the PostgreSQL half is skipped: set LIMBER_TEST_POSTGRES to a server where tests may create databases")
	}
}

func TestAgainArgs(t *testing.T) {
	got := strings.Join(againArgs([]string{"-test.testlogfile=/tmp/x", "-test.run", "TestA", "-test.coverprofile", "/tmp/c", "-test.v=true", "-test.timeout=10m0s"}), " ")
	if want := "-test.run TestA -test.v=true -test.timeout=10m0s"; got != want {
		t.Errorf("againArgs = %q, want %q", got, want)
	}
}
