package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

// AddJournalEntry stores an entry of the patient's own pain journal.
func (db *DB) AddJournalEntry(ctx context.Context, actor limber.User, in limber.JournalInput) (limber.JournalEntry, error) {
	if err := mustBePatient(actor); err != nil {
		return limber.JournalEntry{}, err
	}
	now := db.Now()
	if _, err := limber.ParseRegion(string(in.Region)); err != nil {
		return limber.JournalEntry{}, limber.WithField(err, "region")
	}
	if in.Intensity == nil || *in.Intensity < 0 || *in.Intensity > 10 {
		return limber.JournalEntry{}, limber.Invalidf("intensity", "required: 0 to 10")
	}
	for field, v := range map[string]string{"quality": in.Quality, "trigger": in.Trigger} {
		if len(v) > 200 {
			return limber.JournalEntry{}, limber.Invalidf(field, "at most 200 characters")
		}
	}
	if len(in.Note) > 2000 {
		return limber.JournalEntry{}, limber.Invalidf("note", "at most 2000 characters")
	}
	at := now
	if in.At != nil {
		if in.At.After(now.Add(10*time.Minute)) || in.At.Before(now.Add(-365*24*time.Hour)) {
			return limber.JournalEntry{}, limber.Invalidf("at", "must be within the past year, not in the future")
		}
		at = in.At.UTC()
	}
	e := limber.JournalEntry{PatientID: actor.PatientID, At: at, Region: in.Region, Intensity: *in.Intensity, Quality: in.Quality, Trigger: in.Trigger, Note: in.Note}
	err := get(ctx, db.W, &e.ID, `INSERT INTO journal_entries (patient_id, at, region, intensity, quality, trigger_, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.PatientID, ts(at), e.Region, e.Intensity, e.Quality, e.Trigger, e.Note, ts(now))
	return e, db.classify(err)
}

// Journal lists a patient's entries, newest first.
func (db *DB) Journal(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]limber.JournalEntry, error) {
	if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
		return nil, err
	}
	var rows []struct {
		limber.JournalEntry
		AtS string `db:"at"`
	}
	if err := sel(ctx, db.R, &rows, qJournalOfPatient, patientID, before, before, limit); err != nil {
		return nil, err
	}
	out := make([]limber.JournalEntry, len(rows))
	for i, r := range rows {
		out[i] = r.JournalEntry
		out[i].At = parseTS(r.AtS)
	}
	return out, nil
}

// AdherenceFor works out a patient's adherence over the last weeks.
func (db *DB) AdherenceFor(ctx context.Context, actor limber.User, patientID int64, weeks int) (limber.Adherence, error) {
	if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
		return limber.Adherence{}, err
	}
	now := db.Now().In(db.Location())
	a := limber.Adherence{PatientID: patientID, Weeks: []limber.WeekAdherence{}, Pain: []limber.PainPoint{}}
	var perWeek int
	if err := get(ctx, db.R, &perWeek, `SELECT COALESCE((SELECT sessions_per_week FROM plans WHERE patient_id = ? AND status = 'active'), 0)`, patientID); err != nil {
		return a, err
	}
	monday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, db.Location()).AddDate(0, 0, -((int(now.Weekday()) + 6) % 7))
	since := monday.AddDate(0, 0, -7*(weeks-1))
	var rows []struct {
		Finished string        `db:"finished_at"`
		Day      string        `db:"day"`
		Before   int           `db:"pain_before"`
		After    sql.NullInt64 `db:"pain_after"`
	}
	if err := sel(ctx, db.R, &rows, qAdherenceSessions, patientID, ts(since.AddDate(0, 0, -31))); err != nil {
		return a, err
	}
	for w := 0; w < weeks; w++ {
		start := monday.AddDate(0, 0, -7*w)
		a.Weeks = append(a.Weeks, limber.WeekAdherence{WeekStart: start.Format(time.DateOnly), Prescribed: perWeek})
	}
	days := map[string]bool{}
	cutoff := now.AddDate(0, 0, -30)
	for _, r := range rows {
		fin := parseTS(r.Finished)
		if !fin.Before(since) {
			w := int(monday.Sub(time.Date(fin.In(db.Location()).Year(), fin.In(db.Location()).Month(), fin.In(db.Location()).Day(), 0, 0, 0, 0, db.Location())).Hours()/24+6) / 7
			if w >= 0 && w < weeks {
				a.Weeks[w].Done++
			}
			a.Pain = append(a.Pain, limber.PainPoint{At: fin, Before: r.Before, After: nullInt(r.After)})
		}
		if fin.After(cutoff) {
			days[r.Day] = true
		}
		f := fin
		a.LastSessionAt = &f
	}
	var journalDays []string
	if err := sel(ctx, db.R, &journalDays, qAdherenceJournalDays, patientID, ts(cutoff)); err != nil {
		return a, err
	}
	for _, d := range journalDays {
		days[d] = true
	}
	a.DaysWithData = len(days)
	return a, nil
}
