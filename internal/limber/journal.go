package limber

import "time"

// JournalEntry is one entry of the pain journal: when, where, how strong,
// what it feels like, what set it off, a note.
type JournalEntry struct {
	ID        int64     `json:"id" db:"id"`
	PatientID int64     `json:"patient_id" db:"patient_id"`
	At        time.Time `json:"at" db:"-"`
	Region    Region    `json:"region" db:"region"`
	Intensity int       `json:"intensity" db:"intensity"`
	Quality   string    `json:"quality" db:"quality"`
	Trigger   string    `json:"trigger" db:"trigger_"`
	Note      string    `json:"note" db:"note"`
}

// JournalInput is a new entry as a patient writes it.
type JournalInput struct {
	At        *time.Time `json:"at"`
	Region    Region     `json:"region"`
	Intensity *int       `json:"intensity"`
	Quality   string     `json:"quality"`
	Trigger   string     `json:"trigger"`
	Note      string     `json:"note"`
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

// NewJournalEntry checks a patient's new journal entry and gives it as it
// is kept: at now unless the patient said when (within the past year, not
// in the future beyond a drifting clock's 10 minutes).
func NewJournalEntry(patientID int64, in JournalInput, now time.Time) (JournalEntry, error) {
	if _, err := ParseRegion(string(in.Region)); err != nil {
		return JournalEntry{}, WithField(err, "region")
	}
	if in.Intensity == nil || *in.Intensity < 0 || *in.Intensity > 10 {
		return JournalEntry{}, Invalidf("intensity", "required: 0 to 10")
	}
	for _, f := range []struct{ name, v string }{{"quality", in.Quality}, {"trigger", in.Trigger}} {
		if len(f.v) > 200 {
			return JournalEntry{}, Invalidf(f.name, "at most 200 characters")
		}
	}
	if len(in.Note) > 2000 {
		return JournalEntry{}, Invalidf("note", "at most 2000 characters")
	}
	at := now
	if in.At != nil {
		if in.At.After(now.Add(10*time.Minute)) || in.At.Before(now.Add(-365*24*time.Hour)) {
			return JournalEntry{}, Invalidf("at", "must be within the past year, not in the future")
		}
		at = in.At.UTC()
	}
	return JournalEntry{PatientID: patientID, At: at, Region: in.Region, Intensity: *in.Intensity, Quality: in.Quality, Trigger: in.Trigger, Note: in.Note}, nil
}
