package httpapi_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/httpapi"
)

// parallel sends n requests at once and counts the statuses.
func (h *harness) parallel(n int, req func(i int) response) map[int]int {
	h.t.Helper()
	var mu sync.Mutex
	counts := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			r := req(i)
			mu.Lock()
			counts[r.status]++
			mu.Unlock()
		}(i)
	}
	close(start)
	wg.Wait()
	return counts
}

// send is do without t.Fatal, for goroutines.
func (h *harness) send(method, path string, body string, header map[string]string) response {
	req, _ := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return response{status: -1}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: data, header: resp.Header}
}

// Attempts sent all at once are counted before any password is checked:
// only as many as the limit are checked, the rest are refused.
func TestParallelSignInsAreCountedFirst(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.api.RecordSleeps(func(time.Duration) {})

	// One account.
	got := h.parallel(40, func(int) response {
		return h.send("POST", "/api/v1/auth/login", `{"email":"a@clinic.test","password":"wrong password!"}`, nil)
	})
	if got[401] > 5 || got[401]+got[429] != 40 {
		t.Errorf("40 parallel guesses at one account: %v, want at most 5 × 401 and the rest 429", got)
	}
	// One address, many accounts (a fresh server: the address is unused).
	h2 := newHarness(t)
	h2.api.RecordSleeps(func(time.Duration) {})
	got = h2.parallel(40, func(i int) response {
		return h2.send("POST", "/api/v1/auth/login", fmt.Sprintf(`{"email":"guess%d@clinic.test","password":"wrong password!"}`, i), nil)
	})
	if got[401] > 20 || got[401]+got[429] != 40 {
		t.Errorf("40 parallel guesses from one address: %v, want at most 20 × 401 and the rest 429", got)
	}
	// Enrollment codes, by address.
	got = h.parallel(30, func(i int) response {
		return h.send("POST", "/api/v1/auth/enroll", fmt.Sprintf(`{"code":"ZZZZ%04d"}`, i), nil)
	})
	if got[401] > 10 || got[401]+got[429] != 30 {
		t.Errorf("30 parallel code guesses: %v, want at most 10 × 401 and the rest 429", got)
	}
	// A right password after the account's limit still waits.
	if r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a@clinic.test", "password": password}); r.status != 429 {
		t.Errorf("the right password at the limit: %d", r.status)
	}
	// Other accounts' successes are never counted against the address.
	h.must(200, "GET", "/api/v1/patients", c.therapistB, nil)
}

