package httpapi_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
)

func stopBody(h *harness, planID, itemID int64, sessionID, reason string) map[string]any {
	return map[string]any{"client_id": uuid.NewString(), "session_client_id": sessionID, "plan_id": planID, "item_id": itemID,
		"reason": reason, "at": h.clock().Add(-time.Minute).Format(time.RFC3339)}
}

func openAlerts(t *testing.T, h *harness, token, kind string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, a := range h.must(200, "GET", "/api/v1/alerts?open=true", token, nil)["alerts"].([]any) {
		if a := a.(map[string]any); a["kind"] == kind {
			out = append(out, a)
		}
	}
	return out
}

// A stop reaches the PT the moment it is sent: one stop and one alert
// however often (and however simultaneously) the tablet sends it.
func TestStopAlertsAtOnceAndOnce(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientB, nil)
	items := h.planItems(c.patientB, c.planB)
	item := firstItem(items, false)
	session := uuid.NewString()
	body := stopBody(h, c.planB, item, session, "leg_symptoms_spreading")
	first := h.must(201, "POST", "/api/v1/me/stops", c.patientB, body)
	if first["alert_id"] == nil || first["id"] == nil {
		t.Fatalf("a stop for spreading leg symptoms: %v", first)
	}
	alerts := openAlerts(t, h, c.therapistB, "in_session_stop")
	if len(alerts) != 1 || alerts[0]["id"] != first["alert_id"] {
		t.Fatalf("the PT's open in_session_stop alerts: %v (stop answered %v)", alerts, first)
	}
	again := h.must(200, "POST", "/api/v1/me/stops", c.patientB, body)
	if again["id"] != first["id"] || again["alert_id"] != first["alert_id"] {
		t.Errorf("sent again: %v, first %v", again, first)
	}
	// Twenty retries of another stop at once.
	par := stopBody(h, c.planB, item, uuid.NewString(), "electric_shock")
	var wg sync.WaitGroup
	got := make([]response, 20)
	for i := range got {
		wg.Add(1)
		go func(i int) { defer wg.Done(); got[i] = h.do("POST", "/api/v1/me/stops", c.patientB, par) }(i)
	}
	wg.Wait()
	created := 0
	for _, r := range got {
		switch r.status {
		case 201:
			created++
		case 200:
		default:
			t.Fatalf("a parallel retry: %d %s", r.status, r.body)
		}
		if m := r.json(t); m["alert_id"] == nil || m["alert_id"] != got[0].json(t)["alert_id"] {
			t.Errorf("parallel answers differ: %s vs %s", r.body, got[0].body)
		}
	}
	var stops int
	h.get(&stops, `SELECT COUNT(*) FROM session_stops WHERE client_id = ?`, par["client_id"])
	if created != 1 || stops != 1 || len(openAlerts(t, h, c.therapistB, "in_session_stop")) != 2 {
		t.Errorf("20 parallel sends: %d created, %d stored, %d alerts", created, stops, len(openAlerts(t, h, c.therapistB, "in_session_stop")))
	}

	// The finished session with that stop raises no second alert.
	s := sessionBody(h, c.planB, items, session)
	for _, it := range s["items"].([]map[string]any) {
		if int64(it["item_id"].(float64)) == item {
			it["status"], it["reason"] = "stopped", "leg_symptoms_spreading"
		}
	}
	h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 2 {
		t.Errorf("after the session with the stop already sent: %d in_session_stop alerts, want 2", n)
	}
	// A session whose stop was not sent on its own still alerts.
	s = sessionBody(h, c.planB, items, uuid.NewString())
	s["items"].([]map[string]any)[0]["status"], s["items"].([]map[string]any)[0]["reason"] = "stopped", "heat_symptoms"
	h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 3 {
		t.Errorf("a session with a stop the tablet never sent: %d in_session_stop alerts, want 3", n)
	}
}

// Reasons that raise nothing answer alert_id null (contract §7.6).
func TestStopWithoutAlert(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	item := firstItem(h.planItems(c.patientB, c.planB), false)
	for _, reason := range []string{"sharp_pain", "spasm_not_easing", "other"} {
		m := h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), reason))
		if v, ok := m["alert_id"]; !ok || v != nil {
			t.Errorf("%s: alert_id %v (present %v), want null", reason, v, ok)
		}
	}
	if a := openAlerts(t, h, c.therapistB, "in_session_stop"); len(a) != 0 {
		t.Errorf("reasons without alert raised %v", a)
	}
}

