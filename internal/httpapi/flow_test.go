package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func todayItems(t *testing.T, h *harness, token string) []map[string]any {
	t.Helper()
	m := h.must(200, "GET", "/api/v1/me/today", token, nil)
	var out []map[string]any
	for _, it := range m["items"].([]any) {
		out = append(out, it.(map[string]any))
	}
	return out
}

func TestScreeningGatesTheDay(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	if m := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil); m["screening_required"] != true || len(m["items"].([]any)) != 0 {
		t.Fatalf("before screening: %v", m)
	}
	// Proceed: every unlocked item of the plan.
	s := h.screen(c.patientA, nil)
	if s["outcome"] != "proceed" {
		t.Fatalf("%v", s)
	}
	all := todayItems(t, h, c.patientA)
	if len(all) == 0 {
		t.Fatal("no items after proceed")
	}
	// A modify_today answer: spasms worse drops tensing, tired caps time.
	s = h.screen(c.patientA, map[string]any{"RF-19": 8})
	if s["outcome"] != "modify_today" || len(s["changes"].([]any)) == 0 {
		t.Fatalf("%v", s)
	}
	// Contact the care team: only breathing and relaxation with no
	// movement tags, until the PT acknowledges.
	s = h.screen(c.patientA, map[string]any{"RF-9": "yes"})
	if s["outcome"] != "contact_care_team" {
		t.Fatalf("%v", s)
	}
	for _, it := range todayItems(t, h, c.patientA) {
		if (it["kind"] != "breathing" && it["kind"] != "relaxation") || len(it["tags"].([]any)) > 0 {
			t.Errorf("after contact_care_team: %v %v", it["exercise_id"], it["tags"])
		}
	}
	// A clean screening later the same day does not lift it.
	if s = h.screen(c.patientA, nil); s["outcome"] != "contact_care_team" {
		t.Errorf("a clean screening lifted contact_care_team: %v", s["outcome"])
	}
	alerts := h.must(200, "GET", "/api/v1/alerts?open=true", c.therapistA, nil)["alerts"].([]any)
	var redFlag string
	for _, a := range alerts {
		a := a.(map[string]any)
		if a["kind"] == "red_flag" && strings.HasSuffix(a["message"].(string), "(question RF-9)") {
			redFlag = itoa(int64(a["id"].(float64)))
		}
	}
	if redFlag == "" {
		t.Fatalf("no red_flag alert for RF-9 in %v", alerts)
	}
	h.must(200, "POST", "/api/v1/alerts/"+redFlag+"/acknowledge", c.therapistA, nil)
	if s = h.screen(c.patientA, nil); s["outcome"] != "proceed" {
		t.Errorf("after the PT acknowledged: %v", s["outcome"])
	}
	if n := len(todayItems(t, h, c.patientA)); n != len(all) {
		t.Errorf("%d items after acknowledgement, want %d", n, len(all))
	}

	// A session done under that screening, still on the tablet when the
	// next screening says stop_urgent.
	before := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	before["screening_id"] = s["id"]

	// stop_urgent: nothing at all today, no session can be recorded, and
	// it lasts the rest of the day.
	s = h.screen(c.patientA, map[string]any{"RF-3": "not_sure"})
	if s["outcome"] != "stop_urgent" || !strings.Contains(s["message"].(string), "emergency") {
		t.Fatalf("%v", s)
	}
	if n := len(todayItems(t, h, c.patientA)); n != 0 {
		t.Errorf("%d items after stop_urgent", n)
	}
	r := h.do("POST", "/api/v1/me/sessions", c.patientA, sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString()))
	if r.status != 409 {
		t.Errorf("a session after stop_urgent: %d %s", r.status, r.body)
	}
	urgent := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	urgent["screening_id"] = s["id"]
	if r := h.do("POST", "/api/v1/me/sessions", c.patientA, urgent); r.status != 409 {
		t.Errorf("a session under the stop_urgent screening: %d %s", r.status, r.body)
	}
	// The session done before the urgent screening is kept, not lost.
	h.must(201, "POST", "/api/v1/me/sessions", c.patientA, before)
	if s = h.screen(c.patientA, nil); s["outcome"] != "stop_urgent" {
		t.Errorf("stop_urgent must last the day: %v", s["outcome"])
	}
	// The next day starts afresh.
	h.advance(24 * time.Hour)
	if s = h.screen(c.patientA, nil); s["outcome"] != "proceed" {
		t.Errorf("the next day: %v", s["outcome"])
	}
}

