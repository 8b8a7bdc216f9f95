package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

type libraryRow struct {
	ID, Name   string
	Position   limber.Position
	Decision   limber.Decision
	Reasons    []*limber.Rule
	Restricted bool
	Thumb      string
}

type planPage struct {
	pageBase
	Plan       limber.StoredPlan
	Patient    limber.Patient
	Editable   bool
	Total, Max string
	Library    []libraryRow
	Thumbs     map[int]string // the items' thumbnails, by item id
	Therapist  string
	Date       string
}

func (s *Server) planPageData(c echo.Context) (planPage, error) {
	ctx := c.Request().Context()
	id, err := pathID(c, "id")
	if err != nil {
		return planPage{}, err
	}
	p, err := s.db.Plan(ctx, actor(c), id)
	if err != nil {
		return planPage{}, err
	}
	pt, err := s.db.Patient(ctx, actor(c), p.PatientID)
	if err != nil {
		return planPage{}, err
	}
	page := planPage{pageBase: s.base(c, fmt.Sprintf("Plan %d", p.ID)), Plan: p, Patient: pt,
		Editable: actor(c).Role == limber.RoleTherapist && p.Status != limber.PlanArchived,
		Total:    limber.Duration(p.Routine.TotalSeconds), Max: limber.Duration(p.Routine.MaxSeconds),
		Therapist: actor(c).Name, Date: s.db.Clock().In(s.db.Location()).Format("2 January 2006"), Thumbs: map[int]string{}}
	for _, it := range p.Items {
		page.Thumbs[it.ID] = s.figureURL(it.ExerciseID, it.Position, figure.Right, styleThumb)
	}
	if page.Editable {
		a, err := s.engine.Assess(pt.Profile(s.db.Clock()))
		if err != nil {
			return page, err
		}
		for _, ex := range s.engine.Library(a) {
			for _, v := range ex.Variants {
				page.Library = append(page.Library, libraryRow{ex.ID, ex.Name, v.Position, v.Decision, v.Reasons, ex.Restricted,
					s.figureURL(ex.ID, v.Position, figure.Right, styleThumb)})
			}
		}
	}
	return page, nil
}

func (s *Server) planPage(c echo.Context) error {
	page, err := s.planPageData(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "plan", page)
}

// handoutPage is the printable handout: the plan's unlocked items numbered
// 1, 2, 3… with no gap, the cues in paper words, the clinic's phone and a
// log for the week.
type handoutPage struct {
	planPage
	Draft       bool
	Items       []handoutItem
	Cues        []string
	ClinicPhone string
	CareTeam    string
	Days        []string
}

type handoutItem struct {
	N int
	limber.Item
	Cues      []string
	FigureURL string
}

func paperCues(cs []string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = limber.PaperCue(c)
	}
	return out
}

func (s *Server) printPage(c echo.Context) error {
	page, err := s.planPageData(c)
	if err != nil {
		return err
	}
	page.Title = "Your exercises"
	h := handoutPage{planPage: page, Draft: page.Plan.Status == limber.PlanDraft, Cues: paperCues(page.Plan.Routine.Cues),
		CareTeam: strings.TrimSpace(page.Patient.CareTeamPhone)}
	h.NumbersMissing = false // a banner for staff, not for the patient's paper
	// When to stop is the global cue (cues.yaml, everyone-stop), in every
	// plan's session cues and so on every handout, in paper's words.
	for _, it := range page.Plan.Items {
		if it.Locked {
			continue
		}
		h.Items = append(h.Items, handoutItem{N: len(h.Items) + 1, Item: it, Cues: paperCues(it.Cues), FigureURL: s.figureURL(it.ExerciseID, it.Position, figure.Right, stylePrint)})
	}
	st, err := s.db.ClinicSettings(c.Request().Context())
	if err != nil {
		return err
	}
	h.ClinicPhone = st.ClinicPhone
	day := s.db.Clock().In(s.db.Location())
	for i := range 7 {
		h.Days = append(h.Days, day.AddDate(0, 0, i).Format("Mon 2 Jan"))
	}
	return s.render(c, http.StatusOK, "print", h)
}

// planForm runs a change to a plan and returns to it, with the error if
// there was one.
func (s *Server) planForm(c echo.Context, fn func(id int64, item int) error) error {
	return s.planFormNotice(c, "", fn)
}

// planFormNotice is planForm that says notice once the change is made.
func (s *Server) planFormNotice(c echo.Context, notice string, fn func(id int64, item int) error) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	item := 0
	if c.Param("item") != "" {
		if item, err = itemID(c); err != nil {
			return err
		}
	}
	to := fmt.Sprintf("/clinic/plans/%d", id)
	if err := fn(id, item); err != nil {
		return back(c, to, err)
	}
	if item != 0 {
		to += fmt.Sprintf("#item-%d", item)
	}
	if notice != "" {
		return redirectNotice(c, to, notice)
	}
	return c.Redirect(http.StatusSeeOther, to)
}

func (s *Server) planAddForm(c echo.Context) error {
	return s.planForm(c, func(id int64, _ int) error {
		_, err := s.db.AddPlanItem(c.Request().Context(), actor(c), s.engine, id, c.FormValue("exercise_id"), limber.Position(c.FormValue("position")))
		return err
	})
}

func (s *Server) planDosageForm(c echo.Context) error {
	return s.planFormNotice(c, "Dosage saved.", func(id int64, item int) error {
		var d limber.DosageChange
		for field, dst := range map[string]**int{"hold_seconds": &d.HoldSeconds, "seconds": &d.Seconds, "reps": &d.Reps, "rep_seconds": &d.RepSeconds} {
			if n, ok := formInt(c, field); ok {
				*dst = &n
			}
		}
		_, err := s.db.ChangePlanItem(c.Request().Context(), actor(c), s.engine, id, item, limber.ItemChange{Dosage: d})
		return err
	})
}

func (s *Server) planMoveForm(c echo.Context) error {
	return s.planForm(c, func(id int64, item int) error {
		index, ok := formInt(c, "index")
		if !ok {
			return limber.Invalidf("index", "required")
		}
		_, err := s.db.ChangePlanItem(c.Request().Context(), actor(c), s.engine, id, item, limber.ItemChange{Index: &index})
		return err
	})
}

func (s *Server) planRemoveForm(c echo.Context) error {
	return s.planForm(c, func(id int64, item int) error {
		_, err := s.db.RemovePlanItem(c.Request().Context(), actor(c), s.engine, id, item)
		return err
	})
}

func (s *Server) planClearForm(c echo.Context) error {
	return s.planForm(c, func(id int64, item int) error {
		_, err := s.db.ClearItem(c.Request().Context(), actor(c), s.engine, id, item, strings.TrimSpace(c.FormValue("note")))
		return err
	})
}

func (s *Server) planActivateForm(c echo.Context) error {
	return s.planForm(c, func(id int64, _ int) error {
		_, err := s.db.ActivatePlan(c.Request().Context(), actor(c), id)
		return err
	})
}
