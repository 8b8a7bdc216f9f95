package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/limber-health/limber/internal/httpapi"
)

// playerSetup enrolls patient B's tablet in a browser against a server
// that can be stopped, with a fresh plan and today's screening answered.
func playerSetup(t *testing.T, patientA bool) (*harness, clinic, context.Context, *restartable, string) {
	ctx := newBrowser(t)
	h := newLiveHarness(t)
	c := h.clinic()
	th, pid, tablet := c.therapistB, c.patientBID, c.patientB
	if patientA {
		th, pid, tablet = c.therapistA, c.patientAID, c.patientA
	}
	plan := h.must(201, "POST", "/api/v1/patients/"+itoa(pid)+"/plans", th, map[string]any{"minutes": 20})
	h.must(200, "POST", "/api/v1/plans/"+itoa(int64(plan["id"].(float64)))+"/activate", th, nil)
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(pid)+"/enrollment", th, nil)["code"].(string)
	srv := &restartable{addr: "127.0.0.1:0", handler: h.api.Echo}
	srv.start(t)
	t.Cleanup(srv.stop)
	base := "http://" + srv.addr
	do(t, ctx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
	submit(t, ctx, "enroll", `main form button`)
	h.screen(tablet, nil)
	return h, c, ctx, srv, base
}

