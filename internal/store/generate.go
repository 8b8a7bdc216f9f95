package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// GenerateOptions shapes a generated clinic for measurements.
type GenerateOptions struct {
	Patients int
	Days     int
	// PerTherapist is how many patients each therapist has.
	PerTherapist int
	// Password is every generated therapist's password.
	Password string
	// Tablets enrolls this many patients' tablets and returns their tokens.
	Tablets int
	Seed    uint64
}

// GenerateReport says what was made.
type GenerateReport struct {
	Therapists, Patients, Sessions, Journal, Alerts int
	TherapistEmails                                 []string
	TabletTokens                                    []string
}

// profiles are the shapes of generated patients.
var generatedProfiles = []limber.Profile{
	{Mobility: limber.M1, Conditions: []limber.Condition{limber.BackPainMSK}},
	{Mobility: limber.M1, Conditions: []limber.Condition{limber.Spasticity, limber.HeatSensitivity}},
	{Mobility: limber.M2, Conditions: []limber.Condition{limber.BoneFragility, limber.StenosisLumbar}},
	{Mobility: limber.M2, Conditions: []limber.Condition{limber.Fatigue, limber.BackPainMSK}},
	{Mobility: limber.M3, Conditions: []limber.Condition{limber.Spasticity, limber.Fatigue}},
	{Mobility: limber.M3, Conditions: []limber.Condition{limber.HerniatedDisc}},
	{Mobility: limber.M4, Conditions: []limber.Condition{limber.Lhermitte}},
	{Mobility: limber.M4, Conditions: []limber.Condition{limber.Spasticity, limber.BladderUrgency}},
	{Mobility: limber.M5, Conditions: []limber.Condition{limber.SensoryLoss}, HelperAvailable: true},
	{Mobility: limber.M2, Conditions: []limber.Condition{limber.DDD, limber.Cognitive}},
}

