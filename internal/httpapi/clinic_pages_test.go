package httpapi_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// staff signs a browser in as therapist A.
func (h *harness) staff(email string) *browser {
	h.t.Helper()
	b := h.browser()
	b.get("/", 200)
	b.post("/", url.Values{"email": {email}, "password": {password}}, 200)
	return b
}

// before reports whether a comes before b in page (both present).
func before(t *testing.T, page, a, b string) bool {
	t.Helper()
	i, j := strings.Index(page, a), strings.Index(page, b)
	if i < 0 || j < 0 {
		t.Fatalf("page lacks %q (%d) or %q (%d)", a, i, b, j)
	}
	return i < j
}

// TestInboxMostSeriousFirst: a red flag from this morning comes before a
// newer pain rise, in the inbox and on the patient page; the alert says the
// outcome in words.
func TestInboxMostSeriousFirst(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientA, map[string]any{"RF-9": "yes"})
	h.advance(2 * time.Hour)
	items := h.planItems(c.patientA, c.planA)
	b := sessionBody(h, c.planA, items, uuid.NewString())
	b["pain_before"], b["pain_after"] = 2, 6
	h.must(201, "POST", "/api/v1/me/sessions", c.patientA, b)
	if k := alertKinds(t, h, c.therapistA); k["pain_rise"] != 1 || k["red_flag"] != 1 {
		t.Fatalf("alerts %v", k)
	}
	pt := h.staff("a@clinic.test")
	inbox := pt.get("/clinic/alerts", 200)
	if !before(t, inbox, "Red flag in screening", "Pain rose after a session") {
		t.Errorf("the inbox lists the newer pain rise above the red flag")
	}
	// The outcome and the answer in words first; the question's id only last (review2 9).
	mustContain(t, inbox, "To call the care team today: ")
	if strings.Contains(inbox, "<p>RF-9") {
		t.Errorf("the alert begins with the question's id")
	}
	if strings.Contains(inbox, "(contact_care_team)") {
		t.Errorf("the alert names the outcome by its identifier")
	}
	page := pt.get("/clinic/patients/"+itoa(c.patientAID), 200)
	if !before(t, page, "Red flag in screening", "Pain rose after a session") {
		t.Errorf("the patient page lists the pain rise above the red flag")
	}
}

// TestPatientPageOrder: for a patient with a plan, alerts, plans and
// sessions come first, the generator is folded below them, and the
// sessions name the exercises and the stop in words.
func TestPatientPageOrder(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientA, c.planA)
	b := sessionBody(h, c.planA, items, uuid.NewString())
	first := b["items"].([]map[string]any)[0]
	first["status"], first["reason"] = "stopped", "dizzy_breathless_chest_pain"
	h.must(201, "POST", "/api/v1/me/sessions", c.patientA, b)
	pt := h.staff("a@clinic.test")
	page := pt.get("/clinic/patients/"+itoa(c.patientAID), 200)
	for _, later := range []string{"Generate a new plan", `id="charts-h"`, `id="profile-h"`} {
		if !before(t, page, `id="alerts-h"`, later) || !before(t, page, `id="plans-h"`, later) || !before(t, page, `id="sessions-h"`, later) {
			t.Errorf("%s comes before the alerts, plans or sessions", later)
		}
	}
	if regexp.MustCompile(`<details class="card" open><summary><h2 class="inline">Generate`).MatchString(page) {
		t.Errorf("the generator is open for a patient who has a plan")
	}
	name := items[0]["name"].(string)
	mustContain(t, page, name+": stopped (dizzy, breathless or chest pain)")
	sessions := page[strings.Index(page, `id="sessions-h"`):]
	if strings.Contains(sessions[:strings.Index(sessions, "</section>")], "dizzy_breathless_chest_pain") {
		t.Errorf("the sessions show the stop reason's identifier")
	}
	// A patient with no plan gets the generator open.
	np := pt.post("/clinic/patients", url.Values{"name": {"Noa New"}, "mobility": {"M1"}}, 200)
	mustContain(t, np, `<details class="card" open><summary><h2 class="inline">Generate a plan`)
}

