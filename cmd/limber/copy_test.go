package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/limber-health/limber/internal/httpapi"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/sqlite"
	"github.com/limber-health/limber/internal/store"
)

const copyPassword = "a long enough password"

// generatedClinic is a clinic made in a SQLite file by GenerateClinic, then
// used through the API as a clinic would be, so that every table has rows:
// sign-ins, a screening, a stop, a session, clinic settings, the audit.
func generatedClinic(t *testing.T) (path string, rep store.GenerateReport) {
	t.Helper()
	ctx := context.Background()
	path = filepath.Join(t.TempDir(), "limber.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := library.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	// Enough patients for several therapists and every profile shape; the
	// generator starts its days in the past so sessions fill 20 days.
	rep, err = db.GenerateClinic(ctx, e, store.GenerateOptions{Patients: 40, Days: 20, PerTherapist: 15, Password: copyPassword, Tablets: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	srv := apiServer(t, db, e)
	addr := strings.TrimPrefix(srv.URL, "http://")
	if _, err := db.CreateUser(ctx, "admin@large.clinic", "Admin", limber.RoleAdmin, copyPassword); err != nil {
		t.Fatal(err)
	}
	if st, m, err := call(addr, "PATCH", "/api/v1/settings", loginAs(t, addr, "admin@large.clinic"), map[string]any{"clinic_phone": "+1 555 0100"}); err != nil || st != 200 {
		t.Fatalf("settings: %d %v %v", st, m, err)
	}
	tablet := rep.TabletTokens[0]
	answers := map[string]any{}
	for i := 1; i <= 7; i++ {
		answers[fmt.Sprintf("RF-%d", i)] = "no"
	}
	if st, m, err := call(addr, "POST", "/api/v1/me/screenings", tablet, map[string]any{"answers": answers}); err != nil || st != 201 {
		t.Fatalf("screening: %d %v %v", st, m, err)
	}
	st, plan, err := call(addr, "GET", "/api/v1/me/plan", tablet, nil)
	if err != nil || st != 200 {
		t.Fatalf("plan: %d %v %v", st, plan, err)
	}
	var items []any
	var first float64
	for _, it := range plan["items"].([]any) {
		it := it.(map[string]any)
		if !it["locked"].(bool) {
			if first == 0 {
				first = it["id"].(float64)
			}
			items = append(items, map[string]any{"item_id": it["id"], "status": "done"})
		}
	}
	now := time.Now().UTC()
	session := uuid.NewString()
	if st, m, err := call(addr, "POST", "/api/v1/me/stops", tablet, map[string]any{"client_id": uuid.NewString(), "session_client_id": session,
		"plan_id": plan["id"], "item_id": first, "reason": "spasm_not_easing", "at": now.Add(-2 * time.Minute).Format(time.RFC3339)}); err != nil || st != 201 {
		t.Fatalf("stop: %d %v %v", st, m, err)
	}
	if st, m, err := call(addr, "POST", "/api/v1/me/sessions", tablet, map[string]any{"client_id": session, "plan_id": plan["id"],
		"started_at": now.Add(-10 * time.Minute).Format(time.RFC3339), "finished_at": now.Format(time.RFC3339),
		"pain_before": 3, "pain_after": 2, "items": items}); err != nil || st != 201 {
		t.Fatalf("session: %d %v %v", st, m, err)
	}
	for _, table := range []string{"users", "auth_sessions", "patients", "plans", "plan_versions", "screenings", "exercise_sessions",
		"journal_entries", "alerts", "audit_events", "session_stops", "settings"} {
		if n, err := db.CountRows(ctx, table); err != nil || n == 0 {
			t.Fatalf("the generated clinic has no %s (%v): the copy would not be tested on it", table, err)
		}
	}
	return path, rep
}

func apiServer(t *testing.T, db *store.DB, e *limber.Engine) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(httpapi.New(db, e, httpapi.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))).Echo)
	t.Cleanup(srv.Close)
	return srv
}

