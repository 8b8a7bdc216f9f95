package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
)

// demoPatient is one of the demo clinic's patients.
type demoPatient struct {
	name    string
	patch   limber.PatientPatch
	focus   []limber.Region
	clear   string // an exercise the PT has cleared
	painMod int
}

// seedDemo fills an empty database with a demo clinic: a therapist, three
// patients with different profiles, each with an active plan, a cleared
// item, three weeks of sessions and journal entries; it prints the logins
// and the tablets' enrollment codes.
func seedDemo(ctx context.Context, db *store.DB, e *limber.Engine, out io.Writer) error {
	empty, err := db.Empty(ctx)
	if err != nil || !empty {
		if err == nil {
			fmt.Fprintln(out, "The database already has users: the demo clinic is not seeded again.")
		}
		return err
	}
	realNow := db.Now
	defer func() { db.Now = realNow }()
	start := realNow().Add(-21 * 24 * time.Hour)
	clock := start
	db.Now = func() time.Time { return clock }

	pw := make([]byte, 12)
	rand.Read(pw)
	password := base64.RawURLEncoding.EncodeToString(pw)
	pt, err := db.CreateUser(ctx, "therapist@demo.limber", "Dana Reyes, PT", limber.RoleTherapist, password)
	if err != nil {
		return err
	}
	m := func(v limber.Mobility) *limber.Mobility { return &v }
	s := func(v string) *string { return &v }
	week := 20
	patients := []demoPatient{
		{"Sam Okafor", limber.PatientPatch{Name: s("Sam Okafor"), Mobility: m(limber.M4), Conditions: &[]limber.Condition{"lhermitte", "spasticity", "back_pain_msk"}}, nil, "head-turns", 0},
		{"Ruth Lindqvist", limber.PatientPatch{Name: s("Ruth Lindqvist"), Mobility: m(limber.M2), Conditions: &[]limber.Condition{"bone_fragility", "stenosis_lumbar", "heat_sensitivity"}}, []limber.Region{"hips", "hamstrings"}, "single-knee-to-chest", 1},
		{"Maya Chen", limber.PatientPatch{Name: s("Maya Chen"), Mobility: m(limber.M1), Conditions: &[]limber.Condition{"herniated_disc", "fatigue"}, PregnancyWeek: &week, PregnancyWeekSet: true}, []limber.Region{"low_back"}, "seated-pelvic-rocks", -1},
	}
	// The stop screens show the clinic's numbers: a demo without them
	// would show none. Set as the system (no user: the audit says so).
	// Both are fictional (555-01xx), so a tap on a demo tablet rings no
	// one; a real clinic sets its local emergency number.
	phone, emergency := "+1 555 0100", "+1 555 0199"
	if _, err := db.UpdateSettings(ctx, limber.User{Role: limber.RoleAdmin}, limber.SettingsPatch{ClinicPhone: &phone, EmergencyNumber: &emergency}); err != nil {
		return fmt.Errorf("demo clinic numbers: %w", err)
	}
	fmt.Fprintf(out, "\nDemo clinic\n  therapist: therapist@demo.limber  password: %s\n", password)
	for i, d := range patients {
		clock = start
		p, err := db.CreatePatient(ctx, pt, d.patch)
		if err != nil {
			return fmt.Errorf("demo patient %s: %w", d.name, err)
		}
		// 12 minutes leaves room for the cleared item under a 15-minute limit
		// (fatigue).
		plan, err := db.CreatePlan(ctx, pt, e, p.ID, 12, d.focus, 4)
		if err != nil {
			return err
		}
		if plan, err = clearOrAdd(ctx, db, e, pt, plan, d.clear); err != nil {
			return err
		}
		if _, err := db.ActivatePlan(ctx, pt, plan.ID); err != nil {
			return err
		}
		// The patient's tablet: enrolled, then three weeks of sessions.
		code, _, err := db.CreateEnrollmentCode(ctx, pt, p.ID)
		if err != nil {
			return err
		}
		user, _, _, err := db.Enroll(ctx, code, "demo tablet")
		if err != nil {
			return err
		}
		plan, _ = db.Plan(ctx, pt, plan.ID)
		for day := 1; day <= 20; day++ {
			if (day+i)%3 == 0 {
				continue // a missed day now and then
			}
			clock = start.Add(time.Duration(day)*24*time.Hour + 9*time.Hour)
			var items []limber.SessionItem
			for j, it := range plan.Items {
				if it.Locked {
					continue
				}
				status, reason := "done", ""
				if (day+j)%11 == 0 {
					status, reason = "skipped", "too_tired"
				}
				items = append(items, limber.SessionItem{ItemID: it.ID, Status: status, Reason: reason, At: clock.Add(time.Duration(j) * time.Minute)})
			}
			before := 3 + (day+i)%3
			after := max(0, before-1+d.painMod*(day%2))
			in := limber.SessionInput{ClientID: uuid.NewString(), PlanID: plan.ID, StartedAt: clock, FinishedAt: clock.Add(14 * time.Minute),
				PainBefore: &before, PainAfter: &after, Items: items}
			clock = clock.Add(15 * time.Minute)
			if _, _, err := db.SubmitSession(ctx, user, in); err != nil {
				return fmt.Errorf("demo session: %w", err)
			}
			if day%4 == 0 {
				intensity := before + 1
				at := clock.Add(-3 * time.Hour)
				if _, err := db.AddJournalEntry(ctx, user, limber.JournalInput{At: &at, Region: "low_back", Intensity: &intensity,
					Quality: "aching", Trigger: "long drive", Note: "Eased after lying down."}); err != nil {
					return err
				}
			}
		}
		clock = realNow()
		code, expires, err := db.CreateEnrollmentCode(ctx, pt, p.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  patient %-15s tablet code: %s (until %s)\n", d.name, code, expires.Format("2 Jan 15:04 MST"))
	}
	fmt.Fprintln(out)
	return nil
}

// clearOrAdd makes sure the plan holds the exercise and clears it when it
// waits for the PT's OK.
func clearOrAdd(ctx context.Context, db *store.DB, e *limber.Engine, pt limber.User, plan limber.StoredPlan, exerciseID string) (limber.StoredPlan, error) {
	var item *limber.Item
	for i := range plan.Items {
		if plan.Items[i].ExerciseID == exerciseID {
			item = &plan.Items[i]
		}
	}
	if item == nil {
		var err error
		if plan, err = db.AddPlanItem(ctx, pt, e, plan.ID, exerciseID, ""); err != nil {
			return plan, err
		}
		item = &plan.Items[len(plan.Items)-1]
	}
	if !item.Locked {
		return plan, nil
	}
	return db.ClearItem(ctx, pt, e, plan.ID, item.ID, "Tried it together in clinic; no symptoms. Go gently.")
}
