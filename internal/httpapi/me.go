package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

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