// TestPlanBuilderWords: positions and decisions in words, the time once for
// a timed item, Remove behind a second step, "Dosage saved." after saving.
func TestPlanBuilderWords(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pt := h.staff("a@clinic.test")
	page := pt.get("/clinic/plans/"+itoa(c.planA), 200)
	for _, bad := range []string{"(seated_chair)", "(supine)", ">allow<", ">caution<", ">requires_pt_clearance<", ">prefer<"} {
		if strings.Contains(page, bad) {
			t.Errorf("the plan builder shows the identifier %s", bad)
		}
	}
	mustContain(t, page, `<details class="remove"><summary>Remove…`, "Yes, remove ")
	// A timed item: its time is not said twice.
	if m := regexp.MustCompile(`<p class="dose">([^<]*)</p>`).FindAllStringSubmatch(page, -1); len(m) == 0 {
		t.Fatal("no dosage line")
	} else {
		for _, d := range m {
			if parts := strings.Split(d[1], " · "); len(parts) == 2 && parts[0] == parts[1] {
				t.Errorf("the dosage repeats itself: %q", d[1])
			}
		}
	}
	// The remove form comes only after its own question.
	item := regexp.MustCompile(`action="/clinic/plans/\d+/items/(\d+)/remove"`).FindStringSubmatch(page)[1]
	i := strings.Index(page, `action="/clinic/plans/`+itoa(c.planA)+`/items/`+item+`/remove"`)
	if q := strings.LastIndex(page[:i], `<details class="remove">`); q < 0 || strings.Contains(page[q:i], "</details>") {
		t.Errorf("the Remove button is not behind its confirmation")
	}
	dose := regexp.MustCompile(`action="/clinic/plans/\d+/items/(\d+)" class="row">\s*<input type="hidden" name="csrf" value="[^"]*">\s*<label for="hold-\d+">`).FindStringSubmatch(page)
	if dose == nil {
		t.Fatal("no held item's dosage form")
	}
	mustContain(t, pt.post("/clinic/plans/"+itoa(c.planA)+"/items/"+dose[1], url.Values{"hold_seconds": {"20"}, "reps": {"3"}}, 200), "Dosage saved.")
}

// TestPatientListTellsNamesApart: two patients of the same name show
// different numbers; the list comes before the add form.
func TestPatientListTellsNamesApart(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pt := h.staff("a@clinic.test")
	twin := regexp.MustCompile(`/clinic/patients/(\d+)"`).FindStringSubmatch(pt.post("/clinic/patients", url.Values{"name": {"Alex Ames"}, "mobility": {"M2"}}, 200))[1]
	list := pt.get("/clinic", 200)
	mustContain(t, list, "Alex Ames</a> <span class=\"muted nowrap\">no. "+itoa(c.patientAID)+" ", "Alex Ames</a> <span class=\"muted nowrap\">no. "+twin+" ")
	if !before(t, list, "<table>", "Add a patient") {
		t.Errorf("the add form comes before the list")
	}
}

// TestJournalNoPreselectedRegion: "Where does it hurt?" starts empty and is
// required; saving without it names the field.
func TestJournalNoPreselectedRegion(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	page := tab.get("/patient/journal", 200)
	mustContain(t, page, `<select id="j-region" name="region" required><option value="" selected disabled>Choose…</option>`)
	if strings.Contains(page, `<option value="neck" selected`) {
		t.Errorf("a region is preselected")
	}
	mustContain(t, tab.post("/patient/journal", url.Values{"intensity": {"4"}}, 200), "region")
	mustContain(t, tab.post("/patient/journal", url.Values{"region": {"low_back"}, "intensity": {"4"}}, 200), "Saved.", "Low back, 4 out of 10")
}

// TestCareTeamOutcomeSaysWhat: the care-team outcome lists what the
// patient said yes or "not sure" to, each once, says the breathing line
// once, and tells how to put a mis-tap right; the urgent page has Back home.
func TestCareTeamOutcomeSaysWhat(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	tab.get("/patient/screening", 200)
	answers := url.Values{"confirmed": {"yes"}}
	for _, q := range []string{"RF-1", "RF-2", "RF-3", "RF-4", "RF-5", "RF-6", "RF-7"} {
		answers.Set(q, "no")
	}
	answers.Set("RF-9", "yes")
	answers.Set("RF-13", "not_sure")
	answers.Set("RF-19", "4")
	page := tab.post("/patient/screening", answers, 200)
	mustContain(t, page, "Please call your care team today", "<li>a temperature, chills or signs of an infection</li>",
		"<li>new or changed back pain nobody has checked</li>", "by mistake", `href="/patient">Back home`)
	if strings.Contains(page, "how tired you are today") || strings.Contains(page, "new trouble with your bladder") {
		t.Errorf("the list holds an answer that was no, or the scale")
	}
	if n := strings.Count(strings.ToLower(page), "breathing and relaxation."); n > 1 {
		t.Errorf("the breathing line is said %d times", n)
	}
	// The urgent outcome has a way home.
	tab2 := h.browser()
	code2 := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	tab2.post("/enroll", url.Values{"code": {code2}}, 200)
	tab2.get("/patient/screening", 200)
	answers.Set("RF-1", "yes")
	answers.Del("csrf")
	mustContain(t, tab2.post("/patient/screening", answers, 200), "Please stop now", `href="/patient">Back home`)
}
