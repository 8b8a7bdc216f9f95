package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

// JournalEntry is one entry of the pain journal: when, where, how strong,
// what it feels like, what set it off, a note.
type JournalEntry struct {
	ID        int64         `json:"id" db:"id"`
	PatientID int64         `json:"patient_id" db:"patient_id"`
	At        time.Time     `json:"at" db:"-"`
	Region    limber.Region `json:"region" db:"region"`
	Intensity int           `json:"intensity" db:"intensity"`
	Quality   string        `json:"quality" db:"quality"`
	Trigger   string        `json:"trigger" db:"trigger_"`
	Note      string        `json:"note" db:"note"`
}

// JournalInput is a new entry as a patient writes it.
type JournalInput struct {
	At        *time.Time    `json:"at"`
	Region    limber.Region `json:"region"`
	Intensity *int          `json:"intensity"`
	Quality   string        `json:"quality"`
	Trigger   string        `json:"trigger"`
	Note      string        `json:"note"`
}

// AddJournalEntry stores an entry of the patient's own pain journal.
func (db *DB) AddJournalEntry(ctx context.Context, actor limber.User, in JournalInput) (JournalEntry, error) {
	if err := mustBePatient(actor); err != nil {
		return JournalEntry{}, err
	}
	now := db.Now()
	if _, err := limber.ParseRegion(string(in.Region)); err != nil {
		return JournalEntry{}, limber.WithField(err, "region")
	}
	if in.Intensity == nil || *in.Intensity < 0 || *in.Intensity > 10 {
		return JournalEntry{}, limber.Invalidf("intensity", "required: 0 to 10")
	}
	for field, v := range map[string]string{"quality": in.Quality, "trigger": in.Trigger} {
		if len(v) > 200 {
			return JournalEntry{}, limber.Invalidf(field, "at most 200 characters")
		}
	}
	if len(in.Note) > 2000 {
		return JournalEntry{}, limber.Invalidf("note", "at most 2000 characters")
	}
	at := now
	if in.At != nil {
		if in.At.After(now.Add(10*time.Minute)) || in.At.Before(now.Add(-365*24*time.Hour)) {
			return JournalEntry{}, limber.Invalidf("at", "must be within the past year, not in the future")
		}
		at = in.At.UTC()
	}
	e := JournalEntry{PatientID: actor.PatientID, At: at, Region: in.Region, Intensity: *in.Intensity, Quality: in.Quality, Trigger: in.Trigger, Note: in.Note}
	err := db.W.GetContext(ctx, &e.ID, `INSERT INTO journal_entries (patient_id, at, region, intensity, quality, trigger_, note, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.PatientID, ts(at), e.Region, e.Intensity, e.Quality, e.Trigger, e.Note, ts(now))
	return e, classify(err)
}

// Journal lists a patient's entries, newest first.
func (db *DB) Journal(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]JournalEntry, error) {
	if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
		return nil, err
	}
	var rows []struct {
		JournalEntry
		AtS string `db:"at"`
	}
	if err := db.R.SelectContext(ctx, &rows, qJournalOfPatient, patientID, before, before, limit); err != nil {
		return nil, err
	}
	out := make([]JournalEntry, len(rows))
	for i, r := range rows {
		out[i] = r.JournalEntry
		out[i].At = parseTS(r.AtS)
	}
	return out, nil
}

// Adherence is what the PT watches for one patient.
type Adherence struct {
	PatientID int64 `json:"patient_id"`
	// Weeks, newest first, Monday to Sunday in the clinic's time zone.
	Weeks         []WeekAdherence `json:"weeks"`
	LastSessionAt *time.Time      `json:"last_session_at"`
	// DaysWithData counts the days of the last 30 with a session or a
	// journal entry (what remote-monitoring billing counts).
	DaysWithData int         `json:"days_with_data_30d"`
	Pain         []PainPoint `json:"pain"`
}

// WeekAdherence is one week's sessions done against prescribed.
type WeekAdherence struct {
	WeekStart  string `json:"week_start"`
	Done       int    `json:"done"`
	Prescribed int    `json:"prescribed"`
}

// PainPoint is a session's pain before and after.
type PainPoint struct {
	At     time.Time `json:"at"`
	Before int       `json:"before"`
	After  *int      `json:"after"` // nil: a session left unfinished
}

// AdherenceFor works out a patient's adherence over the last weeks.
func (db *DB) AdherenceFor(ctx context.Context, actor limber.User, patientID int64, weeks int) (Adherence, error) {
	if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
		return Adherence{}, err
	}
	now := db.Now().In(db.Location())
	a := Adherence{PatientID: patientID, Weeks: []WeekAdherence{}, Pain: []PainPoint{}}
	var perWeek int
	if err := db.R.GetContext(ctx, &perWeek, `SELECT COALESCE((SELECT sessions_per_week FROM plans WHERE patient_id = ? AND status = 'active'), 0)`, patientID); err != nil {
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
	if err := db.R.SelectContext(ctx, &rows, qAdherenceSessions, patientID, ts(since.AddDate(0, 0, -31))); err != nil {
		return a, err
	}
	for w := 0; w < weeks; w++ {
		start := monday.AddDate(0, 0, -7*w)
		a.Weeks = append(a.Weeks, WeekAdherence{WeekStart: start.Format(time.DateOnly), Prescribed: perWeek})
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
			a.Pain = append(a.Pain, PainPoint{At: fin, Before: r.Before, After: nullInt(r.After)})
		}
		if fin.After(cutoff) {
			days[r.Day] = true
		}
		f := fin
		a.LastSessionAt = &f
	}
	var journalDays []string
	if err := db.R.SelectContext(ctx, &journalDays, qAdherenceJournalDays, patientID, ts(cutoff)); err != nil {
		return a, err
	}
	for _, d := range journalDays {
		days[d] = true
	}
	a.DaysWithData = len(days)
	return a, nil
}
