package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

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

func (s *Server) patientAudit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return listing(c, "events", func(before int64, limit int) ([]limber.AuditEvent, error) {
		return s.db.Audit(c.Request().Context(), actor(c), id, before, limit)
	}, func(e limber.AuditEvent) int64 { return e.ID })
}