func loginAs(t *testing.T, addr, email string) string {
	t.Helper()
	st, m, err := call(addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": copyPassword})
	if err != nil || st != 200 {
		return ""
	}
	return m["token"].(string)
}

// get fetches a path and returns its body, for comparing two servers.
func get(t *testing.T, srv *httptest.Server, path, token string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	return body
}

// TestCopySQLiteToPostgres moves a generated clinic into PostgreSQL: the
// report names every table, the API reads the same patient from both, new
// rows get ids past the copied ones, a mismatch made afterwards is found and
// named, and a second copy into the same database is refused.
func TestCopySQLiteToPostgres(t *testing.T) {
	url := postgrestest.NewDatabase(t)
	from, rep := generatedClinic(t)
	var out, errOut bytes.Buffer
	if code := run([]string{"copy", "--from", from, "--to", url}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("copy: exit %d\n%s%s", code, out.String(), errOut.String())
	}
	t.Logf("%s", out.String())
	for _, want := range []string{"exercise_sessions", "patients", "audit_events", "settings",
		fmt.Sprintf("(%d sessions)", rep.Sessions+1), "have the same SHA-256 on both sides"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}

	ctx := context.Background()
	e, _ := library.Shipped()
	src, err := sqlite.Open(ctx, from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	a, b := apiServer(t, src, e), apiServer(t, dst, e)
	email := rep.TherapistEmails[0]
	ta, tb := loginAs(t, strings.TrimPrefix(a.URL, "http://"), email), loginAs(t, strings.TrimPrefix(b.URL, "http://"), email)
	if ta == "" || tb == "" {
		t.Fatalf("the therapist cannot sign in on both: %q %q", ta, tb)
	}
	var list struct {
		Patients []struct {
			ID int64 `json:"id"`
		} `json:"patients"`
	}
	if err := json.Unmarshal(get(t, b, "/api/v1/patients?limit=5", tb), &list); err != nil || len(list.Patients) == 0 {
		t.Fatalf("the PostgreSQL copy lists no patients: %v", err)
	}
	id := list.Patients[0].ID
	for _, path := range []string{
		fmt.Sprintf("/api/v1/patients/%d", id),
		fmt.Sprintf("/api/v1/patients/%d/sessions", id),
		fmt.Sprintf("/api/v1/patients/%d/journal", id),
		fmt.Sprintf("/api/v1/patients/%d/adherence", id),
		fmt.Sprintf("/api/v1/patients/%d/audit", id),
		"/api/v1/alerts",
		"/api/v1/patients?limit=200",
	} {
		if x, y := get(t, a, path, ta), get(t, b, path, tb); !bytes.Equal(x, y) {
			t.Errorf("GET %s differs:\nSQLite:     %.400s\nPostgreSQL: %.400s", path, x, y)
		}
	}

	// A copy that differs is named: a session changed, a journal entry gone.
	tables, err := postgres.CopyTables(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := checkCopy(ctx, src, dst, from, "pg", tables); err != nil {
		t.Fatalf("the untouched copy does not check: %v", err)
	}
	var victim int64
	dst.R.Get(&victim, "SELECT patient_id FROM exercise_sessions ORDER BY id DESC LIMIT 1")
	dst.W.Exec("UPDATE exercise_sessions SET notes = 'changed' WHERE id = (SELECT MAX(id) FROM exercise_sessions)")
	if _, _, err := checkCopy(ctx, src, dst, from, "pg", tables); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("patient %d ", victim)) {
		t.Errorf("a changed session: %v, want the error to name patient %d", err, victim)
	}
	dst.W.Exec("DELETE FROM journal_entries WHERE id = (SELECT MAX(id) FROM journal_entries)")
	if _, _, err := checkCopy(ctx, src, dst, from, "pg", tables); err == nil || !strings.Contains(err.Error(), "table journal_entries has") {
		t.Errorf("a missing journal entry: %v", err)
	}

	// The sequences moved past the copied ids.
	var maxID int64
	if err := dst.R.Get(&maxID, "SELECT MAX(id) FROM patients"); err != nil {
		t.Fatal(err)
	}
	st, p, err := call(strings.TrimPrefix(b.URL, "http://"), "POST", "/api/v1/patients", tb, map[string]any{"name": "After The Copy", "mobility": "M1"})
	if err != nil || st != 201 || int64(p["id"].(float64)) != maxID+1 {
		t.Errorf("a new patient after the copy: %d %v (largest copied id %d)", st, p, maxID)
	}

	// A second copy into the same database is refused, naming a table.
	out.Reset()
	errOut.Reset()
	if code := run([]string{"copy", "--from", from, "--to", url}, strings.NewReader(""), &out, &errOut); code != exitFail ||
		!strings.Contains(errOut.String(), "is not empty: table ") {
		t.Errorf("a second copy: exit %d %s", code, errOut.String())
	}
}

// A file at another schema version than this binary is refused before the
// target is touched, saying which; the file is not migrated by the copy.
func TestCopyRefusesAnotherSchemaVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	own := sqlite.SchemaVersion()
	if _, err := db.W.Exec("DELETE FROM schema_migrations WHERE version = ?", own); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out, errOut bytes.Buffer
	// No server listens on this port: the copy must stop before it tries.
	code := run([]string{"copy", "--from", path, "--to", "postgres://limber@127.0.0.1:1/limber"}, strings.NewReader(""), &out, &errOut)
	want := fmt.Sprintf("is at schema version %d and this limber's is %d: run `limber migrate --db %s` first", own-1, own, path)
	if code != exitFail || !strings.Contains(errOut.String(), want) {
		t.Errorf("exit %d %q, want %q", code, errOut.String(), want)
	}
	db, err = sqlite.OpenToCopy(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.SchemaVersion(ctx); v != own-1 {
		t.Errorf("the copy changed the file's schema version to %d", v)
	}
}

func TestCopyFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "limber.db"}, "--from FILE and --to postgres://… are both required"},
		{[]string{"--from", "postgres://h/db", "--to", "postgres://h/db2"}, "--from: give the SQLite file"},
		{[]string{"--from", "limber.db", "--to", "other.db"}, "--to: give a postgres:// URL"},
		{[]string{"--from", "limber.db", "--to", "postgres://u:secret@/db"}, "--to: postgres://u:xxxxx@/db names no server"},
	} {
		var out, errOut bytes.Buffer
		if code := run(append([]string{"copy"}, c.args...), strings.NewReader(""), &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("copy %v: exit %d %q, want %q", c.args, code, errOut.String(), c.want)
		}
	}
	var out, errOut bytes.Buffer
	if code := run([]string{"copy", "--from", filepath.Join(t.TempDir(), "none.db"), "--to", "postgres://h/db"}, strings.NewReader(""), &out, &errOut); code != exitFail ||
		!strings.Contains(errOut.String(), "none.db does not exist") {
		t.Errorf("a missing file: %d %s", code, errOut.String())
	}
}
