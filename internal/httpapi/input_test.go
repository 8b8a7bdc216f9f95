package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/limber-health/limber/internal/httpapi"
)

func TestOpenAPICoversEveryRoute(t *testing.T) {
	h := newHarness(t)
	if missing := httpapi.Undocumented(h.api.Echo); len(missing) > 0 {
		t.Errorf("routes missing from the OpenAPI document: %v", missing)
	}
	doc := h.must(200, "GET", "/api/v1/openapi.json", "", nil)
	if doc["openapi"] != "3.0.3" || len(doc["paths"].(map[string]any)) < 25 {
		t.Errorf("document %v", doc["info"])
	}
}

// TestBadInput sends every write route malformed, mistyped and invalid
// bodies: each gets a 4xx naming the field, and nothing changes.
func TestBadInput(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pa, pl := itoa(c.patientAID), itoa(c.planA)
	items := h.planItems(c.therapistA, c.planA)
	open := itoa(firstItem(items, false))
	big := `{"name":"` + strings.Repeat("x", 300<<10) + `","mobility":"M1"}`
	now := h.clock()
	sess := func(edit func(m map[string]any)) map[string]any {
		m := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
		edit(m)
		return m
	}
	cases := []struct {
		name, method, path, token string
		body                      any
		status                    int
		field                     string
	}{
		{"login malformed", "POST", "/api/v1/auth/login", "", `{"email":`, 400, ""},
		{"login wrong type", "POST", "/api/v1/auth/login", "", `{"email":1,"password":"x"}`, 400, "email"},
		{"login unknown field", "POST", "/api/v1/auth/login", "", `{"email":"a@b","password":"x","admin":true}`, 400, "admin"},
		{"login no email", "POST", "/api/v1/auth/login", "", `{"password":"x"}`, 422, "email"},
		{"enroll no code", "POST", "/api/v1/auth/enroll", "", `{}`, 422, "code"},
		{"enroll wrong code", "POST", "/api/v1/auth/enroll", "", `{"code":"AAAAAAAA"}`, 401, "code"},
		{"patient empty body", "POST", "/api/v1/patients", c.therapistA, ``, 400, ""},
		{"patient not an object", "POST", "/api/v1/patients", c.therapistA, `[1,2]`, 400, ""},
		{"patient no name", "POST", "/api/v1/patients", c.therapistA, `{"mobility":"M1"}`, 422, "name"},
		{"patient unknown mobility", "POST", "/api/v1/patients", c.therapistA, `{"name":"X","mobility":"M9"}`, 422, "mobility"},
		{"patient unknown condition", "POST", "/api/v1/patients", c.therapistA, `{"name":"X","mobility":"M1","conditions":["osteo"]}`, 422, "conditions[0]"},
		{"patient conditions wrong type", "POST", "/api/v1/patients", c.therapistA, `{"name":"X","mobility":"M1","conditions":"lhermitte"}`, 400, "conditions"},
		{"patient pregnancy week too big", "POST", "/api/v1/patients", c.therapistA, `{"name":"X","mobility":"M1","pregnancy_week":60}`, 422, "pregnancy_week"},
		{"patient lying only at M2", "POST", "/api/v1/patients", c.therapistA, `{"name":"X","mobility":"M2","lying_only":true}`, 422, "lying_only"},
		{"patient body too large", "POST", "/api/v1/patients", c.therapistA, big, 413, ""},
		{"patient wrong content type", "POST", "/api/v1/patients", c.therapistA, "name=X", 400, ""},
		{"patch unknown field", "PATCH", "/api/v1/patients/" + pa, c.therapistA, `{"colour":"red"}`, 400, "colour"},
		{"patch both back pains", "PATCH", "/api/v1/patients/" + pa, c.therapistA, `{"conditions":["back_pain_msk","back_pain_unevaluated"]}`, 422, "conditions"},
		{"patch unknown patient", "PATCH", "/api/v1/patients/99999", c.therapistA, `{"notes":"x"}`, 404, ""},
		{"patch non-numeric id", "PATCH", "/api/v1/patients/abc", c.therapistA, `{"notes":"x"}`, 404, ""},
		{"plan minutes out of range", "POST", "/api/v1/patients/" + pa + "/plans", c.therapistA, `{"minutes":90}`, 422, "minutes"},
		{"plan unknown focus", "POST", "/api/v1/patients/" + pa + "/plans", c.therapistA, `{"focus":["back"]}`, 422, "focus[0]"},
		{"item unknown exercise", "POST", "/api/v1/plans/" + pl + "/items", c.therapistA, `{"exercise_id":"nope"}`, 422, "exercise_id"},
		{"item excluded exercise", "POST", "/api/v1/plans/" + pl + "/items", c.therapistA, `{"exercise_id":"chin-to-chest"}`, 422, "exercise_id"},
		{"item unknown position", "POST", "/api/v1/plans/" + pl + "/items", c.therapistA, `{"exercise_id":"head-turns","position":"upside_down"}`, 422, "position"},
		{"item hold out of range", "PATCH", "/api/v1/plans/" + pl + "/items/" + open, c.therapistA, `{"hold_seconds":-5}`, 422, "hold_seconds"},
		{"item index out of range", "PATCH", "/api/v1/plans/" + pl + "/items/" + open, c.therapistA, `{"index":500}`, 422, "position_in_plan"},
		{"item unknown", "DELETE", "/api/v1/plans/" + pl + "/items/999", c.therapistA, nil, 404, "item"},
		{"clearance without note", "POST", "/api/v1/plans/" + pl + "/items/" + open + "/clearance", c.therapistA, `{"note":""}`, 422, "note"},
		{"clearance of an allowed item", "POST", "/api/v1/plans/" + pl + "/items/" + open + "/clearance", c.therapistA, `{"note":"fine"}`, 409, ""},
		{"preview no profile", "POST", "/api/v1/plan-preview", c.therapistA, `{}`, 422, "profile.mobility"},
		{"preview unknown condition", "POST", "/api/v1/plan-preview", c.therapistA, `{"profile":{"mobility":"M1","conditions":["x"]}}`, 422, "profile.conditions[0]"},
		{"alert unknown", "POST", "/api/v1/alerts/424242/acknowledge", c.therapistA, nil, 404, ""},
		{"screening missing RF-1", "POST", "/api/v1/me/screenings", c.patientA, `{"answers":{"RF-2":"no"}}`, 422, "answers.RF-1"},
		{"screening bad answer", "POST", "/api/v1/me/screenings", c.patientA, `{"answers":{"RF-1":"maybe","RF-2":"no","RF-3":"no","RF-4":"no","RF-5":"no","RF-6":"no","RF-7":"no"}}`, 422, "answers.RF-1"},
		{"screening answer wrong type", "POST", "/api/v1/me/screenings", c.patientA, `{"answers":{"RF-1":true}}`, 400, "answers.RF-1"},
		{"screening no answers", "POST", "/api/v1/me/screenings", c.patientA, `{}`, 422, "answers"},
		{"session not a uuid", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { m["client_id"] = "abc" }), 422, "client_id"},
		{"session pain out of range", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { m["pain_after"] = 11 }), 422, "pain_after"},
		{"session pain missing", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { delete(m, "pain_before") }), 422, "pain_before"},
		{"session in the future", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) {
			m["finished_at"] = now.Add(5 * time.Hour).Format(time.RFC3339)
		}), 422, "finished_at"},
		{"session ends before it starts", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) {
			m["finished_at"] = now.Add(-20 * time.Minute).Format(time.RFC3339)
		}), 422, "finished_at"},
		{"session bad time", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { m["started_at"] = "yesterday" }), 400, ""},
		{"session unknown plan", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { m["plan_id"] = 999 }), 422, "plan_id"},
		{"session someone else's plan", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { m["plan_id"] = c.planB }), 422, "plan_id"},
		{"session unknown item", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) {
			m["items"] = []any{map[string]any{"item_id": 999, "status": "done"}}
		}), 422, "items[0].item_id"},
		{"session bad status", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) {
			m["items"].([]map[string]any)[0]["status"] = "finished"
		}), 422, "items[0].status"},
		{"session bad stop reason", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) {
			m["items"].([]map[string]any)[0]["status"], m["items"].([]map[string]any)[0]["reason"] = "stopped", "bored"
		}), 422, "items[0].reason"},
		{"session unknown plan version", "POST", "/api/v1/me/sessions", c.patientA, sess(func(m map[string]any) { m["plan_version"] = 77 }), 422, "plan_version"},
		{"journal unknown region", "POST", "/api/v1/me/journal", c.patientA, `{"region":"elbow","intensity":3}`, 422, "region"},
		{"journal intensity out of range", "POST", "/api/v1/me/journal", c.patientA, `{"region":"neck","intensity":12}`, 422, "intensity"},
		{"journal in the future", "POST", "/api/v1/me/journal", c.patientA, `{"region":"neck","intensity":2,"at":"2030-01-01T00:00:00Z"}`, 422, "at"},
		{"listing bad limit", "GET", "/api/v1/me/journal?limit=1000", c.patientA, nil, 422, "limit"},
		{"listing bad cursor", "GET", "/api/v1/me/journal?before=!!", c.patientA, nil, 422, "before"},
	}
	before := counts(t, h)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(tc.method, tc.path, tc.token, tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			var e struct {
				Error struct{ Code, Message, Field string }
			}
			if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("not the error shape: %s", r.body)
			}
			if e.Error.Field != tc.field {
				t.Errorf("field %q, want %q (%s)", e.Error.Field, tc.field, e.Error.Message)
			}
		})
	}
	if after := counts(t, h); after != before {
		t.Errorf("bad requests changed the database: %v -> %v", before, after)
	}
	if strings.Contains(h.logs.String(), `"status":500`) {
		t.Errorf("a bad request answered 500")
	}
}

