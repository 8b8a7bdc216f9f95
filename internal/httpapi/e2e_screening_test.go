package httpapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// visibleStep is the index of the question on screen, or -1.
func visibleStep(t *testing.T, ctx context.Context) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(function () {
		var f = document.querySelector("fieldset.question:not(.hidden)");
		return f ? +f.getAttribute("data-step") : -1; })()`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func stepOf(t *testing.T, ctx context.Context, id string) int {
	t.Helper()
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`+document.querySelector('fieldset[data-id="`+id+`"]').getAttribute("data-step")`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func isVisible(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () { var e = document.querySelector('`+sel+`'); return !!e && e.offsetParent !== null; })()`))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// answer taps an answer on the question on screen: "yes", "no",
// "not_sure", or a number for the tiredness scale.
func answer(t *testing.T, ctx context.Context, value string) {
	t.Helper()
	sel := `fieldset.question:not(.hidden) input[value="` + value + `"]`
	do(t, ctx, "answer "+value, chromedp.WaitVisible(chromedp.CSS(`fieldset.question:not(.hidden)`)), chromedp.Click(chromedp.CSS(sel+` + span`)))
}

func eval(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js+`, true`)); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
}

// shootScreening takes a screening screen at both orientations and at the
// largest text size, into the notes when LIMBER_SHOTS names a folder.
func shootScreening(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LIMBER_SHOTS")
	if dir == "" {
		return
	}
	save := func(file string, w, h int64) {
		do(t, ctx, "viewport", chromedp.EmulateViewport(w, h))
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", file, err)
		}
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, file+".png"), png, 0o644)
	}
	save(name+"-1024x768", 1024, 768)
	save(name+"-768x1024", 768, 1024)
	eval(t, ctx, `document.documentElement.classList.add("text-largest")`)
	save(name+"-largest-768x1024", 768, 1024)
	eval(t, ctx, `document.documentElement.classList.remove("text-largest")`)
	do(t, ctx, "viewport", chromedp.EmulateViewport(1024, 768))
}

