package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/limber-health/limber/internal/limber"
)

// Summaries works out the list lines of patients the actor may see, in a
// fixed number of queries whatever the number of patients.
func (db *DB) Summaries(ctx context.Context, actor limber.User, patients []limber.Patient) (map[int64]*limber.Summary, error) {
	out := map[int64]*limber.Summary{}
	if len(patients) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(patients)+1)
	for _, p := range patients {
		// The list is staff's: a tablet sees no list, even of itself.
		if !limber.IsStaff(actor) || !limber.CanSee(actor, p) {
			return nil, notFound("patient")
		}
		out[p.ID] = &limber.Summary{RecentPain: []limber.PainPoint{}}
		args = append(args, p.ID)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(patients)), ",")
	now := db.Now().In(db.Location())
	monday := limber.WeekStart(now, db.Location())
	type count struct {
		PatientID int64 `db:"patient_id"`
		N         int   `db:"n"`
	}
	counts := func(q string, extra []any, set func(*limber.Summary, int)) error {
		var rows []count
		if err := sel(ctx, db.R, &rows, fmt.Sprintf(q, in), append(append([]any{}, args...), extra...)...); err != nil {
			return err
		}
		for _, r := range rows {
			set(out[r.PatientID], r.N)
		}
		return nil
	}
	if err := counts(qSummaryWeek, []any{ts(monday)}, func(s *limber.Summary, n int) { s.DoneThisWeek = n }); err != nil {
		return nil, err
	}
	if err := counts(qSummaryAlerts, nil, func(s *limber.Summary, n int) { s.OpenAlerts = n }); err != nil {
		return nil, err
	}
	if err := counts(qSummaryPlans, nil, func(s *limber.Summary, n int) { s.Prescribed = n }); err != nil {
		return nil, err
	}
	var last []struct {
		PatientID int64          `db:"patient_id"`
		Last      sql.NullString `db:"last"`
	}
	if err := sel(ctx, db.R, &last, fmt.Sprintf(qSummaryLast, in), args...); err != nil {
		return nil, err
	}
	for _, r := range last {
		if r.Last.Valid {
			t := parseTS(r.Last.String)
			out[r.PatientID].LastSessionAt = &t
		}
	}
	var pain []struct {
		PatientID int64         `db:"patient_id"`
		Finished  string        `db:"finished_at"`
		Before    int           `db:"pain_before"`
		After     sql.NullInt64 `db:"pain_after"`
	}
	if err := sel(ctx, db.R, &pain, fmt.Sprintf(qSummaryPain, in), append(append([]any{}, args...), ts(now.AddDate(0, 0, -limber.RecentPainDays)))...); err != nil {
		return nil, err
	}
	for _, r := range pain {
		s := out[r.PatientID]
		s.RecentPain = append(s.RecentPain, limber.PainPoint{At: parseTS(r.Finished), Before: r.Before, After: nullInt(r.After)})
	}
	for _, s := range out {
		s.RecentPain = limber.RecentPain(s.RecentPain)
	}
	return out, nil
}