// Long emails are refused before anything is kept; the limiter forgets
// what left the window and never holds more than its bound; /metrics
// labels only known methods and registered routes.
func TestLimiterAndMetricsStayBounded(t *testing.T) {
	h := newHarness(t)
	h.clinic()
	h.api.RecordSleeps(func(time.Duration) {})
	long := strings.Repeat("x", 250<<10) + "@clinic.test"
	for i := 0; i < 5; i++ {
		r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": fmt.Sprint(i) + long, "password": "wrong password!"})
		if r.status != 422 || !strings.Contains(string(r.body), `"field":"email"`) {
			t.Fatalf("a 250 KB email: %d %.200s", r.status, r.body)
		}
	}
	form := url.Values{"email": {long}, "password": {"wrong password!"}}
	resp, err := http.PostForm(h.srv.URL+"/", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 422 || !strings.Contains(string(body), "Email: at most 254 characters") || len(body) > 20000 {
		t.Errorf("the sign-in form with a 250 KB email: %d, %d bytes", resp.StatusCode, len(body))
	}
	if n := h.api.LimiterSize(); n != 0 {
		t.Errorf("the limiter holds %d keys after refused emails", n)
	}
	for i := 0; i < 200; i++ {
		h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": fmt.Sprintf("nobody%d@clinic.test", i), "password": "wrong password!"})
	}
	if n := h.api.LimiterSize(); n > 21 {
		t.Errorf("200 guessed emails from one address left %d keys", n)
	}
	h.advance(16 * time.Minute)
	h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "later@clinic.test", "password": "wrong password!"})
	if n := h.api.LimiterSize(); n > 2 {
		t.Errorf("after the window, %d keys remain", n)
	}
	// Full: new keys are refused, never kept.
	h.advance(16 * time.Minute)
	h.api.SetLimiterMaxKeys(5)
	for i := 0; i < 10; i++ {
		h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": fmt.Sprintf("full%d@clinic.test", i), "password": "wrong password!"})
		if n := h.api.LimiterSize(); n > 5 {
			t.Fatalf("the limiter grew to %d keys past its bound of 5", n)
		}
	}

	for i := 0; i < 300; i++ {
		h.send(fmt.Sprintf("INVENTED%d", i), "/api/v1/patients", "", nil)
		h.send("GET", fmt.Sprintf("/no/such/page/%d", i), "", nil)
	}
	metrics := string(h.must200Text("/metrics"))
	methods := map[string]bool{}
	for _, m := range regexp.MustCompile(`method="([^"]*)"`).FindAllStringSubmatch(metrics, -1) {
		methods[m[1]] = true
	}
	for m := range methods {
		switch m {
		case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other":
		default:
			t.Errorf("/metrics labels the method %q", m)
		}
	}
	if !methods["other"] {
		t.Errorf("invented methods are not counted as other")
	}
	if strings.Contains(metrics, "/no/such") {
		t.Errorf("/metrics labels an unmatched path")
	}
	if len(metrics) > 300<<10 {
		t.Errorf("/metrics is %d bytes", len(metrics))
	}
}

func (h *harness) must200Text(path string) []byte {
	h.t.Helper()
	r := h.do("GET", path, "", nil)
	if r.status != 200 {
		h.t.Fatalf("GET %s: %d", path, r.status)
	}
	return r.body
}

