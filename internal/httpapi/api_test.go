package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
)

// planItems returns a plan's items as maps.
func (h *harness) planItems(token string, planID int64) []map[string]any {
	h.t.Helper()
	p := h.must(200, "GET", "/api/v1/plans/"+itoa(planID), token, nil)
	var out []map[string]any
	for _, it := range p["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func firstItem(items []map[string]any, locked bool) int64 {
	for _, it := range items {
		if it["locked"].(bool) == locked {
			return int64(it["id"].(float64))
		}
	}
	return 0
}

func sessionBody(h *harness, planID int64, items []map[string]any, clientID string) map[string]any {
	now := h.clock()
	var done []map[string]any
	for _, it := range items {
		if !it["locked"].(bool) {
			done = append(done, map[string]any{"item_id": it["id"], "status": "done", "at": now.Add(-5 * time.Minute).Format("2006-01-02T15:04:05Z")})
		}
	}
	return map[string]any{
		"client_id": clientID, "plan_id": planID,
		"started_at": now.Add(-15 * time.Minute).Format("2006-01-02T15:04:05Z"), "finished_at": now.Add(-time.Minute).Format("2006-01-02T15:04:05Z"),
		"pain_before": 4, "pain_after": 3, "items": done,
	}
}

// TestAuthorizationMatrix calls every route as nobody, patient A, patient
// B, therapist A, therapist B and the admin; the resources are patient A's.
func TestAuthorizationMatrix(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.therapistA, c.planA)
	locked, open := firstItem(items, true), firstItem(items, false)
	if locked == 0 || open == 0 {
		t.Fatalf("fixture: want a locked and an open item in %v", items)
	}
	pa, pl := itoa(c.patientAID), itoa(c.planA)
	type who struct{ nobody, patA, patB, thA, thB, admin int }
	cases := []struct {
		method, path string
		body         any
		want         who
	}{
		{"GET", "/api/v1/exercises", nil, who{401, 200, 200, 200, 200, 200}},
		{"GET", "/api/v1/exercises/body-scan?patient_id=" + pa, nil, who{401, 200, 404, 200, 404, 200}},
		{"GET", "/api/v1/patients", nil, who{401, 403, 403, 200, 200, 200}},
		{"POST", "/api/v1/patients", map[string]any{"name": "New", "mobility": "M1"}, who{401, 403, 403, 201, 201, 403}},
		{"GET", "/api/v1/patients/" + pa, nil, who{401, 403, 403, 200, 404, 200}},
		{"PATCH", "/api/v1/patients/" + pa, map[string]any{"notes": "seen today"}, who{401, 403, 403, 200, 404, 403}},
		{"POST", "/api/v1/patients/" + pa + "/enrollment", nil, who{401, 403, 403, 201, 404, 403}},
		{"POST", "/api/v1/patients/" + pa + "/plans", map[string]any{"minutes": 10}, who{401, 403, 403, 201, 404, 403}},
		{"GET", "/api/v1/patients/" + pa + "/sessions", nil, who{401, 403, 403, 200, 404, 200}},
		{"GET", "/api/v1/patients/" + pa + "/journal", nil, who{401, 403, 403, 200, 404, 200}},
		{"GET", "/api/v1/patients/" + pa + "/adherence", nil, who{401, 403, 403, 200, 404, 200}},
		{"GET", "/api/v1/patients/" + pa + "/audit", nil, who{401, 403, 403, 200, 404, 200}},
		{"GET", "/api/v1/plans/" + pl, nil, who{401, 200, 404, 200, 404, 200}},
		{"POST", "/api/v1/plans/" + pl + "/items", map[string]any{"exercise_id": "ankle-pumps-and-circles", "position": "supine"}, who{401, 403, 403, 201, 404, 403}},
		{"PATCH", "/api/v1/plans/" + pl + "/items/" + itoa(open), map[string]any{"index": 0}, who{401, 403, 403, 200, 404, 403}},
		{"POST", "/api/v1/plans/" + pl + "/items/" + itoa(locked) + "/clearance", map[string]any{"note": "ok in clinic"}, who{401, 403, 403, 200, 404, 403}},
		{"DELETE", "/api/v1/plans/" + pl + "/items/" + itoa(open), nil, who{401, 403, 403, 200, 404, 403}},
		{"POST", "/api/v1/plans/" + pl + "/activate", nil, who{401, 403, 403, 200, 404, 403}},
		{"GET", "/api/v1/alerts", nil, who{401, 403, 403, 200, 200, 200}},
		{"POST", "/api/v1/plan-preview", map[string]any{"profile": map[string]any{"mobility": "M3"}}, who{401, 403, 403, 200, 200, 200}},
		{"GET", "/api/v1/me", nil, who{401, 200, 200, 403, 403, 403}},
		{"GET", "/api/v1/me/plan", nil, who{401, 200, 200, 403, 403, 403}},
		{"GET", "/api/v1/me/today", nil, who{401, 200, 200, 403, 403, 403}},
		{"POST", "/api/v1/me/screenings", map[string]any{"answers": map[string]any{"RF-1": "no", "RF-2": "no", "RF-3": "no", "RF-4": "no", "RF-5": "no", "RF-6": "no", "RF-7": "no"}}, who{401, 201, 201, 403, 403, 403}},
		{"GET", "/api/v1/me/sessions", nil, who{401, 200, 200, 403, 403, 403}},
		{"POST", "/api/v1/me/journal", map[string]any{"region": "low_back", "intensity": 4}, who{401, 201, 201, 403, 403, 403}},
		{"GET", "/api/v1/me/journal", nil, who{401, 200, 200, 403, 403, 403}},
		{"GET", "/api/v1/patients/" + pa + "/devices", nil, who{401, 403, 403, 200, 404, 200}},
		{"POST", "/api/v1/patients/" + pa + "/devices/999/revoke", nil, who{401, 403, 403, 404, 404, 404}},
		{"GET", "/api/v1/settings", nil, who{401, 200, 200, 200, 200, 200}},
		{"PATCH", "/api/v1/settings", map[string]any{"clinic_phone": "+1 555 0100"}, who{401, 403, 403, 403, 403, 200}},
		{"GET", "/api/v1/users", nil, who{401, 403, 403, 403, 403, 200}},
		{"POST", "/api/v1/users/999/disable", nil, who{401, 403, 403, 403, 403, 404}},
		{"POST", "/api/v1/users/999/password-reset", nil, who{401, 403, 403, 403, 403, 404}},
		{"POST", "/api/v1/auth/password", map[string]any{"current_password": "nope", "new_password": "a different password"}, who{401, 403, 403, 422, 422, 422}},
		{"GET", "/api/v1/openapi.json", nil, who{200, 200, 200, 200, 200, 200}},
	}
	for _, tc := range cases {
		// The resource's owners go last, so that a change they make never
		// changes what the others are asked about.
		for _, r := range []struct {
			name  string
			token string
			want  int
		}{
			{"nobody", "", tc.want.nobody}, {"patient B", c.patientB, tc.want.patB}, {"therapist B", c.therapistB, tc.want.thB},
			{"admin", c.admin, tc.want.admin}, {"patient A", c.patientA, tc.want.patA}, {"therapist A", c.therapistA, tc.want.thA},
		} {
			got := h.do(tc.method, tc.path, r.token, tc.body)
			if got.status != r.want {
				t.Errorf("%s %s as %s: %d, want %d: %s", tc.method, tc.path, r.name, got.status, r.want, got.body)
			}
		}
	}
	// The patient's own session and alert routes, with their own resources.
	h.advance(time.Hour)
	body := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	for _, r := range []struct {
		token string
		want  int
	}{{"", 401}, {c.therapistA, 403}, {c.admin, 403}, {c.patientB, 422}, {c.patientA, 201}} {
		if got := h.do("POST", "/api/v1/me/sessions", r.token, body); got.status != r.want {
			t.Errorf("POST /me/sessions: %d, want %d: %s", got.status, r.want, got.body)
		}
	}
	stop := stopBody(h, c.planA, open, uuid.NewString(), "electric_shock")
	for _, r := range []struct {
		token string
		want  int
	}{{"", 401}, {c.therapistA, 403}, {c.admin, 403}, {c.patientB, 422}, {c.patientA, 201}} {
		if got := h.do("POST", "/api/v1/me/stops", r.token, stop); got.status != r.want {
			t.Errorf("POST /me/stops: %d, want %d: %s", got.status, r.want, got.body)
		}
	}
	// A new condition lapses the clearance given above: an alert to review.
	h.must(200, "PATCH", "/api/v1/patients/"+pa, c.therapistA, map[string]any{"conditions": []string{"lhermitte", "fatigue"}})
	alerts := h.must(200, "GET", "/api/v1/alerts", c.therapistA, nil)["alerts"].([]any)
	if len(alerts) == 0 {
		t.Fatal("want an alert for patient A (the profile change)")
	}
	aid := itoa(int64(alerts[0].(map[string]any)["id"].(float64)))
	for _, r := range []struct {
		token string
		want  int
	}{{"", 401}, {c.patientA, 403}, {c.therapistB, 404}, {c.admin, 403}, {c.therapistA, 200}} {
		if got := h.do("POST", "/api/v1/alerts/"+aid+"/acknowledge", r.token, nil); got.status != r.want {
			t.Errorf("acknowledge as %q: %d, want %d: %s", r.token[:min(len(r.token), 4)], got.status, r.want, got.body)
		}
	}
	// Therapist B's alert list never shows patient A.
	for _, a := range h.must(200, "GET", "/api/v1/alerts", c.therapistB, nil)["alerts"].([]any) {
		if int64(a.(map[string]any)["patient_id"].(float64)) == c.patientAID {
			t.Errorf("therapist B sees patient A's alert")
		}
	}
}

