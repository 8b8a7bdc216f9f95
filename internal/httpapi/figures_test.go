package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/figure"
)

var figureURLPattern = regexp.MustCompile(`^/figures/[0-9a-f]{16}\.svg$`)

// Every item of a plan document, of a preview and of /me/today carries its
// figures at content-hashed URLs that the server serves; an item done on
// each side has the left side's figure too, and it differs from the right.
func TestPlanItemsCarryFigureURLs(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	check := func(where string, items []any) {
		t.Helper()
		if len(items) == 0 {
			t.Fatalf("%s: no items", where)
		}
		perSide := 0
		for _, x := range items {
			it := x.(map[string]any)
			for _, f := range []string{"figure_url", "figure_print_url", "thumbnail_url"} {
				u, _ := it[f].(string)
				if !figureURLPattern.MatchString(u) {
					t.Fatalf("%s: item %v %s = %q", where, it["exercise_id"], f, u)
				}
			}
			left, hasLeft := it["figure_url_left"].(string)
			if ps, _ := it["per_side"].(bool); ps {
				perSide++
				if !hasLeft || !figureURLPattern.MatchString(left) || left == it["figure_url"] {
					t.Errorf("%s: per-side item %v: figure_url_left %q (right %q)", where, it["exercise_id"], left, it["figure_url"])
				}
			} else if hasLeft {
				t.Errorf("%s: item %v is not per side but has figure_url_left", where, it["exercise_id"])
			}
		}
		if perSide == 0 {
			t.Errorf("%s: no per-side item to check figure_url_left on", where)
		}
	}
	plan := h.must(200, "GET", "/api/v1/plans/"+itoa(c.planA), c.therapistA, nil)
	check("GET /plans/:id", plan["items"].([]any))
	created := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/plans", c.therapistA, map[string]any{"minutes": 15})
	check("POST /patients/:id/plans", created["items"].([]any))
	preview := h.must(200, "POST", "/api/v1/plan-preview", c.therapistA, map[string]any{"profile": map[string]any{"mobility": "M2"}, "minutes": 20})
	check("POST /plan-preview", preview["items"].([]any))
	mine := h.must(200, "GET", "/api/v1/me/plan", c.patientA, nil)
	check("GET /me/plan", mine["items"].([]any))
	h.screen(c.patientA, nil)
	today := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil)
	items := today["items"].([]any)
	check("GET /me/today", items)

	// The URL serves that very figure: the hash is its content's.
	u := items[0].(map[string]any)["figure_url"].(string)
	r := h.do("GET", u, "", nil)
	if r.status != 200 {
		t.Fatalf("GET %s: %d", u, r.status)
	}
	if got := "/figures/" + figure.Hash(r.body) + ".svg"; got != u {
		t.Errorf("served figure hashes to %s, URL is %s", got, u)
	}
}

// GET /figures/<hash>.svg: an SVG, cached for a year as immutable, under a
// policy that runs no script, gzipped when asked; an unknown or malformed
// hash is a 404.
func TestFigureRoute(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	it := h.planItems(c.therapistA, c.planA)[0]
	u := it["figure_url"].(string)

	r := h.send("GET", u, "", map[string]string{"Accept-Encoding": "gzip"})
	if r.status != 200 {
		t.Fatalf("GET %s: %d %s", u, r.status, r.body)
	}
	for k, want := range map[string]string{
		"Content-Type":     "image/svg+xml",
		"Cache-Control":    "public, max-age=31536000, immutable",
		"Content-Encoding": "gzip",
	} {
		if got := r.header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("figure CSP %q must allow no script", csp)
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	svg, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(svg), []byte("<svg")) || !bytes.Contains(svg, []byte(`role="img"`)) {
		t.Errorf("not a figure: %.200s", svg)
	}
	if bytes.Contains(svg, []byte("<script")) {
		t.Error("a figure carries a script")
	}
	if len(r.body) >= len(svg) {
		t.Errorf("gzip did not shrink the figure: %d ≥ %d", len(r.body), len(svg))
	}
	t.Logf("figure %s: %d bytes, %d gzipped", u, len(svg), len(r.body))

	for _, bad := range []string{"/figures/0000000000000000.svg", "/figures/" + strings.TrimSuffix(strings.TrimPrefix(u, "/figures/"), ".svg"), "/figures/..%2fsw.js", "/figures/"} {
		if r := h.do("GET", bad, "", nil); r.status != 404 {
			t.Errorf("GET %s: %d, want 404", bad, r.status)
		}
	}
}

