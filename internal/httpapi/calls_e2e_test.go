package httpapi_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// selIn fails unless the first element matching sel is wholly inside the
// viewport.
func selIn(t *testing.T, ctx context.Context, where, sel string) {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.Evaluate[box](`(function(){var e=document.querySelector("`+sel+`"); if(!e) return {Top:-1,Bottom:-1,Left:-1,Right:-1,VW:innerWidth,VH:innerHeight};
		var r=e.getBoundingClientRect(); return {Top:r.top, Bottom:r.bottom, Left:r.left, Right:r.right, VW:innerWidth, VH:innerHeight}})()`))
	if err != nil {
		t.Fatal(err)
	}
	if b.Top < 0 || b.Bottom > b.VH || b.Left < 0 || b.Right > b.VW || b.Bottom-b.Top < 1 {
		t.Errorf("%s: %s at %+v is not inside the %vx%v viewport", where, sel, b, b.VW, b.VH)
	}
}

// bothWaysLargest runs check at the largest text at 1024x768 and 768x1024.
func bothWaysLargest(t *testing.T, ctx context.Context, check func(where string)) {
	t.Helper()
	evalJS(t, ctx, `document.documentElement.classList.add("text-largest"), true`)
	for _, wh := range [][2]int64{{1024, 768}, {768, 1024}} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(wh[0], wh[1]))
		time.Sleep(150 * time.Millisecond)
		check("largest text, " + itoa(wh[0]) + "x" + itoa(wh[1]))
	}
	evalJS(t, ctx, `document.documentElement.classList.remove("text-largest"), true`)
	do(t, ctx, "viewport", chromedp.EmulateViewport(1024, 768))
}

func stopFor(reason string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{chromedp.Click(chromedp.ID("b-stop")), chromedp.WaitVisible(chromedp.ID("s-stop")),
		chromedp.Click(chromedp.CSS(`[data-reasons="stop"] [data-reason="` + reason + `"]`)), chromedp.WaitVisible(chromedp.ID("s-stopped"))}
}

func toFirstExercise(base string) []chromedp.Action[chromedp.Void] {
	return []chromedp.Action[chromedp.Void]{withTodayChanges(), chromedp.Navigate(base + "/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(3)`)), chromedp.Click(chromedp.ID("b-pain-before")),
		chromedp.WaitVisible(chromedp.ID("ex-name"))}
}

// TestStopNumbersInViewAtLargest (review2 1, 3): after a chest-pain stop
// and a pain rise, the emergency number is in view at the largest text
// both ways up, on the stopped screen and on the end screen, right under
// the stop's advice. After a sharp-pain stop (its advice already says rest
// and call after 30 minutes) the pain rise adds only its size.
func TestStopNumbersInViewAtLargest(t *testing.T) {
	h, c, ctx, _, base := playerSetup(t, false)
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"clinic_phone": "+1 555 0100", "emergency_number": "911"})
	do(t, ctx, "chest pain stop", append(append(toFirstExercise(base), chromedp.Click(chromedp.ID("b-start"))), stopFor("dizzy_breathless_chest_pain")...)...)
	bothWaysLargest(t, ctx, func(where string) { selIn(t, ctx, "stopped, "+where, "#stop-calls a.call.emergency") })
	do(t, ctx, "end, pain 2 -> 5", chromedp.Click(chromedp.ID("b-finish-now")), chromedp.WaitVisible(chromedp.ID("s-pain-after")),
		chromedp.Click(chromedp.CSS(`[data-scale="after"] button:nth-child(6)`)), chromedp.Click(chromedp.ID("b-pain-after")), chromedp.WaitVisible(chromedp.ID("s-done")))
	bothWaysLargest(t, ctx, func(where string) {
		selIn(t, ctx, "end screen, "+where, "#done-calls a.call.emergency")
		selIn(t, ctx, "end screen, "+where, "#done-calls a.call.care")
	})
	adv := text(t, ctx, "#done-advice")
	if em, call, rise := strings.Index(adv, "emergency number"), strings.Index(adv, "Emergency: 911"), strings.Index(adv, "points higher"); em < 0 || call < em || rise < call {
		t.Errorf("the end screen: the stop's advice, its numbers, then the rise: %q", adv)
	}
	shots2(t, ctx, "done-chest-and-rise")

	// A sharp-pain stop already says rest, and call after 30 minutes.
	do(t, ctx, "a new day's session", chromedp.Navigate(base+"/patient"))
	evalJS(t, ctx, `Object.keys(localStorage).filter(function(k){return k.indexOf("progress")>=0}).forEach(function(k){localStorage.removeItem(k)}), true`)
	do(t, ctx, "sharp pain stop", append(append(toFirstExercise(base), chromedp.Click(chromedp.ID("b-start"))), stopFor("sharp_pain")...)...)
	do(t, ctx, "end, pain 2 -> 5", chromedp.Click(chromedp.ID("b-finish-now")), chromedp.WaitVisible(chromedp.ID("s-pain-after")),
		chromedp.Click(chromedp.CSS(`[data-scale="after"] button:nth-child(6)`)), chromedp.Click(chromedp.ID("b-pain-after")), chromedp.WaitVisible(chromedp.ID("s-done")))
	adv = text(t, ctx, "#done-advice")
	if strings.Count(adv, "30 minutes") != 1 || strings.Count(adv, "supported position") != 1 || !strings.Contains(adv, "Your pain is 3 points higher than before the session.") {
		t.Errorf("after a sharp-pain stop and a rise, the advice is said twice or the rise not at all: %q", adv)
	}
	bothWaysLargest(t, ctx, func(where string) { selIn(t, ctx, "end screen, sharp pain, "+where, "#done-calls a.call.care") })
	shots2(t, ctx, "done-sharp-and-rise")
}

