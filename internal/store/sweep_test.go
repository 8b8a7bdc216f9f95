package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
)

func TestSweepFollowsTime(t *testing.T) {
	ctx := context.Background()
	eachStore(t, func(t *testing.T, db *store.DB) {
		e := testEngine(t)
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		pt, _ := db.CreateUser(ctx, "pt@example.org", "PT", limber.RoleTherapist, "a long password")
		week := 12
		p, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: ptr("Jo"), Mobility: ptr(limber.M1),
			Conditions: &[]limber.Condition{"recent_relapse"}, PregnancyWeek: &week, PregnancyWeekSet: true})
		if err != nil {
			t.Fatal(err)
		}
		// Five minutes leaves room under the relapse limit (10) for the PT's addition.
		plan, err := db.CreatePlan(ctx, pt, e, p.ID, 5, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if plan, err = db.AddPlanItem(ctx, pt, e, plan.ID, "single-knee-to-chest", limber.Supine); err != nil {
			t.Fatal(err)
		}
		db.ActivatePlan(ctx, pt, plan.ID)
		res, err := db.Sweep(ctx, e)
		if err != nil || res != (limber.SweepResult{}) {
			t.Fatalf("a fresh sweep did something: %+v %v", res, err)
		}

		// Two weeks on: week 14, a new pregnancy band; no session for 14 days;
		// the 30-day relapse period is not over yet.
		now = now.Add(14 * 24 * time.Hour)
		res, err = db.Sweep(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		if res.Rechecked != 1 || res.InactiveAlerts != 1 || res.PeriodAlerts != 0 {
			t.Errorf("after two weeks: %+v", res)
		}
		plan, _ = db.Plan(ctx, pt, plan.ID)
		if plan.Version != 2 {
			t.Errorf("version %d, want 2", plan.Version)
		}
		for _, it := range plan.Items {
			if it.Position == limber.Supine {
				t.Errorf("%s lying flat at week 14", it.ExerciseID)
			}
		}
		// A second sweep says nothing new.
		if res, _ = db.Sweep(ctx, e); res != (limber.SweepResult{}) {
			t.Errorf("a second sweep: %+v", res)
		}
		// After 30 days the relapse period ends: one review alert, once.
		now = now.Add(17 * 24 * time.Hour)
		res, _ = db.Sweep(ctx, e)
		if res.PeriodAlerts != 1 {
			t.Errorf("relapse period: %+v", res)
		}
		if res, _ = db.Sweep(ctx, e); res.PeriodAlerts != 0 {
			t.Errorf("the period alert was raised twice")
		}
	})
}