func waitText(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := text(t, ctx, sel)
		if strings.Contains(got, want) {
			return got
		}
		if time.Now().After(deadline) {
			// Many callers go on without checking: a wait that ends at its
			// deadline is a failure here, not silence.
			t.Errorf("%s never said %q in 20 s; it says %q", sel, want, got)
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func hidden(t *testing.T, ctx context.Context, id string) bool {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("`+id+`").classList.contains("hidden")`))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (h *harness) count(q string, args ...any) int {
	var n int
	if err := h.get(&n, q, args...); err != nil {
		h.t.Fatal(err)
	}
	return n
}

// TestStopReachesThePT: the patient changes a pain score before going on,
// Done waits for Start, a stop for the electric-shock feeling reaches the
// PT at once and the player says so only then, ending is the only way on;
// the tablet is closed before finishing, and the next day's load sends
// the unfinished session (no second alert).
func TestStopReachesThePT(t *testing.T) {
	h, c, ctx, _, base := playerSetup(t, false)
	do(t, ctx, "open the player", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	if !hidden(t, ctx, "s-exercise") {
		t.Fatal("the exercise shows before pain is confirmed")
	}
	do(t, ctx, "a mis-tap, then the right number",
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(8)`)),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(3)`)))
	if got := text(t, ctx, "#pb-picked"); got != "You chose 2 out of 10." || !hidden(t, ctx, "s-exercise") {
		t.Fatalf("after two taps: %q, the exercise hidden %v", got, hidden(t, ctx, "s-exercise"))
	}
	shootPatient(t, ctx, "pain-picked")
	do(t, ctx, "confirm", chromedp.Click(chromedp.ID("b-pain-before")), chromedp.WaitVisible(chromedp.ID("ex-name")))
	if !hidden(t, ctx, "b-done") {
		t.Error("Done shows before the exercise has started")
	}
	do(t, ctx, "start", chromedp.Click(chromedp.ID("b-start")))
	if hidden(t, ctx, "b-done") {
		t.Error("Done does not show once started")
	}
	do(t, ctx, "stop", chromedp.Click(chromedp.ID("b-stop")), chromedp.WaitVisible(chromedp.ID("s-stop")),
		chromedp.Click(chromedp.CSS(`[data-reasons="stop"] [data-reason="electric_shock"]`)), chromedp.WaitVisible(chromedp.ID("s-stopped")))
	if got := waitText(t, ctx, "#stop-sent", "told"); got != "Your PT has been told." {
		t.Fatalf("after the stop: %q", got)
	}
	alerts := openAlerts(t, h, c.therapistB, "in_session_stop")
	if len(alerts) != 1 || !strings.Contains(alerts[0]["message"].(string), "The electric-shock feeling") {
		t.Fatalf("the PT's alerts: %v", alerts)
	}
	if !hidden(t, ctx, "b-next-after-stop") || hidden(t, ctx, "b-finish-now") {
		t.Error("after a worrying stop the way on is to end the session, not to go on")
	}
	shootPatient(t, ctx, "stop-told")
	// The tablet is put away: the page goes, nothing else is sent today.
	do(t, ctx, "close the player", chromedp.Navigate(base+"/patient/settings"))
	if n := h.count(`SELECT COUNT(*) FROM exercise_sessions WHERE patient_id = ?`, c.patientBID); n != 0 {
		t.Fatalf("%d sessions before the next day", n)
	}
	// The next day (the tablet's saved progress dates from yesterday).
	evalJS(t, ctx, `(function(){var p=JSON.parse(localStorage.getItem("limber.progress")); p.day="2000-1-1"; localStorage.setItem("limber.progress", JSON.stringify(p)); return true})()`)
	do(t, ctx, "open the player again", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	deadline := time.Now().Add(15 * time.Second)
	for h.count(`SELECT COUNT(*) FROM exercise_sessions WHERE patient_id = ?`, c.patientBID) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	var row struct {
		PainBefore int    `db:"pain_before"`
		PainAfter  *int   `db:"pain_after"`
		Items      string `db:"items"`
	}
	if err := h.get(&row, `SELECT pain_before, pain_after, items FROM exercise_sessions WHERE patient_id = ?`, c.patientBID); err != nil {
		t.Fatalf("the unfinished session was not sent: %v", err)
	}
	if row.PainBefore != 2 || row.PainAfter != nil || !strings.Contains(row.Items, `"electric_shock"`) {
		t.Errorf("the unfinished session: %+v", row)
	}
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("%d in_session_stop alerts after the session came, want 1", n)
	}
}

// TestOfflineStop: a stop made with the server gone waits on the tablet,
// the player says it will go when back online, and says the PT has been
// told once it went.
func TestOfflineStop(t *testing.T) {
	h, c, ctx, srv, base := playerSetup(t, false)
	do(t, ctx, "open the player", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(4)`)), chromedp.Click(chromedp.ID("b-pain-before")),
		chromedp.WaitVisible(chromedp.ID("ex-name")), chromedp.Click(chromedp.ID("b-start")))
	srv.stop()
	do(t, ctx, "stop", chromedp.Click(chromedp.ID("b-stop")), chromedp.WaitVisible(chromedp.ID("s-stop")),
		chromedp.Click(chromedp.CSS(`[data-reasons="stop"] [data-reason="dizzy_breathless_chest_pain"]`)), chromedp.WaitVisible(chromedp.ID("s-stopped")))
	if got := waitText(t, ctx, "#stop-sent", "offline"); !strings.Contains(got, "will go as soon as it is back online") {
		t.Fatalf("offline stop: %q", got)
	}
	shootPatient(t, ctx, "stop-offline")
	if n := h.count(`SELECT COUNT(*) FROM session_stops`); n != 0 {
		t.Fatal("stored while the server was down?")
	}
	srv.start(t)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`LimberOutbox.flush()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if got := waitText(t, ctx, "#stop-sent", "told"); got != "Your PT has been told." {
		t.Fatalf("back online: %q", got)
	}
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("%d alerts", n)
	}
	// Ending after the stop: the pain question is offered and may be skipped.
	do(t, ctx, "end the session", chromedp.Click(chromedp.ID("b-finish-now")), chromedp.WaitVisible(chromedp.ID("s-pain-after")))
	if hidden(t, ctx, "b-skip-pain") {
		t.Fatal("no way to skip the pain question after a stop")
	}
	shootPatient(t, ctx, "pain-after-stop")
	do(t, ctx, "skip it", chromedp.Click(chromedp.ID("b-skip-pain")), chromedp.WaitVisible(chromedp.ID("s-done")))
	if h1 := text(t, ctx, "#done-h"); h1 != "Session ended" {
		t.Errorf("the end after a stop: %q", h1)
	}
	waitText(t, ctx, "#done-msg", "saved")
	if n := h.count(`SELECT COUNT(*) FROM exercise_sessions WHERE patient_id = ? AND pain_after IS NULL AND items LIKE '%dizzy_breathless_chest_pain%'`, c.patientBID); n != 1 {
		t.Errorf("%d sessions stored without pain after, with the stop", n)
	}
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("%d in_session_stop alerts after the session, want 1", n)
	}
	shootPatient(t, ctx, "done-after-stop")
}

// TestOutboxKeepsWhatIsNotStored: a stale CSRF token is refreshed; a 403
// that persists keeps the session queued; a 422 is dropped and the patient
// is told why on the home page.
func TestOutboxKeepsWhatIsNotStored(t *testing.T) {
	h, c, ctx, _, base := playerSetup(t, false)
	items := h.planItems(c.patientB, c.planB)
	_ = items
	do(t, ctx, "home", chromedp.Navigate(base+"/patient"), chromedp.WaitVisible(chromedp.CSS("h1")))
	planID := h.must(200, "GET", "/api/v1/me/today", c.patientB, nil)["plan_id"].(float64)
	now := time.Now().UTC()
	// Started 5 minutes ago: 10 would sit on the server's clock-drift slack
	// before the plan version, and RFC 3339 drops the fraction of a second,
	// so the session was refused about one run in three.
	session := `{"client_id":"6f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70","plan_id":` + itoa(int64(planID)) + `,"started_at":"` + now.Add(-5*time.Minute).Format(time.RFC3339) +
		`","finished_at":"` + now.Add(-time.Minute).Format(time.RFC3339) + `","pain_before":3,"pain_after":3,"items":[]}`
	pending := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`LimberOutbox.pending()`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Every request carries a bad token, so the fresh one is refused too.
	evalJS(t, ctx, `(function(){
		window.realFetch = window.fetch;
		window.fetch = function(u, o){ if (o && o.headers) o.headers["X-CSRF-Token"] = "stale"; return window.realFetch(u, o); };
		localStorage.setItem("limber.outbox", JSON.stringify([`+session+`])); return true})()`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`LimberOutbox.flush()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 1 || h.count(`SELECT COUNT(*) FROM exercise_sessions`) != 0 {
		t.Fatalf("after a 403: %d waiting on the tablet", n)
	}
	// The page's own token is stale: the outbox takes a fresh one.
	evalJS(t, ctx, `(function(){ window.fetch = window.realFetch; document.querySelector('meta[name="csrf-token"]').content = "stale"; return true})()`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`LimberOutbox.flush()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 0 || h.count(`SELECT COUNT(*) FROM exercise_sessions`) != 1 {
		t.Fatalf("after a fresh token: %d waiting, %d stored", n, h.count(`SELECT COUNT(*) FROM exercise_sessions`))
	}
	// A session the server refuses for good leaves, and the patient is told.
	bad := strings.Replace(strings.Replace(session, `"pain_after":3`, `"pain_after":12`, 1), "6f70", "6f71", 1)
	evalJS(t, ctx, `localStorage.setItem("limber.outbox", JSON.stringify([`+bad+`])), true`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`LimberOutbox.flush()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	if n := pending(); n != 0 {
		t.Errorf("a refused session still waits")
	}
	do(t, ctx, "home again", chromedp.Navigate(base+"/patient"), chromedp.WaitVisible(chromedp.ID("outbox-refused")))
	if got := text(t, ctx, "#outbox-refused"); !strings.Contains(got, "could not be saved: must be 0 to 10. Please tell your PT.") {
		t.Errorf("the home page says: %q", got)
	}
	shootPatient(t, ctx, "home-refused")
}

// TestPlayerScreensTellTheTruth: locked items take no numbered screen and
// are listed as waiting; counted repetitions count; a pain rise of 2 or
// more ends with what to do. Screens are taken at the largest text size.
func TestPlayerScreensTellTheTruth(t *testing.T) {
	h, c, ctx, _, base := playerSetup(t, true)
	today := h.must(200, "GET", "/api/v1/me/today", c.patientA, nil)
	n, w := len(today["items"].([]any)), len(today["waiting"].([]any))
	if w == 0 {
		t.Fatal("fixture: patient A's plan has no locked item")
	}
	do(t, ctx, "home", chromedp.Navigate(base+"/patient"))
	evalJS(t, ctx, `localStorage.setItem("limber.settings", JSON.stringify({text:"largest", voice:"off"})), true`)
	do(t, ctx, "open the player", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	waitingList := text(t, ctx, "#session-waiting")
	for _, it := range today["waiting"].([]any) {
		if name := it.(map[string]any)["name"].(string); !strings.Contains(waitingList, name) {
			t.Errorf("%q is not listed as waiting: %q", name, waitingList)
		}
	}
	shootPatient(t, ctx, "largest-pain-before")
	do(t, ctx, "pain before", chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(3)`)), chromedp.Click(chromedp.ID("b-pain-before")), chromedp.WaitVisible(chromedp.ID("ex-name")))
	shootPatient(t, ctx, "largest-exercise")
	seen := 0
	for i := 0; i < 40 && !hidden(t, ctx, "s-exercise"); i++ {
		want := "Exercise " + itoa(int64(seen+1)) + " of " + itoa(int64(n))
		if got := text(t, ctx, "#ex-count"); got != want {
			t.Fatalf("screen %d: %q, want %q", seen+1, got, want)
		}
		seen++
		do(t, ctx, "start and done", chromedp.Click(chromedp.ID("b-start")), chromedp.Click(chromedp.ID("b-done")))
	}
	if seen != n {
		t.Errorf("%d numbered screens, want %d deliverable items", seen, n)
	}
	do(t, ctx, "pain after, up by 3", chromedp.WaitVisible(chromedp.ID("s-pain-after")), chromedp.Click(chromedp.CSS(`[data-scale="after"] button:nth-child(6)`)))
	shootPatient(t, ctx, "largest-pain-after")
	do(t, ctx, "finish", chromedp.Click(chromedp.ID("b-pain-after")), chromedp.WaitVisible(chromedp.ID("s-done")))
	if h1, adv := text(t, ctx, "#done-h"), text(t, ctx, "#done-advice"); h1 != "Rest now" || !strings.Contains(adv, "supported position") || !strings.Contains(adv, "30 minutes") {
		t.Errorf("after pain 2 -> 5: %q / %q", h1, adv)
	}
	if !strings.Contains(text(t, ctx, "#done-waiting"), today["waiting"].([]any)[0].(map[string]any)["name"].(string)) {
		t.Error("the end screen does not list what waits for the PT")
	}
	waitText(t, ctx, "#done-msg", "saved")
	shootPatient(t, ctx, "largest-done-pain-rise")
}

