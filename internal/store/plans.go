package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

type planRow struct {
	ID              int64          `db:"id"`
	PatientID       int64          `db:"patient_id"`
	Status          string         `db:"status"`
	Version         int            `db:"version"`
	SessionsPerWeek int            `db:"sessions_per_week"`
	NextItemID      int            `db:"next_item_id"`
	CreatedAt       string         `db:"created_at"`
	UpdatedAt       string         `db:"updated_at"`
	ActivatedAt     sql.NullString `db:"activated_at"`
}

const planColumns = `id, patient_id, status, version, sessions_per_week, next_item_id, created_at, updated_at, activated_at`

func (r planRow) stored(doc limber.Plan) limber.StoredPlan {
	return limber.StoredPlan{Plan: doc, ID: r.ID, PatientID: r.PatientID, Version: r.Version, Status: r.Status,
		SessionsPerWeek: r.SessionsPerWeek, CreatedAt: parseTS(r.CreatedAt), UpdatedAt: parseTS(r.UpdatedAt), ActivatedAt: nullTime(r.ActivatedAt)}
}

// activeClearances lists the clearances in force for a patient.
func (db *DB) activeClearances(ctx context.Context, q queryer, patientID int64) ([]limber.Clearance, error) {
	var rows []struct {
		ID         int64  `db:"id"`
		ExerciseID string `db:"exercise_id"`
		Position   string `db:"position"`
		Note       string `db:"note"`
		ClearedBy  int64  `db:"cleared_by"`
		ClearedAt  string `db:"cleared_at"`
		ExpiresAt  string `db:"expires_at"`
	}
	if err := sel(ctx, q, &rows, `SELECT id, exercise_id, position, note, cleared_by, cleared_at, expires_at
		FROM clearances WHERE patient_id = ? AND lapsed_at IS NULL AND expires_at > ? ORDER BY id`, patientID, ts(db.Now())); err != nil {
		return nil, err
	}
	out := make([]limber.Clearance, len(rows))
	for i, r := range rows {
		out[i] = limber.Clearance{ID: r.ID, PatientID: patientID, ExerciseID: r.ExerciseID, Position: limber.Position(r.Position),
			Note: r.Note, ClearedBy: r.ClearedBy, ClearedAt: parseTS(r.ClearedAt), ExpiresAt: parseTS(r.ExpiresAt)}
	}
	return out, nil
}

// planContext is what a patient's plans are decided against now.
func (db *DB) planContext(ctx context.Context, q queryer, p limber.Patient) (limber.PlanContext, error) {
	cs, err := db.activeClearances(ctx, q, p.ID)
	now := db.Now()
	return limber.PlanContext{Profile: p.Profile(now), Clearances: cs, Now: now}, err
}

// CreatePlan builds a draft plan for a patient from the engine.
func (db *DB) CreatePlan(ctx context.Context, actor limber.User, e *limber.Engine, patientID int64, minutes int, focus []limber.Region, perWeek int) (limber.StoredPlan, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.StoredPlan{}, err
	}
	var planID int64
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		pr, err := db.patientFor(ctx, tx, actor, patientID)
		if err != nil {
			return err
		}
		p := pr.patient(db.Now())
		pctx, err := db.planContext(ctx, tx, p)
		if err != nil {
			return err
		}
		if perWeek == 0 {
			perWeek = p.SessionsPerWeek
		}
		if err := limber.CheckSessionsPerWeek(perWeek); err != nil {
			return err
		}
		doc, err := e.Plan(limber.PlanRequest{Profile: pctx.Profile, Minutes: minutes, Focus: focus, Clearances: pctx.Clearances, Now: pctx.Now})
		if err != nil {
			return err
		}
		now := ts(db.Now())
		if err := get(ctx, tx, &planID, `INSERT INTO plans (patient_id, status, version, sessions_per_week, next_item_id, created_by, created_at, updated_at)
			VALUES (?, 'draft', 1, ?, ?, ?, ?, ?) RETURNING id`, patientID, perWeek, len(doc.Items)+1, actor.ID, now, now); err != nil {
			return err
		}
		if err := db.saveVersion(ctx, tx, planID, 1, doc, actor.ID, "created"); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor.ID, patientID, "plan.create", map[string]any{"plan_id": planID, "minutes": doc.Minutes, "focus": doc.Focus, "items": len(doc.Items)})
	})
	if err != nil {
		return limber.StoredPlan{}, err
	}
	return db.Plan(ctx, actor, planID)
}

