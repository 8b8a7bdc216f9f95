package httpapi_test

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/limber-health/limber/internal/httpapi"
)

// chromium finds Debian's Chromium. Without it the browser tests skip with
// a message, unless LIMBER_REQUIRE_CHROMIUM is set (as .ci/run sets it),
// when they fail.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("LIMBER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("LIMBER_REQUIRE_CHROMIUM") != "" {
		t.Fatal("Chromium is required (LIMBER_REQUIRE_CHROMIUM is set) but not installed: apt-get install chromium")
	}
	t.Skip("browser test skipped: Chromium is not installed (apt-get install chromium)")
	return ""
}

// newBrowser starts headless Chromium with the flags that work as root and
// with no network but loopback.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// tab opens a second tab with its own cookies (another person's browser).
func tab(t *testing.T, parent context.Context) context.Context {
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return ctx
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// submit clicks something that loads a new page and waits for it.
func submit(t *testing.T, ctx context.Context, what, sel string) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status >= 400 {
		t.Fatalf("%s: status %d", what, resp.Status)
	}
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// shoot writes a screenshot to screenshots/ at the repository's root
// (git-ignored), so anyone can look at the screens.
func shoot(t *testing.T, ctx context.Context, name string, w, h int64) {
	t.Helper()
	do(t, ctx, "viewport", chromedp.EmulateViewport(w, h))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join("..", "..", "screenshots")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// shootPatient takes a patient screen at both tablet orientations, then
// returns to landscape.
func shootPatient(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shoot(t, ctx, "patient-"+name+"-768x1024", 768, 1024)
	shoot(t, ctx, "patient-"+name+"-1024x768", 1024, 768)
}

// TestEndToEnd: a therapist builds, clears and activates a plan; the
// patient enrolls, screens, plays the session, stops one item and
// finishes; the session shows on the therapist's page.
func TestEndToEnd(t *testing.T) {
	ctx := newBrowser(t)
	h := newLiveHarness(t)
	h.clinic()
	// A real browser times its sessions by the real clock.
	httpapi.SetPlayerSpeed(40)
	t.Cleanup(func() { httpapi.SetPlayerSpeed(1) })
	base := h.srv.URL

	// The therapist.
	do(t, ctx, "sign in",
		chromedp.Navigate(base+"/"),
		chromedp.SendKeys(chromedp.ID("email"), "a@clinic.test"),
		chromedp.SendKeys(chromedp.ID("password"), password),
	)
	submit(t, ctx, "sign in", `main form button[type="submit"]`)
	do(t, ctx, "add a patient", chromedp.SendKeys(chromedp.ID("name"), "Olive Osteo"), chromedp.SetValue(chromedp.ID("mobility"), "M2"))
	submit(t, ctx, "add a patient", `form[action="/clinic/patients"] button`)
	do(t, ctx, "set conditions",
		chromedp.Click(chromedp.CSS(`input[name="conditions"][value="bone_fragility"]`)),
		chromedp.Click(chromedp.CSS(`input[name="conditions"][value="spasticity"]`)),
	)
	submit(t, ctx, "save the profile", `section[aria-labelledby="profile-h"] button[type="submit"]`)
	submit(t, ctx, "generate a plan", `form[action$="/plans"] button[type="submit"]`)
	if left := text(t, ctx, "main"); !strings.Contains(left, "Rounding your back all the way, even lying down, is a known cause of spine fractures.") {
		t.Errorf("the plan page does not show the excluded exercise's reason")
	}
	// Add an exercise that needs clearance, clear it with a note.
	do(t, ctx, "open the library", chromedp.Click(chromedp.CSS(`details:not(.remove):not(.rule-detail) summary`)))
	submit(t, ctx, "add a gated exercise", `form[action$="/items"] input[value="single-knee-to-chest"] ~ button`)
	do(t, ctx, "write the note", chromedp.SendKeys(chromedp.CSS(`form[action$="/clearance"] input[name="note"]`), "Tried together in clinic."))
	submit(t, ctx, "clear it", `form[action$="/clearance"] button`)
	if !strings.Contains(text(t, ctx, "main"), "Tried together in clinic.") {
		t.Errorf("the clearance note is not shown")
	}
	shoot(t, ctx, "clinic-plan", 1280, 1400)
	submit(t, ctx, "activate", `form[action$="/activate"] button`)
	submit(t, ctx, "open the patient", `h1 a`)
	submit(t, ctx, "make a code", `form[action$="/enrollment"] button`)
	code := text(t, ctx, "strong.phone")
	if !regexp.MustCompile(`^[0-9A-Z]{8}$`).MatchString(code) {
		t.Fatalf("enrollment code %q", code)
	}

	// The patient, on another browser.
	pt := tab(t, ctx)
	do(t, pt, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
	submit(t, pt, "enroll", `main form button`)
	shootPatient(t, pt, "home")
	submit(t, pt, "screening", `a.big`)
	shootPatient(t, pt, "screening")
	n, err := chromedp.Run(pt, chromedp.Evaluate[int](`document.querySelectorAll("fieldset.question").length`))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		sel := `fieldset[data-step="` + itoa(int64(i)) + `"]`
		answer := sel + ` .answers label:nth-child(2)` // "No"
		if ok, _ := chromedp.Run(pt, chromedp.Evaluate[bool](`!!document.querySelector('`+sel+` .scale')`)); ok {
			answer = sel + ` .scale label:nth-child(3)` // tiredness 2
		}
		do(t, pt, "answer "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(answer)))
	}
	submit(t, pt, "finish screening", `#screening button[type="submit"]`)
	if got := text(t, pt, "h1"); got != "You are ready" {
		t.Fatalf("screening result %q", got)
	}
	submit(t, pt, "open the player", `a.big`)
	do(t, pt, "the player loads", chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	if cues := text(t, pt, "#session-cues"); !strings.Contains(cues, "Bend from your hips, not your waist.") || !strings.Contains(cues, "If a spasm comes") {
		t.Errorf("the condition cues are not shown before the session: %q", cues)
	}
	shootPatient(t, pt, "pain")
	do(t, pt, "pain before", chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(4)`)), chromedp.Click(chromedp.ID("b-pain-before")), chromedp.WaitVisible(chromedp.ID("ex-name")))
	shootPatient(t, pt, "exercise")
	// Play the first exercise through with the fast clock.
	first := text(t, pt, "#ex-name")
	do(t, pt, "play", chromedp.Click(chromedp.ID("b-start")))
	deadline := time.Now().Add(60 * time.Second)
	for text(t, pt, "#ex-name") == first && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if text(t, pt, "#ex-name") == first {
		t.Fatalf("the first exercise never finished")
	}
	// Stop the second one for sharp pain.
	do(t, pt, "stop",
		chromedp.Click(chromedp.ID("b-stop")),
		chromedp.WaitVisible(chromedp.ID("s-stop")),
		chromedp.Click(chromedp.CSS(`[data-reasons="stop"] [data-reason="sharp_pain"]`)),
		chromedp.WaitVisible(chromedp.ID("s-stopped")),
	)
	shootPatient(t, pt, "stopped")
	do(t, pt, "finish early", chromedp.Click(chromedp.ID("b-finish-now")), chromedp.WaitVisible(chromedp.ID("s-pain-after")),
		chromedp.Click(chromedp.CSS(`[data-scale="after"] button:nth-child(3)`)), chromedp.Click(chromedp.ID("b-pain-after")), chromedp.WaitVisible(chromedp.ID("s-done")))
	deadline = time.Now().Add(15 * time.Second)
	for !strings.Contains(text(t, pt, "#done-msg"), "saved") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if msg := text(t, pt, "#done-msg"); msg != "Your session is saved." {
		t.Fatalf("after finishing: %q", msg)
	}
	shootPatient(t, pt, "done")

	// The therapist sees it.
	do(t, ctx, "reload the patient page", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("sessions-h")))
	sessions := text(t, ctx, `section[aria-labelledby="sessions-h"]`)
	if !strings.Contains(sessions, "3 → 2") || !strings.Contains(sessions, "stopped (sharp or building pain)") || !strings.Contains(sessions, "done") {
		t.Errorf("the session on the therapist's page:\n%s", sessions)
	}
	shoot(t, ctx, "clinic-patient", 1280, 900)
}

// restartable serves a handler on a fixed loopback address that can be
// stopped and started again, as a clinic's server going away and coming
// back.
type restartable struct {
	addr    string
	handler http.Handler
	srv     *http.Server
}

func (r *restartable) start(t *testing.T) {
	t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", r.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	r.addr = ln.Addr().String()
	r.srv = &http.Server{Handler: r.handler}
	go r.srv.Serve(ln)
}

func (r *restartable) stop() { r.srv.Close() }

// TestOfflineSession: with the server stopped, the patient finishes the
// session and the tablet keeps it; when the server is back it is stored,
// exactly once. A reload while offline comes from the service worker.
func TestOfflineSession(t *testing.T) {
	ctx := newBrowser(t)
	h := newLiveHarness(t)
	c := h.clinic()
	// A fresh plan made now, so sessions with the real clock are valid.
	plan := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientBID)+"/plans", c.therapistB, map[string]any{"minutes": 10})
	h.must(200, "POST", "/api/v1/plans/"+itoa(int64(plan["id"].(float64)))+"/activate", c.therapistB, nil)
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientBID)+"/enrollment", c.therapistB, nil)["code"].(string)
	srv := &restartable{addr: "127.0.0.1:0", handler: h.api.Echo}
	srv.start(t)
	defer srv.stop()
	base := "http://" + srv.addr

	do(t, ctx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
	submit(t, ctx, "enroll", `main form button`)
	h.screen(c.patientB, nil) // answered on another tablet earlier today
	do(t, ctx, "load the player twice (the second time through the service worker)",
		chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
	)
	srv.stop()
	// A reload with the server gone: the service worker has the page and
	// the tablet has today's plan.
	do(t, ctx, "reload offline", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	do(t, ctx, "pain before", chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(5)`)), chromedp.Click(chromedp.ID("b-pain-before")), chromedp.WaitVisible(chromedp.ID("ex-name")))
	// The figures of today's plan were kept when it loaded: offline, the
	// exercise shows its figure from the service worker.
	waitFigure(t, ctx, "offline")
	shootPatient(t, ctx, "offline-figure")
	doAll(t, ctx)
	do(t, ctx, "pain after", chromedp.WaitVisible(chromedp.ID("s-pain-after")), chromedp.Click(chromedp.CSS(`[data-scale="after"] button:nth-child(4)`)),
		chromedp.Click(chromedp.ID("b-pain-after")), chromedp.WaitVisible(chromedp.ID("s-done")))
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(text(t, ctx, "#done-msg"), "back online") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if msg := text(t, ctx, "#done-msg"); msg != "Saved on this tablet. It will be sent when the tablet is back online." {
		t.Fatalf("offline finish: %q", msg)
	}
	shootPatient(t, ctx, "offline")
	count := func() int {
		var n int
		h.get(&n, `SELECT COUNT(*) FROM exercise_sessions WHERE patient_id = ?`, c.patientBID)
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d sessions stored while the server was down", n)
	}
	waiting, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem("limber.outbox")`))
	if err != nil || !strings.Contains(waiting, "client_id") {
		t.Fatalf("the outbox: %q %v", waiting, err)
	}
	// The server comes back; the tablet's next page sends what waits.
	srv.start(t)
	do(t, ctx, "back online", chromedp.Navigate(base+"/patient"), chromedp.WaitVisible(chromedp.CSS("h1")))
	deadline = time.Now().Add(10 * time.Second)
	for count() == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// The tablet sends the same session again (as after a lost answer):
	// the server keeps the one it has.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.setItem("limber.outbox", `+strconv.Quote(waiting)+`), true`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`LimberOutbox.flush()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	pending, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`LimberOutbox.pending()`))
	if n := count(); n != 1 || pending != 0 {
		t.Fatalf("after coming back: %d sessions stored, %d waiting on the tablet", n, pending)
	}
}

// doAll starts and marks done every exercise left in the player.
func doAll(t *testing.T, ctx context.Context) {
	t.Helper()
	for i := 0; i < 40; i++ {
		visible, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("s-exercise").classList.contains("hidden")`))
		if !visible {
			return
		}
		do(t, ctx, "start and done", chromedp.Click(chromedp.ID("b-start")), chromedp.Click(chromedp.ID("b-done")))
	}
	t.Fatal("the player never left the exercises")
}
