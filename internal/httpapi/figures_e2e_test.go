package httpapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/limber-health/limber/internal/httpapi"
)

// figureLoaded reports whether the exercise screen shows a figure: its
// frame holds a served figure (an SVG with role img), not an error page.
const figureLoaded = `(function(){var f=document.querySelector("#ex-figure iframe"); if (!f || document.getElementById("ex-figure").classList.contains("hidden")) return false;
	try { var r=f.contentDocument && f.contentDocument.documentElement; return !!(r && r.tagName.toLowerCase()==="svg" && r.getAttribute("role")==="img" && f.getBoundingClientRect().height > 100); } catch (e) { return false; }})()`

// figureClasses is the class list of the shown figure's root.
const figureClasses = `(function(){try { return document.querySelector("#ex-figure iframe").contentDocument.documentElement.getAttribute("class") || ""; } catch (e) { return "error: " + e; }})()`

func waitFigure(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](figureLoaded))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no figure on the exercise screen", where)
		}
	}
}

func figClass(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](figureClasses))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// waitClass waits until the figure's root has class want (or, with a
// leading "!", has it no more).
func waitClass(t *testing.T, ctx context.Context, want string) string {
	t.Helper()
	not := strings.HasPrefix(want, "!")
	want = strings.TrimPrefix(want, "!")
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		cls := figClass(t, ctx)
		if has := strings.Contains(" "+cls+" ", " "+want+" "); has != not {
			return cls
		}
		if time.Now().After(deadline) {
			t.Fatalf("the figure's classes %q: want %s%q", cls, map[bool]string{true: "no "}[not], want)
		}
	}
}

// figureShots takes a screen at both orientations, at normal and largest text,
// into the folder LIMBER_SHOTS names, as the other browser tests do.
func figureShots(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("LIMBER_SHOTS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	for _, large := range []bool{false, true} {
		evalJS(t, ctx, `document.documentElement.classList.toggle("text-largest", `+map[bool]string{false: "false", true: "true"}[large]+`), true`)
		for _, wh := range [][2]int64{{1024, 768}, {768, 1024}} {
			do(t, ctx, "viewport", chromedp.EmulateViewport(wh[0], wh[1]))
			time.Sleep(300 * time.Millisecond)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			n := name + map[bool]string{true: "-largest"}[large] + "-" + itoa(wh[0]) + "x" + itoa(wh[1])
			os.WriteFile(filepath.Join(dir, n+".png"), png, 0o644)
		}
	}
	evalJS(t, ctx, `document.documentElement.classList.remove("text-largest"), true`)
	do(t, ctx, "viewport", chromedp.EmulateViewport(1024, 768))
}

// TestPlayerFigures: every exercise screen shows its figure in both
// orientations; before Start the figure is at its start, during a hold it
// moves then holds, Pause pauses it (the start and hold pair) and Carry on
// lets it go on; an item done on each side names the side over the figure
// and shows the left side's own figure for the second side.
func TestPlayerFigures(t *testing.T) {
	_, _, ctx, _, base := playerSetup(t, false)
	// A quicker clock, so the second side comes soon.
	httpapi.SetPlayerSpeed(6)
	t.Cleanup(func() { httpapi.SetPlayerSpeed(1) })
	do(t, ctx, "open the player", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(3)`)), chromedp.Click(chromedp.ID("b-pain-before")),
		chromedp.WaitVisible(chromedp.ID("ex-name")))
	type item struct {
		Name     string `json:"name"`
		PerSide  bool   `json:"per_side"`
		Hold     int    `json:"hold_seconds"`
		Right    string `json:"figure_url"`
		Left     string `json:"figure_url_left"`
		Position string `json:"position"`
	}
	items, err := chromedp.Run(ctx, chromedp.Evaluate[[]item](`JSON.parse(localStorage.getItem("limber.today")).items`))
	if err != nil || len(items) == 0 {
		t.Fatalf("today's items: %v %v", items, err)
	}
	sawHold, sawSide := false, false
	for i := range items {
		it := items[i]
		waitText(t, ctx, "#ex-count", "Exercise "+itoa(int64(i+1))+" ")
		for _, wh := range [][2]int64{{1024, 768}, {768, 1024}} {
			do(t, ctx, "viewport", chromedp.EmulateViewport(wh[0], wh[1]))
			waitFigure(t, ctx, it.Name+" at "+itoa(wh[0])+"x"+itoa(wh[1]))
			inView(t, ctx, it.Name+" at "+itoa(wh[0])+"x"+itoa(wh[1]), "ex-figure", "b-start", "b-stop")
		}
		do(t, ctx, "viewport", chromedp.EmulateViewport(1024, 768))
		if cls := figClass(t, ctx); !strings.Contains(cls, "ph-start") {
			t.Errorf("%s before Start: the figure's classes %q lack ph-start", it.Name, cls)
		}
		if it.PerSide {
			if got := text(t, ctx, "#ex-side"); got != "Right side" {
				t.Errorf("%s (each side): over the figure %q, want Right side", it.Name, got)
			}
		} else if !hidden(t, ctx, "ex-side") {
			t.Errorf("%s is done once but names a side", it.Name)
		}
		if !sawHold && it.Hold > 0 && it.PerSide {
			sawHold = true
			do(t, ctx, "start", chromedp.Click(chromedp.ID("b-start")))
			waitClass(t, ctx, "ph-hold")
			figureShots(t, ctx, "player-hold")
			do(t, ctx, "pause", chromedp.Click(chromedp.ID("b-pause")))
			waitClass(t, ctx, "paused")
			// Paused: the moving strip is gone, the start and hold pair shown.
			shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var d=document.querySelector("#ex-figure iframe").contentDocument, w=d.defaultView;
				return w.getComputedStyle(d.querySelector(".anim")).display + " " + w.getComputedStyle(d.querySelector(".pair")).display})()`))
			if err != nil || !strings.HasPrefix(shown, "none ") || strings.HasSuffix(shown, " none") {
				t.Errorf("paused, the figure's flipbook and pair display %q (%v)", shown, err)
			}
			inView(t, ctx, "paused with a figure", "timer", "b-pause", "b-stop")
			figureShots(t, ctx, "player-paused")
			do(t, ctx, "carry on", chromedp.Click(chromedp.ID("b-pause")))
			waitClass(t, ctx, "!paused")
		}
		if it.PerSide && it.Left != "" && !sawSide && hidden(t, ctx, "b-start") {
			// Wait for the second side (the player's clock), then check
			// the frame shows the left figure.
			for deadline := time.Now().Add(90 * time.Second); text(t, ctx, "#ex-side") != "Left side" && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			}
			if got := text(t, ctx, "#ex-side"); got != "Left side" {
				t.Errorf("%s: the second side is named %q", it.Name, got)
			} else {
				sawSide = true
				src, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#ex-figure iframe").getAttribute("src")`))
				if src != it.Left {
					t.Errorf("%s second side: the figure is %q, want the left %q", it.Name, src, it.Left)
				}
				waitFigure(t, ctx, it.Name+", left side")
			}
		}
		if hidden(t, ctx, "b-start") {
			do(t, ctx, "done", chromedp.Click(chromedp.ID("b-done")))
		} else {
			do(t, ctx, "start and done", chromedp.Click(chromedp.ID("b-start")), chromedp.Click(chromedp.ID("b-done")))
		}
	}
	if !sawHold || !sawSide {
		t.Errorf("no held item done on each side in the plan to check the figure's hold, pause and second side on (hold %v, side %v)", sawHold, sawSide)
	}
	do(t, ctx, "the end", chromedp.WaitVisible(chromedp.ID("s-pain-after")))
}

