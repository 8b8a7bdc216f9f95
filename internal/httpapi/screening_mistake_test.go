package httpapi_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// redFlagAlert finds the open red_flag alert of a question.
func redFlagAlert(t *testing.T, h *harness, token, question string) string {
	t.Helper()
	for _, a := range h.must(200, "GET", "/api/v1/alerts?open=true", token, nil)["alerts"].([]any) {
		a := a.(map[string]any)
		if a["kind"] == "red_flag" && strings.HasSuffix(a["message"].(string), "(question "+question+")") {
			return itoa(int64(a["id"].(float64)))
		}
	}
	t.Fatalf("no open red_flag alert for %s", question)
	return ""
}

// TestAnsweredByMistake: a PT who has spoken to the patient lifts a
// mistaken stop_urgent (and what it passed on to later screenings that
// day); the patient screens again and that outcome stands; a session can be
// recorded; the lift is audited. Only a red_flag alert, only the patient's
// own therapist.
func TestAnsweredByMistake(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	// A relapse reported earlier raises a profile_review (not a red flag).
	h.screen(c.patientA, map[string]any{"RF-24": "yes"})
	if s := h.screen(c.patientA, map[string]any{"RF-1": "yes"}); s["outcome"] != "stop_urgent" {
		t.Fatalf("RF-1 yes: %v", s["outcome"])
	}
	h.advance(10 * 60e9)
	if s := h.screen(c.patientA, nil); s["outcome"] != "stop_urgent" {
		t.Fatalf("the day stays stopped: %v", s["outcome"])
	}
	body := sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	if r := h.do("POST", "/api/v1/me/sessions", c.patientA, body); r.status != 409 {
		t.Fatalf("a session while stopped: %d", r.status)
	}
	alert := redFlagAlert(t, h, c.therapistA, "RF-1")
	path := "/api/v1/alerts/" + alert + "/acknowledge"
	mistaken := map[string]any{"mistaken": true, "note": "Spoke on the phone: she tapped Yes by accident; no numbness."}

	// Who may: the patient's therapist only.
	for _, r := range []struct {
		who, token string
		want       int
	}{{"nobody", "", 401}, {"the patient", c.patientA, 403}, {"an admin", c.admin, 403}, {"another therapist", c.therapistB, 404}} {
		if got := h.do("POST", path, r.token, mistaken); got.status != r.want {
			t.Errorf("%s: %d, want %d: %s", r.who, got.status, r.want, got.body)
		}
	}
	// A note is required.
	if r := h.do("POST", path, c.therapistA, map[string]any{"mistaken": true}); r.status != 422 || !strings.Contains(string(r.body), `"field":"note"`) {
		t.Errorf("no note: %d %s", r.status, r.body)
	}
	// Only a red_flag alert: a profile_review is refused, naming the field.
	var review string
	for _, a := range h.must(200, "GET", "/api/v1/alerts?open=true", c.therapistA, nil)["alerts"].([]any) {
		if a := a.(map[string]any); a["kind"] == "profile_review" {
			review = itoa(int64(a["id"].(float64)))
		}
	}
	if review == "" {
		t.Fatal("fixture: want a profile_review alert")
	}
	if r := h.do("POST", "/api/v1/alerts/"+review+"/acknowledge", c.therapistA, mistaken); r.status != 422 || !strings.Contains(string(r.body), `"field":"mistaken"`) {
		t.Errorf("mistaken on a profile_review: %d %s", r.status, r.body)
	}

	a := h.must(200, "POST", path, c.therapistA, mistaken)
	if a["mistaken"] != true || a["acknowledged_at"] == nil || a["screening_id"] == nil {
		t.Errorf("the acknowledged alert: %v", a)
	}
	// Today asks for the screening again; its outcome stands.
	today := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil)
	if today["screening_required"] != true || today["screening"] != nil {
		t.Errorf("after the lift, today: required %v, screening %v", today["screening_required"], today["screening"])
	}
	if s := h.screen(c.patientA, nil); s["outcome"] != "proceed" {
		t.Errorf("screening again after the lift: %v", s["outcome"])
	}
	if n := len(todayItems(t, h, c.patientA)); n == 0 {
		t.Errorf("no items after the lift")
	}
	body = sessionBody(h, c.planA, h.planItems(c.patientA, c.planA), uuid.NewString())
	h.must(201, "POST", "/api/v1/me/sessions", c.patientA, body)

	// Audited: who, which screening, the note.
	found := false
	for _, e := range h.must(200, "GET", "/api/v1/patients/"+itoa(c.patientAID)+"/audit", c.therapistA, nil)["events"].([]any) {
		e := e.(map[string]any)
		if e["action"] != "alert.answered_by_mistake" {
			continue
		}
		found = true
		d, _ := json.Marshal(e["detail"])
		if !strings.Contains(string(d), "tapped Yes by accident") || !strings.Contains(string(d), `"screening_id":`) || e["actor_id"] == nil {
			t.Errorf("audit event %v", e)
		}
	}
	if !found {
		t.Errorf("no alert.answered_by_mistake audit event")
	}
	// Again: the same answer, no second event.
	h.must(200, "POST", path, c.therapistA, mistaken)

	// A real stop later that day still lasts the day.
	if s := h.screen(c.patientA, map[string]any{"RF-3": "yes"}); s["outcome"] != "stop_urgent" {
		t.Fatalf("RF-3 yes: %v", s["outcome"])
	}
	if s := h.screen(c.patientA, nil); s["outcome"] != "stop_urgent" {
		t.Errorf("a later real stop no longer lasts the day: %v", s["outcome"])
	}
	// The plain acknowledgement, with no body, still works and lifts nothing.
	h.must(200, "POST", "/api/v1/alerts/"+redFlagAlert(t, h, c.therapistA, "RF-3")+"/acknowledge", c.therapistA, nil)
	if s := h.screen(c.patientA, nil); s["outcome"] != "stop_urgent" {
		t.Errorf("a plain acknowledgement lifted stop_urgent: %v", s["outcome"])
	}
}

