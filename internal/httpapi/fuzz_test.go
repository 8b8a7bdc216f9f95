package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

// fuzzRoutes are every API route that takes a JSON body, with the token
// that may call it ("A" therapist A, "P" patient A, "" nobody, "X" admin).
var fuzzRoutes = []struct{ method, path, who string }{
	{"POST", "/api/v1/auth/login", ""},
	{"POST", "/api/v1/auth/enroll", ""},
	{"POST", "/api/v1/auth/password", "A"},
	{"POST", "/api/v1/patients", "A"},
	{"PATCH", "/api/v1/patients/{patient}", "A"},
	{"POST", "/api/v1/patients/{patient}/plans", "A"},
	{"POST", "/api/v1/plans/{plan}/items", "A"},
	{"PATCH", "/api/v1/plans/{plan}/items/1", "A"},
	{"POST", "/api/v1/plans/{plan}/items/1/clearance", "A"},
	{"POST", "/api/v1/plan-preview", "A"},
	{"POST", "/api/v1/me/screenings", "P"},
	{"POST", "/api/v1/me/sessions", "P"},
	{"POST", "/api/v1/me/stops", "P"},
	{"POST", "/api/v1/me/journal", "P"},
	{"POST", "/api/v1/users", "X"},
	{"PATCH", "/api/v1/settings", "X"},
}

// FuzzAPIBodies sends arbitrary bytes as the body of every route that
// takes JSON: the answer is never a 500, always JSON, and an error always
// has the contract's shape.
func FuzzAPIBodies(f *testing.F) {
	seeds := []string{
		`{}`, `[]`, `null`, `{"email":"a@clinic.test","password":"x"}`, `{"code":"ABCD-EFGH"}`,
		`{"name":"<script>x</script>","mobility":"M2","conditions":["lhermitte","' OR 1=1 --"]}`,
		`{"pregnancy_week":null}`, `{"minutes":15,"focus":["hips"]}`, `{"exercise_id":"head-turns","position":"seated_chair"}`,
		`{"hold_seconds":30,"reps":2,"index":0}`, `{"note":"fine"}`, `{"profile":{"mobility":"M5","lying_only":true},"minutes":5}`,
		`{"answers":{"RF-1":"no","RF-2":"no","RF-3":"no","RF-4":"no","RF-5":"no","RF-6":"no","RF-7":"no","RF-19":8}}`,
		`{"client_id":"6f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70","plan_id":1,"started_at":"2026-12-01T09:00:00Z","finished_at":"2026-12-01T09:10:00Z","pain_before":3,"pain_after":2,"items":[{"item_id":1,"status":"done"}]}`,
		`{"client_id":"6f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f71","session_client_id":"6f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70","plan_id":1,"item_id":1,"reason":"electric_shock","at":"2026-12-01T09:05:00Z"}`,
		`{"region":"low_back","intensity":4,"quality":"burning","trigger":"'; DROP TABLE patients; --"}`,
		`{"email":"n@clinic.test","name":"N","role":"therapist","password":"a long password"}`, `{"timezone":"Europe/Oslo"}`,
		`{"a":`, `{"minutes":1e400}`, `{"conditions":[1,2]}`, "\x00\xff", `{"answers":{"RF-1":[]}}`,
	}
	for i := range fuzzRoutes {
		for _, s := range seeds {
			f.Add(uint8(i), []byte(s))
		}
	}
	// One harness for every input, built on f: closed, its database
	// removed and its failures reported when the fuzz test ends.
	h := newHarness(f)
	h.api.RecordSleeps(func(time.Duration) {}) // failed sign-ins would pause
	cl := h.clinic()
	f.Fuzz(func(t *testing.T, route uint8, body []byte) {
		r := fuzzRoutes[int(route)%len(fuzzRoutes)]
		path := strings.NewReplacer("{patient}", itoa(cl.patientAID), "{plan}", itoa(cl.planA)).Replace(r.path)
		req := httptest.NewRequest(r.method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		token := map[string]string{"A": cl.therapistA, "P": cl.patientA, "X": cl.admin}[r.who]
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.api.Echo.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s with %q: %d %s", r.method, path, body, rec.Code, rec.Body.String())
		}
		if rec.Code >= 400 {
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
				t.Fatalf("%s %s: error without the contract's shape: %s", r.method, path, rec.Body.String())
			}
		}
	})
}

// FuzzScreeningAnswers: any answers give an outcome or an error naming the
// question, never a panic; "not sure" is never milder than "yes".
func FuzzScreeningAnswers(f *testing.F) {
	f.Add("RF-1", "yes", "RF-19", "7", uint8(0))
	f.Add("RF-4", "not_sure", "RF-8", "no", uint8(3))
	f.Add("RF-99", "maybe", "RF-19", "-1", uint8(9))
	f.Add("", "", "RF-23", "yes", uint8(4))
	f.Fuzz(func(t *testing.T, q1, a1, q2, a2 string, who uint8) {
		profiles := []limber.Profile{
			{Mobility: limber.M1}, {Mobility: limber.M3, Conditions: conds("bone_fragility")},
			{Mobility: limber.M2, PregnancyWeek: week(30)}, {Mobility: limber.M4, Conditions: conds("ankylosing_spondylitis")},
			{Mobility: limber.M5, LyingOnly: true},
		}
		eff, err := profiles[int(who)%len(profiles)].Resolve()
		if err != nil {
			t.Fatal(err)
		}
		answers := map[string]string{"RF-1": "no", "RF-2": "no", "RF-3": "no", "RF-4": "no", "RF-5": "no", "RF-6": "no", "RF-7": "no", "RF-8": "no"}
		answers[q1], answers[q2] = a1, a2
		s, err := limber.EvaluateScreening(answers, eff)
		if err != nil {
			e, ok := err.(*limber.Error)
			if !ok || !strings.HasPrefix(e.Field, "answers.") {
				t.Fatalf("error %v does not name a question", err)
			}
			return
		}
		if s.Outcome == "" || s.Message == "" {
			t.Fatalf("no outcome for %v", answers)
		}
		for q, a := range answers {
			if a != "not_sure" {
				continue
			}
			yes := maps(answers)
			yes[q] = "yes"
			if y, err := limber.EvaluateScreening(yes, eff); err == nil && severity(y.Outcome) > severity(s.Outcome) {
				t.Fatalf("not sure on %s gave %s, yes gives %s", q, s.Outcome, y.Outcome)
			}
		}
	})
}

func maps(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func severity(o limber.Outcome) int {
	return map[limber.Outcome]int{limber.Proceed: 0, limber.ModifyToday: 1, limber.ContactCareTeam: 2, limber.StopUrgent: 3}[o]
}

func conds(cs ...string) []limber.Condition {
	out := make([]limber.Condition, len(cs))
	for i, c := range cs {
		out[i] = limber.Condition(c)
	}
	return out
}

func week(n int) *int { return &n }