func evalJS(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

// onNewDocument runs js in every page the tab opens from now on, before
// the page's own scripts.
func onNewDocument(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	})
}

// TestOfflineNewDayNeedsTodaysScreening: offline on the next day, the plan
// and screening the tablet kept from yesterday are not followed.
func TestOfflineNewDayNeedsTodaysScreening(t *testing.T) {
	_, _, ctx, srv, base := playerSetup(t, false)
	do(t, ctx, "load the player twice (the second time through the service worker)",
		chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	srv.stop()
	// The same day offline: the kept plan is followed.
	do(t, ctx, "reload offline", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")))
	// The next day: the tablet's clock moves on by a day.
	do(t, ctx, "tomorrow", onNewDocument(`(function(){var R=Date, off=86400000;
		function D(){ return arguments.length ? new (Function.prototype.bind.apply(R, [null].concat([].slice.call(arguments))))() : new R(R.now()+off); }
		D.now=function(){return R.now()+off}; D.parse=R.parse; D.UTC=R.UTC; D.prototype=R.prototype; window.Date=D;})()`),
		chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-nothing")))
	if msg := text(t, ctx, "#nothing-msg"); !strings.Contains(msg, "earlier day") || !strings.Contains(msg, "today's questions") {
		t.Errorf("offline the next day: %q", msg)
	}
	if !hidden(t, ctx, "s-pain-before") {
		t.Error("a session can start on yesterday's screening")
	}
	shootPatient(t, ctx, "offline-new-day")
}

// TestCountedRepetitions: an item with repetitions and neither a hold nor
// a time is played as a count of repetitions, not a hold countdown.
func TestCountedRepetitions(t *testing.T) {
	_, _, ctx, _, base := playerSetup(t, false)
	httpapi.SetPlayerSpeed(4)
	t.Cleanup(func() { httpapi.SetPlayerSpeed(1) })
	// Today's first item becomes 3 counted repetitions of 2 s (as the
	// exercise files will send them).
	do(t, ctx, "counted repetitions", onNewDocument(`(function(){var f=window.fetch; window.fetch=function(u,o){
		return f(u,o).then(function(r){ if (String(u).indexOf("/api/v1/me/today") < 0) return r;
			return r.json().then(function(t){ var it=t.items[0]; it.hold_seconds=0; it.seconds=0; it.reps=3; it.sets=1; it.per_side=false; it.rep_seconds=2;
				return new Response(JSON.stringify(t), {status: 200, headers: {"Content-Type": "application/json"}}); }); }); };})()`),
		chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(2)`)), chromedp.Click(chromedp.ID("b-pain-before")),
		chromedp.WaitVisible(chromedp.ID("ex-name")), chromedp.Click(chromedp.ID("b-start")))
	seen := map[string]bool{}
	deadline := time.Now().Add(20 * time.Second)
	for len(seen) < 3 && time.Now().Before(deadline) {
		// Both read at once, so a change between them cannot mislead.
		both, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("phase").textContent + "|" + document.getElementById("timer").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		phase, timer, _ := strings.Cut(both, "|")
		for k := 1; k <= 3; k++ {
			if phase == "Repetition "+itoa(int64(k))+" of 3" {
				if timer != itoa(int64(k)) {
					t.Fatalf("%q shows %q, want the count %d", phase, timer, k)
				}
				if !seen[phase] && k == 2 {
					shootPatient(t, ctx, "counted-reps")
				}
				seen[phase] = true
			}
		}
		time.Sleep(30 * time.Millisecond)
	}
	if len(seen) != 3 {
		t.Errorf("repetitions seen: %v", seen)
	}
}
