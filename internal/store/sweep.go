package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// inactiveAfter is how long without a session raises an "inactive" alert.
const inactiveAfter = 7 * 24 * time.Hour

// Sweep does what the passing of time asks, for every patient: a plan
// whose conditions moved on by themselves (a pregnancy band) is decided
// again; a relapse, hip precautions or spine surgery whose period ended
// raises a review alert; a patient with an active plan and no session for 7
// days raises an "inactive" alert. Alerts are not raised twice while open.
func (db *DB) Sweep(ctx context.Context, e *limber.Engine) (limber.SweepResult, error) {
	var res limber.SweepResult
	var ids []int64
	if err := sel(ctx, db.R, &ids, `SELECT id FROM patients ORDER BY id`); err != nil {
		return res, err
	}
	for _, id := range ids {
		// Counted per attempt: a transaction run again counts afresh.
		var got limber.SweepResult
		err := db.inTx(ctx, func(tx *sqlx.Tx) error {
			got = limber.SweepResult{}
			var r patientRow
			if err := get(ctx, tx, &r, `SELECT `+patientColumns+` FROM patients WHERE id = ?`, id); err != nil {
				return err
			}
			now := db.Now()
			p := r.patient(now)
			for _, msg := range p.ExpiredPeriods(now) {
				raised, err := db.raiseOnce(ctx, tx, p.ID, "profile_review", msg, "period:"+msg)
				if err != nil {
					return err
				}
				if raised {
					got.PeriodAlerts++
				}
			}
			var pl planRow
			err := get(ctx, tx, &pl, `SELECT `+planColumns+` FROM plans WHERE patient_id = ? AND status = 'active'`, p.ID)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // no active plan: nothing more to watch
			}
			if err != nil {
				return err
			}
			doc, err := db.planVersion(ctx, tx, pl.ID, pl.Version)
			if err != nil {
				return err
			}
			eff, err := p.Profile(now).Resolve()
			if err != nil {
				return err
			}
			if !slices.Equal(eff.Conditions, doc.Profile.EffectiveConditions) {
				before := limber.Effective{Profile: eff.Profile, Conditions: doc.Profile.EffectiveConditions}
				before.Mobility = doc.Profile.Mobility
				if lapse, why := limber.ClearanceLapse(before, eff); lapse {
					if _, err := db.lapseClearances(ctx, tx, 0, p.ID, why); err != nil {
						return err
					}
				}
				changes, err := db.recheckActivePlan(ctx, tx, e, 0, p, "conditions changed with time")
				if err != nil {
					return err
				}
				msg := fmt.Sprintf("The profile moved on by itself (now %v): the plan was decided again.", eff.Conditions)
				for _, c := range changes {
					msg += " " + c
				}
				if err := db.raiseAlert(ctx, tx, p.ID, "profile_review", msg, ""); err != nil {
					return err
				}
				got.Rechecked++
			}
			var last string
			get(ctx, tx, &last, `SELECT COALESCE(MAX(finished_at), '') FROM exercise_sessions WHERE patient_id = ?`, p.ID)
			since := pl.ActivatedAt.String
			if last > since {
				since = last
			}
			if since != "" && now.Sub(parseTS(since)) > inactiveAfter {
				days := int(now.Sub(parseTS(since)).Hours() / 24)
				raised, err := db.raiseOnce(ctx, tx, p.ID, "inactive", fmt.Sprintf("No session for %d days.", days), "inactive:"+since)
				if err != nil {
					return err
				}
				if raised {
					got.InactiveAlerts++
				}
			}
			return nil
		})
		if err != nil {
			return res, fmt.Errorf("sweeping patient %d: %w", id, err)
		}
		res.Rechecked += got.Rechecked
		res.PeriodAlerts += got.PeriodAlerts
		res.InactiveAlerts += got.InactiveAlerts
	}
	return res, nil
}
