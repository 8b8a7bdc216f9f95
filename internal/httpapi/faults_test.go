package httpapi_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the database's operator
	"github.com/limber-health/limber/internal/postgres/postgrestest"
)

// TestFullDisk: when the database cannot grow (a full disk, simulated with
// PRAGMA max_page_count on the one writer connection), writes answer 503
// with Retry-After, nothing is half-written, and reads go on.
func TestFullDisk(t *testing.T) {
	if onPostgres() {
		t.Skip("a full SQLite file; PostgreSQL's read-only database is TestReadOnlyDatabase")
	}
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientA, c.planA)
	var pages int
	if err := h.db.W.Get(&pages, "PRAGMA page_count"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.W.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	// Fill every free byte: big entries first, then ever smaller ones,
	// until even the smallest does not fit.
	var full bool
	for size := 1900; size > 0; size /= 2 {
		full = fill(t, h, c.patientA, strings.Repeat("x", size))
	}
	if !full {
		t.Fatal("the simulated disk never filled")
	}
	// Sessions live in their own table with its own free space: fill it
	// too, with a pain rise each time, so every attempt would also write
	// an alert. The one refused must leave neither session nor alert.
	var alertsBefore int
	var refused bool
	for size := 1900; size > 0 && !refused; size /= 2 {
		for i := 0; i < 300; i++ {
			before := counts(t, h)
			h.get(&alertsBefore, "SELECT COUNT(*) FROM alerts WHERE kind = 'pain_rise'")
			body := sessionBody(h, c.planA, items, uuid.NewString())
			body["pain_after"], body["notes"] = 9, strings.Repeat("y", size)
			r := h.do("POST", "/api/v1/me/sessions", c.patientA, body)
			if r.status == 201 {
				continue
			}
			if r.status != 503 {
				t.Fatalf("a session on a full disk: %d %s", r.status, r.body)
			}
			if after := counts(t, h); after != before {
				t.Errorf("a failed session changed the database: %v -> %v", before, after)
			}
			refused = size == 1 || refused
			break
		}
	}
	var alerts int
	h.get(&alerts, "SELECT COUNT(*) FROM alerts WHERE kind = 'pain_rise'")
	if alerts != alertsBefore {
		t.Errorf("the failed session left an alert behind")
	}
	// Reads go on.
	h.must(200, "GET", "/api/v1/me/journal", c.patientA, nil)
	h.must(200, "GET", "/api/v1/patients/"+itoa(c.patientAID), c.therapistA, nil)
	h.must(200, "GET", "/api/v1/me/plan", c.patientA, nil)
	// Room again: writes work.
	if _, err := h.db.W.Exec("PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	h.must(201, "POST", "/api/v1/me/journal", c.patientA, map[string]any{"region": "neck", "intensity": 3})
}

// fill adds journal entries with note until one is refused with 503; it
// reports whether that happened.
func fill(t *testing.T, h *harness, token, note string) bool {
	t.Helper()
	for i := 0; i < 500; i++ {
		before := counts(t, h)
		r := h.do("POST", "/api/v1/me/journal", token, map[string]any{"region": "neck", "intensity": 3, "note": note})
		switch r.status {
		case 201:
			continue
		case 503:
			if r.header.Get("Retry-After") == "" || r.errCode() != "unavailable" {
				t.Errorf("503 without Retry-After or code: %v %s", r.header, r.body)
			}
			if after := counts(t, h); after != before {
				t.Errorf("a failed write changed the database: %v -> %v", before, after)
			}
			return true
		default:
			t.Fatalf("journal entry: %d %s", r.status, r.body)
		}
	}
	return false
}

// TestReadOnlyPostgres: PostgreSQL set read-only (a primary its operator
// fenced, a standby not yet promoted) answers every write through the API
// with 503 and Retry-After and keeps nothing of it, reads go on, and once
// the database takes writes again the same session is stored, once,
// without restarting Limber.
func TestReadOnlyPostgres(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL's read-only database; SQLite's full disk is TestFullDisk")
	}
	h := newHarness(t)
	c := h.clinic()
	body := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	readOnly := func(on bool) {
		t.Helper()
		admin, err := sql.Open("pgx", h.pgURL)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		conn, err := admin.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// The session itself may read the database's setting: it says
		// otherwise for itself before changing the database's.
		for _, q := range []string{"SET default_transaction_read_only = off",
			fmt.Sprintf(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %%I SET default_transaction_read_only = %v', current_database()); END $$`, on)} {
			if _, err := conn.ExecContext(context.Background(), q); err != nil {
				t.Fatal(err)
			}
		}
		postgrestest.TerminateConnections(t, h.pgURL) // new connections read the setting
		// Each idle connection the server ended fails the one request that
		// finds it (503, and the pool drops it): find them here, so that
		// what follows meets the database's new setting, not its restart.
		for range 12 {
			h.db.R.Exec("SELECT 1")
		}
	}
	readOnly(true)
	// The pool meets the setting, not a connection the restart ended: a
	// write straight through it is refused as read-only (SQLSTATE 25006).
	var pe *pgconn.PgError
	if _, err := h.db.W.Exec(`INSERT INTO settings (key, value) VALUES ('read-only', 'test')`); !errors.As(err, &pe) || pe.Code != "25006" {
		t.Fatalf("a write straight to the read-only database: %v", err)
	}
	before := counts(t, h)
	writes := []struct {
		method, path, token string
		body                any
	}{
		{"POST", "/api/v1/me/sessions", c.patientA, body},
		{"POST", "/api/v1/me/journal", c.patientA, map[string]any{"region": "neck", "intensity": 3}},
		{"PATCH", "/api/v1/patients/" + itoa(c.patientAID), c.therapistA, map[string]any{"notes": "read-only"}},
	}
	for _, w := range writes {
		r := h.do(w.method, w.path, w.token, w.body)
		if r.status != 503 || r.header.Get("Retry-After") == "" || r.errCode() != "unavailable" {
			t.Errorf("%s %s on a read-only database: %d %v %s", w.method, w.path, r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	if after := counts(t, h); after != before {
		t.Errorf("writes refused by a read-only database changed it: %v -> %v", before, after)
	}
	h.must(200, "GET", "/api/v1/me/plan", c.patientA, nil)
	h.must(200, "GET", "/api/v1/patients/"+itoa(c.patientAID), c.therapistA, nil)

	readOnly(false)
	var r response
	for range 2 { // the first may meet a connection that was ended
		if r = h.do("POST", "/api/v1/me/sessions", c.patientA, body); r.status != 503 {
			break
		}
	}
	if r.status != 201 {
		t.Fatalf("the session sent again once the database takes writes: %d %s", r.status, r.body)
	}
	var n int
	h.get(&n, "SELECT COUNT(*) FROM exercise_sessions WHERE client_id = ?", body["client_id"])
	if n != 1 {
		t.Errorf("the session is stored %d times", n)
	}
}
