package httpapi

import (
	"context"
	"database/sql"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

// The store as this package uses it, grouped by job. internal/store
// satisfies them on SQLite and on PostgreSQL alike; cmd/limber hands one in.

// accounts are staff, sign-ins and enrolled tablets.
type accounts interface {
	Authenticate(ctx context.Context, email, password string) (limber.User, error)
	StartSignIn(ctx context.Context, userID int64, kind, device string) (token string, s limber.SignIn, err error)
	SignedInUser(ctx context.Context, token string) (limber.User, limber.SignIn, error)
	EndSignIn(ctx context.Context, signInID int64) error
	ChangePassword(ctx context.Context, actor limber.User, current limber.SignIn, password, next string) (string, limber.SignIn, error)
	Enroll(ctx context.Context, code, device string) (limber.User, string, limber.SignIn, error)
	CreateUser(ctx context.Context, email, name string, role limber.Role, password string) (limber.User, error)
	Staff(ctx context.Context, actor limber.User) ([]limber.User, error)
	DisableUser(ctx context.Context, actor limber.User, id int64) (limber.User, error)
	ResetPassword(ctx context.Context, actor limber.User, id int64) (string, error)
}

// attempts are the sign-in attempts, kept where every node counts them
// (the limiter, auth.go).
type attempts interface {
	CountAttempt(ctx context.Context, now time.Time, window time.Duration, limits []limber.AttemptLimit) ([]limber.AttemptCount, error)
	ForgiveAttempt(ctx context.Context, counts []limber.AttemptCount) error
	Attempts(ctx context.Context, key string, since time.Time) (int, error)
	ResetAttempts(ctx context.Context, key string) error
	AttemptKeys(ctx context.Context) (int, error)
	PruneAttempts(ctx context.Context, before time.Time) error
}

// patients are profiles and what a PT reads of a patient.
type patients interface {
	ListPatients(ctx context.Context, actor limber.User, before int64, limit int) ([]limber.Patient, error)
	CreatePatient(ctx context.Context, actor limber.User, patch limber.PatientPatch) (limber.Patient, error)
	Patient(ctx context.Context, actor limber.User, id int64) (limber.Patient, error)
	UpdatePatient(ctx context.Context, actor limber.User, e *limber.Engine, id int64, patch limber.PatientPatch) (limber.ProfileChange, error)
	Summaries(ctx context.Context, actor limber.User, patients []limber.Patient) (map[int64]*limber.Summary, error)
	Sessions(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]limber.ExerciseSession, error)
	Journal(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]limber.JournalEntry, error)
	AdherenceFor(ctx context.Context, actor limber.User, patientID int64, weeks int) (limber.Adherence, error)
	Audit(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]limber.AuditEvent, error)
	CreateEnrollmentCode(ctx context.Context, actor limber.User, patientID int64) (string, time.Time, error)
	Devices(ctx context.Context, actor limber.User, patientID int64) ([]limber.Device, error)
	RevokeDevice(ctx context.Context, actor limber.User, patientID, deviceID int64) error
}

// plans are built, edited, cleared and activated by a PT.
type plans interface {
	CreatePlan(ctx context.Context, actor limber.User, e *limber.Engine, patientID int64, minutes int, focus []limber.Region, perWeek int) (limber.StoredPlan, error)
	Plan(ctx context.Context, actor limber.User, planID int64) (limber.StoredPlan, error)
	PatientPlans(ctx context.Context, actor limber.User, patientID int64) ([]limber.StoredPlan, error)
	AddPlanItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, exerciseID string, pos limber.Position) (limber.StoredPlan, error)
	ChangePlanItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, itemID int, ch limber.ItemChange) (limber.StoredPlan, error)
	RemovePlanItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, itemID int) (limber.StoredPlan, error)
	ClearItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, itemID int, note string) (limber.StoredPlan, error)
	ActivatePlan(ctx context.Context, actor limber.User, planID int64) (limber.StoredPlan, error)
}

// tablet is what a patient's tablet sends and reads.
type tablet interface {
	ActivePlanOf(ctx context.Context, actor limber.User) (limber.StoredPlan, error)
	TodayFor(ctx context.Context, actor limber.User) (limber.Today, error)
	SubmitScreening(ctx context.Context, actor limber.User, e *limber.Engine, answers map[string]string) (limber.ScreeningRecord, error)
	SubmitSession(ctx context.Context, actor limber.User, in limber.SessionInput) (limber.ExerciseSession, bool, error)
	SubmitStop(ctx context.Context, actor limber.User, in limber.StopInput) (limber.SessionStop, bool, error)
	AddJournalEntry(ctx context.Context, actor limber.User, in limber.JournalInput) (limber.JournalEntry, error)
}

// clinic is the clinic as a whole: alerts, settings, its clock and the
// database's health.
type clinic interface {
	Alerts(ctx context.Context, actor limber.User, patientID int64, openOnly bool, before int64, limit int) ([]limber.Alert, error)
	AcknowledgeAlert(ctx context.Context, actor limber.User, id int64) (limber.Alert, error)
	AnsweredByMistake(ctx context.Context, actor limber.User, id int64, note string) (limber.Alert, error)
	ClinicSettings(ctx context.Context) (limber.Settings, error)
	UpdateSettings(ctx context.Context, actor limber.User, p limber.SettingsPatch) (limber.Settings, error)
	Location() *time.Location
	Clock() time.Time
	Ping(ctx context.Context) error
	// Pools are the database's connection pools by name, for /metrics.
	Pools() map[string]*sql.DB
	// ObserveWrites hears how long each write waited to begin and then
	// held its transaction.
	ObserveWrites(func(waited, held time.Duration))
	// WriteGroups counts the write transactions that carried writes
	// arriving together, and the writes they carried.
	WriteGroups() (groups, writes int64)
}

// Store is everything the service needs of its database.
type Store interface {
	accounts
	attempts
	patients
	plans
	tablet
	clinic
}
