package postgres

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/store"
)

// What `limber copy` needs to know of a PostgreSQL database it fills: its
// tables in an order its foreign keys accept, their columns, and how its
// ids continue after the copied ones. Read from the catalog, so a table a
// migration adds is copied without a list to keep up to date.

// Bookkeeping is the table each database fills by migrating itself; it is
// compared, never copied.
const Bookkeeping = "schema_migrations"

// CopyTables are the target's tables (less Bookkeeping), each after the
// tables its foreign keys point to.
func CopyTables(ctx context.Context, db *store.DB) ([]store.CopyTable, error) {
	var names []string
	if err := db.R.SelectContext(ctx, &names, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> $1 ORDER BY c.relname`, Bookkeeping); err != nil {
		return nil, fmt.Errorf("listing the tables: %w", err)
	}
	var refs []struct {
		Table  string `db:"tbl"`
		Refers string `db:"refers"`
	}
	if err := db.R.SelectContext(ctx, &refs, `SELECT c.relname AS tbl, p.relname AS refers FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace n ON n.oid = k.connamespace
		WHERE k.contype = 'f' AND n.nspname = current_schema()`); err != nil {
		return nil, fmt.Errorf("reading the foreign keys: %w", err)
	}
	deps := map[string][]string{}
	for _, r := range refs {
		if r.Table != r.Refers {
			deps[r.Table] = append(deps[r.Table], r.Refers)
		}
	}
	order, err := dependencyOrder(names, deps)
	if err != nil {
		return nil, err
	}
	out := make([]store.CopyTable, 0, len(order))
	for _, name := range order {
		t, err := copyTable(ctx, db, name)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// dependencyOrder puts every table after those it depends on; among tables
// free to go, by name, so the order is the same on every run.
func dependencyOrder(names []string, deps map[string][]string) ([]string, error) {
	placed := map[string]bool{}
	var out []string
	for len(out) < len(names) {
		progressed := false
		for _, n := range names {
			if placed[n] {
				continue
			}
			ready := true
			for _, d := range deps[n] {
				if !placed[d] {
					ready = false
				}
			}
			if ready {
				placed[n], progressed = true, true
				out = append(out, n)
			}
		}
		if !progressed {
			var left []string
			for _, n := range names {
				if !placed[n] {
					left = append(left, n)
				}
			}
			sort.Strings(left)
			return nil, fmt.Errorf("the foreign keys of %s refer to each other in a circle: no order copies them", strings.Join(left, ", "))
		}
	}
	return out, nil
}

func copyTable(ctx context.Context, db *store.DB, name string) (store.CopyTable, error) {
	t := store.CopyTable{Name: name, Bools: map[string]bool{}}
	var cols []struct {
		Name     string `db:"column_name"`
		Type     string `db:"data_type"`
		Identity string `db:"identity_generation"`
	}
	if err := db.R.SelectContext(ctx, &cols, `SELECT column_name, data_type, COALESCE(identity_generation, '') AS identity_generation
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
		ORDER BY ordinal_position`, name); err != nil {
		return t, fmt.Errorf("reading the columns of %s: %w", name, err)
	}
	for _, c := range cols {
		t.Columns = append(t.Columns, c.Name)
		if c.Type == "boolean" {
			t.Bools[c.Name] = true
		}
		// GENERATED ALWAYS refuses a given id unless told otherwise.
		if c.Identity == "ALWAYS" {
			t.OverridingIdentity = true
		}
	}
	if err := db.R.SelectContext(ctx, &t.OrderBy, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = to_regclass(quote_ident($1)) AND i.indisprimary
		ORDER BY array_position(i.indkey::int2[], a.attnum)`, name); err != nil {
		return t, fmt.Errorf("reading the primary key of %s: %w", name, err)
	}
	return t, nil
}

// MoveSequences sets every id sequence of the tables (serial or identity
// columns) so that the next id is one past the largest copied: the next
// patient made after the copy does not collide with a copied one.
func MoveSequences(ctx context.Context, tx *sqlx.Tx, tables []store.CopyTable) error {
	for _, t := range tables {
		for _, c := range t.Columns {
			var seq *string
			if err := tx.GetContext(ctx, &seq, `SELECT pg_get_serial_sequence(quote_ident($1), $2)`, t.Name, c); err != nil {
				return fmt.Errorf("finding the sequence of %s.%s: %w", t.Name, c, err)
			}
			if seq == nil {
				continue
			}
			q := fmt.Sprintf(`SELECT setval($1::regclass, COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`, quoteIdent(c), quoteIdent(t.Name))
			if _, err := tx.ExecContext(ctx, q, *seq); err != nil {
				return fmt.Errorf("moving the sequence of %s.%s: %w", t.Name, c, err)
			}
		}
	}
	return nil
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
