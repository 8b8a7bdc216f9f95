package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/sqlite"
)

// open opens the store at url and returns its pool.
func open(t *testing.T, url string) *sqlx.DB {
	t.Helper()
	db, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.W
}

func TestOpenMigratesAFreshDatabase(t *testing.T) {
	url := postgrestest.NewDatabase(t)
	db := open(t, url)
	var versions []int
	if err := db.Select(&versions, "SELECT version FROM schema_migrations ORDER BY version"); err != nil {
		t.Fatal(err)
	}
	if len(versions) != SchemaVersion() || versions[len(versions)-1] != SchemaVersion() || SchemaVersion() != sqlite.SchemaVersion() {
		t.Fatalf("versions %v; this binary knows %d (SQLite %d)", versions, SchemaVersion(), sqlite.SchemaVersion())
	}
	// Opening again finds nothing to do.
	db2 := open(t, url)
	var n int
	if err := db2.Get(&n, "SELECT COUNT(*) FROM schema_migrations"); err != nil || n != len(versions) {
		t.Errorf("after a second open: %d rows, %v", n, err)
	}
}

func TestOpenRefusesANewerDatabase(t *testing.T) {
	url := postgrestest.NewDatabase(t)
	db := open(t, url)
	if _, err := db.Exec("INSERT INTO schema_migrations VALUES (999, '999_future.sql', '2030-01-01T00:00:00Z')"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), url)
	if err == nil || !strings.Contains(err.Error(), "newer than this Limber knows") {
		t.Errorf("got %v", err)
	}
}

// Nodes starting together on a fresh database all start, and each
// migration is applied once.
func TestParallelOpensMigrateOnce(t *testing.T) {
	url := postgrestest.NewDatabase(t)
	const nodes = 8
	var wg sync.WaitGroup
	errs := make([]error, nodes)
	for i := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(context.Background(), url)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	db := open(t, url)
	var rows []struct {
		Version int `db:"version"`
		N       int `db:"n"`
	}
	if err := db.Select(&rows, "SELECT version, COUNT(*) AS n FROM schema_migrations GROUP BY version ORDER BY version"); err != nil {
		t.Fatal(err)
	}
	if len(rows) != SchemaVersion() {
		t.Fatalf("versions %v", rows)
	}
	for _, r := range rows {
		if r.N != 1 {
			t.Errorf("version %d recorded %d times", r.Version, r.N)
		}
	}
}

