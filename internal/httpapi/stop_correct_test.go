package httpapi_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
)

// A stop reason tapped by mistake is corrected by a second stop naming the
// first: both are stored and linked, the first alert stays and says what
// the patient meant, and the words are names, never identifiers.
func TestStopCorrection(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientB, nil)
	item := firstItem(h.planItems(c.patientB, c.planB), false)
	session := uuid.NewString()

	// An alerting reason by mistake, corrected to one that raises none.
	first := stopBody(h, c.planB, item, session, "pregnancy_warning")
	a1 := h.must(201, "POST", "/api/v1/me/stops", c.patientB, first)
	fix := stopBody(h, c.planB, item, session, "spasm_not_easing")
	fix["corrects"] = first["client_id"]
	a2 := h.must(201, "POST", "/api/v1/me/stops", c.patientB, fix)
	if a2["alert_id"] != nil {
		t.Errorf("a correction to a reason that raises no alert raised one: %v", a2)
	}
	alerts := openAlerts(t, h, c.therapistB, "in_session_stop")
	if len(alerts) != 1 || alerts[0]["id"] != a1["alert_id"] {
		t.Fatalf("the PT's alerts: %v", alerts)
	}
	msg := alerts[0]["message"].(string)
	for _, want := range []string{"Stopped ", "A pregnancy warning sign", "tapped the wrong one", "A spasm that does not ease"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the alert %q lacks %q", msg, want)
		}
	}
	for _, bad := range []string{"pregnancy_warning", "spasm_not_easing", "item "} {
		if strings.Contains(msg, bad) {
			t.Errorf("the alert %q carries the identifier %q", msg, bad)
		}
	}
	var links struct {
		Corrects    *string `db:"corrects"`
		CorrectedBy *string `db:"corrected_by"`
	}
	if err := h.get(&links, `SELECT corrects, corrected_by FROM session_stops WHERE client_id = ?`, first["client_id"]); err != nil || links.CorrectedBy == nil || *links.CorrectedBy != fix["client_id"] {
		t.Errorf("the first stop is not linked to its correction: %+v %v", links, err)
	}
	if err := h.get(&links, `SELECT corrects, corrected_by FROM session_stops WHERE client_id = ?`, fix["client_id"]); err != nil || links.Corrects == nil || *links.Corrects != first["client_id"] {
		t.Errorf("the correction does not name the first stop: %+v %v", links, err)
	}
	// The same correction again: 200, nothing new.
	again := h.must(200, "POST", "/api/v1/me/stops", c.patientB, fix)
	if again["id"] != a2["id"] {
		t.Errorf("sent again: %v, first %v", again, a2)
	}
	// A second correction of the same stop is refused: correct the latest.
	twice := stopBody(h, c.planB, item, session, "other")
	twice["corrects"] = first["client_id"]
	if r := h.do("POST", "/api/v1/me/stops", c.patientB, twice); r.status != 422 || !strings.Contains(string(r.body), "corrects") {
		t.Errorf("correcting a corrected stop: %d %s", r.status, r.body)
	}

	// A reason that raises none, corrected to one that does: the alert goes then.
	s2 := uuid.NewString()
	quiet := stopBody(h, c.planB, item, s2, "other")
	if r := h.must(201, "POST", "/api/v1/me/stops", c.patientB, quiet); r["alert_id"] != nil {
		t.Fatalf("'other' raised an alert: %v", r)
	}
	loud := stopBody(h, c.planB, item, s2, "dizzy_breathless_chest_pain")
	loud["corrects"] = quiet["client_id"]
	r := h.must(201, "POST", "/api/v1/me/stops", c.patientB, loud)
	if r["alert_id"] == nil {
		t.Fatalf("the corrected reason raises an alert, none came: %v", r)
	}
	alerts = openAlerts(t, h, c.therapistB, "in_session_stop")
	if len(alerts) != 2 {
		t.Fatalf("%d alerts, want 2", len(alerts))
	}
	var newest string
	for _, a := range alerts {
		if a["id"] == r["alert_id"] {
			newest = a["message"].(string)
		}
	}
	if !strings.Contains(newest, "Dizzy, breathless or chest pain") || !strings.Contains(newest, "Something else") {
		t.Errorf("the alert after a correction: %q", newest)
	}
	if n := h.count(`SELECT COUNT(*) FROM session_stops WHERE patient_id = ?`, c.patientBID); n != 4 {
		t.Errorf("%d stops stored, want all 4", n)
	}

	// Bad corrections name the field.
	for name, v := range map[string]string{"not a uuid": "nope", "unknown": uuid.NewString()} {
		b := stopBody(h, c.planB, item, s2, "other")
		b["corrects"] = v
		if r := h.do("POST", "/api/v1/me/stops", c.patientB, b); r.status != 422 || !strings.Contains(string(r.body), "corrects") {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	other := stopBody(h, c.planB, item, uuid.NewString(), "other")
	other["corrects"] = loud["client_id"]
	if r := h.do("POST", "/api/v1/me/stops", c.patientB, other); r.status != 422 || !strings.Contains(string(r.body), "another session") {
		t.Errorf("correcting another session's stop: %d %s", r.status, r.body)
	}
}
