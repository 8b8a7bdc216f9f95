package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

type variantView struct {
	Position  limber.Position `json:"position"`
	Tags      []limber.Tag    `json:"tags"`
	Decision  limber.Decision `json:"decision,omitempty"`
	Preferred *bool           `json:"preferred,omitempty"`
	Reasons   []*limber.Rule  `json:"reasons,omitempty"`
}

type exerciseView struct {
	*limber.Exercise
	Variants []variantView `json:"variants"`
}

// assessmentFor decides for ?patient_id=N when given: a therapist's own
// patient, or the patient themself.
func (s *Server) assessmentFor(c echo.Context) (*limber.Assessment, error) {
	q := c.QueryParam("patient_id")
	if q == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(q, 10, 64)
	if err != nil || id <= 0 {
		return nil, invalid("patient_id", "must be a patient id")
	}
	p, err := s.db.Patient(c.Request().Context(), actor(c), id)
	if err != nil {
		return nil, err
	}
	return s.engine.Assess(p.Profile(s.db.Now()))
}

func (s *Server) view(ex *limber.Exercise, a *limber.Assessment) exerciseView {
	v := exerciseView{Exercise: ex}
	for _, variant := range ex.Variants() {
		vv := variantView{Position: variant.Position, Tags: variant.Tags}
		if a != nil {
			d := a.Decide(variant.Position, variant.Tags)
			p := d.Preferred
			vv.Decision, vv.Preferred, vv.Reasons = d.Decision, &p, d.Reasons
			if vv.Reasons == nil {
				vv.Reasons = []*limber.Rule{}
			}
		}
		v.Variants = append(v.Variants, vv)
	}
	return v
}

func (s *Server) listExercises(c echo.Context) error {
	a, err := s.assessmentFor(c)
	if err != nil {
		return err
	}
	out := []exerciseView{}
	for _, ex := range s.engine.Exercises() {
		out = append(out, s.view(ex, a))
	}
	return c.JSON(http.StatusOK, map[string]any{"exercises": out, "rules_version": s.engine.Rules().Version})
}

func (s *Server) getExercise(c echo.Context) error {
	ex, err := s.engine.Exercise(c.Param("id"))
	if err != nil {
		return errNotFound
	}
	a, err := s.assessmentFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.view(ex, a))
}
