package httpapi_test

import (
	"regexp"

	"github.com/google/uuid"
	"net/url"
	"strings"
	"testing"
)

const numbersBanner = "The clinic's phone and emergency number are not set: patients' stop screens cannot show them."

// TestNumbersMissingBanner (review2 2): until the clinic's phone and
// emergency number are both set, every clinic page tells the PT and the
// admin, with a link to where they are set; the admin sets them there and
// the banner goes. The patient's paper handout never carries it.
func TestNumbersMissingBanner(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pt := h.staff("a@clinic.test")
	for _, p := range []string{"/clinic", "/clinic/alerts", "/clinic/patients/" + itoa(c.patientAID)} {
		mustContain(t, pt.get(p, 200), numbersBanner, `href="/clinic/settings"`)
	}
	if strings.Contains(pt.get("/clinic/plans/"+itoa(c.planA)+"/print", 200), numbersBanner) {
		t.Error("the patient's handout carries the staff banner")
	}
	admin := h.staff("admin@clinic.test")
	mustContain(t, admin.get("/clinic", 200), numbersBanner, "Set them in Clinic numbers")
	admin.get("/clinic/settings", 200)
	// A PT may not set them.
	pt.get("/clinic/settings", 200)
	pt.post("/clinic/settings", url.Values{"clinic_phone": {"+1 555 0100"}, "emergency_number": {"911"}}, 200)
	mustContain(t, pt.get("/clinic", 200), numbersBanner)
	// Only one set: still missing.
	admin.post("/clinic/settings", url.Values{"clinic_phone": {"+1 555 0100"}, "emergency_number": {""}}, 200)
	mustContain(t, admin.get("/clinic", 200), numbersBanner)
	page := admin.post("/clinic/settings", url.Values{"clinic_phone": {"+1 555 0100"}, "emergency_number": {"911"}}, 200)
	mustContain(t, page, "numbers are saved.", `value="911"`)
	if strings.Contains(page, numbersBanner) || strings.Contains(pt.get("/clinic", 200), numbersBanner) {
		t.Error("the banner stays once both numbers are set")
	}
	st := h.must(200, "GET", "/api/v1/settings", c.therapistA, nil)
	if st["clinic_phone"] != "+1 555 0100" || st["emergency_number"] != "911" {
		t.Errorf("settings after the form: %v", st)
	}
}

// TestPainChartOneSession (review2 8): with one session the pain chart
// shows its before and after as dots, not an empty chart; week labels
// read "12 Oct".
func TestPainChartOneSession(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.patientA, c.planA)
	b := sessionBody(h, c.planA, items, uuid.NewString())
	b["pain_before"], b["pain_after"] = 2, 5
	h.must(201, "POST", "/api/v1/me/sessions", c.patientA, b)
	page := h.staff("a@clinic.test").get("/clinic/patients/"+itoa(c.patientAID), 200)
	chart := page[strings.Index(page, `id="pain-t"`):]
	chart = chart[:strings.Index(chart, "</svg>")]
	if n := strings.Count(chart, `class="pain-dot"`); n != 2 {
		t.Errorf("one session draws %d dots, want 2 (before and after): %s", n, chart)
	}
	if regexp.MustCompile(`>\d\d-\d\d<`).MatchString(page) {
		t.Error("a week is labelled MM-DD")
	}
}

// TestPTReadsNoIdentifiers (review2 9, 10): the plan builder's reasons keep
// rule ids and sources in a "Rule and sources" detail, not in the
// sentence; the Remove question is grammatical; a tablet without a name is
// named by its enrolment date.
func TestPTReadsNoIdentifiers(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pt := h.staff("a@clinic.test")
	page := pt.get("/clinic/plans/"+itoa(c.planA), 200)
	if regexp.MustCompile(`<span class="muted">\([^)]*(condition:|lhermitte-|S\d)[^)]*\)</span>`).MatchString(page) {
		t.Error("a reason ends with its rule id and sources in brackets")
	}
	mustContain(t, page, `<summary>Rule and sources</summary>`, "Its dosage goes with it.")
	if strings.Contains(page, "Its dosage go with it") {
		t.Error("Its dosage go with it.")
	}
	pp := pt.get("/clinic/patients/"+itoa(c.patientAID), 200)
	if regexp.MustCompile(`>tablet \d+<`).MatchString(pp) {
		t.Error("the tablet is named by its id")
	}
	mustContain(t, pp, "Tablet enrolled on ")
}