func (db *DB) saveVersion(ctx context.Context, tx *sqlx.Tx, planID int64, version int, doc *limber.Plan, actorID int64, reason string) error {
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	var by any
	if actorID != 0 {
		by = actorID
	}
	_, err = exec(ctx, tx, `INSERT INTO plan_versions (plan_id, version, document, rules_version, reason, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (plan_id, version) DO UPDATE SET document = excluded.document, rules_version = excluded.rules_version,
			reason = excluded.reason, created_at = excluded.created_at`,
		planID, version, string(data), doc.RulesVersion, reason, by, ts(db.Now()))
	return err
}

// loadPlan reads a plan and its current document, if the actor may see
// the patient it belongs to.
func (db *DB) loadPlan(ctx context.Context, q queryer, actor limber.User, planID int64) (planRow, patientRow, *limber.Plan, error) {
	var pl planRow
	err := get(ctx, q, &pl, `SELECT `+planColumns+` FROM plans WHERE id = ?`, planID)
	if errors.Is(err, sql.ErrNoRows) {
		return planRow{}, patientRow{}, nil, notFound("plan")
	}
	if err != nil {
		return planRow{}, patientRow{}, nil, err
	}
	pr, err := db.patientFor(ctx, q, actor, pl.PatientID)
	if err != nil {
		return planRow{}, patientRow{}, nil, notFound("plan")
	}
	doc, err := db.planVersion(ctx, q, planID, pl.Version)
	return pl, pr, doc, err
}

func (db *DB) planVersion(ctx context.Context, q queryer, planID int64, version int) (*limber.Plan, error) {
	var data string
	err := get(ctx, q, &data, qPlanVersion, planID, version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("plan version")
	}
	if err != nil {
		return nil, err
	}
	var doc limber.Plan
	if err := json.Unmarshal([]byte(data), &doc); err != nil {
		return nil, fmt.Errorf("plan %d version %d: %w", planID, version, err)
	}
	return &doc, nil
}

// Plan returns a plan's current version. A patient sees only their own
// plans, and locked items without their steps.
func (db *DB) Plan(ctx context.Context, actor limber.User, planID int64) (limber.StoredPlan, error) {
	pl, _, doc, err := db.loadPlan(ctx, db.R, actor, planID)
	if err != nil {
		return limber.StoredPlan{}, err
	}
	if actor.Role == limber.RolePatient {
		if pl.Status == limber.PlanDraft {
			return limber.StoredPlan{}, notFound("plan")
		}
		doc.ForPatient()
	}
	return pl.stored(*doc), nil
}

// editPlan changes a plan under the PT's hand. A draft is changed in
// place; an active plan gets a new version, so sessions keep the version
// they followed; an archived plan is not changed.
// edit is what a change to a plan works on.
type edit struct {
	tx   *sqlx.Tx
	plan planRow
	doc  *limber.Plan
	pctx limber.PlanContext
}

func (db *DB) editPlan(ctx context.Context, actor limber.User, planID int64, action string,
	fn func(ed edit) (detail map[string]any, err error)) (limber.StoredPlan, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.StoredPlan{}, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		pl, pr, doc, err := db.loadPlan(ctx, tx, actor, planID)
		if err != nil {
			return err
		}
		if err := limber.CheckPlanChange(pl.Status); err != nil {
			return err
		}
		pctx, err := db.planContext(ctx, tx, pr.patient(db.Now()))
		if err != nil {
			return err
		}
		detail, err := fn(edit{tx: tx, plan: pl, doc: doc, pctx: pctx})
		if err != nil {
			return err
		}
		if err := doc.FitTime(); err != nil {
			return err
		}
		return db.storeEdit(ctx, tx, pl, doc, actor.ID, action, detail)
	})
	if err != nil {
		return limber.StoredPlan{}, err
	}
	return db.Plan(ctx, actor, planID)
}

