package httpapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSignOutInTheBrowser: a tablet that signs out, or that the PT signs
// out, keeps nothing of the patient's plan (the service worker's copies,
// the offline plan) but keeps the sessions not yet sent, and warns about
// them before signing out. The staff's password page is shot too.
func TestSignOutInTheBrowser(t *testing.T) {
	ctx := newBrowser(t)
	h := newHarness(t)
	h.realClock()
	c := h.clinic()
	pa := itoa(c.patientAID)
	base := h.srv.URL
	cached := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`caches.keys().then(function (ks) { return Promise.all(ks.map(function (k) { return caches.open(k).then(function (c) { return c.keys(); }); })); }).then(function (ls) { return ls.reduce(function (n, l) { return n + l.length; }, 0); })`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("counting cached responses: %v", err)
		}
		return n
	}
	stored := func(key string) string {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem("`+key+`") || ""`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 15 s", what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	enrollAndUse := func() {
		code := h.must(201, "POST", "/api/v1/patients/"+pa+"/enrollment", c.therapistA, nil)["code"].(string)
		do(t, ctx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
		submit(t, ctx, "enroll", `main form button`)
		h.screen(c.patientA, nil)
		do(t, ctx, "load the player twice (the second time through the service worker)",
			chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
			chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
		waitFor("the service worker keeps the pages", func() bool { return cached() > 0 })
		waitFor("the tablet keeps today's plan", func() bool { return stored("limber.today") != "" })
	}

	enrollAndUse()
	// A session waits to be sent: signing out warns, and keeps it.
	const waiting = `[{"client_id":"6f1c9a52-0d7e-4d3b-9a51-3b0b8c1d2e4f"}]`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("limber.outbox", '`+waiting+`'), true`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "settings", chromedp.Navigate(base+"/patient/settings"), chromedp.WaitVisible(chromedp.ID("signout-warning")))
	shootPatient(t, ctx, "settings-signout")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("limber.settings", '{"text":"largest"}'), true`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "settings at the largest text", chromedp.Navigate(base+"/patient/settings"), chromedp.WaitVisible(chromedp.ID("signout-warning")))
	shootPatient(t, ctx, "settings-signout-largest")
	submit(t, ctx, "sign out", `form[action="/logout"] button`)
	waitFor("the tablet drops the pages and the plan", func() bool { return cached() == 0 && stored("limber.today") == "" })
	if got := stored("limber.outbox"); got != waiting {
		t.Errorf("signing out lost the sessions not yet sent: %q", got)
	}
	if !strings.Contains(text(t, ctx, "h1"), "Set up this tablet") {
		t.Errorf("after signing out: %q", text(t, ctx, "h1"))
	}
	shootPatient(t, ctx, "signed-out")

	// The PT signs the tablet out while it is away. (Set up again, the
	// tablet sent what waited; another session waits now.)
	enrollAndUse()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("limber.outbox", '`+waiting+`'), true`)); err != nil {
		t.Fatal(err)
	}
	devices := h.must(200, "GET", "/api/v1/patients/"+pa+"/devices", c.therapistA, nil)["devices"].([]any)
	h.must(204, "POST", "/api/v1/patients/"+pa+"/devices/"+itoa(int64(devices[0].(map[string]any)["id"].(float64)))+"/revoke", c.therapistA, nil)
	do(t, ctx, "open home", chromedp.Navigate(base+"/patient"), chromedp.WaitVisible(chromedp.CSS("h1")))
	waitFor("a revoked tablet drops the pages and the plan", func() bool { return cached() == 0 && stored("limber.today") == "" })
	if got := stored("limber.outbox"); got != waiting {
		t.Errorf("revocation lost the sessions not yet sent: %q", got)
	}

	// The staff's password page.
	staff := tab(t, ctx)
	do(t, staff, "sign in", chromedp.Navigate(base+"/"), chromedp.SendKeys(chromedp.ID("email"), "b@clinic.test"), chromedp.SendKeys(chromedp.ID("password"), password))
	submit(t, staff, "sign in", `main form button[type="submit"]`)
	do(t, staff, "password page", chromedp.Navigate(base+"/password"), chromedp.SendKeys(chromedp.ID("current_password"), password),
		chromedp.SendKeys(chromedp.ID("new_password"), "a brand new password"), chromedp.SendKeys(chromedp.ID("new_password_again"), "not the same password"))
	resp, err := chromedp.RunResponse(staff, chromedp.Click(chromedp.CSS(`main form button`)))
	if err != nil || resp.Status != 422 {
		t.Fatalf("a mismatched new password: %v %v", resp, err)
	}
	if !strings.Contains(text(t, staff, `[role="alert"]`), "not the same") {
		t.Errorf("the mistake is not shown on the page")
	}
	shoot(t, staff, "clinic-password-1024x768", 1024, 768)
	shoot(t, staff, "clinic-password-768x1024", 768, 1024)
	do(t, staff, "a code link in a staff browser", chromedp.Navigate(base+"/enroll?code=ABCD1234"), chromedp.WaitVisible(chromedp.CSS(`[role="alert"]`)))
	shootPatient(t, staff, "enroll-in-staff-browser")
}
