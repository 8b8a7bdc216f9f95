package httpapi_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// browser is a cookie-keeping client, as a person's browser is.
type browser struct {
	t      testing.TB
	h      *harness
	client *http.Client
	csrf   string
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: h.t, h: h, client: &http.Client{Jar: jar}}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)">`)

// get fetches a page and remembers its CSRF token.
func (b *browser) get(path string, want int) string {
	b.t.Helper()
	resp, err := b.client.Get(b.h.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp, "GET "+path, want)
}

func (b *browser) post(path string, form url.Values, want int) string {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	resp, err := b.client.PostForm(b.h.srv.URL+path, form)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.read(resp, "POST "+path, want)
}

func (b *browser) read(resp *http.Response, what string, want int) string {
	b.t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	page := string(body)
	if resp.StatusCode != want {
		b.t.Fatalf("%s: %d, want %d\n%s", what, resp.StatusCode, want, page[:min(len(page), 3000)])
	}
	if m := csrfMeta.FindStringSubmatch(page); m != nil && m[1] != "" {
		b.csrf = m[1]
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		for _, bad := range []string{"<no value>", "%!", "map["} {
			if strings.Contains(page, bad) {
				b.t.Errorf("%s: the page shows %q", what, bad)
			}
		}
		if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, "<title>") || resp.Header.Get("Content-Security-Policy") == "" {
			b.t.Errorf("%s: no lang, title or CSP", what)
		}
	}
	return page
}

