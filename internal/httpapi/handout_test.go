package httpapi_test

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// handoutPlan makes a patient's plan of exactly n printable items and
// returns the plan's id.
func handoutPlan(t *testing.T, h *harness, token string, n int) int64 {
	t.Helper()
	p := h.must(201, "POST", "/api/v1/patients", token, map[string]any{"name": "Hana Print", "mobility": "M1"})
	id := int64(p["id"].(float64))
	for _, minutes := range []int{20, 25, 30, 35, 40, 45, 50, 60} {
		plan := h.must(201, "POST", "/api/v1/patients/"+itoa(id)+"/plans", token, map[string]any{"minutes": minutes})
		planID := int64(plan["id"].(float64))
		var free []int
		for _, it := range plan["items"].([]any) {
			m := it.(map[string]any)
			if m["locked"] != true {
				free = append(free, int(m["id"].(float64)))
			}
		}
		if len(free) < n {
			continue
		}
		for _, item := range free[n:] {
			h.must(200, "DELETE", fmt.Sprintf("/api/v1/plans/%d/items/%d", planID, item), token, nil)
		}
		return planID
	}
	t.Fatalf("no plan of %d items", n)
	return 0
}

// TestHandout: no "press Stop" on paper, a DRAFT mark on a draft, numbers
// without gaps, the clinic's phone, a week's log, a figure slot per item,
// and not the patient's page (no service worker in the PT's browser).
func TestHandout(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"clinic_phone": "555 0100"})
	pt := h.staff("a@clinic.test")
	// Patient A's plan has a locked item (Lhermitte's sign) among others.
	planA := h.must(200, "GET", "/api/v1/plans/"+itoa(c.planA), c.therapistA, nil)
	printable := 0
	for _, it := range planA["items"].([]any) {
		if it.(map[string]any)["locked"] != true {
			printable++
		}
	}
	page := pt.get("/clinic/plans/"+itoa(c.planA)+"/print", 200)
	if strings.Contains(page, "press Stop") {
		t.Errorf("the handout says press Stop; paper has no Stop button")
	}
	if strings.Contains(page, `class="patient"`) {
		t.Errorf("the handout uses the patient's page (and its service worker)")
	}
	mustContain(t, page, `<body class="handout"`, "Your clinic: <strong>555 0100</strong>", `id="log-h">This week`, `class="tick"`, "Stop and tell your PT if pain turns sharp", "have chest pain")
	nums := regexp.MustCompile(`<span class="n">(\d+)\.</span>`).FindAllStringSubmatch(page, -1)
	if len(nums) != printable {
		t.Fatalf("%d numbered items, want %d", len(nums), printable)
	}
	for i, m := range nums {
		if m[1] != fmt.Sprint(i+1) {
			t.Errorf("item %d is numbered %s", i+1, m[1])
		}
	}
	if n := strings.Count(page, `class="figure-pair"`); n != printable {
		t.Errorf("%d figure slots for %d items", n, printable)
	}
	if strings.Contains(page, "DRAFT") {
		t.Errorf("an active plan is marked as a draft")
	}
	// A draft says so.
	draft := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/plans", c.therapistA, map[string]any{"minutes": 15})
	mustContain(t, pt.get(fmt.Sprintf("/clinic/plans/%v/print", draft["id"]), 200), "DRAFT: not yet in use.")
}

// TestHandoutPages prints the handout of an 8-item plan to PDF with
// headless Chromium, on A4 and on Letter, and counts the pages: at most 3
// (about 2 pages of exercises, with the week's log).
func TestHandoutPages(t *testing.T) {
	bin := chromium(t)
	h := newHarness(t)
	c := h.clinic()
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"clinic_phone": "555 0100"})
	planID := handoutPlan(t, h, c.therapistA, 8)
	pt := h.staff("a@clinic.test")
	page := pt.get("/clinic/plans/"+itoa(planID)+"/print", 200)
	if n := strings.Count(page, `<li class="handout-item">`); n != 8 {
		t.Fatalf("%d items printed, want 8", n)
	}
	// Every item has its start and hold frames, black on white.
	if n := len(regexp.MustCompile(`<div class="figure-pair"><img src="/figures/[0-9a-f]{16}\.svg" alt="[^"]+">`).FindAllString(page, -1)); n != 8 {
		t.Errorf("%d of 8 items have their printed figure", n)
	}
	// The saved page loads its stylesheet and figures from the test server.
	page = strings.ReplaceAll(page, `href="/static/`, `href="`+h.srv.URL+`/static/`)
	page = strings.ReplaceAll(page, `src="/static/`, `src="`+h.srv.URL+`/static/`)
	// Figures are same-origin only (a file:// page may not load them): the
	// saved page carries them inline, as they are served.
	page = regexp.MustCompile(`src="(/figures/[^"]+)"`).ReplaceAllStringFunc(page, func(m string) string {
		r := h.do("GET", m[5:len(m)-1], "", nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d", m, r.status)
		}
		return `src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString(r.body) + `"`
	})
	dir := t.TempDir()
	for _, paper := range []string{"A4", "letter"} {
		html := filepath.Join(dir, paper+".html")
		os.WriteFile(html, []byte(strings.Replace(page, "</head>", "<style>@page { size: "+paper+"; }</style></head>", 1)), 0o644)
		pdf := filepath.Join(dir, paper+".pdf")
		cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile-"+paper),
			"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+html)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("print %s: %v\n%s", paper, err, out)
		}
		b, err := os.ReadFile(pdf)
		if err != nil {
			t.Fatal(err)
		}
		pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(b, -1))
		t.Logf("handout of 8 exercises on %s: %d pages (%d bytes)", paper, pages, len(b))
		if pages == 0 || pages > 3 {
			t.Errorf("%s: %d pages, want 2 to 3", paper, pages)
		}
		if out := os.Getenv("LIMBER_SHOTS"); out != "" {
			os.MkdirAll(out, 0o755)
			os.WriteFile(filepath.Join(out, "handout-8-"+paper+".pdf"), b, 0o644)
		}
	}
}
