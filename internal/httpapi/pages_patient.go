package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
)

// playerSpeed runs the player's clock faster; only tests change it.
var playerSpeed = 1

type signInPage struct {
	pageBase
	Email string
}

func (s *Server) signInPage(c echo.Context) error {
	if cookie, err := c.Cookie(sessionCookie); err == nil {
		if u, _, err := s.db.SessionUser(c.Request().Context(), cookie.Value); err == nil {
			return c.Redirect(http.StatusSeeOther, home(u))
		}
	}
	return s.render(c, http.StatusOK, "index", signInPage{pageBase: s.base(c, "Sign in")})
}

func (s *Server) signIn(c echo.Context) error {
	email, password := strings.TrimSpace(c.FormValue("email")), c.FormValue("password")
	page := signInPage{pageBase: s.base(c, "Sign in"), Email: email}
	user, err := s.checkLogin(c, email, password)
	switch {
	case err == sqlite.ErrBadLogin:
		page.Error = "Wrong email or password."
		return s.render(c, http.StatusUnauthorized, "index", page)
	case toAPIError(err).Status == http.StatusTooManyRequests:
		page.Error = "Too many attempts. Wait 15 minutes and try again."
		return s.render(c, http.StatusTooManyRequests, "index", page)
	case err != nil:
		return err
	}
	if _, err := s.setSession(c, user, "staff", ""); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/clinic")
}

func (s *Server) signOut(c echo.Context) error {
	sess := c.Get("session").(sqlite.AuthSession)
	s.db.EndSession(c.Request().Context(), sess.ID)
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return c.Redirect(http.StatusSeeOther, "/")
}

type enrollPage struct {
	pageBase
	Code string
}

func (s *Server) enrollPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "enroll", enrollPage{pageBase: s.base(c, "Set up this tablet"), Code: c.QueryParam("code")})
}

func (s *Server) enrollForm(c echo.Context) error {
	code := c.FormValue("code")
	page := enrollPage{pageBase: s.base(c, "Set up this tablet"), Code: code}
	address := "enroll:" + c.RealIP()
	if blocked, _ := s.limiter.blocked(address, maxEnrollFailures); blocked {
		page.Error = "Too many tries. Wait 15 minutes, then try again."
		return s.render(c, http.StatusTooManyRequests, "enroll", page)
	}
	user, token, sess, err := s.db.Enroll(c.Request().Context(), code, "tablet")
	if err != nil {
		if err == sqlite.ErrBadCode {
			s.limiter.fail(address)
			page.Error = "That code did not work. Check it, or ask your PT for a new one."
			return s.render(c, http.StatusUnauthorized, "enroll", page)
		}
		return err
	}
	c.Set("user", user)
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt})
	return c.Redirect(http.StatusSeeOther, "/patient")
}

type patientHomePage struct {
	pageBase
	Name             string
	HasPlan          bool
	StopToday        bool
	StartURL         string
	Done, Prescribed int
	Recent           []sqlite.SessionRecord
}

func (s *Server) patientHome(c echo.Context) error {
	ctx := c.Request().Context()
	u := actor(c)
	page := patientHomePage{pageBase: s.base(c, "Home"), Name: u.Name, StartURL: "/patient/session"}
	t, err := s.db.TodayFor(ctx, u)
	if err != nil {
		return err
	}
	page.HasPlan = t.PlanID != 0 || t.ScreeningRequired
	if t.ScreeningRequired {
		page.StartURL = "/patient/screening"
		if _, err := s.db.ActivePlanOf(ctx, u); err != nil {
			page.HasPlan = false
		}
	}
	page.StopToday = t.Screening != nil && t.Screening.Outcome == limber.StopUrgent
	a, err := s.db.AdherenceFor(ctx, u, u.PatientID, 1)
	if err != nil {
		return err
	}
	page.Done, page.Prescribed = a.Weeks[0].Done, max(a.Weeks[0].Prescribed, a.Weeks[0].Done)
	if page.Recent, err = s.db.Sessions(ctx, u, u.PatientID, 0, 5); err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "patient_home", page)
}

type screeningQuestion struct {
	ID, Text string
	Scale    bool
}

type screeningPage struct {
	pageBase
	Questions []screeningQuestion
	Scale     []int
}