// TestNoNumbersSet (review2 2): a clinic that set no numbers: after a
// chest-pain stop the tablet says to call the local emergency number, and
// after an electric-shock stop to call the clinic; no empty promise.
func TestNoNumbersSet(t *testing.T) {
	_, _, ctx, _, base := playerSetup(t, false)
	do(t, ctx, "chest pain stop", append(append(toFirstExercise(base), chromedp.Click(chromedp.ID("b-start"))), stopFor("dizzy_breathless_chest_pain")...)...)
	if got := text(t, ctx, "#stop-calls"); got != "Call your local emergency number now." {
		t.Errorf("no emergency number set, the stopped screen says %q", got)
	}
	bothWaysLargest(t, ctx, func(where string) {
		selIn(t, ctx, "no numbers, stopped, "+where, "#stop-calls .call-missing.emergency")
	})
	shots2(t, ctx, "stopped-chest-no-numbers")
	do(t, ctx, "end", chromedp.Click(chromedp.ID("b-finish-now")), chromedp.WaitVisible(chromedp.ID("s-pain-after")),
		chromedp.Click(chromedp.ID("b-skip-pain")), chromedp.WaitVisible(chromedp.ID("s-done")))
	if got := text(t, ctx, "#done-calls"); got != "Call your local emergency number now." {
		t.Errorf("no emergency number set, the end screen says %q", got)
	}
	shots2(t, ctx, "done-chest-no-numbers")
	do(t, ctx, "again", chromedp.Navigate(base+"/patient"))
	evalJS(t, ctx, `Object.keys(localStorage).filter(function(k){return k.indexOf("progress")>=0}).forEach(function(k){localStorage.removeItem(k)}), true`)
	do(t, ctx, "electric shock stop", append(append(toFirstExercise(base), chromedp.Click(chromedp.ID("b-start"))), stopFor("electric_shock")...)...)
	if got := text(t, ctx, "#stop-calls"); got != "Call your clinic." {
		t.Errorf("no clinic number set, the stopped screen says %q", got)
	}
}

