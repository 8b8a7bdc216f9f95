package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/limber-health/limber/internal/sqlite"
)

func TestUserAddMigrateAndBackupDuringWrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "limber.db")
	var out, errOut bytes.Buffer
	if code := run([]string{"user", "add", "--db", db, "--email", "pt@clinic.test", "--name", "Pat", "--role", "therapist"},
		strings.NewReader("a long enough password\n"), &out, &errOut); code != 0 {
		t.Fatalf("user add: %d %s", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"user", "add", "--db", db, "--email", "x@clinic.test", "--name", "X"}, strings.NewReader("short\n"), &out, &errOut); code != 2 ||
		!strings.Contains(errOut.String(), "--password: must be at least 10 characters") {
		t.Errorf("a short password: %d %s", code, errOut.String())
	}
	if code := run([]string{"migrate", "--db", db}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("migrate: %s", errOut.String())
	}
	st, _ := os.Stat(db)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v", st.Mode().Perm())
	}

	// A backup while another connection writes: consistent and 0600.
	live, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			live.W.Exec("INSERT INTO settings (key, value) VALUES (?, 'x')", "load-"+strconv.Itoa(i))
		}
	}()
	backup := filepath.Join(dir, "copy.db")
	errOut.Reset()
	code := run([]string{"backup", "--db", db, "--out", backup}, strings.NewReader(""), &out, &errOut)
	close(stop)
	wg.Wait()
	if code != 0 {
		t.Fatalf("backup: %s", errOut.String())
	}
	if err := sqlite.IntegrityCheck(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(backup); st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", st.Mode().Perm())
	}
	// Restoring is copying the file back while the server is stopped: the
	// copy opens as a Limber database with the therapist in it.
	restored, err := sqlite.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if empty, _ := restored.Empty(context.Background()); empty {
		t.Errorf("the backup has no users")
	}
	if code := run([]string{"backup", "--db", db}, strings.NewReader(""), &out, &errOut); code != 2 {
		t.Errorf("backup without --out: %d", code)
	}
}

func TestEnvironmentVariablesFillFlags(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LIMBER_DB", filepath.Join(dir, "env.db"))
	var out, errOut bytes.Buffer
	if code := run([]string{"migrate"}, strings.NewReader(""), &out, &errOut); code != 0 || !strings.Contains(out.String(), "env.db") {
		t.Fatalf("%d %s %s", code, out.String(), errOut.String())
	}
}
