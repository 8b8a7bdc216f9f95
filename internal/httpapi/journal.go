package httpapi

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

func (s *Server) patientJournal(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return s.journalOf(c, id)
}

func (s *Server) journalOf(c echo.Context, patientID int64) error {
	return listing(c, "entries", func(before int64, limit int) ([]limber.JournalEntry, error) {
		return s.db.Journal(c.Request().Context(), actor(c), patientID, before, limit)
	}, func(e limber.JournalEntry) int64 { return e.ID })
}

func (s *Server) patientAdherence(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	weeks := 8
	if w := c.QueryParam("weeks"); w != "" {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 || n > 52 {
			return invalid("weeks", "must be 1 to 52")
		}
		weeks = n
	}
	a, err := s.db.AdherenceFor(c.Request().Context(), actor(c), id, weeks)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) addJournal(c echo.Context) error {
	var in limber.JournalInput
	if err := bind(c, &in); err != nil {
		return err
	}
	e, err := s.db.AddJournalEntry(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, e)
}

func (s *Server) myJournal(c echo.Context) error { return s.journalOf(c, actor(c).PatientID) }
