package httpapi_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// shots saves the screen at both tablet orientations, and for a patient
// screen at the largest text too, into LIMBER_SHOTS when it is set. Staff
// pages are saved whole (they scroll); patient screens as the viewport
// shows them (what needs no scroll).
func shots(t *testing.T, ctx context.Context, name string, patient bool) {
	t.Helper()
	dir := os.Getenv("LIMBER_SHOTS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	save := func(file string, w, h int64) {
		do(t, ctx, "viewport", chromedp.EmulateViewport(w, h))
		eval(t, ctx, `window.scrollTo(0, 0)`)
		var png []byte
		var err error
		if patient {
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		} else {
			png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
		}
		if err != nil {
			t.Fatalf("screenshot %s: %v", file, err)
		}
		os.WriteFile(filepath.Join(dir, file+".png"), png, 0o644)
	}
	save(name+"-1024x768", 1024, 768)
	save(name+"-768x1024", 768, 1024)
	if patient {
		eval(t, ctx, `document.documentElement.classList.add("text-largest")`)
		save(name+"-largest-1024x768", 1024, 768)
		save(name+"-largest-768x1024", 768, 1024)
		eval(t, ctx, `document.documentElement.classList.remove("text-largest")`)
	}
	do(t, ctx, "viewport", chromedp.EmulateViewport(1024, 768))
}

// TestPatientScreensLargestText: at the largest text on a landscape
// tablet, home shows Start, the journal and the settings; the journal
// shows where, how strong and Save; the settings show every choice.
func TestPatientScreensLargestText(t *testing.T) {
	ctx := newBrowser(t)
	h := newLiveHarness(t)
	c := h.clinic()
	base := h.srv.URL
	code := h.must(201, "POST", "/api/v1/patients/"+itoa(c.patientAID)+"/enrollment", c.therapistA, nil)["code"].(string)
	do(t, ctx, "open the code", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/enroll?code="+code))
	submit(t, ctx, "enroll", `main form button`)
	eval(t, ctx, `localStorage.setItem("limber.settings", JSON.stringify({text: "largest"}))`)
	screens := []struct {
		name, path string
		visible    []string
	}{
		{"home", "/patient", []string{`main a.button.big`, `a.button[href="/patient/journal"]`, `a.button[href="/patient/settings"]`}},
		{"journal", "/patient/journal", []string{`#j-region`, `.scale label`, `main form button[type=submit]`}},
		{"settings", "/patient/settings", []string{`#settings .answers label`}},
	}
	for _, s := range screens {
		do(t, ctx, s.name, chromedp.Navigate(base+s.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		for _, sel := range s.visible {
			if !onScreen(t, ctx, sel) {
				t.Errorf("%s at the largest text, 1024x768: %s needs a scroll", s.name, sel)
			}
		}
		eval(t, ctx, `localStorage.removeItem("limber.settings"); document.documentElement.classList.remove("text-largest")`)
		shots(t, ctx, "patient-"+s.name, true)
		eval(t, ctx, `localStorage.setItem("limber.settings", JSON.stringify({text: "largest"}))`)
	}
	// The care-team and urgent outcomes, answered by script the way the
	// screening's own page sends them.
	for _, o := range []struct{ name, yes string }{{"outcome-care-team", "RF-9"}, {"outcome-urgent", "RF-1"}} {
		eval(t, ctx, `localStorage.removeItem("limber.settings")`)
		do(t, ctx, "screening", chromedp.Navigate(base+"/patient/screening"), chromedp.WaitVisible(chromedp.CSS(`fieldset.question:not(.hidden)`)))
		eval(t, ctx, `document.querySelectorAll("fieldset.question").forEach(function (f) {
			var id = f.getAttribute("data-id");
			var v = id === "`+o.yes+`" ? "yes" : (f.querySelector(".scale") ? "2" : "no");
			f.querySelector('input[value="' + v + '"]').checked = true; });
			document.querySelector('input[name="confirmed"]').value = "yes"`)
		eval(t, ctx, `document.getElementById("screening").submit()`)
		do(t, ctx, "outcome", chromedp.WaitVisible(chromedp.CSS("main .urgent, main .alert")))
		eval(t, ctx, `document.documentElement.classList.add("text-largest")`)
		// On the urgent page the emergency advice comes first; Back home may
		// follow below it (the header's Home is on screen).
		if o.name == "outcome-care-team" && !onScreen(t, ctx, `main a.button[href="/patient"]`) {
			t.Errorf("%s at the largest text, 1024x768: Back home needs a scroll", o.name)
		}
		eval(t, ctx, `document.documentElement.classList.remove("text-largest")`)
		shots(t, ctx, "patient-"+o.name, true)
		if o.name == "outcome-care-team" {
			h.must(200, "POST", "/api/v1/alerts/"+redFlagAlert(t, h, c.therapistA, "RF-9")+"/acknowledge", c.therapistA, map[string]any{})
		}
	}
}

// TestClinicPagesShots takes the staff pages this branch changed: the
// patient list, the inbox, the patient page, the plan builder with a
// Remove opened, and the handout.
func TestClinicPagesShots(t *testing.T) {
	if os.Getenv("LIMBER_SHOTS") == "" {
		t.Skip("screenshots only: set LIMBER_SHOTS")
	}
	ctx := newBrowser(t)
	h := newHarness(t)
	c := h.clinic()
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"clinic_phone": "555 0100"})
	h.screen(c.patientA, map[string]any{"RF-9": "yes"})
	h.advance(time.Hour)
	items := h.planItems(c.patientA, c.planA)
	b := sessionBody(h, c.planA, items, uuid.NewString())
	b["pain_before"], b["pain_after"] = 2, 5
	first := b["items"].([]map[string]any)[0]
	first["status"], first["reason"] = "stopped", "sharp_pain"
	h.must(201, "POST", "/api/v1/me/sessions", c.patientA, b)
	h.must(201, "POST", "/api/v1/patients", c.therapistA, map[string]any{"name": "Alex Ames", "mobility": "M3"})
	base := h.srv.URL
	do(t, ctx, "sign in", chromedp.EmulateViewport(1024, 768), chromedp.Navigate(base+"/"),
		chromedp.SendKeys(chromedp.CSS(`input[name="email"]`), "a@clinic.test"), chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), password))
	submit(t, ctx, "sign in", `main form button[type=submit]`)
	for _, p := range []struct{ name, path string }{
		{"pt-patient-list", "/clinic"}, {"pt-alerts", "/clinic/alerts"}, {"pt-patient-page", "/clinic/patients/" + itoa(c.patientAID)},
		{"pt-plan", "/clinic/plans/" + itoa(c.planA)}, {"pt-print", "/clinic/plans/" + itoa(c.planA) + "/print"},
	} {
		do(t, ctx, p.name, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if p.name == "pt-plan" {
			eval(t, ctx, `document.querySelector("details.remove").open = true`)
		}
		shots(t, ctx, p.name, false)
	}
}
