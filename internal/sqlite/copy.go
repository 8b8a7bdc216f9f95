package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/store"
)

// OpenToCopy opens an existing database read-only, as it is: no migration
// and no copy aside, because `limber copy` reads a clinic and must not
// change it (a file at another schema version is refused by the copy,
// which says to migrate it first).
func OpenToCopy(ctx context.Context, path string) (*store.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s does not exist", path)
	}
	// Deferred transactions: a read-only connection cannot take the
	// write lock that _txlock=immediate asks for at BEGIN.
	r, err := sqlx.Open("sqlite3", "file:"+path+"?mode=ro&_foreign_keys=on&_busy_timeout=5000")
	if err != nil {
		return nil, fmt.Errorf("opening database %s: %w", path, err)
	}
	r.SetMaxOpenConns(1)
	f := &file{Path: path, W: r, R: r}
	var n int
	if err := r.GetContext(ctx, &n, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"); err != nil || n == 0 {
		r.Close()
		if err == nil {
			err = errors.New("it has no schema_migrations table")
		}
		return nil, fmt.Errorf("%s is not a Limber database: %w", path, err)
	}
	return store.New(r, r, f), nil
}

// Tables are the database's tables, Limber's own bookkeeping included.
func Tables(ctx context.Context, db *store.DB) ([]string, error) {
	var names []string
	err := db.R.SelectContext(ctx, &names, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	return names, err
}
