package httpapi_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestPagesKeepPatientsApart: every clinic page of therapist A's patient,
// asked by therapist B, is not found; a tablet never reaches a clinic
// page; and hostile text in every free-text field is stored as written and
// shown escaped on every page that shows it.
func TestPagesKeepPatientsApart(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	hostile := `<script>alert("x")</script>' OR 1=1; DROP TABLE patients; --`
	pa, pl := itoa(c.patientAID), itoa(c.planA)
	// Hostile text everywhere a person can type.
	h.must(200, "PATCH", "/api/v1/patients/"+pa, c.therapistA, map[string]any{"name": "Alex " + hostile, "notes": hostile, "care_team_phone": "<b>1</b>"})
	h.must(201, "POST", "/api/v1/me/journal", c.patientA, map[string]any{"region": "neck", "intensity": 3, "quality": hostile, "trigger": hostile, "note": hostile})
	items := h.planItems(c.therapistA, c.planA)
	if locked := firstItem(items, true); locked != 0 {
		h.must(200, "POST", "/api/v1/plans/"+pl+"/items/"+itoa(locked)+"/clearance", c.therapistA, map[string]any{"note": hostile})
	}
	// Stored as written.
	var notes string
	h.get(&notes, `SELECT notes FROM patients WHERE id = ?`, c.patientAID)
	if notes != hostile {
		t.Errorf("stored %q", notes)
	}
	a := h.browser()
	a.post("/", url.Values{"email": {"a@clinic.test"}, "password": {password}}, 200)
	b := h.browser()
	b.post("/", url.Values{"email": {"b@clinic.test"}, "password": {password}}, 200)
	pages := []string{"/clinic/patients/" + pa, "/clinic/plans/" + pl, "/clinic/plans/" + pl + "/print"}
	raw := regexp.MustCompile(`<script>alert|<b>1</b>`)
	for _, p := range append(pages, "/clinic", "/clinic/alerts") {
		page := a.get(p, 200)
		if raw.MatchString(page) {
			t.Errorf("%s shows hostile text unescaped", p)
		}
	}
	mustContain(t, a.get("/clinic/patients/"+pa, 200), "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "DROP TABLE patients")
	for _, p := range pages {
		if page := b.get(p, 404); strings.Contains(page, "Alex") {
			t.Errorf("therapist B's 404 for %s mentions the patient", p)
		}
	}
	// Therapist B's own pages never show patient A.
	for _, p := range []string{"/clinic", "/clinic/alerts"} {
		if page := b.get(p, 200); strings.Contains(page, "Alex") {
			t.Errorf("therapist B's %s shows patient A", p)
		}
	}
	// Forms aimed at another therapist's patient are not found either.
	b.post("/clinic/patients/"+pa, url.Values{"name": {"Taken"}, "mobility": {"M1"}}, 404)
	b.post("/clinic/plans/"+pl+"/activate", nil, 404)
	// The patient's own pages show their journal escaped.
	code := h.must(201, "POST", "/api/v1/patients/"+pa+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	if page := tab.get("/patient/journal", 200); raw.MatchString(page) || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("the journal page does not escape what the patient typed")
	}
	// Patient B's tablet sees nothing of patient A.
	codeB := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientBID)+"/enrollment", c.therapistB, nil)["code"].(string)
	tabB := h.browser()
	tabB.post("/enroll", url.Values{"code": {codeB}}, 200)
	for _, p := range []string{"/patient", "/patient/journal", "/patient/session"} {
		if page := tabB.get(p, 200); strings.Contains(page, "Alex") || strings.Contains(page, "DROP TABLE") {
			t.Errorf("patient B's %s shows patient A's data", p)
		}
	}
}