// noRedirect is a browser that shows each redirect instead of following.
func noRedirect(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// After an admin's reset, every staff page leads to the password page
// until the password is changed there.
func TestMustChangePasswordOnPages(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	users := h.must(200, "GET", "/api/v1/users", c.admin, nil)["users"].([]any)
	var bID string
	for _, u := range users {
		if u.(map[string]any)["email"] == "b@clinic.test" {
			bID = itoa(int64(u.(map[string]any)["id"].(float64)))
		}
	}
	temp := h.must(200, "POST", "/api/v1/users/"+bID+"/password-reset", c.admin, nil)["one_time_password"].(string)

	jar, _ := cookiejar.New(nil)
	raw := noRedirect(jar)
	resp, err := raw.PostForm(h.srv.URL+"/", url.Values{"email": {"b@clinic.test"}, "password": {temp}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/password" {
		t.Errorf("signing in with a one-time password: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, p := range []string{"/clinic", "/clinic/alerts", "/clinic/patients/" + itoa(c.patientBID), "/clinic/plans/" + itoa(c.planB)} {
		resp, err := raw.Get(h.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/password" {
			t.Errorf("%s before the change: %d → %q", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	b := &browser{t: t, h: h, client: &http.Client{Jar: jar}}
	page := b.get("/password", 200)
	mustContain(t, page, `<label for="current_password">`, `<label for="new_password">`, `<label for="new_password_again">`,
		`minlength="10"`, "At least 10 characters", `href="/password"`, "Your password was reset")
	// Mistakes are shown on the page.
	page = b.post("/password", url.Values{"current_password": {temp}, "new_password": {"a brand new password"}, "new_password_again": {"a brand new pasword"}}, 422)
	mustContain(t, page, "The two new passwords are not the same")
	page = b.post("/password", url.Values{"current_password": {temp}, "new_password": {"short"}, "new_password_again": {"short"}}, 422)
	mustContain(t, page, "New password: must be at least 10 characters")
	page = b.post("/password", url.Values{"current_password": {"not it at all"}, "new_password": {"a brand new password"}, "new_password_again": {"a brand new password"}}, 422)
	mustContain(t, page, "Current password: is wrong")
	// Still held at the password page.
	b.get("/clinic", 200)
	if !strings.Contains(b.get("/clinic", 200), "Change your password") {
		t.Errorf("the clinic page opened before the change")
	}
	page = b.post("/password", url.Values{"current_password": {temp}, "new_password": {"a brand new password"}, "new_password_again": {"a brand new password"}}, 200)
	mustContain(t, page, "Your password is changed", "Patients")
	b.get("/clinic/alerts", 200)
	h.login("b@clinic.test", "a brand new password")
}

// Changing a password ends the user's other sessions (also those the
// server remembers for a while) and goes on under a new token; the current
// password is counted like a sign-in.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.api.RecordSleeps(func(time.Duration) {})
	other := h.login("a@clinic.test", password)
	h.must(200, "GET", "/api/v1/patients", other, nil) // now cached
	web := h.browser()
	web.post("/", url.Values{"email": {"a@clinic.test"}, "password": {password}}, 200)

	m := h.must(200, "POST", "/api/v1/auth/password", c.therapistA, map[string]any{"current_password": password, "new_password": "a brand new password"})
	fresh := m["token"].(string)
	if fresh == c.therapistA || m["csrf_token"] == "" {
		t.Fatalf("the token was not rotated: %v", m)
	}
	for name, tok := range map[string]string{"the old token": c.therapistA, "another session": other} {
		if r := h.do("GET", "/api/v1/patients", tok, nil); r.status != 401 {
			t.Errorf("%s after the change: %d", name, r.status)
		}
	}
	if page := web.get("/clinic", 200); !strings.Contains(page, "Sign in") {
		t.Errorf("the signed-in browser still works after the change")
	}
	h.must(200, "GET", "/api/v1/patients", fresh, nil)

	// Guessing the current password is limited like signing in.
	got := h.parallel(20, func(int) response {
		return h.send("POST", "/api/v1/auth/password", `{"current_password":"a wrong guess!","new_password":"yet another password"}`,
			map[string]string{"Authorization": "Bearer " + fresh})
	})
	if got[422] > 5 || got[422]+got[429] != 20 {
		t.Errorf("20 parallel guesses of the current password: %v", got)
	}
	if r := h.do("POST", "/api/v1/auth/password", fresh, map[string]any{"current_password": "a brand new password", "new_password": "yet another password"}); r.status != 429 {
		t.Errorf("the right password after 5 wrong ones: %d", r.status)
	}
	h.must(200, "GET", "/api/v1/patients", fresh, nil)
}

// A sign-in or enrollment posted from another site is refused and sets
// no cookie: it cannot sign a browser in as someone else, nor swap a
// therapist's session for a tablet's.
func TestCrossSiteSignInRefused(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	evil := map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}
	post := func(path string, form url.Values, hdr map[string]string, cookie string) *http.Response {
		req, _ := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(form.Encode()))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		if cookie != "" {
			req.Header.Set("Cookie", "limber_session="+cookie)
		}
		resp, err := noRedirect(nil).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	setsCookie := func(r *http.Response) bool {
		for _, ck := range r.Cookies() {
			if ck.Name == "limber_session" {
				return true
			}
		}
		return false
	}
	creds := url.Values{"email": {"a@clinic.test"}, "password": {password}}
	for name, hdr := range map[string]map[string]string{
		"cross-site":  evil,
		"same-site":   {"Sec-Fetch-Site": "same-site", "Content-Type": "application/x-www-form-urlencoded"},
		"Origin only": {"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"},
		"Origin null": {"Origin": "null", "Content-Type": "application/x-www-form-urlencoded"},
	} {
		if r := post("/", creds, hdr, ""); r.StatusCode != 403 || setsCookie(r) {
			t.Errorf("sign-in form, %s: %d, cookie set %v", name, r.StatusCode, setsCookie(r))
		}
	}
	// The JSON sign-in refuses it too.
	if r := h.send("POST", "/api/v1/auth/login", `{"email":"a@clinic.test","password":"`+password+`"}`, map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}); r.status != 403 {
		t.Errorf("API login from another site: %d", r.status)
	}
	// A therapist's browser is not turned into a tablet.
	web := h.browser()
	web.post("/", url.Values{"email": {"b@clinic.test"}, "password": {password}}, 200)
	u, _ := url.Parse(h.srv.URL)
	var therapistCookie string
	for _, ck := range web.client.Jar.Cookies(u) {
		if ck.Name == "limber_session" {
			therapistCookie = ck.Value
		}
	}
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	if r := post("/enroll", url.Values{"code": {code}}, evil, therapistCookie); r.StatusCode != 403 || setsCookie(r) {
		t.Errorf("enrollment from another site: %d, cookie set %v", r.StatusCode, setsCookie(r))
	}
	web.get("/clinic", 200)
	// Same origin works, and the code was not used up.
	same := map[string]string{"Origin": h.srv.URL, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded"}
	if r := post("/enroll", url.Values{"code": {code}}, same, ""); r.StatusCode != 303 || !setsCookie(r) {
		t.Errorf("enrollment from the page itself: %d", r.StatusCode)
	}
	if r := post("/", creds, map[string]string{"Origin": h.srv.URL, "Content-Type": "application/x-www-form-urlencoded"}, ""); r.StatusCode != 303 || !setsCookie(r) {
		t.Errorf("sign-in with our own Origin: %d", r.StatusCode)
	}
}

// Nothing the PT writes for the clinic (the patient's notes, clearance
// notes) reaches anything the patient's tablet can fetch.
func TestPTNotesStayOffTheTablet(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	const marker = "PT-PRIVATE-7f3a"
	pa, pl := itoa(c.patientAID), itoa(c.planA)
	h.must(200, "PATCH", "/api/v1/patients/"+pa, c.therapistA, map[string]any{"notes": "Frank note " + marker})
	h.do("POST", "/api/v1/plans/"+pl+"/items", c.therapistA, map[string]any{"exercise_id": "head-turns"})
	locked := firstItem(h.planItems(c.therapistA, c.planA), true)
	if locked == 0 {
		t.Fatal("no locked item to clear")
	}
	h.must(200, "POST", "/api/v1/plans/"+pl+"/items/"+itoa(locked)+"/clearance", c.therapistA, map[string]any{"note": "Cleared, but " + marker})
	// The PT sees both.
	if r := h.do("GET", "/api/v1/plans/"+pl, c.therapistA, nil); !strings.Contains(string(r.body), marker) {
		t.Fatalf("the PT's plan lacks the clearance note")
	}
	h.screen(c.patientA, nil)

	var apiPaths, pages []string
	for _, r := range h.api.Echo.Routes() {
		if r.Method != "GET" || strings.Contains(r.Path, ":") {
			continue
		}
		switch {
		case strings.HasPrefix(r.Path, "/api/v1/me"):
			apiPaths = append(apiPaths, r.Path)
		case strings.HasPrefix(r.Path, "/patient"):
			pages = append(pages, r.Path)
		}
	}
	if len(apiPaths) < 5 || len(pages) < 4 {
		t.Fatalf("routes found: %v %v", apiPaths, pages)
	}
	apiPaths = append(apiPaths, "/api/v1/plans/"+pl, "/api/v1/exercises?patient_id="+pa, "/api/v1/exercises/head-turns?patient_id="+pa)
	for _, p := range apiPaths {
		r := h.do("GET", p, c.patientA, nil)
		if r.status != 200 {
			t.Errorf("GET %s: %d", p, r.status)
		}
		if strings.Contains(string(r.body), marker) {
			t.Errorf("GET %s shows the PT's note to the patient", p)
		}
	}
	if r := h.do("GET", "/api/v1/me/plan", c.patientA, nil); !strings.Contains(string(r.body), `"cleared_at"`) {
		t.Errorf("the patient's plan no longer says the item was cleared")
	}
	code := h.must(201, "POST", "/api/v1/patients/"+pa+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	for _, p := range pages {
		if page := tab.get(p, 200); strings.Contains(page, marker) {
			t.Errorf("the page %s shows the PT's note", p)
		}
	}
	page := tab.post("/patient/screening", url.Values{"RF-1": {"no"}, "RF-2": {"no"}, "RF-3": {"no"}, "RF-4": {"no"}, "RF-5": {"no"}, "RF-6": {"no"}, "RF-7": {"no"}}, 200)
	if strings.Contains(page, marker) {
		t.Errorf("the screening result shows the PT's note")
	}
}

// Signing out, and a revoked tablet's next request, tell the browser to
// drop its cached pages; the signed-out page clears the offline copies.
func TestSignOutClearsTheTablet(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pa := itoa(c.patientAID)
	code := h.must(201, "POST", "/api/v1/patients/"+pa+"/enrollment", c.therapistA, nil)["code"].(string)
	tab := h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	page := tab.get("/patient/settings", 200)
	mustContain(t, page, `id="signout-warning"`, "signout.js", `action="/logout"`)
	raw := noRedirect(tab.client.Jar)
	resp, err := raw.PostForm(h.srv.URL+"/logout", url.Values{"csrf": {tab.csrf}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/enroll" || resp.Header.Get("Clear-Site-Data") != `"cache"` {
		t.Errorf("sign-out: %d → %q, Clear-Site-Data %q", resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Clear-Site-Data"))
	}
	mustContain(t, tab.get("/enroll", 200), "data-signed-out", "signout.js")

	r := h.do("POST", "/api/v1/auth/logout", c.therapistB, nil)
	if r.status != 204 || r.header.Get("Clear-Site-Data") != `"cache"` {
		t.Errorf("API logout: %d, Clear-Site-Data %q", r.status, r.header.Get("Clear-Site-Data"))
	}
	// A revoked tablet.
	code = h.must(201, "POST", "/api/v1/patients/"+pa+"/enrollment", c.therapistA, nil)["code"].(string)
	tab = h.browser()
	tab.post("/enroll", url.Values{"code": {code}}, 200)
	if strings.Contains(tab.get("/patient", 200), "data-signed-out") {
		t.Errorf("a signed-in page clears the tablet")
	}
	u, _ := url.Parse(h.srv.URL)
	var revoked string
	for _, ck := range tab.client.Jar.Cookies(u) {
		if ck.Name == "limber_session" {
			revoked = ck.Value
		}
	}
	devices := h.must(200, "GET", "/api/v1/patients/"+pa+"/devices", c.therapistA, nil)["devices"].([]any)
	h.must(204, "POST", "/api/v1/patients/"+pa+"/devices/"+itoa(int64(devices[0].(map[string]any)["id"].(float64)))+"/revoke", c.therapistA, nil)
	r = h.send("GET", "/api/v1/me/today", "", map[string]string{"Cookie": "limber_session=" + revoked})
	if r.status != 401 || r.header.Get("Clear-Site-Data") != `"cache"` || !strings.Contains(r.header.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("a revoked tablet's API request: %d, Clear-Site-Data %q, Set-Cookie %q", r.status, r.header.Get("Clear-Site-Data"), r.header.Get("Set-Cookie"))
	}
	resp, err = noRedirect(tab.client.Jar).Get(h.srv.URL + "/patient")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/enroll" || resp.Header.Get("Clear-Site-Data") != `"cache"` {
		t.Errorf("a revoked tablet's page: %d → %q, Clear-Site-Data %q", resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Clear-Site-Data"))
	}
	mustContain(t, tab.get("/enroll", 200), "data-signed-out")
	if r := h.do("GET", "/api/v1/me/today", c.patientA, nil); r.status != 200 {
		t.Errorf("the patient's other tablet: %d", r.status)
	}
}

// Messages after a form (a saved profile names the plan's changes, and
// with them conditions and rules) never go into a URL.
func TestNoticesStayOutOfURLs(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pb := itoa(c.patientBID)
	h.must(201, "POST", "/api/v1/plans/"+itoa(c.planB)+"/items", c.therapistB, map[string]any{"exercise_id": "chin-to-chest"})
	web := h.browser()
	web.post("/", url.Values{"email": {"b@clinic.test"}, "password": {password}}, 200)
	web.get("/clinic/patients/"+pb, 200)
	raw := noRedirect(web.client.Jar)
	resp, err := raw.PostForm(h.srv.URL+"/clinic/patients/"+pb, url.Values{"csrf": {web.csrf}, "name": {"Blair Burns"}, "mobility": {"M4"}, "conditions": {"lhermitte"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || loc != "/clinic/patients/"+pb {
		t.Errorf("after saving the profile: %d → %q", resp.StatusCode, loc)
	}
	mustContain(t, web.get("/clinic/patients/"+pb, 200), "Profile saved.", "withdrawn")
	if strings.Contains(web.get("/clinic/patients/"+pb, 200), "Profile saved.") {
		t.Errorf("the notice is shown twice")
	}
	// An error with the rules' reasons, likewise.
	web.get("/clinic/plans/"+itoa(c.planB), 200)
	resp, err = raw.PostForm(h.srv.URL+"/clinic/plans/"+itoa(c.planB)+"/items", url.Values{"csrf": {web.csrf}, "exercise_id": {"chin-to-chest"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != 303 || strings.Contains(loc, "?") {
		t.Errorf("after a refused exercise: %d → %q", resp.StatusCode, loc)
	}
	mustContain(t, web.get("/clinic/plans/"+itoa(c.planB), 200), `role="alert"`)
	// A message written into a link is not shown.
	if strings.Contains(web.get("/clinic?error=Call+0800+FRAUD&notice=Call+0800+FRAUD", 200), "FRAUD") {
		t.Errorf("a page shows a message from its URL")
	}
}

// Only a few password checks run at once; one that cannot get a turn in
// time is told to come back (503, Retry-After) and is not counted.
func TestPasswordChecksAreBounded(t *testing.T) {
	h := newHarness(t)
	h.clinic()
	h.api.RecordSleeps(func(time.Duration) {})
	release := make(chan struct{})
	var mu sync.Mutex
	inside, most := 0, 0
	slots := h.api.HoldPasswordChecks(func() {
		mu.Lock()
		inside++
		most = max(most, inside)
		mu.Unlock()
		<-release
		mu.Lock()
		inside--
		mu.Unlock()
	}, 100*time.Millisecond)
	const extra = 3
	results := make(chan response, slots+extra)
	for i := 0; i < slots+extra; i++ {
		go func(i int) {
			results <- h.send("POST", "/api/v1/auth/login", fmt.Sprintf(`{"email":"busy%d@clinic.test","password":"wrong password!"}`, i), nil)
		}(i)
	}
	// While every turn is held, the others are sent away.
	for i := 0; i < extra; i++ {
		select {
		case r := <-results:
			if r.status != 503 || r.header.Get("Retry-After") != "2" {
				t.Errorf("a check without a turn: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
			}
		case <-time.After(20 * time.Second):
			close(release)
			t.Fatalf("more checks ran at once than the %d turns", slots)
		}
	}
	close(release)
	for i := 0; i < slots; i++ {
		if r := <-results; r.status != 401 {
			t.Errorf("a check with a turn: %d", r.status)
		}
	}
	if most > slots {
		t.Errorf("%d checks ran at once, with %d turns", most, slots)
	}
	if n := h.api.LimiterSize(); n != slots+1 {
		t.Errorf("the limiter holds %d keys: the sent-away attempts were counted", n)
	}
}

// Found by attacking the server: a staff cookie outlived the browser on a
// shared computer; enrolling a browser left its previous session running,
// and a link with a code turned a staff browser into a tablet without a
// word; one IPv6 subscriber could guess from a fresh address each time.
func TestOtherSignInWeaknesses(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.api.RecordSleeps(func(time.Duration) {})
	cookieOf := func(r response) *http.Cookie {
		for _, ck := range (&http.Response{Header: r.header}).Cookies() {
			if ck.Name == "limber_session" {
				return ck
			}
		}
		t.Fatalf("no session cookie")
		return nil
	}
	staff := cookieOf(h.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a@clinic.test", "password": password}))
	if !staff.Expires.IsZero() || staff.MaxAge != 0 || !staff.HttpOnly || staff.SameSite != http.SameSiteLaxMode {
		t.Errorf("a staff cookie must end with the browser: %+v", staff)
	}
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	if tablet := cookieOf(h.do("POST", "/api/v1/auth/enroll", "", map[string]string{"code": code})); tablet.Expires.IsZero() {
		t.Errorf("a tablet cookie lasts as long as its session: %+v", tablet)
	}

	// Enrolling a browser ends the session it had.
	web := h.browser()
	web.post("/", url.Values{"email": {"b@clinic.test"}, "password": {password}}, 200)
	u, _ := url.Parse(h.srv.URL)
	var before string
	for _, ck := range web.client.Jar.Cookies(u) {
		if ck.Name == "limber_session" {
			before = ck.Value
		}
	}
	code = h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	// A link with a code says what it would do to a staff browser.
	mustContain(t, web.get("/enroll?code="+code, 200), "This browser is signed in as User b@clinic.test", "signs you out here")
	web.post("/enroll", url.Values{"code": {code}}, 200)
	req, _ := http.NewRequest("GET", h.srv.URL+"/api/v1/patients", nil)
	req.Header.Set("Cookie", "limber_session="+before)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Errorf("the therapist's session after the browser enrolled: %v %v", resp.StatusCode, err)
	}

	// Behind a proxy, addresses of one IPv6 /64 count as one.
	proxied := httptest.NewServer(httpapi.New(h.db, testEngine(), httpapi.Config{TrustProxy: true}, slog.New(slog.NewTextHandler(io.Discard, nil))).Echo)
	defer proxied.Close()
	refused := 0
	for i := 0; i < 25; i++ {
		req, _ := http.NewRequest("POST", proxied.URL+"/api/v1/auth/login", strings.NewReader(fmt.Sprintf(`{"email":"v6guess%d@clinic.test","password":"wrong password!"}`, i)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("2001:db8:1:2::%x", i+1))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 429 {
			refused++
		}
	}
	if refused != 5 {
		t.Errorf("25 guesses from one IPv6 /64: %d refused, want 5", refused)
	}
}

// A form cut short by the body limit (sent without a length) is refused
// as too large, not read as a form with fields missing.
func TestFormBodyLimit(t *testing.T) {
	h := newHarness(t)
	h.clinic()
	big := "email=a%40clinic.test&password=" + strings.Repeat("x", 300<<10)
	for _, ct := range []string{"application/x-www-form-urlencoded", "multipart/form-data; boundary=x"} {
		body := big
		if strings.HasPrefix(ct, "multipart") {
			body = "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n" + strings.Repeat("x", 300<<10) + "\r\n--x--\r\n"
		}
		req, _ := http.NewRequest("POST", h.srv.URL+"/", io.NopCloser(strings.NewReader(body))) // no length: chunked
		req.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 413 {
			t.Errorf("a %s body over the limit, sent without a length: %d, want 413", ct, resp.StatusCode)
		}
	}
}
