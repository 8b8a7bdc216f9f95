package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

type alertRow struct {
	limber.Alert
	Created   string         `db:"created_at"`
	Acked     sql.NullString `db:"acknowledged_at"`
	Screening sql.NullInt64  `db:"screening_id"`
}

func (r alertRow) alert() limber.Alert {
	a := r.Alert
	a.CreatedAt, a.AcknowledgedAt = parseTS(r.Created), nullTime(r.Acked)
	if r.Screening.Valid {
		a.ScreeningID = &r.Screening.Int64
	}
	return a
}

// Alerts lists the alerts of the patients the actor may see, newest first;
// open only when openOnly.
func (db *DB) Alerts(ctx context.Context, actor limber.User, patientID int64, openOnly bool, before int64, limit int) ([]limber.Alert, error) {
	if err := limber.MustBeStaff(actor); err != nil {
		return nil, err
	}
	var rows []alertRow
	var err error
	// The lists page in SQL, so their filter is limber.CanSee written again
	// as a query (TestListsAgreeWithCanSee keeps them the same).
	if patientID != 0 {
		if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
			return nil, err
		}
		err = sel(ctx, db.R, &rows, qAlertsOfPatient, patientID, before, before, openOnly, limit)
	} else {
		var a limber.Access
		if a, err = limber.ListAccess(actor); err != nil {
			return nil, err
		}
		if a.All {
			err = sel(ctx, db.R, &rows, qAlertsAll, before, before, openOnly, limit)
		} else {
			err = sel(ctx, db.R, &rows, qAlertsOfTherapist, a.TherapistID, before, before, openOnly, limit)
		}
	}
	if err != nil {
		return nil, err
	}
	out := make([]limber.Alert, len(rows))
	for i, r := range rows {
		out[i] = r.alert()
	}
	return out, nil
}

// alertFor reads an alert of a patient the actor may see; any other is not
// found.
func (db *DB) alertFor(ctx context.Context, tx *sqlx.Tx, actor limber.User, id int64) (alertRow, error) {
	var r alertRow
	err := get(ctx, tx, &r, `SELECT `+alertColumns+` FROM alerts a WHERE a.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("alert")
	}
	if err != nil {
		return r, err
	}
	if _, err := db.patientFor(ctx, tx, actor, r.PatientID); err != nil {
		return r, notFound("alert")
	}
	return r, nil
}

// AcknowledgeAlert marks an alert seen. Acknowledging a red flag that
// stopped movement (contact_care_team) lets movement resume.
func (db *DB) AcknowledgeAlert(ctx context.Context, actor limber.User, id int64) (limber.Alert, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.Alert{}, err
	}
	var out limber.Alert
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.alertFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		now := db.Now()
		if !r.Acked.Valid {
			if _, err := exec(ctx, tx, `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?`, ts(now), actor.ID, id); err != nil {
				return err
			}
			if r.Kind == "red_flag" {
				// Only screenings with no red flag still unseen: another
				// screening's flag, open in the inbox, keeps its hold.
				if _, err := exec(ctx, tx, `UPDATE screenings SET resolved_at = ? WHERE patient_id = ? AND resolved_at IS NULL
					AND NOT EXISTS (SELECT 1 FROM alerts o WHERE o.patient_id = ? AND o.screening_id = screenings.id AND o.kind = 'red_flag' AND o.acknowledged_at IS NULL)`,
					ts(now), r.PatientID, r.PatientID); err != nil {
					return err
				}
			}
			if err := db.audit(ctx, tx, actor.ID, r.PatientID, "alert.acknowledge", map[string]any{"alert_id": id, "kind": r.Kind}); err != nil {
				return err
			}
			r.Acked = sql.NullString{String: ts(now), Valid: true}
		}
		out = r.alert()
		return nil
	})
	return out, err
}

// AnsweredByMistake acknowledges a red_flag alert as answered by mistake:
// the PT has spoken to the patient. Its screening then imposes nothing
// (limber.ScreeningOnFile): that day's stop_urgent, and the
// contact_care_team it gave, are lifted, and the patient screens again.
// The other open red flags of the same screening are acknowledged with it
// (they are the same answers). Audited with the PT's note.
func (db *DB) AnsweredByMistake(ctx context.Context, actor limber.User, id int64, note string) (limber.Alert, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.Alert{}, err
	}
	var out limber.Alert
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		r, err := db.alertFor(ctx, tx, actor, id)
		if err != nil {
			return err
		}
		screening := r.Screening
		if !screening.Valid && limber.CheckMistaken(r.Kind, note, true) == nil {
			// Alerts raised before alerts named their screening: the one
			// stored in the same transaction, at the same time (none:
			// limber.CheckMistaken refuses). Looked for only when nothing
			// else refuses first.
			err := get(ctx, tx, &screening, `SELECT id FROM screenings WHERE patient_id = ? AND at = ? ORDER BY id DESC LIMIT 1`, r.PatientID, r.Created)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if err := limber.CheckMistaken(r.Kind, note, screening.Valid); err != nil {
			return err
		}
		if !r.Mistaken {
			now := db.Now()
			if _, err := exec(ctx, tx, `UPDATE screenings SET mistaken_at = ?, mistaken_by = ?, mistaken_note = ?, resolved_at = COALESCE(resolved_at, ?) WHERE id = ?`,
				ts(now), actor.ID, note, ts(now), screening.Int64); err != nil {
				return err
			}
			var acked []int64
			if err := sel(ctx, tx, &acked, `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?
				WHERE patient_id = ? AND kind = 'red_flag' AND acknowledged_at IS NULL AND (id = ? OR screening_id = ?) RETURNING id`,
				ts(now), actor.ID, r.PatientID, id, screening.Int64); err != nil {
				return err
			}
			if err := db.audit(ctx, tx, actor.ID, r.PatientID, "alert.answered_by_mistake", map[string]any{
				"alert_id": id, "screening_id": screening.Int64, "note": note, "acknowledged": acked}); err != nil {
				return err
			}
		}
		if err := get(ctx, tx, &r, `SELECT `+alertColumns+` FROM alerts a WHERE a.id = ?`, id); err != nil {
			return err
		}
		out = r.alert()
		return nil
	})
	return out, err
}

// Audit lists a patient's audit events, newest first.
func (db *DB) Audit(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]limber.AuditEvent, error) {
	if err := db.staffOnPatient(ctx, actor, patientID); err != nil {
		return nil, err
	}
	var rows []struct {
		ID        int64         `db:"id"`
		At        string        `db:"at"`
		ActorID   sql.NullInt64 `db:"actor_id"`
		PatientID sql.NullInt64 `db:"patient_id"`
		Action    string        `db:"action"`
		Detail    string        `db:"detail"`
	}
	if err := sel(ctx, db.R, &rows, qAuditOfPatient, patientID, before, before, limit); err != nil {
		return nil, err
	}
	out := make([]limber.AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = limber.AuditEvent{ID: r.ID, At: parseTS(r.At), Action: r.Action, Detail: json.RawMessage(r.Detail)}
		if r.ActorID.Valid {
			out[i].ActorID = &r.ActorID.Int64
		}
		if r.PatientID.Valid {
			out[i].PatientID = &r.PatientID.Int64
		}
	}
	return out, nil
}