// TestScreeningMisTaps: a wrong answer is put right with Back; an answer
// that stops the day is asked once more ("No, go back" returns to the
// question with nothing chosen, "Yes, that's right" goes on); every answer
// is shown for review with a Change button before it is sent.
func TestScreeningMisTaps(t *testing.T) {
	ctx := newBrowser(t)
	h := newLiveHarness(t)
	c := h.clinic()
	base := h.srv.URL
	enroll := func(tabCtx context.Context, patientID int64, therapist string) {
		code := h.must(201, "POST", "/api/v1/patients/"+itoa(patientID)+"/enrollment", therapist, nil)["code"].(string)
		do(t, tabCtx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
		submit(t, tabCtx, "enroll", `main form button`)
		do(t, tabCtx, "screening", chromedp.Navigate(base+"/patient/screening"), chromedp.WaitVisible(chromedp.CSS(`fieldset[data-step="0"]`)))
	}
	pa := ctx
	enroll(pa, c.patientAID, c.therapistA)
	shootScreening(t, pa, "screening-question")
	if visibleStep(t, pa) != 0 || !isVisible(t, pa, `fieldset[data-step="0"] [data-back]`) {
		t.Fatal("the first question, with its Back, is not on screen")
	}

	// RF-1 "Yes": asked once more, naming the question in plain words.
	answer(t, pa, "yes")
	do(t, pa, "the second ask", chromedp.WaitVisible(chromedp.ID("confirm")))
	if got := text(t, pa, "#confirm"); !strings.Contains(got, "You said yes to: new numbness or tingling between your legs") || !strings.Contains(got, "Is that right?") {
		t.Errorf("the second ask says %q", got)
	}
	shootScreening(t, pa, "screening-confirm")
	// "No, go back": the same question, nothing chosen.
	do(t, pa, "no, go back", chromedp.Click(chromedp.CSS(`[data-confirm-no]`)))
	if visibleStep(t, pa) != 0 {
		t.Fatalf("after No, go back: step %d", visibleStep(t, pa))
	}
	if checked, _ := chromedp.Run(pa, chromedp.Evaluate[bool](`!!document.querySelector('input[name="RF-1"]:checked')`)); checked {
		t.Errorf("the mistaken Yes is still chosen")
	}
	answer(t, pa, "no")
	// A mis-tap on a question that alerts the care team, put right with Back.
	for visibleStep(t, pa) < stepOf(t, pa, "RF-9") {
		answer(t, pa, "no")
	}
	answer(t, pa, "yes") // RF-9, by mistake
	if visibleStep(t, pa) != stepOf(t, pa, "RF-9")+1 {
		t.Fatalf("after RF-9 the next question should show, not step %d", visibleStep(t, pa))
	}
	do(t, pa, "back", chromedp.Click(chromedp.CSS(`fieldset.question:not(.hidden) [data-back]`)))
	if visibleStep(t, pa) != stepOf(t, pa, "RF-9") {
		t.Fatalf("Back did not return to RF-9")
	}
	answer(t, pa, "no")
	for visibleStep(t, pa) >= 0 {
		if ok, _ := chromedp.Run(pa, chromedp.Evaluate[bool](`!!document.querySelector("fieldset.question:not(.hidden) .scale")`)); ok {
			answer(t, pa, "2")
		} else {
			answer(t, pa, "no")
		}
	}
	// The review: every question in plain words, its answer, a Change.
	do(t, pa, "review", chromedp.WaitVisible(chromedp.ID("review")))
	rows, _ := chromedp.Run(pa, chromedp.Evaluate[int](`document.querySelectorAll("#review li").length`))
	questions, _ := chromedp.Run(pa, chromedp.Evaluate[int](`document.querySelectorAll("fieldset.question").length`))
	if rows != questions || rows == 0 {
		t.Errorf("the review lists %d of %d questions", rows, questions)
	}
	review, _ := chromedp.Run(pa, chromedp.Evaluate[string](`document.querySelector("#review").textContent`))
	if !strings.Contains(review, "A temperature, chills or signs of an infection") || !strings.Contains(review, "Change") {
		t.Errorf("the review: %q", review)
	}
	shootScreening(t, pa, "screening-review")
	// Change RF-22 to "Yes" from the review: back to that question, then
	// straight back to the review.
	// RF-22 was "No": it is folded with the other "No"s.
	do(t, pa, "show the Nos", chromedp.Click(chromedp.CSS(`#review [data-nos] summary`)))
	do(t, pa, "change RF-22", chromedp.Click(chromedp.CSS(`#review li[data-id="RF-22"] button`)))
	if visibleStep(t, pa) != stepOf(t, pa, "RF-22") {
		t.Fatalf("Change did not open RF-22")
	}
	answer(t, pa, "yes")
	do(t, pa, "back to the review", chromedp.WaitVisible(chromedp.ID("review")))
	if row := text(t, pa, `#review [data-list] li[data-id="RF-22"]`); !strings.Contains(row, "Spasms or stiffness worse today") || !strings.Contains(row, "Yes") {
		t.Errorf("the changed row: %q", row)
	}
	submit(t, pa, "send", `#screening [data-submit]`)
	if got := text(t, pa, "h1"); got != "A gentler session today" {
		t.Errorf("after the corrected answers: %q", got)
	}
	if k := alertKinds(t, h, c.therapistA); k["red_flag"] != 0 {
		t.Errorf("the corrected mis-taps alerted the PT: %v", k)
	}

	// An urgent answer confirmed: "Yes, that's right" goes on, and the
	// stop screen follows.
	pb := tab(t, ctx)
	enroll(pb, c.patientBID, c.therapistB)
	answer(t, pb, "yes")
	do(t, pb, "the second ask", chromedp.WaitVisible(chromedp.ID("confirm")), chromedp.Click(chromedp.CSS(`[data-confirm-yes]`)))
	if visibleStep(t, pb) != 1 {
		t.Fatalf("after Yes, that's right: step %d", visibleStep(t, pb))
	}
	for visibleStep(t, pb) >= 0 {
		if ok, _ := chromedp.Run(pb, chromedp.Evaluate[bool](`!!document.querySelector("fieldset.question:not(.hidden) .scale")`)); ok {
			answer(t, pb, "2")
		} else {
			answer(t, pb, "no")
		}
	}
	do(t, pb, "review", chromedp.WaitVisible(chromedp.ID("review")))
	if row := text(t, pb, `#review li:nth-child(1)`); !strings.Contains(row, "Yes") {
		t.Errorf("the review's first row: %q", row)
	}
	submit(t, pb, "send", `#screening [data-submit]`)
	if got := text(t, pb, "h1"); got != "Please stop now" {
		t.Errorf("after a confirmed RF-1: %q", got)
	}
	shootScreening(t, pb, "screening-stop")
	if k := alertKinds(t, h, c.therapistB); k["red_flag"] != 1 {
		t.Errorf("a confirmed RF-1 must alert the PT once: %v", k)
	}

	// The PT calls, hears it was a slip, and lifts it from the alert inbox.
	staff := tab(t, ctx)
	do(t, staff, "sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/"),
		chromedp.SendKeys(chromedp.ID("email"), "b@clinic.test"), chromedp.SendKeys(chromedp.ID("password"), password))
	submit(t, staff, "sign in", `main form button[type="submit"]`)
	do(t, staff, "alerts", chromedp.Navigate(base+"/clinic/alerts"), chromedp.Click(chromedp.CSS(`details.mistaken summary`)),
		chromedp.SendKeys(chromedp.CSS(`details.mistaken textarea`), "Phoned: a slip of the finger, no numbness."),
		chromedp.Click(chromedp.CSS(`details.mistaken input[name="spoke"]`)))
	if dir := os.Getenv("LIMBER_SHOTS"); dir != "" {
		png, err := chromedp.Run(staff, chromedp.FullScreenshot(100))
		if err == nil {
			os.WriteFile(filepath.Join(dir, "clinic-alerts-mistaken-1280.png"), png, 0o644)
		}
	}
	submit(t, staff, "lift", `details.mistaken button[type="submit"]`)
	if got := text(t, staff, "main"); !strings.Contains(got, "Marked as answered by mistake") || !strings.Contains(got, "Answered by mistake") {
		t.Errorf("after lifting: %q", got)
	}
	// The patient's tablet asks again, and the new answers stand.
	do(t, pb, "home", chromedp.Navigate(base+"/patient"))
	submit(t, pb, "screening again", `a.big`)
	for visibleStep(t, pb) >= 0 {
		if ok, _ := chromedp.Run(pb, chromedp.Evaluate[bool](`!!document.querySelector("fieldset.question:not(.hidden) .scale")`)); ok {
			answer(t, pb, "2")
		} else {
			answer(t, pb, "no")
		}
	}
	submit(t, pb, "send", `#screening [data-submit]`)
	if got := text(t, pb, "h1"); got != "You are ready" {
		t.Errorf("after the PT lifted the mistaken stop: %q", got)
	}
}