func mustContain(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// TestEveryPageRenders walks the therapist's and the patient's pages with
// real data, through the real server.
func TestEveryPageRenders(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pt := h.browser()
	mustContain(t, pt.get("/", 200), "Sign in", `autocomplete="current-password"`)
	if p := pt.post("/", url.Values{"email": {"a@clinic.test"}, "password": {"wrong wrong wrong"}}, 401); !strings.Contains(p, "Wrong email or password") {
		t.Errorf("a failed sign-in says nothing")
	}
	mustContain(t, pt.post("/", url.Values{"email": {"a@clinic.test"}, "password": {password}}, 200), "Your patients", "Alex Ames")
	// A hostile name is stored as written and shown escaped.
	page := pt.post("/clinic/patients", url.Values{"name": {`<script>alert(1)</script> Ann`}, "mobility": {"M3"}}, 200)
	mustContain(t, page, "&lt;script&gt;alert(1)&lt;/script&gt; Ann", "Generate a plan", "bone_fragility")
	if strings.Contains(page, "<script>alert(1)") {
		t.Fatal("a patient's name reached the page unescaped")
	}
	ann := regexp.MustCompile(`action="/clinic/patients/(\d+)/plans"`).FindStringSubmatch(page)[1]
	page = pt.post("/clinic/patients/"+ann, url.Values{"name": {"Ann"}, "mobility": {"M3"}, "conditions": {"bone_fragility", "spasticity"}}, 200)
	mustContain(t, page, "Profile saved", "In force: ", "<li>Osteoporosis or osteopenia", "<li>Stiff, tight muscles or spasms.</li>")
	page = pt.post("/clinic/patients/"+ann+"/plans", url.Values{"minutes": {"20"}, "focus": {"hips"}}, 200)
	mustContain(t, page, "Exercises", "Left out", "Rounding your back all the way", "Add from the library", "Activate this plan")
	planID := regexp.MustCompile(`action="/clinic/plans/(\d+)/activate"`).FindStringSubmatch(page)[1]
	// An excluded exercise cannot be added: the reason comes back.
	page = pt.post("/clinic/plans/"+planID+"/items", url.Values{"exercise_id": {"both-knees-to-chest"}, "position": {"supine"}}, 200)
	mustContain(t, page, "excluded for this patient")
	// Add one that needs clearance, then clear it.
	page = pt.post("/clinic/plans/"+planID+"/items", url.Values{"exercise_id": {"single-knee-to-chest"}, "position": {"supine"}}, 200)
	item := regexp.MustCompile(`action="/clinic/plans/\d+/items/(\d+)/clearance"`).FindStringSubmatch(page)
	if item == nil {
		t.Fatalf("no locked item to clear")
	}
	mustContain(t, pt.post("/clinic/plans/"+planID+"/items/"+item[1]+"/clearance", url.Values{"note": {"Tried in clinic."}}, 200), "Tried in clinic.", ">Cleared</span>")
	mustContain(t, pt.post("/clinic/plans/"+planID+"/activate", nil, 200), ">In use</span>")
	mustContain(t, pt.get("/clinic/plans/"+planID+"/print", 200), "Your exercises", "User a@clinic.test")
	page = pt.post("/clinic/patients/"+ann+"/enrollment", nil, 200)
	mustContain(t, page, "Enrollment code", `src="data:image/png;base64,`, "/enroll?code=")
	code := regexp.MustCompile(`<strong class="phone">([0-9A-Z]{8})</strong>`).FindStringSubmatch(page)[1]
	mustContain(t, pt.get("/clinic/patients/"+ann, 200), "Sessions per week", `<svg class="chart"`, "Audit trail", "<td>Profile changed</td><td>You</td>")
	mustContain(t, pt.get("/clinic/alerts", 200), "Alerts")
	mustContain(t, pt.get("/clinic?sort=alerts", 200), "Sorted by open alerts")
	// A form without its CSRF token is refused.
	pt.post("/clinic/patients", url.Values{"csrf": {"forged"}, "name": {"X"}, "mobility": {"M1"}}, 403)
	// Another therapist's patient is not found.
	other := h.browser()
	other.post("/", url.Values{"email": {"b@clinic.test"}, "password": {password}}, 200)
	other.get("/clinic/patients/"+ann, 404)
	other.get("/clinic/plans/"+planID, 404)

	// The patient's tablet.
	tab := h.browser()
	mustContain(t, tab.get("/enroll?code="+code, 200), `value="`+code+`"`)
	tab.get("/patient", 200) // followed the redirect to /enroll: not signed in yet
	mustContain(t, tab.post("/enroll", url.Values{"code": {strings.ToLower(code)}}, 200), "Hello, Ann", "Start today's session", `href="/patient/screening"`)
	mustContain(t, tab.get("/patient/screening", 200), "Before you start", "Read aloud", `name="RF-19"`)
	answers := url.Values{}
	for _, q := range []string{"RF-1", "RF-2", "RF-3", "RF-4", "RF-5", "RF-6", "RF-7", "RF-9", "RF-10", "RF-11", "RF-13", "RF-17", "RF-18", "RF-20", "RF-21", "RF-22", "RF-23"} {
		answers.Set(q, "no")
	}
	answers.Set("RF-19", "3")
	mustContain(t, tab.post("/patient/screening", answers, 200), "You are ready", "Start the session")
	mustContain(t, tab.get("/patient/session", 200), `id="player"`, "Stop, something's wrong", `data-speed="1"`)
	mustContain(t, tab.post("/patient/journal", url.Values{"region": {"low_back"}, "intensity": {"5"}, "quality": {"<b>aching</b>"}}, 200), "Saved.", "&lt;b&gt;aching&lt;/b&gt;")
	mustContain(t, tab.get("/patient/settings", 200), "Text size", "High contrast", "Spoken cues")
	// The tablet is not a therapist.
	resp, _ := tab.client.Get(h.srv.URL + "/clinic")
	if resp.Request.URL.Path != "/patient" {
		t.Errorf("a tablet on /clinic went to %s", resp.Request.URL.Path)
	}
	resp.Body.Close()
	_ = c
}

func TestUrgentScreeningShowsNoExercise(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"emergency_number": "911"})
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	tab.get("/patient/screening", 200)
	answers := url.Values{"RF-1": {"no"}, "RF-2": {"no"}, "RF-3": {"no"}, "RF-4": {"no"}, "RF-5": {"no"}, "RF-6": {"not_sure"}, "RF-7": {"no"}}
	// Without JavaScript the server asks once more before an answer that
	// stops the day.
	mustContain(t, tab.post("/patient/screening", answers, 200), "Is that right?", `You said "not sure" to: <strong>chest pain`)
	answers.Set("confirmed", "yes")
	page := tab.post("/patient/screening", answers, 200)
	mustContain(t, page, "Please stop now", "emergency", `href="tel:911"`)
	if strings.Contains(page, "Start the session") || strings.Contains(page, "/patient/session") {
		t.Errorf("the urgent screen offers a session")
	}
	home := tab.get("/patient", 200)
	if strings.Contains(home, "Start today's session") {
		t.Errorf("home offers a session after stop_urgent")
	}
}

func TestStaticAssets(t *testing.T) {
	h := newHarness(t)
	page := h.browser().get("/", 200)
	css := regexp.MustCompile(`href="(/static/[0-9a-f]{12}/app\.css)"`).FindStringSubmatch(page)
	if css == nil {
		t.Fatal("no hashed stylesheet")
	}
	resp, err := http.Get(h.srv.URL + css[1])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet: %d %v", resp.StatusCode, resp.Header)
	}
	for _, p := range []string{"/static/000000000000/app.css", "/static/" + css[1][8:20] + "/../../go.mod", "/static/%2e%2e/%2e%2e/go.mod", "/static/x/..%2f..%2fgo.mod"} {
		if r, err := http.Get(h.srv.URL + p); err == nil {
			r.Body.Close()
			if r.StatusCode != 404 {
				t.Errorf("%s: %d", p, r.StatusCode)
			}
		}
	}
	for _, p := range []string{"/sw.js", "/manifest.webmanifest", "/favicon.ico"} {
		r, err := http.Get(h.srv.URL + p)
		if err != nil || r.StatusCode != 200 {
			t.Errorf("%s: %v %v", p, err, r.StatusCode)
		}
		r.Body.Close()
	}
}
