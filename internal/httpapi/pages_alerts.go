package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

type alertRow struct {
	limber.Alert
	PatientName, KindLabel, When, Acked string
}

type alertsPage struct {
	pageBase
	Alerts []alertRow
}

// inboxAlerts is what an inbox shows, in its order (limber.SortForInbox):
// every open alert however old, then the newest others, n of each at most.
// The newest n alone could leave out an open alert older than them.
func (s *Server) inboxAlerts(ctx context.Context, u limber.User, patientID int64, n int) ([]limber.Alert, error) {
	open, err := s.db.Alerts(ctx, u, patientID, true, 0, n)
	if err != nil {
		return nil, err
	}
	recent, err := s.db.Alerts(ctx, u, patientID, false, 0, n)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, a := range open {
		seen[a.ID] = true
	}
	for _, a := range recent {
		if !seen[a.ID] {
			open = append(open, a)
		}
	}
	limber.SortForInbox(open)
	return open, nil
}

func (s *Server) alertsPage(c echo.Context) error {
	ctx := c.Request().Context()
	as, err := s.inboxAlerts(ctx, actor(c), 0, 200)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	page := alertsPage{pageBase: s.base(c, "Alerts")}
	for _, a := range as {
		if _, ok := names[a.PatientID]; !ok {
			if p, err := s.db.Patient(ctx, actor(c), a.PatientID); err == nil {
				names[a.PatientID] = p.Name
			}
		}
		page.Alerts = append(page.Alerts, s.alertRow(a, names[a.PatientID]))
	}
	return s.render(c, http.StatusOK, "alerts", page)
}

func (s *Server) alertRow(a limber.Alert, patientName string) alertRow {
	row := alertRow{Alert: a, PatientName: patientName, KindLabel: limber.AlertLabel(a.Kind),
		When: a.CreatedAt.In(s.db.Location()).Format("Mon 2 Jan 15:04")}
	if a.AcknowledgedAt != nil {
		row.Acked = a.AcknowledgedAt.In(s.db.Location()).Format("Mon 2 Jan 15:04")
	}
	return row
}

// alertAckForm acknowledges an alert; with mistaken=true (a red flag the
// patient answered by mistake, the PT having spoken to them) it also lifts
// that screening, with the PT's note. from=patient returns to the patient's
// page.
func (s *Server) alertAckForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	to := "/clinic/alerts"
	if pid, err := strconv.ParseInt(c.FormValue("patient"), 10, 64); err == nil && c.FormValue("from") == "patient" {
		to = fmt.Sprintf("/clinic/patients/%d", pid)
	}
	if c.FormValue("mistaken") == "true" {
		if c.FormValue("spoke") != "yes" {
			return back(c, to, limber.Invalidf("spoke", "tick the box to confirm you have spoken to the patient"))
		}
		_, err = s.db.AnsweredByMistake(c.Request().Context(), actor(c), id, strings.TrimSpace(c.FormValue("note")))
		if err == nil {
			return redirectNotice(c, to, "Marked as answered by mistake. The patient can answer the questions again today.")
		}
		return back(c, to, err)
	}
	_, err = s.db.AcknowledgeAlert(c.Request().Context(), actor(c), id)
	return back(c, to, err)
}