// The contact sheet is served to staff only: every variant (each side
// where an exercise is done per side) with its figure, steps, declared and
// derived tags; each figure it shows is served.
func TestContactSheetForStaff(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	want := 0
	for _, ex := range testEngine().Exercises() {
		want += len(ex.Positions) * len(figure.Sides(ex))
	}
	pt := h.staff("a@clinic.test")
	page := pt.get("/clinic/figures", 200)
	if n := strings.Count(page, "<section><img "); n != want {
		t.Errorf("the contact sheet has %d figures, want %d", n, want)
	}
	mustContain(t, page, "Declared tags:", "Derived from the figure:", `<nav aria-label="Main">`)
	srcs := regexp.MustCompile(`<section><img src="([^"]+)"`).FindAllStringSubmatch(page, -1)
	for _, m := range srcs[:min(len(srcs), 5)] {
		if !figureURLPattern.MatchString(m[1]) {
			t.Fatalf("the sheet's figure %q is not a figure URL", m[1])
		}
		if r := h.do("GET", m[1], "", nil); r.status != 200 {
			t.Errorf("GET %s: %d", m[1], r.status)
		}
	}
	// Not for a patient's tablet (sent to its home), nor for someone signed
	// out (sent to sign in).
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	if page := tab.get("/clinic/figures", 200); strings.Contains(page, "Declared tags") {
		t.Error("a tablet sees the contact sheet")
	}
	if page := h.browser().get("/clinic/figures", 200); strings.Contains(page, "Declared tags") {
		t.Error("someone signed out sees the contact sheet")
	}
}

// The plan builder shows a thumbnail (the hold) per item and per library
// variant, alt="" beside the name that says what it is.
func TestPlanBuilderThumbnails(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	items := h.planItems(c.therapistA, c.planA)
	page := h.staff("a@clinic.test").get("/clinic/plans/"+itoa(c.planA), 200)
	for _, it := range items {
		thumb := it["thumbnail_url"].(string)
		if !strings.Contains(page, `<li class="card" id="item-`+itoa(int64(it["id"].(float64)))+`">
  <img class="thumb" src="`+thumb+`" alt=""`) {
			t.Errorf("item %v has no thumbnail %s", it["exercise_id"], thumb)
		}
	}
	rows := regexp.MustCompile(`<tr><td><img class="thumb" src="/figures/[0-9a-f]{16}\.svg" alt="" width="96" height="72" loading="lazy">[^<]+`).FindAllString(page, -1)
	if len(rows) < 20 {
		t.Errorf("%d library rows have a thumbnail", len(rows))
	}
}

// The player's first load (its page, stylesheet and scripts, compressed as
// served) stays under 60 KB: the figures follow as the session runs.
func TestPlayerFirstLoadBytes(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	h.screen(c.patientA, nil)
	get := func(path string) (wire, raw int) {
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := tab.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		plain := body
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			plain, _ = io.ReadAll(zr)
		}
		return len(body), len(plain)
	}
	wire, raw := get("/patient/session")
	page := tab.get("/patient/session", 200)
	assets := regexp.MustCompile(`(?:src|href)="(/static/[^"]+\.(?:js|css))"`).FindAllStringSubmatch(page, -1)
	if len(assets) < 2 {
		t.Fatalf("the player page loads %d scripts and stylesheets", len(assets))
	}
	for _, a := range assets {
		w, r := get(a[1])
		wire, raw = wire+w, raw+r
	}
	t.Logf("player first load: %d bytes compressed (%d raw), %d files", wire, raw, 1+len(assets))
	if wire >= 60<<10 {
		t.Errorf("the player's first load is %d bytes compressed, over 60 KB", wire)
	}
	if strings.Contains(page, "/figures/") {
		t.Error("the player page itself loads a figure")
	}
}
