package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// Sweep does what the passing of time asks, for every patient, as the
// core decides it (limber.DecideSweep): a plan whose conditions moved on by
// themselves (a pregnancy band) is decided again; a relapse, hip precautions
// or spine surgery whose period ended raises a review alert; an active plan
// with no session for limber.InactiveAfter raises an "inactive" alert.
// Alerts are not raised twice while open.
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
			f := limber.SweepFacts{Patient: r.patient(now)}
			var pl planRow
			err := get(ctx, tx, &pl, `SELECT `+planColumns+` FROM plans WHERE patient_id = ? AND status = 'active'`, id)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				// No active plan: only the periods to watch.
			case err != nil:
				return err
			default:
				if f.Plan, err = db.planVersion(ctx, tx, pl.ID, pl.Version); err != nil {
					return err
				}
				f.ActivatedAt = nullTime(pl.ActivatedAt)
				var last sql.NullString
				if err := get(ctx, tx, &last, `SELECT MAX(finished_at) FROM exercise_sessions WHERE patient_id = ?`, id); err != nil {
					return err
				}
				f.LastSession = nullTime(last)
			}
			d, err := limber.DecideSweep(f, now)
			if err != nil {
				return err
			}
			for _, a := range d.Periods {
				raised, err := db.raiseOnce(ctx, tx, id, a)
				if err != nil {
					return err
				}
				if raised {
					got.PeriodAlerts++
				}
			}
			if d.Recheck {
				if d.Lapse {
					if _, err := db.lapseClearances(ctx, tx, 0, id, d.LapseReason); err != nil {
						return err
					}
				}
				changes, err := db.recheckActivePlan(ctx, tx, e, 0, f.Patient, "conditions changed with time")
				if err != nil {
					return err
				}
				if err := db.raiseAlert(ctx, tx, id, limber.SweepRecheckAlert(d.Conditions, changes)); err != nil {
					return err
				}
				got.Rechecked++
			}
			if d.Inactive != nil {
				raised, err := db.raiseOnce(ctx, tx, id, *d.Inactive)
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

// sweepHour names a clock hour (UTC) in the sweeps table.
const sweepHour = "2006-01-02T15"

// ClaimSweep claims the sweep of now's clock hour for the node asking:
// true for the first node to ask, false for every one after it, so that
// the nodes on one database sweep once an hour between them (the insert
// of the hour's row is the claim; a second insert waits for the first and
// then does nothing). A claim whose sweep then failed is not retried
// within the hour: the next hour's sweep does the same work. Claims older
// than a week are removed.
func (db *DB) ClaimSweep(ctx context.Context, now time.Time) (bool, error) {
	res, err := exec(ctx, db.W, `INSERT INTO sweeps (hour, started_at) VALUES (?, ?) ON CONFLICT (hour) DO NOTHING`,
		now.UTC().Format(sweepHour), now.UTC().Format(limitTime))
	if err != nil {
		return false, db.classify(fmt.Errorf("claiming the sweep: %w", err))
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	if _, err := exec(ctx, db.W, `DELETE FROM sweeps WHERE hour < ?`, now.UTC().AddDate(0, 0, -7).Format(sweepHour)); err != nil {
		return true, db.classify(fmt.Errorf("removing old sweep claims: %w", err))
	}
	return true, nil
}