// TestCorrectedToHarmless (review2 4): chest pain corrected to a spasm:
// the first stop's alert stands, and the screens say so.
func TestCorrectedToHarmless(t *testing.T) {
	h, c, ctx, _, base := playerSetup(t, false)
	do(t, ctx, "chest pain stop", append(append(toFirstExercise(base), chromedp.Click(chromedp.ID("b-start"))), stopFor("dizzy_breathless_chest_pain")...)...)
	waitText(t, ctx, "#stop-sent", "told")
	do(t, ctx, "I tapped the wrong one", chromedp.Click(chromedp.ID("b-wrong-reason")), chromedp.WaitVisible(chromedp.ID("s-stop")),
		chromedp.Click(chromedp.CSS(`[data-reasons="stop"] [data-reason="spasm_not_easing"]`)), chromedp.WaitVisible(chromedp.ID("s-stopped")))
	want := "Your PT has been told. They will see that you corrected it."
	if got := waitText(t, ctx, "#stop-sent", "corrected"); got != want {
		t.Errorf("after chest pain corrected to a spasm, the stopped screen says %q", got)
	}
	shots2(t, ctx, "stopped-corrected-to-spasm")
	do(t, ctx, "end", chromedp.Click(chromedp.ID("b-finish-now")), chromedp.WaitVisible(chromedp.ID("s-pain-after")),
		chromedp.Click(chromedp.ID("b-skip-pain")), chromedp.WaitVisible(chromedp.ID("s-done")))
	if got := waitText(t, ctx, "#done-stop-sent", "corrected"); got != want {
		t.Errorf("the end screen says %q", got)
	}
	if n := len(openAlerts(t, h, c.therapistB, "in_session_stop")); n != 1 {
		t.Errorf("%d alerts, want the first one standing", n)
	}
}

// TestDoubleTapDropped (review2 6): in portrait, a double tap on Done does
// not land on the next exercise's Skip, a double tap on Start does not
// pause; a key press right after a screen change still works.
func TestDoubleTapDropped(t *testing.T) {
	_, _, ctx, _, base := playerSetup(t, false)
	do(t, ctx, "portrait", chromedp.EmulateViewport(768, 1024))
	do(t, ctx, "first exercise", toFirstExercise(base)...)
	center := func(id string) (float64, float64) {
		b := rectOf(t, ctx, id)
		return (b.Left + b.Right) / 2, (b.Top + b.Bottom) / 2
	}
	double := func(x, y float64) {
		do(t, ctx, "double tap", chromedp.MouseClickXY(x, y), chromedp.MouseClickXY(x, y))
	}
	x, y := center("b-start")
	double(x, y)
	time.Sleep(200 * time.Millisecond)
	if text(t, ctx, "#b-pause") != "Pause" || !hidden(t, ctx, "paused-banner") {
		t.Error("a double tap on Start paused the exercise")
	}
	x, y = center("b-done")
	double(x, y)
	waitText(t, ctx, "#ex-count", "Exercise 2")
	time.Sleep(200 * time.Millisecond)
	if hidden(t, ctx, "s-exercise") || !hidden(t, ctx, "s-skip") {
		t.Error("a double tap on Done went on to the next exercise's Skip")
	}
	// The keyboard is never held back.
	do(t, ctx, "start, done by mouse, then Skip by key", chromedp.MouseClickXY(center("b-start")))
	x, y = center("b-done")
	do(t, ctx, "done", chromedp.MouseClickXY(x, y))
	waitText(t, ctx, "#ex-count", "Exercise 3")
	do(t, ctx, "skip by key", chromedp.Focus(chromedp.ID("b-skip")), chromedp.KeyEvent("\r"))
	time.Sleep(200 * time.Millisecond)
	if hidden(t, ctx, "s-skip") {
		t.Error("Enter on Skip right after a screen change did nothing")
	}
}