// patientQuestions are the screening questions in the words a patient
// reads (RULES.md §3); RF-8 only in pregnancy, RF-23 only at M3 to M5.
func patientQuestions(p limber.Patient, eff limber.Effective) []screeningQuestion {
	qs := []screeningQuestion{
		{"RF-1", "Since your last session, have you had new numbness or tingling between your legs, around your genitals or bottom, or changed feeling when you wipe?", false},
		{"RF-2", "Have you had new trouble passing urine, leaking, or lost control of your bowels, different from your usual MS symptoms?", false},
		{"RF-3", "Are both legs getting weaker quickly, over hours or a few days, or has walking suddenly become much harder?", false},
		{"RF-4", "Have you had a fall, knock or accident since your last session that left new pain in your back or neck?", false},
		{"RF-5", "Do you have sudden, severe back, chest or belly pain, or tearing pain, or pain with feeling faint?", false},
		{"RF-6", "Do you have chest pain, unusual breathlessness at rest, or have you fainted?", false},
		{"RF-7", "Any sudden drooping of the face, slurred speech, sudden weakness of one side, or sudden loss of sight?", false},
	}
	if eff.Has(limber.PregnancyLT13) || eff.Has(limber.Pregnancy13to27) || eff.Has(limber.Pregnancy28Plus) {
		qs = append(qs, screeningQuestion{"RF-8", "Any bleeding, fluid leaking, regular painful tightenings, calf pain or swelling, bad headache or dizziness?", false},
			screeningQuestion{"RF-16", "Has your maternity team told you not to exercise, or is there a pregnancy problem?", false})
	}
	qs = append(qs,
		screeningQuestion{"RF-9", "Do you have a temperature of 38 °C or more, chills, or signs of an infection such as burning when you pass urine?", false},
		screeningQuestion{"RF-10", "Do you have a new MS symptom, or has an old one got clearly worse, for more than a day, not explained by heat or an infection?", false},
		screeningQuestion{"RF-11", "Have you had the electric-shock feeling down your spine for the first time, or has it changed?", false},
		screeningQuestion{"RF-13", "Is your back pain new, or has it changed, and no doctor or PT has checked it?", false},
		screeningQuestion{"RF-17", "Do you have constant severe pain that does not ease with rest, or that wakes you at night?", false},
		screeningQuestion{"RF-18", "Are you hot right now, or are your symptoms worse from heat?", false},
		screeningQuestion{"RF-19", "How tired are you today, from 0 (not at all) to 10 (exhausted)?", true},
		screeningQuestion{"RF-20", "Do you feel unsteady or dizzy today, or have you had a fall since last time?", false},
		screeningQuestion{"RF-21", "Is your pain today much worse than usual?", false},
		screeningQuestion{"RF-22", "Are your spasms or stiffness worse today?", false},
	)
	if p.Mobility != limber.M1 && p.Mobility != limber.M2 {
		qs = append(qs, screeningQuestion{"RF-23", "Are you on your own right now?", false})
	}
	return qs
}

func zeroToTen() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }

func (s *Server) screeningPage(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := s.db.Patient(ctx, actor(c), actor(c).PatientID)
	if err != nil {
		return err
	}
	eff, err := p.Profile(s.db.Now()).Resolve()
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "screening", screeningPage{pageBase: s.base(c, "Before you start"), Questions: patientQuestions(p, eff), Scale: zeroToTen()})
}

type screeningResultPage struct {
	pageBase
	sqlite.ScreeningRecord
	Contacts contacts
	Items    []limber.Item
}

func (s *Server) screeningForm(c echo.Context) error {
	ctx := c.Request().Context()
	form, err := c.FormParams()
	if err != nil {
		return badRequest("", "not a form")
	}
	answers := map[string]string{}
	for _, id := range limber.QuestionIDs() {
		if v := form.Get(id); v != "" {
			answers[id] = v
		}
	}
	rec, err := s.db.SubmitScreening(ctx, actor(c), s.engine, answers)
	if err != nil {
		return back(c, "/patient/screening", err)
	}
	who, err := s.contactsFor(c)
	if err != nil {
		return err
	}
	t, err := s.db.TodayFor(ctx, actor(c))
	if err != nil {
		return err
	}
	page := screeningResultPage{pageBase: s.base(c, "Before you start"), ScreeningRecord: rec, Contacts: who, Items: t.Items}
	return s.render(c, http.StatusOK, "screening_result", page)
}

type sessionPage struct {
	pageBase
	Speed int
}

func (s *Server) sessionPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "session", sessionPage{pageBase: s.base(c, "Today's session"), Speed: playerSpeed})
}

type option struct{ ID, Label string }

type journalPage struct {
	pageBase
	Regions []option
	Scale   []int
	Entries []sqlite.JournalEntry
}

var regionLabels = map[limber.Region]string{
	"neck": "Neck", "shoulders": "Shoulders", "upper_back": "Upper back", "chest": "Chest", "low_back": "Low back",
	"hips": "Hips", "hamstrings": "Back of the thighs", "quads": "Front of the thighs", "calves_ankles": "Calves and ankles",
	"hands_wrists": "Hands and wrists", "whole_body": "All over",
}

func regionOptions() []option {
	out := make([]option, len(limber.Regions))
	for i, r := range limber.Regions {
		out[i] = option{string(r), regionLabels[r]}
	}
	return out
}

func (s *Server) journalPage(c echo.Context) error {
	entries, err := s.db.Journal(c.Request().Context(), actor(c), actor(c).PatientID, 0, 100)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "journal", journalPage{pageBase: s.base(c, "Pain journal"), Regions: regionOptions(), Scale: zeroToTen(), Entries: entries})
}

func (s *Server) journalForm(c echo.Context) error {
	in := sqlite.JournalInput{Region: limber.Region(c.FormValue("region")), Quality: c.FormValue("quality"), Trigger: c.FormValue("trigger"), Note: c.FormValue("note")}
	if n, ok := formInt(c, "intensity"); ok {
		in.Intensity = &n
	}
	_, err := s.db.AddJournalEntry(c.Request().Context(), actor(c), in)
	if err != nil {
		return back(c, "/patient/journal", err)
	}
	return c.Redirect(http.StatusSeeOther, "/patient/journal?notice=Saved.")
}

func (s *Server) settingsPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "settings", s.base(c, "Settings"))
}

// setSession starts a new session (a new token: sessions rotate at every
// sign-in, and the one the browser came with ends) and sets its cookie.
func (s *Server) setSession(c echo.Context, user limber.User, kind, device string) (string, error) {
	if cookie, err := c.Cookie(sessionCookie); err == nil {
		if _, old, err := s.db.SessionUser(c.Request().Context(), cookie.Value); err == nil {
			s.db.EndSession(c.Request().Context(), old.ID)
		}
	}
	token, sess, err := s.db.StartSession(c.Request().Context(), user.ID, kind, device)
	if err != nil {
		return "", err
	}
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, Expires: sess.ExpiresAt})
	c.Set("session", sess)
	return token, nil
}
