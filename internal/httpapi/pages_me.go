package httpapi

import (
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

// playerSpeed runs the player's clock faster; only tests change it.
var playerSpeed = 1

type patientHomePage struct {
	pageBase
	Name             string
	HasPlan          bool
	StopToday        bool
	StartURL         string
	Done, Prescribed int
	Recent           []limber.ExerciseSession
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

type screeningPage struct {
	pageBase
	Questions []limber.Question
	Scale     []int
	// Answers fill the form again after "No, go back".
	Answers map[string]string
	// Confirm lists the answers that stop the day, asked once more before
	// they are sent (the page without JavaScript; the script asks itself).
	Confirm []urgentAnswer
}

type urgentAnswer struct{ Short, Answer string }

func zeroToTen() []int { return []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }

// screeningQuestions are the questions asked of the signed-in patient.
func (s *Server) screeningQuestions(c echo.Context) ([]limber.Question, error) {
	p, err := s.db.Patient(c.Request().Context(), actor(c), actor(c).PatientID)
	if err != nil {
		return nil, err
	}
	eff, err := p.Profile(s.db.Clock()).Resolve()
	if err != nil {
		return nil, err
	}
	return limber.QuestionsFor(eff), nil
}

func (s *Server) screeningPage(c echo.Context) error {
	qs, err := s.screeningQuestions(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "screening", screeningPage{pageBase: s.base(c, "Before you start"), Questions: qs, Scale: zeroToTen(), Answers: map[string]string{}})
}

type screeningResultPage struct {
	pageBase
	limber.ScreeningRecord
	Contacts contacts
	Items    []limber.Item
	// Said is what the patient answered yes or "not sure" to, in the
	// review's short words, each once: the care team will ask.
	Said []string
}

// screeningForm takes the answers of the form. An answer that stops the day
// is asked once more ("Is that right?") unless the page already asked it
// (confirmed=yes); "No, go back" shows the questions again with that answer
// cleared.
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
	if form.Get("confirmed") != "yes" {
		qs, err := s.screeningQuestions(c)
		if err != nil {
			return err
		}
		page := screeningPage{pageBase: s.base(c, "Before you start"), Questions: qs, Scale: zeroToTen(), Answers: answers}
		for _, q := range qs {
			if a := answers[q.ID]; a != "" && slices.Contains(q.UrgentOn, a) {
				if form.Get("back") == "yes" {
					delete(answers, q.ID)
				} else {
					page.Confirm = append(page.Confirm, urgentAnswer{Short: q.Short, Answer: a})
				}
			}
		}
		if form.Get("back") == "yes" || len(page.Confirm) > 0 {
			if len(page.Confirm) > 0 {
				page.Title = "Is that right?"
			}
			return s.render(c, http.StatusOK, "screening", page)
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
	if qs, err := s.screeningQuestions(c); err == nil {
		for _, q := range qs {
			if a := answers[q.ID]; !q.Scale && (a == "yes" || a == "not_sure") && !slices.Contains(page.Said, q.Short) {
				page.Said = append(page.Said, q.Short)
			}
		}
	}
	return s.render(c, http.StatusOK, "screening_result", page)
}

type sessionPage struct {
	pageBase
	Speed          int
	Stops          []limber.StopReason
	PainRiseMin    int
	PainRiseAdvice []string
}

func (s *Server) sessionPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "session", sessionPage{pageBase: s.base(c, "Today's session"), Speed: playerSpeed, Stops: limber.StopTable,
		PainRiseMin: limber.PainRiseMin, PainRiseAdvice: limber.PainRiseAdvice})
}

type option struct{ ID, Label string }

type journalPage struct {
	pageBase
	Regions []option
	Scale   []int
	Entries []limber.JournalEntry
}

func regionOptions() []option {
	out := make([]option, len(limber.Regions))
	for i, r := range limber.Regions {
		out[i] = option{string(r), limber.RegionLabels[r]}
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
	in := limber.JournalInput{Region: limber.Region(c.FormValue("region")), Quality: c.FormValue("quality"), Trigger: c.FormValue("trigger"), Note: c.FormValue("note")}
	if n, ok := formInt(c, "intensity"); ok {
		in.Intensity = &n
	}
	_, err := s.db.AddJournalEntry(c.Request().Context(), actor(c), in)
	if err != nil {
		return back(c, "/patient/journal", err)
	}
	return redirectNotice(c, "/patient/journal", "Saved.")
}

func (s *Server) settingsPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "settings", s.base(c, "Settings"))
}