// postScreening sends the screening form from the page, the way the form
// does without its script, with the answers given (confirmed).
func postScreening(t *testing.T, ctx context.Context, base string, answers map[string]string) {
	t.Helper()
	js := `(function(a){var f=document.createElement("form"); f.method="post"; f.action="/patient/screening";
		var add=function(k,v){var i=document.createElement("input"); i.type="hidden"; i.name=k; i.value=v; f.appendChild(i);};
		add("csrf", document.querySelector('meta[name="csrf-token"]').content); add("confirmed","yes");
		Object.keys(a).forEach(function(k){add(k,a[k]);}); document.body.appendChild(f); f.submit(); return true;})(` + toJSON(answers) + `)`
	do(t, ctx, "screening", chromedp.Navigate(base+"/patient/screening"), chromedp.WaitVisible(chromedp.CSS(`fieldset.question`)))
	evalJS(t, ctx, js)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("back-home")`)); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no outcome page: %s", text(t, ctx, "main"))
		}
	}
}

func toJSON(m map[string]string) string {
	var b strings.Builder
	b.WriteString("{")
	first := true
	for k, v := range m {
		if !first {
			b.WriteString(",")
		}
		first = false
		b.WriteString(`"` + k + `":"` + v + `"`)
	}
	b.WriteString("}")
	return b.String()
}

// TestScreeningOutcomeCalls (review2 7, 12): the urgent and care-team
// outcomes show the numbers as the player's big call buttons; "Back home"
// is on screen at the largest text in landscape, its words in its middle.
func TestScreeningOutcomeCalls(t *testing.T) {
	h := newLiveHarness(t)
	c := h.clinic()
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"clinic_phone": "+1 555 0100", "emergency_number": "911"})
	h.must(200, "PATCH", "/api/v1/patients/"+itoa(c.patientAID), c.therapistA, map[string]any{"care_team_phone": "+1 555 0199"})
	base := h.srv.URL
	tablet := func(pid int64, th string) context.Context {
		ctx := newBrowser(t)
		code := h.must(201, "POST", "/api/v1/patients/"+itoa(pid)+"/enrollment", th, nil)["code"].(string)
		do(t, ctx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
		submit(t, ctx, "enroll", `main form button`)
		evalJS(t, ctx, `localStorage.setItem("limber.settings", JSON.stringify({text: "largest"})), true`)
		return ctx
	}
	centred := func(ctx context.Context, where string) {
		off, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(function(){var a=document.getElementById("back-home"), r=a.getBoundingClientRect();
			var g=document.createRange(); g.selectNodeContents(a); var t=g.getBoundingClientRect();
			return Math.abs((t.top+t.bottom)/2 - (r.top+r.bottom)/2);})()`))
		if err != nil {
			t.Fatal(err)
		}
		if off > 4 {
			t.Errorf("%s: Back home's words sit %.0f px off its middle", where, off)
		}
	}
	careTeam := map[string]string{"RF-1": "no", "RF-19": "2", "RF-9": "yes"}
	for i := 2; i <= 24; i++ {
		if k := "RF-" + itoa(int64(i)); careTeam[k] == "" {
			careTeam[k] = "no"
		}
	}
	ctx := tablet(c.patientAID, c.therapistA)
	postScreening(t, ctx, base, careTeam)
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".calls a.call.care[href^='tel:']").length`)); n != 2 {
		t.Errorf("the care-team page has %d call buttons, want the care team's and the clinic's", n)
	}
	centred(ctx, "care team")
	shots2(t, ctx, "outcome-care-team")

	ctx = tablet(c.patientBID, c.therapistB)
	urgent := map[string]string{}
	for k, v := range careTeam {
		urgent[k] = v
	}
	urgent["RF-1"], urgent["RF-9"] = "yes", "no"
	postScreening(t, ctx, base, urgent)
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".calls a.call.emergency[href='tel:911']").length`)); n != 1 {
		t.Error("the urgent page has no emergency call button")
	}
	evalJS(t, ctx, `document.documentElement.classList.add("text-largest"), true`)
	do(t, ctx, "viewport", chromedp.EmulateViewport(1024, 768))
	time.Sleep(150 * time.Millisecond)
	selIn(t, ctx, "urgent, largest text, 1024x768", ".calls a.call.emergency")
	selIn(t, ctx, "urgent, largest text, 1024x768", "#back-home")
	centred(ctx, "urgent")
	shots2(t, ctx, "outcome-urgent")
}

