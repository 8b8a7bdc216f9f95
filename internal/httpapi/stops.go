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
	return storedOnce(c, created, rec)
}

// storedOnce answers a record a tablet may send again: 201 when it was
// stored now, 200 with the stored one when it was already there.
func storedOnce(c echo.Context, created bool, rec any) error {
	if created {
		return c.JSON(http.StatusCreated, rec)
	}
	return c.JSON(http.StatusOK, rec)
}
