package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

// --- patients ---

func (s *Server) listPatients(c echo.Context) error {
	before, limit, err := page(c)
	if err != nil {
		return err
	}
	ps, err := s.db.ListPatients(c.Request().Context(), actor(c), before, limit)
	if err != nil {
		return err
	}
	sums, err := s.db.Summaries(c.Request().Context(), actor(c), ps)
	if err != nil {
		return err
	}
	type listed struct {
		limber.Patient
		Summary *limber.Summary `json:"summary"`
	}
	out := make([]listed, len(ps))
	var last int64
	for i, p := range ps {
		out[i] = listed{Patient: p, Summary: sums[p.ID]}
		last = p.ID
	}
	return c.JSON(http.StatusOK, map[string]any{"patients": out, "next": cursor(last, len(ps), limit)})
}

func (s *Server) createPatient(c echo.Context) error {
	if err := therapistOnly(c); err != nil {
		return err
	}
	var in limber.PatientPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	p, err := s.db.CreatePatient(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

// therapistOnly refuses an admin's clinical change (contract §7.9).
func therapistOnly(c echo.Context) error {
	if actor(c).Role != limber.RoleTherapist {
		return &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "only a therapist makes clinical changes"}
	}
	return nil
}

func (s *Server) getPatient(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Patient(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) patchPatient(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Patient(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	if err := therapistOnly(c); err != nil {
		return err
	}
	var in limber.PatientPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	ch, err := s.db.UpdatePatient(c.Request().Context(), actor(c), s.engine, id, in)
	if err != nil {
		return err
	}
	type changed struct {
		limber.Patient
		PlanChanges      []string `json:"plan_changes"`
		ClearancesLapsed string   `json:"clearances_lapsed,omitempty"`
	}
	if ch.PlanChanges == nil {
		ch.PlanChanges = []string{}
	}
	return c.JSON(http.StatusOK, changed{ch.Patient, ch.PlanChanges, ch.ClearancesLapsed})
}

func (s *Server) createEnrollment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Patient(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	if err := therapistOnly(c); err != nil {
		return err
	}
	code, expires, err := s.db.CreateEnrollmentCode(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	out := map[string]any{"code": code, "expires_at": expires}
	if s.cfg.PublicURL != "" {
		out["url"] = s.cfg.PublicURL + "/enroll?code=" + code
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) createPlan(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Patient(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	if err := therapistOnly(c); err != nil {
		return err
	}
	var in struct {
		Minutes         int             `json:"minutes"`
		Focus           []limber.Region `json:"focus"`
		SessionsPerWeek int             `json:"sessions_per_week"`
	}
	if c.Request().ContentLength != 0 {
		if err := bind(c, &in); err != nil {
			return err
		}
	}
	p, err := s.db.CreatePlan(c.Request().Context(), actor(c), s.engine, id, in.Minutes, in.Focus, in.SessionsPerWeek)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.storedPlanJSON(p))
}

func (s *Server) patientSessions(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.sessionsOf(c, id)
}

func (s *Server) sessionsOf(c echo.Context, patientID int64) error {
	return listing(c, "sessions", func(before int64, limit int) ([]limber.ExerciseSession, error) {
		return s.db.Sessions(c.Request().Context(), actor(c), patientID, before, limit)
	}, func(r limber.ExerciseSession) int64 { return r.ID })
}

func (s *Server) patientJournal(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.journalOf(c, id)
}

func (s *Server) journalOf(c echo.Context, patientID int64) error {
	return listing(c, "entries", func(before int64, limit int) ([]limber.JournalEntry, error) {
		return s.db.Journal(c.Request().Context(), actor(c), patientID, before, limit)
	}, func(e limber.JournalEntry) int64 { return e.ID })
}

func (s *Server) patientAdherence(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	weeks := 8
	if w := c.QueryParam("weeks"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 52 {
			return invalid("weeks", "must be 1 to 52")
		}
		weeks = n
	}
	a, err := s.db.AdherenceFor(c.Request().Context(), actor(c), id, weeks)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) patientAudit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return listing(c, "events", func(before int64, limit int) ([]limber.AuditEvent, error) {
		return s.db.Audit(c.Request().Context(), actor(c), id, before, limit)
	}, func(e limber.AuditEvent) int64 { return e.ID })
}

// --- plans ---

func (s *Server) getPlan(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	p, err := s.db.Plan(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.storedPlanJSON(p))
}

// planAccess checks the plan exists for this actor before anything else,
// so another therapist's plan is 404 whatever the body says.
func (s *Server) planAccess(c echo.Context) (int64, error) {
	id, err := pathID(c, "id")
	if err != nil {
		return 0, err
	}
	if _, err := s.db.Plan(c.Request().Context(), actor(c), id); err != nil {
		return 0, err
	}
	return id, therapistOnly(c)
}

func itemID(c echo.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("item"))
	if err != nil || n <= 0 {
		return 0, errNotFound
	}
	return n, nil
}

func (s *Server) addPlanItem(c echo.Context) error {
	id, err := s.planAccess(c)
	if err != nil {
		return err
	}
	var in struct {
		ExerciseID string          `json:"exercise_id"`
		Position   limber.Position `json:"position"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.ExerciseID == "" {
		return invalid("exercise_id", "required")
	}
	if in.Position != "" {
		if _, err := limber.ParsePosition(string(in.Position)); err != nil {
			return limber.WithField(err, "position")
		}
	}
	if _, err := s.engine.Exercise(in.ExerciseID); err != nil {
		return invalid("exercise_id", "no exercise %q in the library", in.ExerciseID)
	}
	p, err := s.db.AddPlanItem(c.Request().Context(), actor(c), s.engine, id, in.ExerciseID, in.Position)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, s.storedPlanJSON(p))
}

func (s *Server) changePlanItem(c echo.Context) error {
	id, err := s.planAccess(c)
	if err != nil {
		return err
	}
	item, err := itemID(c)
	if err != nil {
		return err
	}
	var in struct {
		limber.DosageChange
		Index *int `json:"index"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	ch := limber.ItemChange{Dosage: in.DosageChange, Index: in.Index}
	p, err := s.db.ChangePlanItem(c.Request().Context(), actor(c), s.engine, id, item, ch)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.storedPlanJSON(p))
}

func (s *Server) removePlanItem(c echo.Context) error {
	id, err := s.planAccess(c)
	if err != nil {
		return err
	}
	item, err := itemID(c)
	if err != nil {
		return err
	}
	p, err := s.db.RemovePlanItem(c.Request().Context(), actor(c), s.engine, id, item)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.storedPlanJSON(p))
}

func (s *Server) clearPlanItem(c echo.Context) error {
	id, err := s.planAccess(c)
	if err != nil {
		return err
	}
	item, err := itemID(c)
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	p, err := s.db.ClearItem(c.Request().Context(), actor(c), s.engine, id, item, in.Note)
	if err != nil {
		return err
	}
	for _, it := range p.Items {
		if it.ID == item {
			return c.JSON(http.StatusOK, figItem{Item: it, figureURLs: s.figuresOf(it.ExerciseID, it.Position)})
		}
	}
	return errNotFound
}

func (s *Server) activatePlan(c echo.Context) error {
	id, err := s.planAccess(c)
	if err != nil {
		return err
	}
	p, err := s.db.ActivatePlan(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.storedPlanJSON(p))
}

func (s *Server) planPreview(c echo.Context) error {
	var in struct {
		Profile struct {
			Mobility        limber.Mobility    `json:"mobility"`
			Conditions      []limber.Condition `json:"conditions"`
			PregnancyWeek   *int               `json:"pregnancy_week"`
			LyingOnly       bool               `json:"lying_only"`
			HelperAvailable bool               `json:"helper_available"`
		} `json:"profile"`
		Minutes int             `json:"minutes"`
		Focus   []limber.Region `json:"focus"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	p := limber.Profile{Mobility: in.Profile.Mobility, Conditions: in.Profile.Conditions, PregnancyWeek: in.Profile.PregnancyWeek,
		LyingOnly: in.Profile.LyingOnly, HelperAvailable: in.Profile.HelperAvailable}
	plan, err := s.engine.Plan(limber.PlanRequest{Profile: p, Minutes: in.Minutes, Focus: in.Focus, Now: time.Now()})
	if err != nil {
		return prefixField(err, "profile.")
	}
	return c.JSON(http.StatusOK, s.planJSON(plan))
}

// prefixField puts a profile field under its JSON path in the request.
func prefixField(err error, prefix string) error {
	if de, ok := err.(*limber.Error); ok {
		switch de.Field {
		case "minutes", "":
			return de
		}
		if len(de.Field) >= 5 && de.Field[:5] == "focus" {
			return de
		}
		c := *de
		c.Field = prefix + de.Field
		return &c
	}
	return err
}

// --- alerts ---

func (s *Server) listAlerts(c echo.Context) error {
	open := c.QueryParam("open") == "true"
	return listing(c, "alerts", func(before int64, limit int) ([]limber.Alert, error) {
		return s.db.Alerts(c.Request().Context(), actor(c), 0, open, before, limit)
	}, func(a limber.Alert) int64 { return a.ID })
}

func (s *Server) acknowledgeAlert(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// An optional body {"mistaken": true, "note": "..."}: the PT has spoken
	// to the patient and the red flag was answered by mistake.
	var in struct {
		Mistaken *bool   `json:"mistaken"`
		Note     *string `json:"note"`
	}
	if c.Request().ContentLength != 0 {
		if err := bind(c, &in); err != nil {
			return err
		}
	}
	var a limber.Alert
	if in.Mistaken != nil && *in.Mistaken {
		note := ""
		if in.Note != nil {
			note = strings.TrimSpace(*in.Note)
		}
		a, err = s.db.AnsweredByMistake(c.Request().Context(), actor(c), id, note)
	} else {
		a, err = s.db.AcknowledgeAlert(c.Request().Context(), actor(c), id)
	}
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// --- the patient's own ---

func (s *Server) getMe(c echo.Context) error {
	p, err := s.db.Patient(c.Request().Context(), actor(c), actor(c).PatientID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) getMyPlan(c echo.Context) error {
	t, err := s.db.ActivePlanOf(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.storedPlanJSON(t))
}

func (s *Server) submitScreening(c echo.Context) error {
	var in struct {
		Answers map[string]any `json:"answers"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Answers == nil {
		return invalid("answers", "required")
	}
	answers := map[string]string{}
	for k, v := range in.Answers {
		switch x := v.(type) {
		case string:
			answers[k] = x
		case float64:
			if x != float64(int(x)) {
				return invalid("answers."+k, "must be a whole number")
			}
			answers[k] = strconv.Itoa(int(x))
		default:
			return badRequest("answers."+k, "wrong type: expected a string or a number")
		}
	}
	rec, err := s.db.SubmitScreening(c.Request().Context(), actor(c), s.engine, answers)
	if err != nil {
		return err
	}
	who, err := s.contactsFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, struct {
		limber.ScreeningRecord
		Contacts contacts `json:"contacts"`
	}{rec, who})
}

func (s *Server) getToday(c echo.Context) error {
	t, err := s.db.TodayFor(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	who, err := s.contactsFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, struct {
		limber.Today
		Items    []figItem `json:"items"`
		Waiting  []figItem `json:"waiting"`
		Contacts contacts  `json:"contacts"`
	}{t, s.withFigures(t.Items), s.withFigures(t.Waiting), who})
}

func (s *Server) submitSession(c echo.Context) error {
	var in limber.SessionInput
	if err := bind(c, &in); err != nil {
		return err
	}
	rec, created, err := s.db.SubmitSession(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return storedOnce(c, created, rec)
}

func (s *Server) mySessions(c echo.Context) error { return s.sessionsOf(c, actor(c).PatientID) }

func (s *Server) addJournal(c echo.Context) error {
	var in limber.JournalInput
	if err := bind(c, &in); err != nil {
		return err
	}
	e, err := s.db.AddJournalEntry(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, e)
}

func (s *Server) myJournal(c echo.Context) error { return s.journalOf(c, actor(c).PatientID) }
