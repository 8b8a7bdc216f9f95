package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

type patientRow struct {
	ID              int64          `db:"id"`
	TherapistID     int64          `db:"therapist_id"`
	UserID          sql.NullInt64  `db:"user_id"`
	Name            string         `db:"name"`
	Mobility        string         `db:"mobility"`
	Conditions      string         `db:"conditions"`
	DueDate         sql.NullString `db:"due_date"`
	PregnantUnknown bool           `db:"pregnant_unknown"`
	LyingOnly       bool           `db:"lying_only"`
	HelperAvailable bool           `db:"helper_available"`
	RelapseSince    sql.NullString `db:"relapse_since"`
	HipSince        sql.NullString `db:"hip_since"`
	SurgerySince    sql.NullString `db:"surgery_since"`
	CareTeamPhone   string         `db:"care_team_phone"`
	Notes           string         `db:"notes"`
	SessionsPerWeek int            `db:"sessions_per_week"`
	CreatedAt       string         `db:"created_at"`
	UpdatedAt       string         `db:"updated_at"`
}

const patientColumns = `id, therapist_id, user_id, name, mobility, conditions, due_date, pregnant_unknown, lying_only,
	helper_available, relapse_since, hip_since, surgery_since, care_team_phone, notes, sessions_per_week, created_at, updated_at`

func nullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := parseTS(s.String)
	return &t
}

func toNull(t *time.Time) sql.NullString {
	if t == nil {
		return sql.NullString{}
	}
	return sql.NullString{String: ts(*t), Valid: true}
}

func (r patientRow) patient(today time.Time) limber.Patient {
	p := limber.Patient{
		ID: r.ID, TherapistID: r.TherapistID, Name: r.Name, Mobility: limber.Mobility(r.Mobility),
		DueDate: nullTime(r.DueDate), PregnantUnknown: r.PregnantUnknown, LyingOnly: r.LyingOnly,
		HelperAvailable: r.HelperAvailable, RelapseSince: nullTime(r.RelapseSince), HipSince: nullTime(r.HipSince),
		SurgerySince: nullTime(r.SurgerySince), CareTeamPhone: r.CareTeamPhone, Notes: r.Notes,
		SessionsPerWeek: r.SessionsPerWeek, Enrolled: r.UserID.Valid,
		CreatedAt: parseTS(r.CreatedAt), UpdatedAt: parseTS(r.UpdatedAt), Conditions: []limber.Condition{},
	}
	json.Unmarshal([]byte(r.Conditions), &p.Conditions)
	if p.DueDate != nil {
		p.PregnancyWeek = limber.WeekFromDueDate(*p.DueDate, today)
	}
	return p
}

// subject is the patient as the access rule reads it (limber.CanSee).
func (r patientRow) subject() limber.Patient {
	return limber.Patient{ID: r.ID, TherapistID: r.TherapistID}
}

// patientFor loads a patient the actor may see; anyone else's is not found
// (a therapist never learns another therapist's patient exists).
func (db *DB) patientFor(ctx context.Context, q queryer, actor limber.User, id int64) (patientRow, error) {
	var r patientRow
	err := get(ctx, q, &r, qPatientByID, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !limber.CanSee(actor, r.subject())) {
		return patientRow{}, notFound("patient")
	}
	return r, err
}

// Patient returns one patient the actor may see.
func (db *DB) Patient(ctx context.Context, actor limber.User, id int64) (limber.Patient, error) {
	r, err := db.patientFor(ctx, db.R, actor, id)
	if err != nil {
		return limber.Patient{}, err
	}
	p := r.patient(db.Now())
	if actor.Role == limber.RolePatient {
		p = p.ForPatient()
	}
	return p, nil
}

// staffOnPatient lets staff read what is kept about a patient they may
// see: a tablet is refused, anyone else's patient is not found.
func (db *DB) staffOnPatient(ctx context.Context, actor limber.User, patientID int64) error {
	if err := limber.MustBeStaff(actor); err != nil {
		return err
	}
	_, err := db.patientFor(ctx, db.R, actor, patientID)
	return err
}

