package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

// submitStop takes a stop the moment the patient makes it: 201 when new,
// 200 with the same answer when the tablet sends it again.
func (s *Server) submitStop(c echo.Context) error {
	var in limber.StopInput
	if err := bind(c, &in); err != nil {
		return err
	}
	rec, created, err := s.db.SubmitStop(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, rec)
}
