package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

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