// GenerateClinic fills an empty database with a large, realistic clinic:
// therapists, patients with active plans, and Days of sessions, journal
// entries and alerts. It writes with plain SQL in large transactions; it is
// for measurements, not for CI.
func (db *DB) GenerateClinic(ctx context.Context, e *limber.Engine, o GenerateOptions) (GenerateReport, error) {
	var rep GenerateReport
	if empty, err := db.Empty(ctx); err != nil || !empty {
		if err == nil {
			err = errors.New("the database already has users; generate into a new file")
		}
		return rep, err
	}
	if o.PerTherapist <= 0 {
		o.PerTherapist = 200
	}
	rng := rand.New(rand.NewPCG(o.Seed, 7))
	hash, err := hashPassword(o.Password)
	if err != nil {
		return rep, err
	}
	now := db.Now()
	start := now.AddDate(0, 0, -o.Days)
	// One plan document per profile shape, decided by the engine.
	docs := make([]string, len(generatedProfiles))
	items := make([][]int, len(generatedProfiles))
	for i, p := range generatedProfiles {
		plan, err := e.Plan(limber.PlanRequest{Profile: p, Minutes: 15, Now: start})
		if err != nil {
			return rep, err
		}
		b, _ := json.Marshal(plan)
		docs[i] = string(b)
		for _, it := range plan.Items {
			if !it.Locked {
				items[i] = append(items[i], it.ID)
			}
		}
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		therapists := (o.Patients + o.PerTherapist - 1) / o.PerTherapist
		var ptIDs []int64
		for i := 1; i <= therapists; i++ {
			email := fmt.Sprintf("therapist%d@large.clinic", i)
			var id int64
			if err := get(ctx, tx, &id, `INSERT INTO users (email, name, role, password_hash, created_at) VALUES (?, ?, 'therapist', ?, ?) RETURNING id`,
				email, fmt.Sprintf("Therapist %d", i), hash, ts(start)); err != nil {
				return err
			}
			ptIDs = append(ptIDs, id)
			rep.TherapistEmails = append(rep.TherapistEmails, email)
		}
		rep.Therapists = therapists
		insPatient, err := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO patients (therapist_id, name, mobility, conditions, lying_only, helper_available, sessions_per_week, created_at, updated_at)
			VALUES (?, ?, ?, ?, FALSE, ?, 4, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		insPlan, _ := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO plans (patient_id, status, version, sessions_per_week, next_item_id, created_by, created_at, updated_at, activated_at)
			VALUES (?, 'active', 1, 4, 30, ?, ?, ?, ?) RETURNING id`))
		insVersion, _ := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO plan_versions (plan_id, version, document, rules_version, reason, created_by, created_at) VALUES (?, 1, ?, ?, 'generated', ?, ?)`))
		insSession, _ := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO exercise_sessions (patient_id, client_id, plan_id, plan_version, started_at, finished_at, received_at, day,
			pain_before, pain_after, notes, items) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, '', ?)`))
		insJournal, _ := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO journal_entries (patient_id, at, region, intensity, quality, trigger_, note, created_at) VALUES (?, ?, ?, ?, 'aching', 'sitting long', '', ?)`))
		insAlert, _ := tx.PreparexContext(ctx, tx.Rebind(`INSERT INTO alerts (patient_id, kind, message, created_at, acknowledged_at) VALUES (?, 'pain_rise', ?, ?, ?)`))
		regions := []string{"low_back", "neck", "hips", "shoulders"}
		for i := 0; i < o.Patients; i++ {
			shape := rng.IntN(len(generatedProfiles))
			prof := generatedProfiles[shape]
			conds, _ := json.Marshal(prof.Conditions)
			therapist := ptIDs[i/o.PerTherapist]
			var pid, planID int64
			if err := insPatient.GetContext(ctx, &pid, therapist, fmt.Sprintf("Patient %d", i+1), prof.Mobility, string(conds), prof.HelperAvailable, ts(start), ts(start)); err != nil {
				return err
			}
			if err := insPlan.GetContext(ctx, &planID, pid, therapist, ts(start), ts(start), ts(start)); err != nil {
				return err
			}
			if _, err := insVersion.ExecContext(ctx, planID, docs[shape], e.Rules().Version, therapist, ts(start)); err != nil {
				return err
			}
			var done []limber.SessionItem
			for _, id := range items[shape] {
				done = append(done, limber.SessionItem{ItemID: id, Status: "done"})
			}
			doneJSON, _ := json.Marshal(done)
			for d := 0; d < o.Days; d++ {
				day := start.AddDate(0, 0, d).Add(time.Duration(8+rng.IntN(10)) * time.Hour)
				if rng.IntN(7) < 4 {
					before := 2 + rng.IntN(5)
					after := max(0, before-1+rng.IntN(4))
					fin := day.Add(15 * time.Minute)
					if _, err := insSession.ExecContext(ctx, pid, uuid.NewString(), planID, ts(day), ts(fin), ts(fin), db.Day(fin), before, after, string(doneJSON)); err != nil {
						return err
					}
					rep.Sessions++
					if after >= before+2 {
						var acked any
						if d < o.Days-14 {
							acked = ts(fin.Add(24 * time.Hour))
						}
						if _, err := insAlert.ExecContext(ctx, pid, fmt.Sprintf("Pain rose from %d before to %d after a session.", before, after), ts(fin), acked); err != nil {
							return err
						}
						rep.Alerts++
					}
				}
				if rng.IntN(7) == 0 {
					if _, err := insJournal.ExecContext(ctx, pid, ts(day.Add(-2*time.Hour)), regions[rng.IntN(len(regions))], 1+rng.IntN(9), ts(day)); err != nil {
						return err
					}
					rep.Journal++
				}
			}
			rep.Patients++
		}
		return nil
	})
	if err != nil {
		return rep, err
	}
	// Tablets for the load tool: the first patients of each therapist.
	var ids []int64
	if err := sel(ctx, db.R, &ids, `SELECT id FROM patients ORDER BY id LIMIT ?`, o.Tablets); err != nil {
		return rep, err
	}
	for _, pid := range ids {
		var uid int64
		err := db.inTx(ctx, func(tx *sqlx.Tx) error {
			if err := get(ctx, tx, &uid, `INSERT INTO users (name, role, created_at) VALUES (?, 'patient', ?) RETURNING id`, fmt.Sprintf("Patient %d", pid), ts(now)); err != nil {
				return err
			}
			_, err := exec(ctx, tx, `UPDATE patients SET user_id = ? WHERE id = ?`, uid, pid)
			return err
		})
		if err != nil {
			return rep, err
		}
		token, _, err := db.StartSignIn(ctx, uid, "tablet", "load")
		if err != nil {
			return rep, err
		}
		rep.TabletTokens = append(rep.TabletTokens, token)
	}
	_, err = exec(ctx, db.W, `ANALYZE`)
	return rep, err
}
