package httpapi_test

import (
	"github.com/limber-health/limber/internal/limber"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// Attacks on a running server, found by a second reader (issue 8, §3).

// A patient (or a stolen tablet token) sending the same stop over and over,
// each with a new client id, raises one open alert for it, not one each:
// the PT's inbox is not drowned, and the alerts of other patients stay in
// sight. Every stop is still stored.
func TestStopFloodRaisesOneOpenAlert(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientB, nil)
	items := h.planItems(c.patientB, c.planB)
	item := firstItem(items, false)
	var first any
	for i := 0; i < 30; i++ {
		got := h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), "electric_shock"))
		if i == 0 {
			first = got["alert_id"]
		}
		if got["alert_id"] == nil || got["alert_id"] != first {
			t.Fatalf("stop %d: alert %v, the first stop's was %v", i, got["alert_id"], first)
		}
	}
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("30 stops of one item for one reason: %d open alerts", n)
	}
	var stored int
	h.get(&stored, `SELECT COUNT(*) FROM session_stops`)
	if stored != 30 {
		t.Errorf("%d stops stored, want 30", stored)
	}
	// Once the PT has seen it, the next stop tells them again.
	h.must(200, "POST", "/api/v1/alerts/"+itoa(int64(first.(float64)))+"/acknowledge", c.therapistB, nil)
	again := h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), "electric_shock"))
	if again["alert_id"] == nil || again["alert_id"] == first {
		t.Errorf("a stop after the PT acknowledged: alert %v (first %v)", again["alert_id"], first)
	}
	// A finished session stopping the same item for the same reason while
	// that alert is open adds none either.
	s := sessionBody(h, c.planB, items, uuid.NewString())
	for _, it := range s["items"].([]map[string]any) {
		if it["item_id"] == item {
			it["status"], it["reason"] = "stopped", "electric_shock"
		}
	}
	h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("after a session with the same stop: %d open alerts", n)
	}
}

// A stop dated before its plan existed is refused, as a session is: it
// would be filed on a day long gone (1990 was taken).
func TestStopBeforeThePlanIsRefused(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	item := firstItem(h.planItems(c.patientB, c.planB), false)
	body := stopBody(h, c.planB, item, uuid.NewString(), "sharp_pain")
	body["at"] = "1990-01-01T00:00:00Z"
	if got := h.do("POST", "/api/v1/me/stops", c.patientB, body); got.status != 422 || !strings.Contains(string(got.body), `"field":"at"`) {
		t.Errorf("a stop in 1990: %d %s", got.status, got.body)
	}
}

// A flood of stops, each with a new id, is bounded per patient and day
// (each stop read all the week's stops in the write lock: 4,000 made a
// stop 4 times slower); retries of a stored stop still get their answer.
func TestStopFloodIsBounded(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	item := firstItem(h.planItems(c.patientB, c.planB), false)
	var last map[string]any
	for i := 0; i < limber.MaxStopsPerDay; i++ {
		last = stopBody(h, c.planB, item, uuid.NewString(), "spasm_not_easing")
		h.must(201, "POST", "/api/v1/me/stops", c.patientB, last)
	}
	if got := h.do("POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), "spasm_not_easing")); got.status != 429 {
		t.Errorf("stop %d in a day: %d %s", limber.MaxStopsPerDay+1, got.status, got.body)
	}
	h.must(200, "POST", "/api/v1/me/stops", c.patientB, last)
	// Another patient is not held back, nor the same one a day later.
	h.must(201, "POST", "/api/v1/me/stops", c.patientA, stopBody(h, c.planA, firstItem(h.planItems(c.patientA, c.planA), false), uuid.NewString(), "other"))
	h.advance(24*time.Hour + time.Minute)
	h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), "spasm_not_easing"))
}

// Acknowledging one red flag lifts the contact_care_team of that
// screening, not of a later one whose red flag the PT has not yet seen: a
// fever answered in the morning, read in the afternoon, must not let the
// patient move again past the new back pain answered at noon.
func TestAcknowledgingOneRedFlagKeepsAnUnseenOne(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	if s := h.screen(c.patientA, map[string]any{"RF-9": "yes"}); s["outcome"] != "contact_care_team" {
		t.Fatalf("RF-9 yes: %v", s["outcome"])
	}
	fever := redFlagAlert(t, h, c.therapistA, "RF-9")
	h.advance(3 * time.Hour)
	if s := h.screen(c.patientA, map[string]any{"RF-13": "yes"}); s["outcome"] != "contact_care_team" {
		t.Fatalf("RF-13 yes at noon: %v", s["outcome"])
	}
	h.must(200, "POST", "/api/v1/alerts/"+fever+"/acknowledge", c.therapistA, nil)
	if s := h.screen(c.patientA, nil); s["outcome"] != "contact_care_team" {
		t.Errorf("after the PT acknowledged only the fever: %v", s["outcome"])
	}
	h.must(200, "POST", "/api/v1/alerts/"+redFlagAlert(t, h, c.therapistA, "RF-13")+"/acknowledge", c.therapistA, nil)
	if s := h.screen(c.patientA, nil); s["outcome"] != "proceed" {
		t.Errorf("after the PT acknowledged both: %v", s["outcome"])
	}
}

// Screenings are bounded per patient and day: each red flag answered is an
// alert, and 200 sent at once put 200 in the PT's inbox.
func TestScreeningFloodIsBounded(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	for i := 0; i < limber.MaxScreeningsPerDay; i++ {
		h.screen(c.patientA, map[string]any{"RF-12": "yes"})
	}
	body := map[string]any{"answers": map[string]any{"RF-1": "no", "RF-2": "no", "RF-3": "no", "RF-4": "no", "RF-5": "no", "RF-6": "no", "RF-7": "no", "RF-12": "yes"}}
	if got := h.do("POST", "/api/v1/me/screenings", c.patientA, body); got.status != 429 {
		t.Errorf("screening %d in a day: %d %s", limber.MaxScreeningsPerDay+1, got.status, got.body)
	}
	h.screen(c.patientB, nil)
	h.advance(24*time.Hour + time.Minute)
	h.screen(c.patientA, nil)
}

// Sessions sent over and over with the same pain rise raise one open
// pain_rise alert, not one each (3,000 sessions were sent in 1.5 s); a
// different rise is said.
func TestPainRiseFloodRaisesOneOpenAlert(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientB, nil)
	items := h.planItems(c.patientB, c.planB)
	send := func(before, after int) {
		s := sessionBody(h, c.planB, items, uuid.NewString())
		s["pain_before"], s["pain_after"] = before, after
		h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	}
	for i := 0; i < 20; i++ {
		send(2, 6)
	}
	if n := len(openAlerts(t, h, c.therapistB, "pain_rise")); n != 1 {
		t.Errorf("20 sessions with pain 2 to 6: %d open pain_rise alerts", n)
	}
	send(2, 9)
	if n := len(openAlerts(t, h, c.therapistB, "pain_rise")); n != 2 {
		t.Errorf("then pain 2 to 9: %d open pain_rise alerts, want 2", n)
	}
}