// A failing migration leaves nothing behind and is not recorded; the
// next good one applies.
func TestFailingMigrationChangesNothing(t *testing.T) {
	ctx := context.Background()
	url := postgrestest.NewDatabase(t)
	db := open(t, url)
	next := SchemaVersion() + 1
	bad := append(Migrations(), Migration{Version: next, Name: "9999_bad.sql", SQL: "CREATE TABLE extra (id BIGINT PRIMARY KEY); INSERT INTO nowhere VALUES (1);"})
	if err := migrate(ctx, db, bad); err == nil || !strings.Contains(err.Error(), "9999_bad.sql") {
		t.Fatalf("a failing migration: %v", err)
	}
	var n int
	db.Get(&n, `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'extra'`)
	if n != 0 {
		t.Errorf("a failed migration left its table behind")
	}
	good := append(Migrations(), Migration{Version: next, Name: "9999_good.sql", SQL: "CREATE TABLE extra (id BIGINT PRIMARY KEY);"})
	if err := migrate(ctx, db, good); err != nil {
		t.Fatal(err)
	}
	var v int
	db.Get(&v, `SELECT MAX(version) FROM schema_migrations`)
	if v != next {
		t.Errorf("version %d", v)
	}
	// The lock was released: another node can still start.
	var held int
	db.Get(&held, `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'`)
	if held != 0 {
		t.Errorf("%d advisory locks still held after migrating", held)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	db := open(t, postgrestest.NewDatabase(t))
	if _, err := db.Exec("INSERT INTO audit_events (at, action) VALUES ('2026-01-01T00:00:00Z', 'test')"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_events SET action = 'x'", "DELETE FROM audit_events", "TRUNCATE audit_events"} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	var n int
	if db.Get(&n, "SELECT COUNT(*) FROM audit_events WHERE action = 'test'"); n != 1 {
		t.Errorf("%d events after the refused changes", n)
	}
}

// An email is unique whatever its case, and found however it is typed, as
// with SQLite's COLLATE NOCASE.
func TestEmailIgnoresCase(t *testing.T) {
	db := open(t, postgrestest.NewDatabase(t))
	if _, err := db.Exec(`INSERT INTO users (email, name, role, created_at) VALUES ('Ana.Pt@Clinic.example', 'Ana', 'therapist', '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	_, err := db.Exec(`INSERT INTO users (email, name, role, created_at) VALUES ('ana.pt@clinic.EXAMPLE', 'Ana 2', 'therapist', '2026-01-01T00:00:00Z')`)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		t.Errorf("the same email in another case: %v", err)
	}
	var name string
	if err := db.Get(&name, `SELECT name FROM users WHERE email = $1`, "ANA.PT@clinic.example"); err != nil || name != "Ana" {
		t.Errorf("finding the email in another case: %q %v", name, err)
	}
}

// Times are ordered byte by byte, as SQLite orders them, whatever the
// server's locale: RFC 3339 text with and without fractions of a second.
func TestTimesOrderAsInSQLite(t *testing.T) {
	db := open(t, postgrestest.NewDatabase(t))
	times := []string{"2026-01-01T10:00:00Z", "2026-01-01T10:00:00.5Z", "2026-01-01T09:59:59.999Z", "2026-01-01T10:00:00.05Z"}
	for i, at := range times {
		if _, err := db.Exec(`INSERT INTO audit_events (at, action) VALUES ($1, $2)`, at, fmt.Sprint(i)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	if err := db.Select(&got, `SELECT at FROM audit_events ORDER BY at`); err != nil {
		t.Fatal(err)
	}
	want := append([]string(nil), times...)
	sort.Strings(want) // Go compares strings byte by byte, as SQLite does
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("order %v, want %v", got, want)
	}
}

// The PostgreSQL schema is the SQLite schema: the same tables, columns
// (with compatible types and the same NOT NULL), primary keys, unique
// constraints and named indexes. One SQL text then runs on both.
func TestSchemaMatchesSQLite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "limber.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	lite, err := sqlx.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	want := sqliteSchema(t, lite)
	got := postgresSchema(t, open(t, postgrestest.NewDatabase(t)))
	w, g := strings.Join(want, "\n"), strings.Join(got, "\n")
	t.Logf("%d schema facts compared", len(want))
	if w != g {
		t.Errorf("schemas differ\n--- SQLite\n%s\n--- PostgreSQL\n%s", w, g)
	}
}

// sqliteType maps a SQLite column type to the PostgreSQL types that
// translate it.
func sqliteType(t string) string {
	switch t {
	case "INTEGER":
		return "integer" // bigint, integer or boolean on PostgreSQL
	case "TEXT":
		return "text"
	}
	return t
}

func postgresType(t string) string {
	switch t {
	case "bigint", "integer", "boolean":
		return "integer"
	}
	return t
}

func sqliteSchema(t *testing.T, db *sqlx.DB) []string {
	var tables []string
	if err := db.Select(&tables, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tbl := range tables {
		var cols []struct {
			CID     int            `db:"cid"`
			Name    string         `db:"name"`
			Type    string         `db:"type"`
			NotNull bool           `db:"notnull"`
			Default sql.NullString `db:"dflt_value"`
			PK      int            `db:"pk"`
		}
		if err := db.Select(&cols, `SELECT * FROM pragma_table_info(?)`, tbl); err != nil {
			t.Fatal(err)
		}
		pk := map[int]string{}
		for _, c := range cols {
			// A primary key is never NULL on PostgreSQL (SQLite allows it
			// but Limber never stores one).
			out = append(out, fmt.Sprintf("column %s.%s %s notnull=%v", tbl, c.Name, sqliteType(c.Type), c.NotNull || c.PK > 0))
			if c.PK > 0 {
				pk[c.PK] = c.Name
			}
		}
		var pkCols []string
		for i := 1; i <= len(pk); i++ {
			pkCols = append(pkCols, pk[i])
		}
		out = append(out, fmt.Sprintf("primary key %s(%s)", tbl, strings.Join(pkCols, ", ")))
		var idx []struct {
			Seq     int    `db:"seq"`
			Name    string `db:"name"`
			Unique  bool   `db:"unique"`
			Origin  string `db:"origin"`
			Partial bool   `db:"partial"`
		}
		if err := db.Select(&idx, `SELECT * FROM pragma_index_list(?)`, tbl); err != nil {
			t.Fatal(err)
		}
		for _, ix := range idx {
			var cols []string
			if err := db.Select(&cols, `SELECT name FROM pragma_index_info(?) ORDER BY seqno`, ix.Name); err != nil {
				t.Fatal(err)
			}
			switch ix.Origin {
			case "pk":
			case "u":
				out = append(out, fmt.Sprintf("unique %s(%s)", tbl, strings.Join(cols, ", ")))
			default:
				out = append(out, fmt.Sprintf("index %s ON %s(%s) unique=%v partial=%v", ix.Name, tbl, strings.Join(cols, ", "), ix.Unique, ix.Partial))
			}
		}
	}
	var triggers []string
	db.Select(&triggers, `SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	for _, tr := range triggers {
		out = append(out, "trigger "+tr)
	}
	sort.Strings(out)
	return out
}

func postgresSchema(t *testing.T, db *sqlx.DB) []string {
	var out []string
	var cols []struct {
		Table    string `db:"table_name"`
		Name     string `db:"column_name"`
		Type     string `db:"data_type"`
		Nullable string `db:"is_nullable"`
	}
	if err := db.Select(&cols, `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema()`); err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		out = append(out, fmt.Sprintf("column %s.%s %s notnull=%v", c.Table, c.Name, postgresType(c.Type), c.Nullable == "NO"))
	}
	var idx []struct {
		Name       string `db:"name"`
		Table      string `db:"tbl"`
		Cols       string `db:"cols"`
		Unique     bool   `db:"uniq"`
		Primary    bool   `db:"prim"`
		Partial    bool   `db:"partial"`
		Constraint bool   `db:"constr"`
	}
	if err := db.Select(&idx, `SELECT ic.relname AS name, tc.relname AS tbl,
			(SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols,
			i.indisunique AS uniq, i.indisprimary AS prim, i.indpred IS NOT NULL AS partial,
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) AS constr
		FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
		WHERE tc.relnamespace = current_schema()::regnamespace`); err != nil {
		t.Fatal(err)
	}
	for _, ix := range idx {
		switch {
		case ix.Primary:
			out = append(out, fmt.Sprintf("primary key %s(%s)", ix.Table, ix.Cols))
		case ix.Constraint:
			out = append(out, fmt.Sprintf("unique %s(%s)", ix.Table, ix.Cols))
		default:
			out = append(out, fmt.Sprintf("index %s ON %s(%s) unique=%v partial=%v", ix.Name, ix.Table, ix.Cols, ix.Unique, ix.Partial))
		}
	}
	var triggers []string
	if err := db.Select(&triggers, `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`); err != nil {
		t.Fatal(err)
	}
	for _, tr := range triggers {
		// TRUNCATE, which SQLite lacks, is refused as well.
		if tr != "audit_no_truncate" {
			out = append(out, "trigger "+tr)
		}
	}
	sort.Strings(out)
	return out
}
