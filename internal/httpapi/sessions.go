package httpapi

import (
	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

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
