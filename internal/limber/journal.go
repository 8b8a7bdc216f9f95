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
