package store

import (
	"context"
	"database/sql"

	"github.com/limber-health/limber/internal/limber"
)

// AddJournalEntry stores an entry of the patient's own pain journal.
func (db *DB) AddJournalEntry(ctx context.Context, actor limber.User, in limber.JournalInput) (limber.JournalEntry, error) {
	if err := limber.MustBePatient(actor); err != nil {
		return limber.JournalEntry{}, err
	}
	now := db.Now()
	e, err := limber.NewJournalEntry(actor.PatientID, in, now)
	if err != nil {
		return limber.JournalEntry{}, err
	}
	err = get(ctx, db.W, &e.ID, `INSERT INTO journal_entries (patient_id, at, region, intensity, quality, trigger_, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.PatientID, ts(e.At), e.Region, e.Intensity, e.Quality, e.Trigger, e.Note, ts(now))
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
	now, loc := db.Now(), db.Location()
	var perWeek int
	if err := get(ctx, db.R, &perWeek, `SELECT COALESCE((SELECT sessions_per_week FROM plans WHERE patient_id = ? AND status = 'active'), 0)`, patientID); err != nil {
		return limber.Adherence{}, err
	}
	var rows []struct {
		Finished string        `db:"finished_at"`
		Day      string        `db:"day"`
		Before   int           `db:"pain_before"`
		After    sql.NullInt64 `db:"pain_after"`
	}
	if err := sel(ctx, db.R, &rows, qAdherenceSessions, patientID, ts(limber.AdherenceSince(now, loc, weeks))); err != nil {
		return limber.Adherence{}, err
	}
	sessions := make([]limber.AdherenceSession, len(rows))
	for i, r := range rows {
		sessions[i] = limber.AdherenceSession{FinishedAt: parseTS(r.Finished), Day: r.Day, PainBefore: r.Before, PainAfter: nullInt(r.After)}
	}
	var journalDays []string
	if err := sel(ctx, db.R, &journalDays, qAdherenceJournalDays, patientID, ts(now.In(loc).AddDate(0, 0, -limber.DataDaysWindow))); err != nil {
		return limber.Adherence{}, err
	}
	return limber.AdherenceOf(patientID, now, loc, weeks, perWeek, sessions, journalDays), nil
}