// Two sessions stopped for pain raise stopped_for_pain; a stop sent at once
// and its session count as one.
func TestStopForPainCountsEachSessionOnce(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientB, c.planB)
	item := firstItem(items, false)
	session := uuid.NewString()
	h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, session, "sharp_pain"))
	s := sessionBody(h, c.planB, items, session)
	for _, it := range s["items"].([]map[string]any) {
		if int64(it["item_id"].(float64)) == item {
			it["status"], it["reason"] = "stopped", "sharp_pain"
		}
	}
	delete(s, "pain_after")
	h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	if a := openAlerts(t, h, c.therapistB, "stopped_for_pain"); len(a) != 0 {
		t.Fatalf("one session stopped for pain (sent as a stop and as a session) raised %v", a)
	}
	h.advance(time.Hour)
	h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), "sharp_pain"))
	a := openAlerts(t, h, c.therapistB, "stopped_for_pain")
	if len(a) != 1 || !strings.HasPrefix(a[0]["message"].(string), "2 sessions") {
		t.Errorf("a second session stopped for pain: %v", a)
	}
}

// Every field is checked, by name; another patient's plan is not yours.
func TestStopValidation(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientB, c.planB)
	item := firstItem(items, false)
	cases := []struct {
		field string
		set   any
		want  int
	}{
		{"client_id", "not-a-uuid", 422},
		{"client_id", nil, 422},
		{"session_client_id", "123", 422},
		{"plan_id", nil, 422},
		{"plan_id", c.planA, 422},
		{"plan_id", 99999, 422},
		{"plan_id", "seven", 400},
		{"item_id", nil, 422},
		{"item_id", 9999, 422},
		{"reason", "bored", 422},
		{"reason", nil, 422},
		{"at", nil, 422},
		{"at", h.clock().Add(2 * time.Hour).Format(time.RFC3339), 422},
	}
	for _, tc := range cases {
		b := stopBody(h, c.planB, item, uuid.NewString(), "other")
		if tc.set == nil {
			delete(b, tc.field)
		} else {
			b[tc.field] = tc.set
		}
		r := h.do("POST", "/api/v1/me/stops", c.patientB, b)
		var field string
		if r.status >= 400 {
			field, _ = r.json(t)["error"].(map[string]any)["field"].(string)
		}
		if r.status != tc.want || field != tc.field {
			t.Errorf("%s = %v: %d field %q, want %d naming it: %s", tc.field, tc.set, r.status, field, tc.want, r.body)
		}
	}
	// A therapist cannot send a stop; nobody without a token either.
	if r := h.do("POST", "/api/v1/me/stops", c.therapistB, stopBody(h, c.planB, item, uuid.NewString(), "other")); r.status != 403 {
		t.Errorf("a therapist: %d", r.status)
	}
	if r := h.do("POST", "/api/v1/me/stops", "", stopBody(h, c.planB, item, uuid.NewString(), "other")); r.status != 401 {
		t.Errorf("nobody: %d", r.status)
	}
	// A locked item can be stopped: whatever happened, the PT must hear.
	if locked := firstItem(items, true); locked != 0 {
		h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, locked, uuid.NewString(), "electric_shock"))
	}
}

// After a stop_urgent screening a stop is still stored and alerts, and the
// answer says so.
func TestStopAfterStopUrgent(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientB, map[string]any{"RF-3": "yes"})
	item := firstItem(h.planItems(c.patientB, c.planB), false)
	m := h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, uuid.NewString(), "dizzy_breathless_chest_pain"))
	if m["alert_id"] == nil || m["after_stop_urgent"] != true {
		t.Fatalf("a stop after stop_urgent: %v", m)
	}
	a := openAlerts(t, h, c.therapistB, "in_session_stop")
	if len(a) != 1 || !strings.Contains(a[0]["message"].(string), "already said to stop") {
		t.Errorf("the alert: %v", a)
	}
}

