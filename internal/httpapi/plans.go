package httpapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

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
	key, err := s.previews.key(in)
	if err != nil {
		return err
	}
	e, ok := s.previews.get(key)
	if !ok {
		p := limber.Profile{Mobility: in.Profile.Mobility, Conditions: in.Profile.Conditions, PregnancyWeek: in.Profile.PregnancyWeek,
			LyingOnly: in.Profile.LyingOnly, HelperAvailable: in.Profile.HelperAvailable}
		plan, err := s.engine.Plan(limber.PlanRequest{Profile: p, Minutes: in.Minutes, Focus: in.Focus, Now: time.Now()})
		if err != nil {
			return prefixField(err, "profile.")
		}
		if e, err = encodePreview(key, s.planJSON(plan)); err != nil {
			return err
		}
		s.previews.put(e)
	}
	if _, pretty := c.QueryParams()["pretty"]; pretty {
		var b bytes.Buffer
		if err := json.Indent(&b, e.raw, "", "  "); err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, b.Bytes())
	}
	// Mostly the excluded list, which compresses well (29 KB to about 4).
	h := c.Response().Header()
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(c.Request().Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		gz := e.gzip()
		h.Set("Content-Length", strconv.Itoa(len(gz)))
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, gz)
	}
	h.Set("Content-Length", strconv.Itoa(len(e.raw)))
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, e.raw)
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