// longTextEverywhere gives every item of /me/today the longest text an
// exercise has (6 steps, 2 cues).
func longTextEverywhere() chromedp.Action[chromedp.Void] {
	return onNewDocument(`(function(){var f=window.fetch; window.fetch=function(u,o){
		return f(u,o).then(function(r){ if (String(u).indexOf("/api/v1/me/today") < 0 || !r.ok) return r;
			return r.json().then(function(t){
				t.items.forEach(function(it){
				it.steps=["Sit near the front of the chair with your feet flat on the floor, hip-width apart.",
					"Hold the sides of the seat with both hands so you feel steady and supported.",
					"Breathe in slowly and let your back grow tall, as if a string lifts your head.",
					"Breathe out and slowly turn your upper body to the right, as far as is comfortable.",
					"Hold the turn and keep breathing gently; do not push into pain.",
					"Come slowly back to the middle, rest a moment, and do the same to the other side."];
				it.cues=["Stop and press Stop if pain turns sharp, spreads down a leg, or you feel the electric-shock feeling.",
					"Keep your chin level and move slowly; a gentle stretch is enough."]; });
				return new Response(JSON.stringify(t), {status: 200, headers: {"Content-Type": "application/json"}}); }); }); };})()`)
}

// stepsShown counts the steps wholly visible in the step box and on screen.
func stepsShown(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(function(){var box=document.getElementById("ex-text").getBoundingClientRect(), n=0;
		document.querySelectorAll("#ex-steps li").forEach(function(li){var r=li.getBoundingClientRect(); if (r.top>=box.top-1 && r.bottom<=box.bottom+1 && r.bottom<=innerHeight) n++;}); return n;})()`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStepsReadablePortraitLargest (review2 5, 12): at the largest text in
// portrait the first two steps show before Start and with "Back to …"
// showing; "More steps" scrolls the step box on to the rest and the cues.
// Every stop reason is on screen there too.
func TestStepsReadablePortraitLargest(t *testing.T) {
	_, _, ctx, _, base := playerSetup(t, false)
	do(t, ctx, "home", chromedp.Navigate(base+"/patient"))
	evalJS(t, ctx, `localStorage.setItem("limber.settings", JSON.stringify({text:"largest", voice:"off"})), true`)
	do(t, ctx, "portrait", chromedp.EmulateViewport(768, 1024))
	do(t, ctx, "open the player", longTextEverywhere(), chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(3)`)), chromedp.Click(chromedp.ID("b-pain-before")),
		chromedp.WaitVisible(chromedp.ID("ex-name")))
	time.Sleep(200 * time.Millisecond)
	if n := stepsShown(t, ctx); n < 2 {
		t.Errorf("before Start, largest text, portrait: %d steps in view, want at least 2", n)
	}
	shots2(t, ctx, "steps-before-start")
	do(t, ctx, "portrait", chromedp.EmulateViewport(768, 1024))
	do(t, ctx, "start, done", chromedp.Click(chromedp.ID("b-start")), chromedp.Click(chromedp.ID("b-done")))
	waitText(t, ctx, "#ex-count", "Exercise 2")
	time.Sleep(200 * time.Millisecond)
	if hidden(t, ctx, "b-undo") {
		t.Fatal("no Back to … after Done")
	}
	if n := stepsShown(t, ctx); n < 2 {
		t.Errorf("with Back to …, largest text, portrait: %d steps in view, want at least 2", n)
	}
	shots2(t, ctx, "steps-with-undo")
	do(t, ctx, "portrait", chromedp.EmulateViewport(768, 1024))
	do(t, ctx, "stop", chromedp.Click(chromedp.ID("b-stop")), chromedp.WaitVisible(chromedp.ID("s-stop")))
	time.Sleep(200 * time.Millisecond)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[].filter.call(document.querySelectorAll('[data-reasons="stop"] button'), function(b){var r=b.getBoundingClientRect(); return r.top<0 || r.bottom>innerHeight;}).length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("What happened?, largest text, portrait: %d reasons below the fold", n)
	}
	shots2(t, ctx, "stop-reasons")
	// The journal's scale looks like the player's: filled, not outlined.
	do(t, ctx, "journal", chromedp.Navigate(base+"/patient/journal"), chromedp.WaitVisible(chromedp.CSS(".scale label")))
	bg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".scale label")).backgroundColor`))
	if err != nil {
		t.Fatal(err)
	}
	if bg != "rgb(11, 85, 99)" {
		t.Errorf("the journal's scale numbers have background %s, the player's are filled rgb(11, 85, 99)", bg)
	}
	do(t, ctx, "pick 4", chromedp.Click(chromedp.CSS(".scale label:nth-child(5)")))
	shots2(t, ctx, "journal")
}