// storeEdit saves an edited document: in place for a draft, as a new
// version for an active plan; and audits it.
func (db *DB) storeEdit(ctx context.Context, tx *sqlx.Tx, pl planRow, doc *limber.Plan, actorID int64, action string, detail map[string]any) error {
	version := pl.Version
	if pl.Status == limber.PlanActive {
		version++
	}
	next := pl.NextItemID
	for _, it := range doc.Items {
		next = max(next, it.ID+1)
	}
	if _, err := exec(ctx, tx, `UPDATE plans SET version = ?, next_item_id = ?, updated_at = ? WHERE id = ?`,
		version, next, ts(db.Now()), pl.ID); err != nil {
		return err
	}
	if err := db.saveVersion(ctx, tx, pl.ID, version, doc, actorID, action); err != nil {
		return err
	}
	if detail == nil {
		detail = map[string]any{}
	}
	detail["plan_id"], detail["version"] = pl.ID, version
	return db.audit(ctx, tx, actorID, pl.PatientID, action, detail)
}

// AddPlanItem adds an exercise to a plan; an excluded one is refused with
// its reasons.
func (db *DB) AddPlanItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, exerciseID string, pos limber.Position) (limber.StoredPlan, error) {
	return db.editPlan(ctx, actor, planID, "plan.item.add", func(ed edit) (map[string]any, error) {
		it, err := e.AddItem(ed.doc, ed.pctx, exerciseID, pos, ed.plan.NextItemID)
		return map[string]any{"item": it.ID, "exercise_id": exerciseID, "position": it.Position}, err
	})
}

// RemovePlanItem takes an item out of a plan.
func (db *DB) RemovePlanItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, itemID int) (limber.StoredPlan, error) {
	return db.editPlan(ctx, actor, planID, "plan.item.remove", func(ed edit) (map[string]any, error) {
		return map[string]any{"item": itemID}, e.RemoveItem(ed.doc, ed.pctx, itemID)
	})
}

// ChangePlanItem changes an item's dosage (within the limits) or place.
func (db *DB) ChangePlanItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, itemID int, ch limber.ItemChange) (limber.StoredPlan, error) {
	return db.editPlan(ctx, actor, planID, "plan.item.change", func(ed edit) (map[string]any, error) {
		detail := map[string]any{"item": itemID}
		if !ch.Dosage.Empty() {
			if _, err := e.ChangeDosage(ed.doc, ed.pctx, itemID, ch.Dosage); err != nil {
				return nil, err
			}
			detail["dosage"] = ch.Dosage
		}
		if ch.Index != nil {
			if err := e.MoveItem(ed.doc, ed.pctx, itemID, *ch.Index); err != nil {
				return nil, err
			}
			detail["index"] = *ch.Index
		}
		return detail, nil
	})
}