func TestScreeningAnswerChangesTheProfile(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientA, map[string]any{"RF-24": "yes"})
	p := h.must(200, "GET", "/api/v1/patients/"+itoa(c.patientAID), c.therapistA, nil)
	if !strings.Contains(strings.Join(toStrings(p["conditions"]), ","), "recent_relapse") {
		t.Errorf("RF-24 must set recent_relapse: %v", p["conditions"])
	}
	plan := h.must(200, "GET", "/api/v1/me/plan", c.patientA, nil)
	if plan["version"].(float64) < 2 || plan["session"].(map[string]any)["max_seconds"].(float64) != 600 {
		t.Errorf("the plan must be decided again for the relapse: version %v, max %v", plan["version"], plan["session"].(map[string]any)["max_seconds"])
	}
	found := false
	for _, a := range h.must(200, "GET", "/api/v1/alerts", c.therapistA, nil)["alerts"].([]any) {
		if a.(map[string]any)["kind"] == "profile_review" {
			found = true
		}
	}
	if !found {
		t.Errorf("want a profile_review alert")
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestRecheckThroughTheAPI: a profile change withdraws and locks the right
// items of the plan the patient sees, and alerts the PT.
func TestRecheckThroughTheAPI(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pb, plb := itoa(c.patientBID), itoa(c.planB)
	for _, ex := range []string{"chin-to-chest", "head-turns", "counter-calf-stretch"} {
		h.must(201, "POST", "/api/v1/plans/"+plb+"/items", c.therapistB, map[string]any{"exercise_id": ex})
	}
	before := h.must(200, "GET", "/api/v1/me/plan", c.patientB, nil)
	m := h.must(200, "PATCH", "/api/v1/patients/"+pb, c.therapistB, map[string]any{"conditions": []string{"lhermitte"}, "mobility": "M4"})
	changes := strings.Join(toStrings(m["plan_changes"]), "\n")
	for _, want := range []string{"Chin to chest (seated_chair) withdrawn", "Head turns", "locked", "Counter calf stretch (standing_supported) locked"} {
		if !strings.Contains(changes, want) {
			t.Errorf("changes lack %q:\n%s", want, changes)
		}
	}
	after := h.must(200, "GET", "/api/v1/me/plan", c.patientB, nil)
	if after["version"].(float64) != before["version"].(float64)+1 {
		t.Errorf("version %v -> %v", before["version"], after["version"])
	}
	for _, it := range after["items"].([]any) {
		it := it.(map[string]any)
		switch it["exercise_id"] {
		case "chin-to-chest":
			t.Errorf("chin-to-chest still reaches the patient")
		case "head-turns", "counter-calf-stretch":
			if it["locked"] != true || len(it["steps"].([]any)) != 0 {
				t.Errorf("%s must be locked, without steps for the patient: %v", it["exercise_id"], it)
			}
		}
	}
	for _, it := range todayItemsAfterScreen(t, h, c.patientB) {
		if it["exercise_id"] == "head-turns" || it["exercise_id"] == "chin-to-chest" {
			t.Errorf("%s offered today", it["exercise_id"])
		}
	}
}

func todayItemsAfterScreen(t *testing.T, h *harness, token string) []map[string]any {
	h.screen(token, nil)
	return todayItems(t, h, token)
}

// A fall reported in the screening ends the PT's clearances even when the
// profile already had balance_falls (M2 and below), so a cleared item locks
// again until the PT looks.
func TestScreenedFallEndsClearances(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.therapistA, c.planA)
	locked := firstItem(items, true)
	if locked == 0 {
		t.Fatal("fixture: want a locked item")
	}
	h.must(200, "POST", "/api/v1/plans/"+itoa(c.planA)+"/items/"+itoa(locked)+"/clearance", c.therapistA, map[string]any{"note": "fine in clinic"})
	if firstItem(h.planItems(c.therapistA, c.planA), true) == locked {
		t.Fatal("the clearance did not unlock the item")
	}
	h.screen(c.patientA, map[string]any{"RF-20": "yes"})
	for _, it := range h.planItems(c.therapistA, c.planA) {
		if int64(it["id"].(float64)) == locked && it["locked"] != true {
			t.Errorf("the cleared item stays unlocked after a reported fall")
		}
	}
	var reason string
	h.get(&reason, `SELECT lapse_reason FROM clearances WHERE patient_id = ?`, c.patientAID)
	if !strings.Contains(reason, "RF-20") {
		t.Errorf("lapse reason %q", reason)
	}
}
