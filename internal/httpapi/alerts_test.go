package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func alertKinds(t *testing.T, h *harness, token string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, a := range h.must(200, "GET", "/api/v1/alerts?open=true", token, nil)["alerts"].([]any) {
		out[a.(map[string]any)["kind"].(string)]++
	}
	return out
}

func TestSessionAlerts(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientB, c.planB)
	send := func(painBefore, painAfter int, stopReason string) {
		t.Helper()
		b := sessionBody(h, c.planB, items, uuid.NewString())
		b["pain_before"], b["pain_after"] = painBefore, painAfter
		if stopReason != "" {
			first := b["items"].([]map[string]any)[0]
			first["status"], first["reason"] = "stopped", stopReason
		}
		h.must(201, "POST", "/api/v1/me/sessions", c.patientB, b)
		h.advance(time.Hour)
	}
	send(3, 3, "")
	if k := alertKinds(t, h, c.therapistB); len(k) != 0 {
		t.Errorf("a quiet session raised %v", k)
	}
	send(3, 5, "")
	if alertKinds(t, h, c.therapistB)["pain_rise"] != 1 {
		t.Errorf("pain 3 -> 5 must raise pain_rise")
	}
	send(4, 4, "electric_shock")
	if alertKinds(t, h, c.therapistB)["in_session_stop"] != 1 {
		t.Errorf("a stop for the electric-shock feeling must alert")
	}
	send(4, 4, "sharp_pain")
	if k := alertKinds(t, h, c.therapistB); k["stopped_for_pain"] != 0 || k["in_session_stop"] != 1 {
		t.Errorf("one stop for sharp pain alerts nothing yet: %v", k)
	}
	send(4, 4, "leg_symptoms_spreading")
	if k := alertKinds(t, h, c.therapistB); k["stopped_for_pain"] != 1 || k["in_session_stop"] != 2 {
		t.Errorf("two stops for pain within 7 days: %v", k)
	}
	// Therapist A sees none of them.
	if k := alertKinds(t, h, c.therapistA); k["pain_rise"]+k["in_session_stop"]+k["stopped_for_pain"] != 0 {
		t.Errorf("therapist A sees %v", k)
	}
	// The adherence figures count the sessions.
	a := h.must(200, "GET", "/api/v1/patients/"+itoa(c.patientBID)+"/adherence", c.therapistB, nil)
	if weeks := a["weeks"].([]any); weeks[0].(map[string]any)["done"].(float64) != 5 || a["days_with_data_30d"].(float64) < 1 {
		t.Errorf("adherence %v", a)
	}
}

// A session sent late, after the plan changed, is stored against the
// version it followed; an item since withdrawn raises a review alert.
func TestLateSessionOnAnOldVersion(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	oldItems := h.planItems(c.patientB, c.planB)
	body := sessionBody(h, c.planB, oldItems, uuid.NewString())
	body["plan_version"] = 1
	h.advance(time.Hour)
	removed := firstItem(oldItems, false)
	h.must(200, "DELETE", "/api/v1/plans/"+itoa(c.planB)+"/items/"+itoa(removed), c.therapistB, nil)
	h.advance(2 * 24 * time.Hour)
	s := h.must(201, "POST", "/api/v1/me/sessions", c.patientB, body)
	if s["plan_version"].(float64) != 1 {
		t.Errorf("stored against version %v", s["plan_version"])
	}
	found := false
	therapistB := h.login("b@clinic.test", password) // the old staff session idled out
	for _, a := range h.must(200, "GET", "/api/v1/alerts", therapistB, nil)["alerts"].([]any) {
		if strings.Contains(a.(map[string]any)["message"].(string), "since withdrawn") {
			found = true
		}
	}
	if !found {
		t.Errorf("want a review alert for the withdrawn item")
	}
}

func TestMetrics(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.must(201, "POST", "/api/v1/me/journal", c.patientA, map[string]any{"region": "neck", "intensity": 2})
	h.do("GET", "/healthz", "", nil)
	r := h.do("GET", "/metrics", "", nil)
	body := string(r.body)
	// SQLite has a write connection and a read pool; PostgreSQL one pool.
	pool := `db_name="write"`
	if onPostgres() {
		pool = `db_name="pool"`
	}
	for _, want := range []string{`limber_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200"`, "go_sql_wait_count_total", pool,
		`limber_db_write_seconds_count{phase="hold"}`, `limber_db_write_seconds_count{phase="wait"}`} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