// TestPlayerFigureReducedMotion: under prefers-reduced-motion the figure
// shows the start and hold pair (class static, the flipbook hidden) before
// Start and during the exercise.
func TestPlayerFigureReducedMotion(t *testing.T) {
	_, _, ctx, _, base := playerSetup(t, false)
	do(t, ctx, "reduced motion", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
		return err
	}))
	do(t, ctx, "open the player", chromedp.Navigate(base+"/patient/session"), chromedp.WaitVisible(chromedp.ID("s-pain-before")),
		chromedp.Click(chromedp.CSS(`[data-scale="before"] button:nth-child(3)`)), chromedp.Click(chromedp.ID("b-pain-before")),
		chromedp.WaitVisible(chromedp.ID("ex-name")))
	waitFigure(t, ctx, "reduced motion")
	check := func(when string) {
		t.Helper()
		waitClass(t, ctx, "static")
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var d=document.querySelector("#ex-figure iframe").contentDocument, w=d.defaultView;
			return w.getComputedStyle(d.querySelector(".anim")).display + " " + w.getComputedStyle(d.querySelector(".pair")).display})()`))
		if err != nil || !strings.HasPrefix(shown, "none ") || strings.HasSuffix(shown, " none") {
			t.Errorf("%s under reduced motion, the flipbook and pair display %q (%v)", when, shown, err)
		}
	}
	check("before Start")
	do(t, ctx, "start", chromedp.Click(chromedp.ID("b-start")))
	check("after Start")
	figureShots(t, ctx, "player-reduced-motion")
}

// TestFigurePagesShots: the plan builder, the handout and the contact
// sheet with their figures, at both tablet sizes, into LIMBER_SHOTS;
// every image on them loads.
func TestFigurePagesShots(t *testing.T) {
	dir := os.Getenv("LIMBER_SHOTS")
	if dir == "" {
		t.Skip("screenshots only: set LIMBER_SHOTS")
	}
	ctx := newBrowser(t)
	h := newHarness(t)
	c := h.clinic()
	base := h.srv.URL
	do(t, ctx, "sign in", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "a@clinic.test"), chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
	submit(t, ctx, "sign in", `main form button[type=submit]`)
	for _, p := range []struct{ name, path string }{
		{"plan-builder", "/clinic/plans/" + itoa(c.planA)}, {"handout", "/clinic/plans/" + itoa(c.planA) + "/print"}, {"contact-sheet", "/clinic/figures"},
	} {
		do(t, ctx, p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if p.name == "plan-builder" {
			evalJS(t, ctx, `document.querySelectorAll("details").forEach(function(d){d.open=true}), true`)
		}
		evalJS(t, ctx, `document.querySelectorAll("img").forEach(function(i){i.loading="eager"}), true`)
		time.Sleep(time.Second)
		broken, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.prototype.filter.call(document.querySelectorAll("main img"), function(i){ i.scrollIntoView(); return !(i.complete && i.naturalWidth > 0); }).length`))
		if err != nil || broken != 0 {
			t.Errorf("%s: %d images do not load (%v)", p.name, broken, err)
		}
		for _, wh := range [][2]int64{{1024, 768}, {768, 1024}} {
			do(t, ctx, "viewport", chromedp.EmulateViewport(wh[0], wh[1]))
			evalJS(t, ctx, `window.scrollTo(0,0), true`)
			time.Sleep(200 * time.Millisecond)
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(dir, p.name+"-"+itoa(wh[0])+"x"+itoa(wh[1])+".png"), png, 0o644)
		}
	}
}
