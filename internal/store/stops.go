package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

type stopRow struct {
	ID              int64         `db:"id"`
	AlertID         sql.NullInt64 `db:"alert_id"`
	AfterStopUrgent bool          `db:"after_stop_urgent"`
}

func (r stopRow) record() limber.SessionStop {
	s := limber.SessionStop{ID: r.ID, AfterStopUrgent: r.AfterStopUrgent}
	if r.AlertID.Valid {
		s.AlertID = &r.AlertID.Int64
	}
	return s
}

const qStopByClientID = `SELECT id, alert_id, after_stop_urgent FROM session_stops WHERE patient_id = ? AND client_id = ?`

// SubmitStop stores a stop the moment the patient makes it and alerts the
// PT for the reasons that call for it (contract §7.6). The same client id
// again returns the stored stop (created=false), never a second alert, even
// when the retries arrive together. A stop is never refused for today's
// screening: whatever the screening said, the PT must hear of it.
func (db *DB) SubmitStop(ctx context.Context, actor limber.User, in limber.StopInput) (limber.SessionStop, bool, error) {
	if err := limber.MustBePatient(actor); err != nil {
		return limber.SessionStop{}, false, err
	}
	var existing stopRow
	if err := get(ctx, db.R, &existing, qStopByClientID, actor.PatientID, in.ClientID); err == nil {
		return existing.record(), false, nil
	}
	now := db.Now()
	if err := limber.ValidateStop(in, now); err != nil {
		return limber.SessionStop{}, false, err
	}
	pl, err := db.followedPlan(ctx, actor, in.PlanID)
	if err != nil {
		return limber.SessionStop{}, false, err
	}
	if err := limber.CheckStopTime(in.At, parseTS(pl.CreatedAt)); err != nil {
		return limber.SessionStop{}, false, err
	}
	item, err := db.itemInRecentVersion(ctx, pl, in.ItemID)
	if err != nil {
		return limber.SessionStop{}, false, err
	}
	var earlier correctedRow
	if in.Corrects != "" {
		err := get(ctx, db.R, &earlier, `SELECT id, alert_id, session_client_id, reason, corrected_by FROM session_stops
			WHERE patient_id = ? AND client_id = ?`, actor.PatientID, in.Corrects)
		var found *limber.CorrectedStop
		switch {
		case err == nil:
			found = earlier.stop()
		case !errors.Is(err, sql.ErrNoRows):
			return limber.SessionStop{}, false, err
		}
		if err := limber.CheckCorrection(in, found); err != nil {
			return limber.SessionStop{}, false, err
		}
	}
	var rec limber.SessionStop
	created := false
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		created = false // a transaction run again decides afresh
		var recent int
		if err := get(ctx, tx, &recent, `SELECT COUNT(*) FROM session_stops WHERE patient_id = ? AND received_at >= ?`,
			actor.PatientID, ts(now.Add(-limber.DayWindow))); err != nil {
			return err
		}
		if err := limber.CheckStopsPerDay(recent); err != nil {
			return err
		}
		standing, err := db.standingOutcome(ctx, tx, actor.PatientID, now)
		if err != nil {
			return err
		}
		urgent := standing == limber.StopUrgent
		var corrects any
		if in.Corrects != "" {
			corrects = in.Corrects
		}
		// Of concurrent retries, only the first inserts; the others find it.
		var id int64
		err = get(ctx, tx, &id, `INSERT INTO session_stops (patient_id, client_id, session_client_id, plan_id, item_id, reason, at,
			received_at, day, after_stop_urgent, corrects) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (patient_id, client_id) DO NOTHING RETURNING id`,
			actor.PatientID, in.ClientID, in.SessionClientID, pl.ID, in.ItemID, in.Reason, ts(in.At), ts(now), db.Day(in.At), urgent, corrects)
		if errors.Is(err, sql.ErrNoRows) {
			var r stopRow
			if err := get(ctx, tx, &r, qStopByClientID, actor.PatientID, in.ClientID); err != nil {
				return err
			}
			rec = r.record()
			return nil
		}
		if err != nil {
			return err
		}
		created = true
		rec = limber.SessionStop{AfterStopUrgent: urgent}
		rec.ID = id
		f, err := db.stopFacts(ctx, tx, actor.PatientID, in, item, earlier, urgent)
		if err != nil {
			return err
		}
		d := limber.DecideStop(f)
		if in.Corrects != "" {
			// Linked both ways; the earlier stop and its alert stay, and the
			// alert says what the patient meant.
			upd, err := exec(ctx, tx, `UPDATE session_stops SET corrected_by = ? WHERE id = ? AND corrected_by IS NULL`, in.ClientID, earlier.ID)
			if err != nil {
				return err
			}
			if n, _ := upd.RowsAffected(); n == 0 {
				// Another correction of it was stored since it was read.
				return limber.AlreadyCorrected(in.Corrects)
			}
			if d.NoteOnCorrected != "" {
				if _, err := exec(ctx, tx, `UPDATE alerts SET message = message || ? WHERE id = ?`, d.NoteOnCorrected, earlier.AlertID.Int64); err != nil {
					return err
				}
			}
		}
		if d.Alert {
			id, err := db.stopAlert(ctx, tx, actor.PatientID, d, earlier)
			if err != nil {
				return err
			}
			rec.AlertID = &id
			if _, err := exec(ctx, tx, `UPDATE session_stops SET alert_id = ? WHERE id = ?`, id, rec.ID); err != nil {
				return err
			}
		}
		if d.StoppedForPain {
			w, err := db.painWeek(ctx, tx, actor.PatientID, in.At)
			if err != nil {
				return err
			}
			if a, ok := limber.StoppedForPain(w); ok {
				return db.raiseAlert(ctx, tx, actor.PatientID, a)
			}
		}
		return nil
	})
	return rec, created, err
}