// TestAnsweredByMistakeOnPages: the alert inbox and the patient page offer
// the action, with a confirm box and a note.
func TestAnsweredByMistakeOnPages(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientA, map[string]any{"RF-2": "not_sure"})
	alert := redFlagAlert(t, h, c.therapistA, "RF-2")
	pt := h.browser()
	pt.get("/", 200)
	pt.post("/", url.Values{"email": {"a@clinic.test"}, "password": {password}}, 200)
	mustContain(t, pt.get("/clinic/alerts", 200), "Answered by mistake?", `name="note"`, `<label class="check"><input type="checkbox" name="spoke"`)
	page := pt.get("/clinic/patients/"+itoa(c.patientAID), 200)
	mustContain(t, page, "Red flag in screening", "Answered by mistake?", `action="/clinic/alerts/`+alert+`/acknowledge"`)
	// Without the box ticked nothing is lifted.
	form := url.Values{"mistaken": {"true"}, "note": {"Called her: a slip of the finger."}, "patient": {itoa(c.patientAID)}, "from": {"patient"}}
	mustContain(t, pt.post("/clinic/alerts/"+alert+"/acknowledge", form, 200), "spoken to the patient")
	if today := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil); today["screening_required"] != false {
		t.Fatalf("lifted without the confirm box")
	}
	form.Set("spoke", "yes")
	mustContain(t, pt.post("/clinic/alerts/"+alert+"/acknowledge", form, 200), "Marked as answered by mistake", "Red flag in screening",
		"Your note: Called her: a slip of the finger.")
	// The lifted alert carries the PT's note in the inbox too, and the
	// confirm box is a label as big as a finger.
	mustContain(t, pt.get("/clinic/alerts", 200), "Your note: Called her: a slip of the finger.")
	if today := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil); today["screening_required"] != true {
		t.Errorf("the page's lift did not reach /me/today: %v", today["screening_required"])
	}
}

