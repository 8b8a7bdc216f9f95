package httpapi_test

import (
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