// CreatePatient adds a patient for the acting therapist.
func (db *DB) CreatePatient(ctx context.Context, actor limber.User, patch limber.PatientPatch) (limber.Patient, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.Patient{}, err
	}
	if err := limber.CheckNewPatient(patch); err != nil {
		return limber.Patient{}, err
	}
	now := db.Now()
	p := limber.Patient{TherapistID: actor.ID, Conditions: []limber.Condition{}, SessionsPerWeek: 5}
	if err := p.Apply(patch, now); err != nil {
		return limber.Patient{}, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		conds, _ := json.Marshal(p.Conditions)
		if err := get(ctx, tx, &id, `INSERT INTO patients (therapist_id, name, mobility, conditions, due_date, pregnant_unknown,
			lying_only, helper_available, relapse_since, hip_since, surgery_since, care_team_phone, notes, sessions_per_week, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			actor.ID, p.Name, p.Mobility, string(conds), toNull(p.DueDate), p.PregnantUnknown, p.LyingOnly, p.HelperAvailable,
			toNull(p.RelapseSince), toNull(p.HipSince), toNull(p.SurgerySince), p.CareTeamPhone, p.Notes, p.SessionsPerWeek, ts(now), ts(now)); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor.ID, id, "patient.create", map[string]any{"profile": p.Profile(now)})
	})
	if err != nil {
		return limber.Patient{}, fmt.Errorf("adding patient: %w", err)
	}
	return db.Patient(ctx, actor, id)
}

// ListPatients lists the patients the actor may see, newest first.
func (db *DB) ListPatients(ctx context.Context, actor limber.User, before int64, limit int) ([]limber.Patient, error) {
	a, err := limber.ListAccess(actor)
	if err != nil {
		return nil, err
	}
	var rows []patientRow
	// The list pages in SQL, so its filter is limber.CanSee written again
	// as a query (TestListsAgreeWithCanSee keeps them the same).
	if a.All {
		err = sel(ctx, db.R, &rows, qPatientsAll, before, before, limit)
	} else {
		err = sel(ctx, db.R, &rows, qPatientsOfTherapist, a.TherapistID, before, before, limit)
	}
	if err != nil {
		return nil, err
	}
	out := make([]limber.Patient, len(rows))
	now := db.Now()
	for i, r := range rows {
		out[i] = r.patient(now)
	}
	return out, nil
}

// UpdatePatient changes a patient's profile and, in the same transaction,
// keeps the change in the audit log, ends clearances the change lapses,
// decides the active plan again (a new version when anything changed) and
// raises a profile_review alert for the PT.
func (db *DB) UpdatePatient(ctx context.Context, actor limber.User, e *limber.Engine, id int64, patch limber.PatientPatch) (limber.ProfileChange, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.ProfileChange{}, err
	}
	var out limber.ProfileChange
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.patientFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		now := db.Now()
		before := r.patient(now)
		after := before
		if err := after.Apply(patch, now); err != nil {
			return err
		}
		conds, _ := json.Marshal(after.Conditions)
		if _, err := exec(ctx, tx, `UPDATE patients SET name = ?, mobility = ?, conditions = ?, due_date = ?, pregnant_unknown = ?,
			lying_only = ?, helper_available = ?, relapse_since = ?, hip_since = ?, surgery_since = ?, care_team_phone = ?, notes = ?,
			sessions_per_week = ?, updated_at = ? WHERE id = ?`,
			after.Name, after.Mobility, string(conds), toNull(after.DueDate), after.PregnantUnknown, after.LyingOnly, after.HelperAvailable,
			toNull(after.RelapseSince), toNull(after.HipSince), toNull(after.SurgerySince), after.CareTeamPhone, after.Notes,
			after.SessionsPerWeek, ts(now), id); err != nil {
			return err
		}
		if err := db.audit(ctx, tx, actor.ID, id, "patient.update", map[string]any{"before": before.Profile(now), "after": after.Profile(now),
			"name_changed": before.Name != after.Name, "notes_changed": before.Notes != after.Notes}); err != nil {
			return err
		}
		out.Patient = after
		out.PlanChanges, out.ClearancesLapsed, err = db.recheck(ctx, tx, e, actor.ID, before, after, "profile changed")
		return err
	})
	if err != nil {
		return limber.ProfileChange{}, err
	}
	out.Patient, err = db.Patient(ctx, actor, id)
	return out, err
}

// recheck carries out the core's re-check of a changed profile
// (limber.RecheckProfile): it ends the clearances the change lapses, decides
// the active plan again (a new version when it changed) and raises the
// profile_review alert limber.ProfileReviewAlert gives.
func (db *DB) recheck(ctx context.Context, tx *sqlx.Tx, e *limber.Engine, actorID int64, before, after limber.Patient, why string, events ...string) ([]string, string, error) {
	r, err := limber.RecheckProfile(before, after, db.Now(), events...)
	if err != nil {
		return nil, "", err
	}
	lapsed := ""
	if r.Lapse {
		n, err := db.lapseClearances(ctx, tx, actorID, after.ID, r.LapseReason)
		if err != nil {
			return nil, "", err
		}
		if n > 0 {
			lapsed = r.LapseReason
		}
	}
	changes, err := db.recheckActivePlan(ctx, tx, e, actorID, after, why)
	if err != nil {
		return nil, "", err
	}
	if a, ok := limber.ProfileReviewAlert(changes, lapsed); ok {
		if err := db.raiseAlert(ctx, tx, after.ID, a); err != nil {
			return nil, "", err
		}
	}
	return changes, lapsed, nil
}

// lapseClearances ends a patient's clearances in force, audited, and says
// how many ended.
func (db *DB) lapseClearances(ctx context.Context, tx *sqlx.Tx, actorID, patientID int64, reason string) (int64, error) {
	now := db.Now()
	res, err := exec(ctx, tx, `UPDATE clearances SET lapsed_at = ?, lapse_reason = ? WHERE patient_id = ? AND lapsed_at IS NULL AND expires_at > ?`,
		ts(now), reason, patientID, ts(now))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return 0, nil
	}
	return n, db.audit(ctx, tx, actorID, patientID, "clearance.lapse", map[string]any{"reason": reason, "count": n})
}
