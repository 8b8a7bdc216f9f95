package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// Alert is something the PT should look at.
type Alert struct {
	ID             int64      `json:"id" db:"id"`
	PatientID      int64      `json:"patient_id" db:"patient_id"`
	Kind           string     `json:"kind" db:"kind"`
	Message        string     `json:"message" db:"message"`
	CreatedAt      time.Time  `json:"created_at" db:"-"`
	AcknowledgedAt *time.Time `json:"acknowledged_at" db:"-"`
}

type alertRow struct {
	Alert
	Created string         `db:"created_at"`
	Acked   sql.NullString `db:"acknowledged_at"`
}

// Alerts lists the alerts of the patients the actor may see, newest first;
// open only when openOnly.
func (db *DB) Alerts(ctx context.Context, actor limber.User, patientID int64, openOnly bool, before int64, limit int) ([]Alert, error) {
	if actor.Role == limber.RolePatient {
		return nil, &limber.Error{Code: limber.EFORBIDDEN, Message: "staff only"}
	}
	var rows []alertRow
	var err error
	switch {
	case patientID != 0:
		if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
			return nil, err
		}
		err = db.R.SelectContext(ctx, &rows, qAlertsOfPatient, patientID, before, before, openOnly, limit)
	case actor.Role == limber.RoleTherapist:
		err = db.R.SelectContext(ctx, &rows, qAlertsOfTherapist, actor.ID, before, before, openOnly, limit)
	default:
		err = db.R.SelectContext(ctx, &rows, qAlertsAll, before, before, openOnly, limit)
	}
	if err != nil {
		return nil, err
	}
	out := make([]Alert, len(rows))
	for i, r := range rows {
		out[i] = r.Alert
		out[i].CreatedAt = parseTS(r.Created)
		out[i].AcknowledgedAt = nullTime(r.Acked)
	}
	return out, nil
}

// AcknowledgeAlert marks an alert seen. Acknowledging a red flag that
// stopped movement (contact_care_team) lets movement resume.
func (db *DB) AcknowledgeAlert(ctx context.Context, actor limber.User, id int64) (Alert, error) {
	if err := mustBeTherapist(actor); err != nil {
		return Alert{}, err
	}
	var out Alert
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		var r alertRow
		err := tx.GetContext(ctx, &r, `SELECT id, patient_id, kind, message, created_at, acknowledged_at FROM alerts WHERE id = ?`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("alert")
		}
		if err != nil {
			return err
		}
		if _, err := db.patientFor(ctx, tx, actor, r.PatientID); err != nil {
			return notFound("alert")
		}
		now := db.Now()
		if !r.Acked.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?`, ts(now), actor.ID, id); err != nil {
				return err
			}
			if r.Kind == "red_flag" {
				if _, err := tx.ExecContext(ctx, `UPDATE screenings SET resolved_at = ? WHERE patient_id = ? AND resolved_at IS NULL`, ts(now), r.PatientID); err != nil {
					return err
				}
			}
			if err := db.audit(ctx, tx, actor.ID, r.PatientID, "alert.acknowledge", map[string]any{"alert_id": id, "kind": r.Kind}); err != nil {
				return err
			}
			r.Acked = sql.NullString{String: ts(now), Valid: true}
		}
		out = r.Alert
		out.CreatedAt, out.AcknowledgedAt = parseTS(r.Created), nullTime(r.Acked)
		return nil
	})
	return out, err
}

// AuditEvent is one entry of the audit log.
type AuditEvent struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   *int64          `json:"actor_id"`
	PatientID *int64          `json:"patient_id"`
	Action    string          `json:"action"`
	Detail    json.RawMessage `json:"detail"`
}

// Audit lists a patient's audit events, newest first.
func (db *DB) Audit(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]AuditEvent, error) {
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
	if err := db.R.SelectContext(ctx, &rows, qAuditOfPatient, patientID, before, before, limit); err != nil {
		return nil, err
	}
	out := make([]AuditEvent, len(rows))
	for i, r := range rows {
		out[i] = AuditEvent{ID: r.ID, At: parseTS(r.At), Action: r.Action, Detail: json.RawMessage(r.Detail)}
		if r.ActorID.Valid {
			out[i].ActorID = &r.ActorID.Int64
		}
		if r.PatientID.Valid {
			out[i].PatientID = &r.PatientID.Int64
		}
	}
	return out, nil
}