// counts is the number of rows of every table a write route touches.
func counts(t *testing.T, h *harness) [7]int {
	var out [7]int
	for i, table := range []string{"patients", "plans", "plan_versions", "clearances", "screenings", "exercise_sessions", "journal_entries"} {
		if err := h.get(&out[i], "SELECT COUNT(*) FROM "+table); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestLoginRateLimitAndSessions(t *testing.T) {
	h := newHarness(t)
	h.clinic()
	var pauses []time.Duration
	h.api.RecordSleeps(func(d time.Duration) { pauses = append(pauses, d) })
	for i := 0; i < 5; i++ {
		if r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a@clinic.test", "password": "wrong password!"}); r.status != 401 {
			t.Fatalf("attempt %d: %d", i, r.status)
		}
	}
	// Slowed: no pause for the first two failures, then longer each time.
	if len(pauses) != 3 || pauses[0] <= 0 || pauses[1] <= pauses[0] || pauses[2] <= pauses[1] {
		t.Errorf("pauses after failures: %v", pauses)
	}
	r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a@clinic.test", "password": password})
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" || r.errCode() != "rate_limited" {
		t.Errorf("after 5 failures even the right password waits: %d %s", r.status, r.body)
	}
	// Another account from the same address is not blocked yet.
	if r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "b@clinic.test", "password": password}); r.status != 200 {
		t.Errorf("another account: %d", r.status)
	}
}

