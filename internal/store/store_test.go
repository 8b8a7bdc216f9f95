package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
	"golang.org/x/crypto/bcrypt"
)

var (
	engineOnce sync.Once
	engine     *limber.Engine
)

func testEngine(t *testing.T) *limber.Engine {
	t.Helper()
	engineOnce.Do(func() {
		var err error
		if engine, err = library.Shipped(); err != nil {
			panic(err)
		}
	})
	return engine
}

func init() { store.BcryptCost = bcrypt.MinCost }

func ptr[T any](v T) *T { return &v }

func TestProfileChangeRechecksTheActivePlan(t *testing.T) {
	ctx := context.Background()
	eachStore(t, func(t *testing.T, db *store.DB) {
		e := testEngine(t)
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		pt, err := db.CreateUser(ctx, "pt@example.org", "Pat Therapist", limber.RoleTherapist, "a long password")
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: ptr("Alex"), Mobility: ptr(limber.M1)})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := db.CreatePlan(ctx, pt, e, p.ID, 20, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"chin-to-chest", "head-turns"} {
			if plan, err = db.AddPlanItem(ctx, pt, e, plan.ID, id, limber.SeatedChair); err != nil {
				t.Fatalf("adding %s: %v", id, err)
			}
		}
		if plan, err = db.ActivatePlan(ctx, pt, plan.ID); err != nil || plan.Status != "active" || plan.Version != 1 {
			t.Fatalf("activate: %+v %v", plan.Status, err)
		}

		ch, err := db.UpdatePatient(ctx, pt, e, p.ID, limber.PatientPatch{Conditions: &[]limber.Condition{"lhermitte"}})
		if err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(ch.PlanChanges, "\n")
		if !strings.Contains(joined, "Chin to chest (seated_chair) withdrawn") || !strings.Contains(joined, "Head turns (seated_chair) locked") {
			t.Errorf("plan changes %v", ch.PlanChanges)
		}
		plan, _ = db.Plan(ctx, pt, plan.ID)
		if plan.Version != 2 {
			t.Errorf("version %d, want 2", plan.Version)
		}
		var headTurns *limber.Item
		for i, it := range plan.Items {
			if it.ExerciseID == "chin-to-chest" {
				t.Errorf("chin-to-chest is still in the plan")
			}
			if it.ExerciseID == "head-turns" {
				headTurns = &plan.Items[i]
			}
		}
		if headTurns == nil || !headTurns.Locked {
			t.Fatalf("head-turns must be locked: %+v", headTurns)
		}
		alerts, _ := db.Alerts(ctx, pt, p.ID, true, 0, 50)
		if len(alerts) != 1 || alerts[0].Kind != "profile_review" || !strings.Contains(alerts[0].Message, "withdrawn") {
			t.Errorf("alerts %+v", alerts)
		}

		// The PT clears head-turns: a new version, unlocked, with who and when.
		plan, err = db.ClearItem(ctx, pt, e, plan.ID, headTurns.ID, "Tried it with me in clinic: no symptoms.")
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range plan.Items {
			if it.ExerciseID == "head-turns" && (it.Locked || it.ClearedBy == nil || *it.ClearedBy != pt.ID) {
				t.Errorf("cleared item %+v", it)
			}
		}
		if plan.Version != 3 {
			t.Errorf("version %d after clearance, want 3", plan.Version)
		}
		// The clearance carries over to a new plan for the same patient.
		next, err := db.CreatePlan(ctx, pt, e, p.ID, 20, []limber.Region{"neck"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if next, err = db.AddPlanItem(ctx, pt, e, next.ID, "head-turns", limber.SeatedChair); err != nil && limber.ErrorCode(err) != limber.ECONFLICT {
			t.Fatal(err)
		}
		// A mobility change lapses every clearance and locks it again.
		now = now.Add(24 * time.Hour)
		if ch, err = db.UpdatePatient(ctx, pt, e, p.ID, limber.PatientPatch{Mobility: ptr(limber.M2)}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(ch.ClearancesLapsed, "mobility changed from M1 to M2") {
			t.Errorf("lapse %q", ch.ClearancesLapsed)
		}
		plan, _ = db.Plan(ctx, pt, plan.ID)
		for _, it := range plan.Items {
			if it.ExerciseID == "head-turns" && !it.Locked {
				t.Errorf("head-turns must lock again when the clearance lapses")
			}
		}
		events, _ := db.Audit(ctx, pt, p.ID, 0, 100)
		var actions []string
		for _, ev := range events {
			actions = append(actions, ev.Action)
		}
		for _, want := range []string{"patient.create", "plan.create", "plan.activate", "patient.update", "plan.recheck", "plan.item.clear", "clearance.lapse"} {
			if !strings.Contains(strings.Join(actions, ","), want) {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}

		// Another therapist sees nothing of this patient.
		other, _ := db.CreateUser(ctx, "other@example.org", "Other", limber.RoleTherapist, "another long password")
		if _, err := db.Patient(ctx, other, p.ID); limber.ErrorCode(err) != limber.ENOTFOUND {
			t.Errorf("other therapist: %v", err)
		}
		if _, err := db.Plan(ctx, other, plan.ID); limber.ErrorCode(err) != limber.ENOTFOUND {
			t.Errorf("other therapist's plan access: %v", err)
		}
	})
}
