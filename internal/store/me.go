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

// SubmitScreening evaluates and stores a patient's screening. The outcome
// persists (contract §7.5): after stop_urgent the rest of the day is
// stop_urgent; contact_care_team lasts until the PT acknowledges the alert.
// Every red flag alerts the PT; answers that change the profile apply their
// restrictive side at once and the active plan is decided again.
func (db *DB) SubmitScreening(ctx context.Context, actor limber.User, e *limber.Engine, answers map[string]string) (limber.ScreeningRecord, error) {
	if err := limber.MustBePatient(actor); err != nil {
		return limber.ScreeningRecord{}, err
	}
	var rec limber.ScreeningRecord
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		pr, err := db.patientFor(ctx, tx, actor, actor.PatientID)
		if err != nil {
			return err
		}
		now := db.Now()
		var recent int
		if err := get(ctx, tx, &recent, `SELECT COUNT(*) FROM screenings WHERE patient_id = ? AND at >= ?`, pr.ID, ts(now.Add(-limber.DayWindow))); err != nil {
			return err
		}
		if err := limber.CheckScreeningsPerDay(recent); err != nil {
			return err
		}
		p := pr.patient(now)
		eff, err := p.Profile(now).Resolve()
		if err != nil {
			return err
		}
		s, err := limber.EvaluateScreening(answers, eff)
		if err != nil {
			return err
		}
		own := s.Outcome
		prior, err := db.standingOutcome(ctx, tx, p.ID, now)
		if err != nil {
			return err
		}
		s = s.UnderStanding(prior)
		a, _ := json.Marshal(answers)
		c, _ := json.Marshal(s.Changes)
		f, _ := json.Marshal(s.Flags)
		if err := get(ctx, tx, &rec.ID, `INSERT INTO screenings (patient_id, at, day, answers, outcome, own_outcome, message, changes, flags)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, ts(now), db.Day(now), string(a), s.Outcome, own, s.Message, string(c), string(f)); err != nil {
			return err
		}
		rec = limber.ScreeningRecord{ID: rec.ID, At: now, Outcome: s.Outcome, Message: s.Message, Changes: s.Changes}
		for _, fl := range s.Flags {
			if fl.AlertsPT() {
				// The alert names its screening, so a PT can find it answered
				// by mistake.
				msg := limber.RedFlagMessage(fl)
				if _, err := exec(ctx, tx, `INSERT INTO alerts (patient_id, kind, message, screening_id, created_at) VALUES (?, 'red_flag', ?, ?, ?)`,
					p.ID, msg, rec.ID, ts(now)); err != nil {
					return err
				}
			}
		}
		if len(s.ProfileChanges) > 0 {
			if err := db.applyScreeningFlags(ctx, tx, e, p, s.ProfileChanges, s.Events); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor.ID, p.ID, "screening", map[string]any{"screening_id": rec.ID, "outcome": s.Outcome})
	})
	return rec, err
}

// screeningsOnFile reads the patient's screenings that may still impose
// something on day.
func (db *DB) screeningsOnFile(ctx context.Context, q queryer, patientID int64, day string) ([]limber.ScreeningOnFile, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		Day      string `db:"day"`
		Own      string `db:"own"`
		Told     string `db:"told"`
		Resolved bool   `db:"resolved"`
		Mistaken bool   `db:"mistaken"`
	}
	if err := sel(ctx, q, &rows, qScreeningsOnFile, patientID, day); err != nil {
		return nil, fmt.Errorf("reading screenings on file: %w", err)
	}
	out := make([]limber.ScreeningOnFile, len(rows))
	for i, r := range rows {
		out[i] = limber.ScreeningOnFile{ID: r.ID, Day: r.Day, Own: limber.Outcome(r.Own), Told: limber.Outcome(r.Told), Resolved: r.Resolved, Mistaken: r.Mistaken}
	}
	return out, nil
}

// standingOutcome is what earlier screenings still impose (contract §7.5,
// as limber.Standing reads it): stop_urgent for the rest of a day,
// contact_care_team until the PT acknowledges, nothing from a screening a
// PT found answered by mistake.
func (db *DB) standingOutcome(ctx context.Context, q queryer, patientID int64, now time.Time) (limber.Outcome, error) {
	on, err := db.screeningsOnFile(ctx, q, patientID, db.Day(now))
	if err != nil {
		return "", err
	}
	return limber.Standing(on, db.Day(now)), nil
}

// applyScreeningFlags adds conditions a screening reported (unexamined
// back pain, a fall, an unknown relapse) and decides the plan again; the PT
// confirms through the profile_review alert.
func (db *DB) applyScreeningFlags(ctx context.Context, tx *sqlx.Tx, e *limber.Engine, p limber.Patient, add []limber.Condition, events []string) error {
	now := db.Now()
	conds := limber.AddScreeningConditions(p.Conditions, add)
	after := p
	if err := after.Apply(limber.PatientPatch{Conditions: &conds}, now); err != nil {
		return err
	}
	data, _ := json.Marshal(after.Conditions)
	if _, err := exec(ctx, tx, `UPDATE patients SET conditions = ?, relapse_since = ?, updated_at = ? WHERE id = ?`,
		string(data), toNull(after.RelapseSince), ts(now), p.ID); err != nil {
		return err
	}
	if err := db.audit(ctx, tx, 0, p.ID, "patient.update.screening", map[string]any{"added": add}); err != nil {
		return err
	}
	changes, lapsed, err := db.recheck(ctx, tx, e, 0, p, after, "screening answers", events...)
	if err != nil {
		return err
	}
	if len(changes) == 0 && lapsed == "" {
		return db.raiseAlert(ctx, tx, p.ID, limber.ScreeningProfileAlert(add))
	}
	return nil
}

// TodayFor gives the active plan's deliverable items as today's latest
// screening changes them.
func (db *DB) TodayFor(ctx context.Context, actor limber.User) (limber.Today, error) {
	if err := limber.MustBePatient(actor); err != nil {
		return limber.Today{}, err
	}
	now := db.Now()
	f := limber.TodayFacts{Now: now, Loc: db.Location()}
	var row struct {
		ID      int64  `db:"id"`
		At      string `db:"at"`
		Outcome string `db:"outcome"`
		Message string `db:"message"`
		Changes string `db:"changes"`
	}
	err := get(ctx, db.R, &row, qTodayScreening, actor.PatientID, db.Day(now))
	switch {
	case err == nil:
		rec := limber.ScreeningRecord{ID: row.ID, At: parseTS(row.At), Outcome: limber.Outcome(row.Outcome), Message: row.Message}
		json.Unmarshal([]byte(row.Changes), &rec.Changes)
		f.Latest = &rec
	case !errors.Is(err, sql.ErrNoRows):
		return limber.Today{}, err
	}
	if f.OnFile, err = db.screeningsOnFile(ctx, db.R, actor.PatientID, db.Day(now)); err != nil {
		return limber.Today{}, err
	}
	if f.NeedsPlan() {
		var pl planRow
		err = get(ctx, db.R, &pl, qActivePlan, actor.PatientID)
		switch {
		case err == nil:
			if f.Plan, err = db.planVersion(ctx, db.R, pl.ID, pl.Version); err != nil {
				return limber.Today{}, err
			}
			f.PlanID, f.PlanVersion = pl.ID, pl.Version
		case !errors.Is(err, sql.ErrNoRows):
			return limber.Today{}, err
		}
	}
	return limber.TodayOf(f), nil
}