func TestSessionIdempotentUnderConcurrentRetries(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientA, nil)
	body := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	ids := make([]string, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := h.do("POST", "/api/v1/me/sessions", c.patientA, body)
			statuses[i] = r.status
			if r.status < 300 {
				ids[i] = fmt.Sprint(r.json(t)["id"])
			}
		}()
	}
	wg.Wait()
	created := 0
	for i, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusOK:
		default:
			t.Errorf("attempt %d: status %d", i, s)
		}
		if ids[i] != ids[0] {
			t.Errorf("attempt %d got session %s, first got %s", i, ids[i], ids[0])
		}
	}
	if created != 1 {
		t.Errorf("%d attempts created a session, want exactly 1", created)
	}
	list := h.must(200, "GET", "/api/v1/me/sessions", c.patientA, nil)["sessions"].([]any)
	if len(list) != 1 {
		t.Errorf("%d sessions stored, want 1", len(list))
	}
}

func TestConcurrentSessionsAllStored(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientA, c.planA)
	var wg sync.WaitGroup
	errs := make(chan string, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := h.do("POST", "/api/v1/me/sessions", c.patientA, sessionBody(h, c.planA, items, uuid.NewString()))
			if r.status != http.StatusCreated {
				errs <- fmt.Sprintf("%d: %s", r.status, r.body)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	n := 0
	if err := h.get(&n, "SELECT COUNT(*) FROM exercise_sessions"); err != nil || n != 50 {
		t.Errorf("%d sessions stored (%v), want 50", n, err)
	}
	if strings.Contains(h.logs.String(), "database is locked") {
		t.Errorf("the log mentions a locked database")
	}
}

// A tablet that missed the answer to a stored session sends it again: it
// gets the stored session (200), even when a check made since would refuse
// it as new (today's screening said stop_urgent) or its body is now wrong.
func TestStoredSessionRetriedAfterARefusal(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientA, nil)
	body := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	first := h.must(201, "POST", "/api/v1/me/sessions", c.patientA, body)
	h.screen(c.patientA, map[string]any{"RF-3": "not_sure"})
	if r := h.do("POST", "/api/v1/me/sessions", c.patientA, sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())); r.status != 409 {
		t.Fatalf("a new session after stop_urgent: %d %s", r.status, r.body)
	}
	again := h.must(200, "POST", "/api/v1/me/sessions", c.patientA, body)
	if again["id"] != first["id"] {
		t.Errorf("the retry got session %v, the first %v", again["id"], first["id"])
	}
	body["plan_version"] = 99
	if again := h.must(200, "POST", "/api/v1/me/sessions", c.patientA, body); again["id"] != first["id"] {
		t.Errorf("the retry with a wrong version got %v", again["id"])
	}
	// Another patient sending the same client id stores nothing of A's.
	other := sessionBody(h, c.planB, h.planItems(c.patientB, c.planB), body["client_id"].(string))
	h.screen(c.patientB, nil)
	if r := h.must(201, "POST", "/api/v1/me/sessions", c.patientB, other); r["id"] == first["id"] {
		t.Error("patient B got patient A's session")
	}
}
