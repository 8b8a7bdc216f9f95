package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// onScreen reports whether every element sel matches is visible inside the
// viewport, the page scrolled to the top.
func onScreen(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function () {
		window.scrollTo(0, 0);
		var es = document.querySelectorAll('`+sel+`');
		if (!es.length) return false;
		return [].every.call(es, function (e) { var r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; });
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestScreeningLargestTextAndKept: at the largest text on a landscape and
// a portrait tablet, question 1's answers and Back, and "No, go back" on
// the second ask, show without scrolling; answers left half-way are there
// again the same day (not another day) and gone once sent; the review puts
// what was not "No" first, marked in words, with the scale's "of 10", and
// folds the "No"s.
func TestScreeningLargestTextAndKept(t *testing.T) {
	ctx := newBrowser(t)
	h := newLiveHarness(t)
	c := h.clinic()
	base := h.srv.URL
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	do(t, ctx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
	submit(t, ctx, "enroll", `main form button`)
	open := func() {
		t.Helper()
		do(t, ctx, "screening", chromedp.Navigate(base+"/patient/screening"), chromedp.WaitVisible(chromedp.CSS(`fieldset.question:not(.hidden)`)))
	}
	eval(t, ctx, `localStorage.setItem("limber.settings", JSON.stringify({text: "largest"}))`)
	open()
	for _, vp := range [][2]int64{{1024, 768}, {768, 1024}} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(vp[0], vp[1]))
		if !onScreen(t, ctx, `fieldset[data-step="0"] .answers label`) || !onScreen(t, ctx, `fieldset[data-step="0"] [data-back]`) {
			t.Errorf("%dx%d, largest text: question 1's answers or Back need a scroll", vp[0], vp[1])
		}
	}
	shootScreening(t, ctx, "screening-q1")
	answer(t, ctx, "yes")
	do(t, ctx, "the second ask", chromedp.WaitVisible(chromedp.ID("confirm")))
	for _, vp := range [][2]int64{{1024, 768}, {768, 1024}} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(vp[0], vp[1]))
		if !onScreen(t, ctx, `[data-confirm-no]`) {
			t.Errorf("%dx%d, largest text: No, go back needs a scroll", vp[0], vp[1])
		}
	}
	shootScreening(t, ctx, "screening-confirm")
	do(t, ctx, "no, go back", chromedp.Click(chromedp.CSS(`[data-confirm-no]`)))
	answer(t, ctx, "no") // RF-1
	answer(t, ctx, "no") // RF-2
	// The patient goes home half-way and comes back.
	do(t, ctx, "home", chromedp.Navigate(base+"/patient"))
	open()
	if got := visibleStep(t, ctx); got != 2 {
		t.Errorf("back on the screening: step %d, want 2 (the first unanswered)", got)
	}
	if kept, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('input[name="RF-1"][value="no"]:checked') && !!document.querySelector('input[name="RF-2"][value="no"]:checked')`)); !kept {
		t.Errorf("the answers given before leaving are lost")
	}
	// Kept answers of another day are not used.
	eval(t, ctx, `localStorage.setItem("limber.screening", JSON.stringify({day: "2000-1-1", answers: {"RF-1": "no", "RF-2": "no"}}))`)
	open()
	if got := visibleStep(t, ctx); got != 0 {
		t.Errorf("yesterday's answers restored: step %d", got)
	}
	for visibleStep(t, ctx) >= 0 {
		id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("fieldset.question:not(.hidden)").getAttribute("data-id")`))
		switch {
		case isVisible(t, ctx, "fieldset.question:not(.hidden) .scale"):
			answer(t, ctx, "2")
		case id == "RF-22":
			answer(t, ctx, "yes")
		default:
			answer(t, ctx, "no")
		}
	}
	do(t, ctx, "review", chromedp.WaitVisible(chromedp.ID("review")))
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[].map.call(document.querySelectorAll("#review [data-list] li, #review [data-other-list] li"), function (l) { return l.getAttribute("data-id") + "=" + l.querySelector(".a").textContent + (l.classList.contains("said-yes") ? "!" : ""); }).join(" ")`))
	if !strings.Contains(first, "RF-22=Yes!") || !strings.Contains(first, "RF-19=2 out of 10") || strings.Contains(first, "=No") {
		t.Errorf("the review's first list: %q", first)
	}
	if under, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#review [data-list] li").length`)); under != 1 {
		t.Errorf("%d answers under \"You said yes or not sure to\", want 1", under)
	}
	if tag := text(t, ctx, `#review li[data-id="RF-22"] .q`); !strings.HasPrefix(tag, "Check:") {
		t.Errorf("the Yes is marked by colour only: %q", tag)
	}
	if folded, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.querySelector("#review [data-nos]").open && document.querySelectorAll("#review [data-no-list] li").length > 10`)); !folded {
		t.Errorf("the No answers are not folded")
	}
	if s := text(t, ctx, `#review [data-nos] summary`); !strings.Contains(s, "all No") {
		t.Errorf("the fold says %q", s)
	}
	shootScreening(t, ctx, "screening-review")
	submit(t, ctx, "send", `#screening [data-submit]`)
	if left, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.getItem("limber.screening") !== null`)); left {
		t.Errorf("the answers stay on the tablet after they were sent")
	}
}