func TestCookieSessionCSRFAndRotation(t *testing.T) {
	h := newHarness(t)
	h.clinic()
	login := func(cookie string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/auth/login", strings.NewReader(`{"email":"a@clinic.test","password":"`+password+`"}`))
		req.Header.Set("Content-Type", "application/json")
		if cookie != "" {
			req.Header.Set("Cookie", "limber_session="+cookie)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp, m
	}
	resp, m := login("")
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "limber_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", cookie)
	}
	csrf := m["csrf_token"].(string)
	post := func(token string) int {
		req, _ := http.NewRequest("POST", h.srv.URL+"/api/v1/patients", strings.NewReader(`{"name":"Cookie Person","mobility":"M1"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Cookie", "limber_session="+cookie.Value)
		if token != "" {
			req.Header.Set("X-CSRF-Token", token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := post(""); s != http.StatusForbidden {
		t.Errorf("a cookie POST without its CSRF token: %d, want 403", s)
	}
	if s := post("wrong"); s != http.StatusForbidden {
		t.Errorf("a wrong CSRF token: %d, want 403", s)
	}
	if s := post(csrf); s != http.StatusCreated {
		t.Errorf("with the CSRF token: %d, want 201", s)
	}
	// Logging in again rotates the session: the old cookie stops working.
	resp2, _ := login(cookie.Value)
	var fresh string
	for _, c := range resp2.Cookies() {
		if c.Name == "limber_session" {
			fresh = c.Value
		}
	}
	if fresh == "" || fresh == cookie.Value {
		t.Fatalf("the session cookie was not rotated")
	}
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/patients", nil)
	req.Header.Set("Cookie", "limber_session="+cookie.Value)
	r, _ := http.DefaultClient.Do(req)
	r.Body.Close()
	if r.StatusCode != 401 {
		t.Errorf("the old session still works after login: %d", r.StatusCode)
	}
	// Staff sessions end after 12 idle hours.
	token := h.login("b@clinic.test", password)
	h.advance(13 * time.Hour)
	if r := h.do("GET", "/api/v1/patients", token, nil); r.status != 401 {
		t.Errorf("a staff session idle 13 hours: %d", r.status)
	}
	// Logout ends a session.
	token = h.login("b@clinic.test", password)
	h.must(204, "POST", "/api/v1/auth/logout", token, nil)
	if r := h.do("GET", "/api/v1/patients", token, nil); r.status != 401 {
		t.Errorf("after logout: %d", r.status)
	}
}

func TestSecurityHeadersAndLogs(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.must(200, "PATCH", "/api/v1/patients/"+itoa(c.patientAID), c.therapistA, map[string]any{"notes": "Secret note about Alex"})
	for _, path := range []string{"/healthz", "/api/v1/patients", "/nope"} {
		r := h.do("GET", path, c.therapistA, nil)
		for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
			if r.header.Get(hdr) == "" {
				t.Errorf("%s: no %s", path, hdr)
			}
		}
	}
	logs := h.logs.String()
	for _, secret := range []string{"Alex Ames", "Secret note", c.therapistA, password, "a@clinic.test"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
	if !strings.Contains(logs, `"request_id"`) {
		t.Errorf("the log has no request ids")
	}
}