// A session left unfinished (no pain after) is stored; it raises no
// pain_rise and the PT's views show it.
func TestUnfinishedSession(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientB, c.planB)
	s := sessionBody(h, c.planB, items[:1], uuid.NewString())
	delete(s, "pain_after")
	m := h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	if v, ok := m["pain_after"]; !ok || v != nil {
		t.Errorf("pain_after %v (present %v), want null", v, ok)
	}
	if a := alertKinds(t, h, c.therapistB); len(a) != 0 {
		t.Errorf("an unfinished session raised %v", a)
	}
	adh := h.must(200, "GET", "/api/v1/patients/"+itoa(c.patientBID)+"/adherence", c.therapistB, nil)
	if p := adh["pain"].([]any); len(p) != 1 || p[0].(map[string]any)["after"] != nil {
		t.Errorf("adherence pain: %v", p)
	}
	for _, path := range []string{"/api/v1/patients", "/api/v1/patients/" + itoa(c.patientBID) + "/sessions"} {
		h.must(200, "GET", path, c.therapistB, nil)
	}
	// pain_before is still required; pain_after, when given, is 0 to 10.
	s = sessionBody(h, c.planB, items[:1], uuid.NewString())
	delete(s, "pain_before")
	if r := h.do("POST", "/api/v1/me/sessions", c.patientB, s); r.status != 422 || !strings.Contains(string(r.body), `"pain_before"`) {
		t.Errorf("no pain_before: %d %s", r.status, r.body)
	}
	s = sessionBody(h, c.planB, items[:1], uuid.NewString())
	s["pain_after"] = 11
	if r := h.do("POST", "/api/v1/me/sessions", c.patientB, s); r.status != 422 || !strings.Contains(string(r.body), `"pain_after"`) {
		t.Errorf("pain_after 11: %d %s", r.status, r.body)
	}
}

// /me/today says which clinic day it is for, and a cleared item no longer
// tells the patient to wait for the PT's OK.
func TestTodayDayAndClearedItems(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.therapistA, c.planA)
	locked := firstItem(items, true)
	if locked == 0 {
		t.Fatal("fixture: no locked item")
	}
	var gate string
	for _, it := range items {
		if int64(it["id"].(float64)) == locked {
			for _, r := range it["reasons"].([]any) {
				if r.(map[string]any)["decision"] == "requires_pt_clearance" {
					gate = r.(map[string]any)["text"].(string)
				}
			}
		}
	}
	h.must(200, "POST", "/api/v1/plans/"+itoa(c.planA)+"/items/"+itoa(locked)+"/clearance", c.therapistA, map[string]any{"note": "Checked in clinic."})
	h.screen(c.patientA, nil)
	today := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil)
	if today["day_ends_at"] != "2026-12-02T00:00:00Z" {
		t.Errorf("day_ends_at %v", today["day_ends_at"])
	}
	if today["day"] != h.clock().Format(time.DateOnly) {
		t.Errorf("day %v, want %s", today["day"], h.clock().Format(time.DateOnly))
	}
	found := false
	for _, it := range today["items"].([]any) {
		it := it.(map[string]any)
		if int64(it["id"].(float64)) != locked {
			continue
		}
		found = true
		for _, cue := range it["cues"].([]any) {
			if cue == gate || strings.Contains(cue.(string), "only after your PT") {
				t.Errorf("a cleared item still says %q", cue)
			}
		}
		for _, r := range it["reasons"].([]any) {
			if r.(map[string]any)["decision"] == "requires_pt_clearance" {
				t.Errorf("a cleared item still carries %v", r)
			}
		}
	}
	if !found {
		t.Errorf("the cleared item %d is not in today's items", locked)
	}
}

// A session that arrives before its stop (the stop was queued behind it)
// raised the alert; the stop answers with that alert and raises none.
func TestStopAfterItsSession(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientB, c.planB)
	item := firstItem(items, false)
	session := uuid.NewString()
	s := sessionBody(h, c.planB, items, session)
	for _, it := range s["items"].([]map[string]any) {
		if int64(it["item_id"].(float64)) == item {
			it["status"], it["reason"] = "stopped", "heat_symptoms"
		}
	}
	h.must(201, "POST", "/api/v1/me/sessions", c.patientB, s)
	alerts := openAlerts(t, h, c.therapistB, "in_session_stop")
	if len(alerts) != 1 {
		t.Fatalf("the session's alerts: %v", alerts)
	}
	m := h.must(201, "POST", "/api/v1/me/stops", c.patientB, stopBody(h, c.planB, item, session, "heat_symptoms"))
	if m["alert_id"] != alerts[0]["id"] {
		t.Errorf("the late stop answers alert %v, want the session's %v", m["alert_id"], alerts[0]["id"])
	}
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("%d in_session_stop alerts, want 1", n)
	}
}
