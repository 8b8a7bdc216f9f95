package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

// runCopy moves a clinic from its SQLite file into an empty PostgreSQL
// database: `limber copy --from limber.db --to postgres://…`. It reads the
// file as it is (never migrating it), copies every table in one
// transaction keeping every id, and then checks both sides hold the same.
func runCopy(args []string, stdout io.Writer) error {
	fs := newFlagSet("copy", stdout)
	from := fs.String("from", "", "the clinic's SQLite file (stop the service first)")
	to := fs.String("to", "", "an empty PostgreSQL database: postgres://USER@HOST:PORT/DATABASE")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *from == "" || *to == "":
		return usagef("--from FILE and --to postgres://… are both required")
	case isPostgres(*from):
		return usagef("--from: give the SQLite file to copy; the copy goes from SQLite to PostgreSQL")
	case !isPostgres(*to):
		return usagef("--to: give a postgres:// URL; %q is not one", *to)
	}
	if err := checkDB(*to); err != nil {
		return usagef("--to%s", strings.TrimPrefix(err.Error(), "--db"))
	}
	ctx := context.Background()
	start := time.Now()

	src, err := sqlite.OpenToCopy(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	version, err := src.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("%s: reading its schema version: %w", *from, err)
	}
	switch own := sqlite.SchemaVersion(); {
	case version < own:
		return fmt.Errorf("%s is at schema version %d and this limber's is %d: run `limber migrate --db %s` first, then copy", *from, version, own, *from)
	case version > own:
		return fmt.Errorf("%s is at schema version %d, newer than this limber (%d): copy it with the limber that wrote it", *from, version, own)
	}

	dst, err := openDB(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	target := describeDB(*to)
	if v, err := dst.SchemaVersion(ctx); err != nil {
		return fmt.Errorf("%s: reading its schema version: %w", target, err)
	} else if v != version {
		return fmt.Errorf("the migrations differ: %s is at schema version %d, %s at %d", *from, version, target, v)
	}
	tables, err := postgres.CopyTables(ctx, dst)
	if err != nil {
		return err
	}
	for _, t := range tables {
		n, err := dst.CountRows(ctx, t.Name)
		if err != nil {
			return fmt.Errorf("%s: counting %s: %w", target, t.Name, err)
		}
		if n > 0 {
			return fmt.Errorf("%s is not empty: table %s has %d rows; copy into a new, empty database", target, t.Name, n)
		}
	}
	if err := sameTables(ctx, src, *from, tables, target); err != nil {
		return err
	}

	copied, err := src.CopyInto(ctx, dst, tables, func(ctx context.Context, tx *sqlx.Tx) error {
		return postgres.MoveSequences(ctx, tx, tables)
	})
	if err != nil {
		return fmt.Errorf("copying %s into %s (nothing was kept there): %w", *from, target, err)
	}
	patients, sessions, err := checkCopy(ctx, src, dst, *from, target, tables)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied %s into %s (schema version %d) in %s:\n", *from, target, version, time.Since(start).Round(time.Millisecond))
	for _, t := range copied {
		fmt.Fprintf(stdout, "  %-20s %9d rows\n", t.Table, t.Rows)
	}
	fmt.Fprintf(stdout, "checked: every table has as many rows on both sides; the exercise sessions of %d patients (%d sessions) have the same SHA-256 on both sides\n",
		patients, sessions)
	return nil
}

// sameTables refuses a copy that would leave data behind: a table or a
// column of the file that the target does not have.
func sameTables(ctx context.Context, src *store.DB, from string, tables []store.CopyTable, target string) error {
	names, err := sqlite.Tables(ctx, src)
	if err != nil {
		return fmt.Errorf("%s: listing its tables: %w", from, err)
	}
	byName := map[string]store.CopyTable{}
	for _, t := range tables {
		byName[t.Name] = t
	}
	for _, name := range names {
		if name == postgres.Bookkeeping {
			continue
		}
		t, ok := byName[name]
		if !ok {
			return fmt.Errorf("table %s of %s has no counterpart in %s: the schemas differ", name, from, target)
		}
		cols, err := src.Columns(ctx, name)
		if err != nil {
			return fmt.Errorf("%s: reading the columns of %s: %w", from, name, err)
		}
		for _, c := range cols {
			if !slices.Contains(t.Columns, c) {
				return fmt.Errorf("column %s.%s of %s has no counterpart in %s: the schemas differ", name, c, from, target)
			}
		}
		for _, c := range t.Columns {
			if !slices.Contains(cols, c) {
				return fmt.Errorf("column %s.%s of %s is not in %s: the schemas differ", name, c, target, from)
			}
		}
	}
	return nil
}

// checkCopy compares both sides after the copy: every table's row count,
// and a checksum of each patient's exercise sessions over every stored
// column. Any difference is an error naming the table or the patient.
func checkCopy(ctx context.Context, src, dst *store.DB, from, target string, tables []store.CopyTable) (patients int, sessions int64, err error) {
	var sessionColumns []string
	for _, t := range tables {
		a, err := src.CountRows(ctx, t.Name)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: counting %s: %w", from, t.Name, err)
		}
		b, err := dst.CountRows(ctx, t.Name)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: counting %s: %w", target, t.Name, err)
		}
		if a != b {
			return 0, 0, fmt.Errorf("the copy differs: table %s has %d rows in %s and %d in %s", t.Name, a, from, b, target)
		}
		if t.Name == "exercise_sessions" {
			sessionColumns, sessions = t.Columns, a
		}
	}
	if sessionColumns == nil {
		return 0, 0, fmt.Errorf("%s has no exercise_sessions table", target)
	}
	a, err := src.SessionChecksums(ctx, sessionColumns)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: summing the exercise sessions: %w", from, err)
	}
	b, err := dst.SessionChecksums(ctx, sessionColumns)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: summing the exercise sessions: %w", target, err)
	}
	ids := make([]int64, 0, len(a))
	for id := range a {
		ids = append(ids, id)
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if a[id] != b[id] {
			return 0, 0, fmt.Errorf("the copy differs: the exercise sessions of patient %d sum to %s in %s and %s in %s",
				id, sumOrNone(a[id]), from, sumOrNone(b[id]), target)
		}
	}
	return len(ids), sessions, nil
}

func sumOrNone(sum string) string {
	if sum == "" {
		return "nothing (no sessions)"
	}
	return sum[:16] + "…"
}