// TestRelaxationWeightedToday: "More relaxation today" is what /me/today
// gives: the relaxation lasts longer than in the plan, within the cap.
func TestRelaxationWeightedToday(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	// The session's time counts the rests and changes of position, as
	// the plan does.
	session := h.must(200, "GET", "/api/v1/me/plan", c.patientB, nil)["session"].(map[string]any)
	rest, change := int(session["rest_seconds"].(float64)), int(session["position_change_seconds"].(float64))
	relax := func(items []map[string]any) (relaxation, total int) {
		for i, it := range items {
			d := int(it["duration_seconds"].(float64))
			total += d
			if i > 0 {
				total += rest
				if it["position"] != items[i-1]["position"] {
					total += change
				}
			}
			if it["kind"] == "relaxation" {
				relaxation += d
			}
		}
		return
	}
	planRelax, planTotal := relax(todayItemsAfterScreen(t, h, c.patientB))
	if planRelax == 0 {
		t.Fatal("fixture: the plan has no relaxation item")
	}
	for _, tt := range []struct {
		name    string
		answers map[string]any
		cap     int
	}{
		{"tired (RF-19 8): 10 minutes, lying or seated, more relaxation", map[string]any{"RF-19": 8}, 600},
		{"pain much worse (RF-21): no spinal work, more relaxation", map[string]any{"RF-21": "yes"}, planTotal},
	} {
		s := h.screen(c.patientB, tt.answers)
		if !strings.Contains(string(mustJSON(s["changes"])), "relaxation_weighted") {
			t.Fatalf("%s: no relaxation_weighted in %v", tt.name, s["changes"])
		}
		r, total := relax(todayItems(t, h, c.patientB))
		if r <= planRelax {
			t.Errorf("%s: relaxation %d s, not more than the plan's %d s", tt.name, r, planRelax)
		}
		if total > tt.cap {
			t.Errorf("%s: %d s today, over %d s", tt.name, total, tt.cap)
		}
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// TestScreeningFormGoBack: without JavaScript, "No, go back" shows the
// questions again with the other answers kept and the urgent one cleared.
func TestScreeningFormGoBack(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientBID)+"/enrollment", c.therapistB, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	page := tab.get("/patient/screening", 200)
	mustContain(t, page, `data-id="RF-3" data-short="both legs getting weaker quickly, or walking suddenly much harder" data-urgent-on="yes,not_sure"`, `data-id="RF-9"`)
	if strings.Contains(page, `data-id="RF-9" data-short="a temperature, chills or signs of an infection" data-urgent-on="yes`) {
		t.Errorf("RF-9 must not be urgent")
	}
	answers := url.Values{"RF-1": {"no"}, "RF-2": {"no"}, "RF-3": {"yes"}, "RF-4": {"no"}, "RF-5": {"no"}, "RF-6": {"no"}, "RF-7": {"no"}, "RF-9": {"no"}}
	mustContain(t, tab.post("/patient/screening", answers, 200), "You said yes to: <strong>both legs getting weaker quickly")
	answers.Set("back", "yes")
	page = tab.post("/patient/screening", answers, 200)
	mustContain(t, page, `name="RF-1" value="no" checked`, `name="RF-9" value="no" checked`)
	if strings.Contains(page, `name="RF-3" value="yes" required checked`) || strings.Contains(page, `name="RF-3" value="no" checked`) {
		t.Errorf("RF-3 must come back with no answer")
	}
	if k := alertKinds(t, h, c.therapistB); k["red_flag"] != 0 {
		t.Errorf("nothing was sent, yet the PT has %v", k)
	}
}

// TestAcknowledgedContactAsksAgain: once the PT acknowledges a
// contact_care_team red flag, the tablet asks the questions again (before,
// it kept offering breathing only for the rest of the day); a contact
// screening found answered by mistake lifts it the same way.
func TestAcknowledgedContactAsksAgain(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	for _, mistaken := range []bool{false, true} {
		h.screen(c.patientB, map[string]any{"RF-9": "yes"})
		if today := h.must(200, "GET", "/api/v1/me/today", c.patientB, nil); today["screening_required"] != false {
			t.Fatalf("right after the screening: %v", today["screening_required"])
		}
		var body any
		if mistaken {
			body = map[string]any{"mistaken": true, "note": "No fever: she misread the question."}
		}
		h.must(200, "POST", "/api/v1/alerts/"+redFlagAlert(t, h, c.therapistB, "RF-9")+"/acknowledge", c.therapistB, body)
		if today := h.must(200, "GET", "/api/v1/me/today", c.patientB, nil); today["screening_required"] != true {
			t.Errorf("mistaken %v: after the acknowledgement the tablet must ask again: %v", mistaken, today["screening_required"])
		}
		if s := h.screen(c.patientB, nil); s["outcome"] != "proceed" {
			t.Errorf("mistaken %v: screening again: %v", mistaken, s["outcome"])
		}
		h.advance(60e9)
	}
}
