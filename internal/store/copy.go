package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// Moving a clinic from one database to another (`limber copy`): the rows
// as they are stored, every id kept, and the means to check afterwards that
// both sides hold the same thing. Which tables exist, in which order foreign
// keys accept them, and how ids continue afterwards are the target's to say
// (internal/postgres); this file only reads, writes and compares rows.

// CopyTable is one table as the target has it.
type CopyTable struct {
	Name string
	// Columns in the target's order; the source is read by these names.
	Columns []string
	// Bools are the columns the target keeps as booleans (SQLite keeps 0
	// and 1 in an INTEGER).
	Bools map[string]bool
	// OrderBy is the target's primary key, so rows go in in the order
	// they were made (an id before the rows that refer to it).
	OrderBy []string
	// OverridingIdentity: the target makes its ids itself (GENERATED
	// ALWAYS) and must be told to keep the copied ones.
	OverridingIdentity bool
}

// TableRows is how many rows a table has.
type TableRows struct {
	Table string
	Rows  int64
}

// copyBatch is how many rows go in one INSERT: one statement per row is
// slow over a network, and PostgreSQL takes at most 65,535 parameters.
const copyBatch = 500

// CopyInto copies every row of tables, in the order given, from db into
// dst in one transaction on dst, reading db in one transaction so the copy
// is a single moment of the source. finish runs last in dst's transaction
// (the target moves its id sequences past the copied ids). Nothing is kept
// on dst if anything fails.
func (db *DB) CopyInto(ctx context.Context, dst *DB, tables []CopyTable, finish func(ctx context.Context, tx *sqlx.Tx) error) ([]TableRows, error) {
	src, err := db.R.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("reading the source: %w", err)
	}
	defer src.Rollback()
	tx, err := dst.W.BeginTxx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning the copy: %w", err)
	}
	defer tx.Rollback()
	var out []TableRows
	for _, t := range tables {
		n, err := copyTable(ctx, src, tx, t)
		if err != nil {
			return nil, fmt.Errorf("copying %s: %w", t.Name, err)
		}
		out = append(out, TableRows{Table: t.Name, Rows: n})
	}
	if finish != nil {
		if err := finish(ctx, tx); err != nil {
			return nil, err
		}
	}
	// Statistics for the planner at once, not when autovacuum next looks: a
	// PostgreSQL that has none plans a clinic's queries as if empty. In the
	// transaction, so that a failure keeps nothing, as everything else.
	if _, err := exec(ctx, tx, `ANALYZE`); err != nil {
		return nil, fmt.Errorf("analyzing the copy: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("committing the copy: %w", err)
	}
	return out, nil
}

func copyTable(ctx context.Context, src *sqlx.Tx, dst *sqlx.Tx, t CopyTable) (int64, error) {
	cols := quoteAll(t.Columns)
	q := "SELECT " + strings.Join(cols, ", ") + " FROM " + quote(t.Name)
	if len(t.OrderBy) > 0 {
		q += " ORDER BY " + strings.Join(quoteAll(t.OrderBy), ", ")
	}
	rows, err := src.QueryContext(ctx, q)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	insert := "INSERT INTO " + quote(t.Name) + " (" + strings.Join(cols, ", ") + ") "
	if t.OverridingIdentity {
		insert += "OVERRIDING SYSTEM VALUE "
	}
	insert += "VALUES "
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var args []any
	var n, pending int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		stmt := insert + strings.TrimSuffix(strings.Repeat(row+", ", int(pending)), ", ")
		if _, err := dst.ExecContext(ctx, dst.Rebind(stmt), args...); err != nil {
			return err
		}
		args, pending = args[:0], 0
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, c := range t.Columns {
			v := vals[i]
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			if t.Bools[c] {
				if v, err = asBool(v); err != nil {
					return n, fmt.Errorf("column %s: %w", c, err)
				}
			}
			args = append(args, v)
		}
		n++
		if pending++; pending == copyBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, flush()
}

// asBool is SQLite's 0/1 as a boolean.
func asBool(v any) (any, error) {
	switch x := v.(type) {
	case nil, bool:
		return x, nil
	case int64:
		if x == 0 || x == 1 {
			return x == 1, nil
		}
	}
	return nil, fmt.Errorf("%v is not 0 or 1", v)
}

// CountRows is how many rows the table has.
func (db *DB) CountRows(ctx context.Context, table string) (int64, error) {
	var n int64
	err := db.R.GetContext(ctx, &n, "SELECT COUNT(*) FROM "+quote(table))
	return n, err
}

// SchemaVersion is the newest migration recorded in the database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.R.GetContext(ctx, &v, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
	return v, err
}

// SessionChecksums is, for each patient, a SHA-256 over the patient's
// exercise sessions in id order: every column named, each value written
// out the same way whichever database it came from (a boolean as 0 or 1,
// text as its bytes, NULL apart from any text). Two databases that give the
// same sums hold the same sessions.
func (db *DB) SessionChecksums(ctx context.Context, columns []string) (map[int64]string, error) {
	q := "SELECT patient_id, " + strings.Join(quoteAll(columns), ", ") + " FROM exercise_sessions ORDER BY patient_id, id"
	rows, err := db.R.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	var h hash.Hash
	current := int64(-1)
	done := func() {
		if h != nil {
			out[current] = hex.EncodeToString(h.Sum(nil))
		}
	}
	vals := make([]any, len(columns)+1)
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var buf []byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		pid, ok := vals[0].(int64)
		if !ok {
			return nil, fmt.Errorf("exercise_sessions.patient_id is %T", vals[0])
		}
		if pid != current {
			done()
			h, current = sha256.New(), pid
		}
		buf = buf[:0]
		for _, v := range vals[1:] {
			buf = appendCanonical(buf, v)
		}
		buf = append(buf, '\n')
		h.Write(buf)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	done()
	return out, nil
}

// appendCanonical writes one stored value so that equal values from either
// database read the same and no two different values do: a tag, then the
// value; text with its length, so no text can pass for a column boundary.
func appendCanonical(b []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "N;"...)
	case bool:
		if x {
			return append(b, "i1;"...)
		}
		return append(b, "i0;"...)
	case int64:
		b = append(b, 'i')
		return append(strconv.AppendInt(b, x, 10), ';')
	case float64:
		b = append(b, 'f')
		return append(strconv.AppendFloat(b, x, 'g', -1, 64), ';')
	case string:
		return appendText(b, x)
	case []byte:
		return appendText(b, string(x))
	case time.Time:
		return appendText(b, x.UTC().Format(time.RFC3339Nano))
	default:
		return appendText(b, fmt.Sprint(x))
	}
}

func appendText(b []byte, s string) []byte {
	b = append(b, 's')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(append(b, s...), ';')
}

// quote makes a catalog name an SQL identifier (both databases take double
// quotes).
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = quote(n)
	}
	return out
}

// Columns are the table's columns as the database has them.
func (db *DB) Columns(ctx context.Context, table string) ([]string, error) {
	rows, err := db.R.QueryContext(ctx, "SELECT * FROM "+quote(table)+" WHERE 1 = 0")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}
