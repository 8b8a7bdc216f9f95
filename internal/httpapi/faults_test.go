package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
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
