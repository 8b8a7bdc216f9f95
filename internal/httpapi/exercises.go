package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

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
	return s.engine.Assess(p.Profile(s.db.Clock()))
}

func (s *Server) listExercises(c echo.Context) error {
	a, err := s.assessmentFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"exercises": s.engine.Library(a), "rules_version": s.engine.Rules().Version})
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
	return c.JSON(http.StatusOK, s.engine.View(ex, a))
}