// correctedRow is the earlier stop a correction names.
type correctedRow struct {
	ID              int64          `db:"id"`
	AlertID         sql.NullInt64  `db:"alert_id"`
	SessionClientID string         `db:"session_client_id"`
	Reason          string         `db:"reason"`
	CorrectedBy     sql.NullString `db:"corrected_by"`
}

func (r correctedRow) stop() *limber.CorrectedStop {
	return &limber.CorrectedStop{Reason: r.Reason, HasAlert: r.AlertID.Valid,
		SessionClientID: r.SessionClientID, AlreadyCorrected: r.CorrectedBy.Valid}
}

// stopFacts reads what limber.DecideStop needs besides the stop: whether
// the corrected stop's alert is still open, and the reason the finished
// session gave for this item if it arrived first.
func (db *DB) stopFacts(ctx context.Context, tx *sqlx.Tx, patientID int64, in limber.StopInput, item limber.Item, earlier correctedRow, urgent bool) (limber.StopFacts, error) {
	f := limber.StopFacts{In: in, Item: item, Urgent: urgent}
	if in.Corrects != "" {
		f.Corrects = earlier.stop()
		if earlier.AlertID.Valid && limber.StopRaisesAlert(in.Reason) {
			var open int
			if err := get(ctx, tx, &open, `SELECT COUNT(*) FROM alerts WHERE id = ? AND acknowledged_at IS NULL`, earlier.AlertID.Int64); err != nil {
				return f, err
			}
			f.Corrects.AlertOpen = open == 1
		}
	}
	if !limber.StopRaisesAlert(in.Reason) || (f.Corrects != nil && f.Corrects.AlertOpen) {
		return f, nil
	}
	var items string
	err := get(ctx, tx, &items, `SELECT items FROM exercise_sessions WHERE patient_id = ? AND client_id = ?`, patientID, in.SessionClientID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	var done []limber.SessionItem
	json.Unmarshal([]byte(items), &done)
	if i := slices.IndexFunc(done, func(it limber.SessionItem) bool {
		return it.ItemID == in.ItemID && it.Status == "stopped" && limber.StopRaisesAlert(it.Reason)
	}); i >= 0 {
		f.SessionReason = done[i].Reason
	}
	return f, nil
}

// stopAlert finds or raises the in_session_stop alert the core decided
// for a stop, and gives its id.
func (db *DB) stopAlert(ctx context.Context, tx *sqlx.Tx, patientID int64, d limber.StopDecision, earlier correctedRow) (int64, error) {
	if d.UseCorrected {
		return earlier.AlertID.Int64, nil
	}
	if d.SessionKey != "" {
		// The session's alert, found by the key it was raised under (its
		// text is written from the session's own plan version, and may
		// differ).
		var id int64
		err := get(ctx, tx, &id, `SELECT id FROM alerts WHERE patient_id = ? AND kind = 'in_session_stop' AND dedupe_key = ? ORDER BY id DESC LIMIT 1`,
			patientID, d.SessionKey)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	// An alert still open for the same item and reason is the answer: the
	// PT has not yet seen it, and a stream of stops (a stuck button, a
	// stolen token) must not bury the alerts of other patients.
	if err := db.raiseAlert(ctx, tx, patientID, d.Raise); err != nil {
		return 0, err
	}
	var id int64
	err := get(ctx, tx, &id, `SELECT id FROM alerts WHERE patient_id = ? AND dedupe_key = ? AND acknowledged_at IS NULL`, patientID, d.Raise.Key)
	return id, err
}

// itemInRecentVersion checks the item is in the plan's current version or
// in one replaced within the last 30 days (as for sessions, contract §7.13).
func (db *DB) itemInRecentVersion(ctx context.Context, pl planRow, itemID int) (limber.Item, error) {
	now := db.Now()
	for v := pl.Version; v >= 1; v-- {
		if v != pl.Version {
			next, err := db.frozenVersion(ctx, pl.ID, v+1)
			if err != nil {
				return limber.Item{}, err
			}
			if !limber.Followable(next.created, now) {
				break
			}
		}
		ver, err := db.frozenVersion(ctx, pl.ID, v)
		if err != nil {
			return limber.Item{}, err
		}
		if i := slices.IndexFunc(ver.doc.Items, func(x limber.Item) bool { return x.ID == itemID }); i >= 0 {
			return ver.doc.Items[i], nil
		}
	}
	return limber.Item{}, limber.Invalidf("item_id", "item %d is not in plan %d", itemID, pl.ID)
}
