package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "limber.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigratesAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "limber.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	if err := db.R.Get(&v, "SELECT MAX(version) FROM schema_migrations"); err != nil || v != sqlite.SchemaVersion() {
		t.Fatalf("version %d, %v", v, err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	// Reopening does nothing and makes no copy.
	db.Close()
	db2, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db2.Close()
	copies, _ := filepath.Glob(path + ".pre-*")
	if len(copies) != 0 {
		t.Errorf("copies %v for an up-to-date database", copies)
	}
}

func TestOpenRefusesANewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "limber.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.W.Exec("INSERT INTO schema_migrations VALUES (999, '999_future.sql', '2030-01-01T00:00:00Z')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = sqlite.Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "newer than this Limber knows") {
		t.Errorf("got %v", err)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := openDB(t)
	if _, err := db.W.Exec("INSERT INTO audit_events (at, action) VALUES ('2026-01-01T00:00:00Z', 'test')"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events"} {
		if _, err := db.W.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestBackupDuringWrites(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.W.Exec("INSERT INTO settings (key, value) VALUES (?, 'v')", "k"+strconv.Itoa(i)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	out := filepath.Join(t.TempDir(), "copy.db")
	err := db.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlite.IntegrityCheck(ctx, out); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(out)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", st.Mode().Perm())
	}
	if err := db.Backup(ctx, out); err == nil {
		t.Errorf("a backup must not overwrite a file")
	}
}