// ClearItem records a PT's clearance of a locked item, for the patient,
// exercise and position; it carries over to later plans until it lapses.
func (db *DB) ClearItem(ctx context.Context, actor limber.User, e *limber.Engine, planID int64, itemID int, note string) (limber.StoredPlan, error) {
	if err := limber.CheckClearanceNote(note); err != nil {
		return limber.StoredPlan{}, err
	}
	return db.editPlan(ctx, actor, planID, "plan.item.clear", func(ed edit) (map[string]any, error) {
		item, err := limber.Clearable(ed.doc, itemID)
		if err != nil {
			return nil, err
		}
		now := ed.pctx.Now
		c := limber.Clearance{PatientID: ed.plan.PatientID, ExerciseID: item.ExerciseID, Position: item.Position, Note: note,
			ClearedBy: actor.ID, ClearedAt: now, ExpiresAt: now.Add(limber.ClearancePeriod)}
		if err := get(ctx, ed.tx, &c.ID, `INSERT INTO clearances (patient_id, exercise_id, position, note, cleared_by, cleared_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.PatientID, c.ExerciseID, c.Position, c.Note, c.ClearedBy, ts(c.ClearedAt), ts(c.ExpiresAt)); err != nil {
			return nil, err
		}
		ed.pctx.Clearances = append(ed.pctx.Clearances, c)
		if _, err := e.Recheck(ed.doc, ed.pctx); err != nil {
			return nil, err
		}
		return map[string]any{"item": itemID, "exercise_id": c.ExerciseID, "position": c.Position, "note": note, "clearance_id": c.ID}, nil
	})
}

// ActivatePlan makes a plan the patient's one active plan; the previous
// active plan is archived.
func (db *DB) ActivatePlan(ctx context.Context, actor limber.User, planID int64) (limber.StoredPlan, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return limber.StoredPlan{}, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		pl, _, _, err := db.loadPlan(ctx, tx, actor, planID)
		if err != nil {
			return err
		}
		if pl.Status == limber.PlanActive {
			return nil
		}
		if err := limber.CheckPlanChange(pl.Status); err != nil {
			return err
		}
		now := ts(db.Now())
		if _, err := exec(ctx, tx, `UPDATE plans SET status = 'archived', archived_at = ?, updated_at = ? WHERE patient_id = ? AND status = 'active'`,
			now, now, pl.PatientID); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, `UPDATE plans SET status = 'active', activated_at = ?, updated_at = ? WHERE id = ?`, now, now, planID); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor.ID, pl.PatientID, "plan.activate", map[string]any{"plan_id": planID, "version": pl.Version})
	})
	if err != nil {
		return limber.StoredPlan{}, err
	}
	return db.Plan(ctx, actor, planID)
}

// recheckActivePlan decides the patient's active plan again; when anything
// changed it stores a new version and returns what changed.
func (db *DB) recheckActivePlan(ctx context.Context, tx *sqlx.Tx, e *limber.Engine, actorID int64, p limber.Patient, why string) ([]string, error) {
	var pl planRow
	err := get(ctx, tx, &pl, `SELECT `+planColumns+` FROM plans WHERE patient_id = ? AND status = 'active'`, p.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	doc, err := db.planVersion(ctx, tx, pl.ID, pl.Version)
	if err != nil {
		return nil, err
	}
	pctx, err := db.planContext(ctx, tx, p)
	if err != nil {
		return nil, err
	}
	before, _ := json.Marshal(doc)
	changes, err := e.Recheck(doc, pctx)
	if err != nil {
		return nil, err
	}
	// A new version whenever the document changed at all (the profile it
	// shows, its limits, its items), so the patient always follows a plan
	// decided for who they are now.
	if after, _ := json.Marshal(doc); string(after) == string(before) {
		return nil, nil
	}
	return changes, db.storeEdit(ctx, tx, pl, doc, actorID, "plan.recheck", map[string]any{"why": why, "changes": changes})
}

// ActivePlanOf returns the patient's active plan, as the patient sees it.
func (db *DB) ActivePlanOf(ctx context.Context, actor limber.User) (limber.StoredPlan, error) {
	if err := limber.MustBePatient(actor); err != nil {
		return limber.StoredPlan{}, err
	}
	var id int64
	err := get(ctx, db.R, &id, `SELECT id FROM plans WHERE patient_id = ? AND status = 'active'`, actor.PatientID)
	if errors.Is(err, sql.ErrNoRows) {
		return limber.StoredPlan{}, &limber.Error{Code: limber.ENOTFOUND, Message: "your PT has not given you a plan yet"}
	}
	if err != nil {
		return limber.StoredPlan{}, err
	}
	return db.Plan(ctx, actor, id)
}

// PatientPlans lists a patient's plans, newest first.
func (db *DB) PatientPlans(ctx context.Context, actor limber.User, patientID int64) ([]limber.StoredPlan, error) {
	if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
		return nil, err
	}
	var ids []int64
	if err := sel(ctx, db.R, &ids, `SELECT id FROM plans WHERE patient_id = ? ORDER BY id DESC LIMIT 50`, patientID); err != nil {
		return nil, err
	}
	out := make([]limber.StoredPlan, 0, len(ids))
	for _, id := range ids {
		p, err := db.Plan(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
