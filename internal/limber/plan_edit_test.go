package limber_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func findItem(p *limber.Plan, exerciseID string) *limber.Item {
	for i := range p.Items {
		if p.Items[i].ExerciseID == exerciseID {
			return &p.Items[i]
		}
	}
	return nil
}

func TestRecheckWithdrawsAndLocks(t *testing.T) {
	e := shippedEngine(t)
	before := limber.Profile{Mobility: limber.M1}
	doc := plan(t, limber.PlanRequest{Profile: before, Focus: []limber.Region{"neck"}, Minutes: 30})
	ctx := limber.PlanContext{Profile: before, Now: now}
	for _, id := range []string{"chin-to-chest", "head-turns", "shoulder-blade-squeeze"} {
		if findItem(doc, id) == nil {
			if _, err := e.AddItem(doc, ctx, id, limber.SeatedChair, 100+len(doc.Items)); err != nil {
				t.Fatalf("adding %s: %v", id, err)
			}
		}
	}
	if it := findItem(doc, "chin-to-chest"); it == nil || !it.Restricted || it.Locked {
		t.Fatalf("a PT may add a restricted exercise deliberately: %+v", it)
	}

	after := limber.Profile{Mobility: limber.M1, Conditions: conds("lhermitte")}
	changes, err := e.Recheck(doc, limber.PlanContext{Profile: after, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if findItem(doc, "chin-to-chest") != nil {
		t.Errorf("chin-to-chest must leave the plan: neck flexion is excluded with Lhermitte's")
	}
	if it := findItem(doc, "head-turns"); it == nil || !it.Locked || it.Decision != limber.RequiresPTClearance {
		t.Errorf("head-turns must stay, locked: %+v", it)
	}
	if it := findItem(doc, "shoulder-blade-squeeze"); it == nil || it.Locked {
		t.Errorf("shoulder-blade-squeeze is untouched: %+v", it)
	}
	joined := strings.Join(changes, "\n")
	if !strings.Contains(joined, "Chin to chest (seated_chair) withdrawn: now excluded by lhermitte-neck_flexion.") ||
		!strings.Contains(joined, "Head turns (seated_chair) locked: needs your clearance (lhermitte-neck_rotation).") {
		t.Errorf("changes:\n%s", joined)
	}
	if !slices.Equal(doc.Profile.EffectiveConditions, conds("lhermitte")) || doc.Session.TotalSeconds > doc.Session.MaxSeconds+600 {
		t.Errorf("profile %v session %+v", doc.Profile, doc.Session)
	}

	// A clearance unlocks head-turns, with who and when.
	cl := limber.Clearance{ExerciseID: "head-turns", Position: limber.SeatedChair, ClearedBy: 7, ClearedAt: now, ExpiresAt: now.Add(limber.ClearancePeriod), Note: "checked in clinic"}
	changes, err = e.Recheck(doc, limber.PlanContext{Profile: after, Clearances: []limber.Clearance{cl}, Now: now})
	if err != nil || len(changes) != 0 {
		t.Fatalf("changes %v, %v", changes, err)
	}
	it := findItem(doc, "head-turns")
	if it.Locked || it.Decision != limber.RequiresPTClearance || it.ClearedBy == nil || *it.ClearedBy != 7 || it.ClearanceExpiresAt == nil {
		t.Errorf("cleared item %+v", it)
	}
	// The reason it waited for the PT is not shown as a cue once cleared.
	for _, r := range it.Reasons {
		if r.Decision == limber.RequiresPTClearance && slices.Contains(it.Cues, r.Text) {
			t.Errorf("a cleared item still carries its clearance reason as a cue: %q", r.Text)
		}
	}
	// Expired, it locks again.
	_, _ = e.Recheck(doc, limber.PlanContext{Profile: after, Clearances: []limber.Clearance{cl}, Now: now.Add(200 * 24 * time.Hour)})
	if !findItem(doc, "head-turns").Locked {
		t.Errorf("an expired clearance must lock the item again")
	}

	// Nothing changes when nothing changed.
	changes, _ = e.Recheck(doc, limber.PlanContext{Profile: after, Now: now})
	if len(changes) != 0 {
		t.Errorf("a second recheck changed %v", changes)
	}
}

func TestRecheckRaisesHoldsForSpasticity(t *testing.T) {
	e := shippedEngine(t)
	doc := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}})
	var stretch *limber.Item
	for i := range doc.Items {
		if doc.Items[i].Kind == limber.KindStretch && !doc.Items[i].Timed() {
			stretch = &doc.Items[i]
		}
	}
	if stretch == nil {
		t.Fatal("no stretch")
	}
	ctx := limber.PlanContext{Profile: limber.Profile{Mobility: limber.M1}, Now: now}
	d := stretch.Dosage
	d.HoldSeconds = 20
	if _, err := e.SetDosage(doc, ctx, stretch.ID, d); err != nil {
		t.Fatal(err)
	}
	changes, _ := e.Recheck(doc, limber.PlanContext{Profile: limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}, Now: now})
	if findItem(doc, stretch.ExerciseID).HoldSeconds != 30 || len(changes) == 0 {
		t.Errorf("hold %d, changes %v", findItem(doc, stretch.ExerciseID).HoldSeconds, changes)
	}
}

func TestPlanEdits(t *testing.T) {
	e := shippedEngine(t)
	prof := limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity", "lhermitte")}
	ctx := limber.PlanContext{Profile: prof, Now: now}
	doc := plan(t, limber.PlanRequest{Profile: prof})

	_, err := e.AddItem(doc, ctx, "chin-to-chest", "", 99)
	var ex *limber.ExcludedError
	if !errors.As(err, &ex) || len(ex.Reasons) == 0 || ex.Reasons[0].ID != "lhermitte-neck_flexion" {
		t.Errorf("adding an excluded exercise: %v", err)
	}
	if _, err := e.AddItem(doc, ctx, "no-such", "", 99); limber.ErrorCode(err) != limber.ENOTFOUND {
		t.Errorf("unknown exercise: %v", err)
	}
	if _, err := e.AddItem(doc, ctx, "head-turns", limber.Prone, 99); limber.ErrorCode(err) != limber.EINVALID {
		t.Errorf("a position the exercise lacks: %v", err)
	}
	it, err := e.AddItem(doc, ctx, "head-turns", "", 99)
	if err != nil || !it.Locked || it.ID != 99 {
		t.Fatalf("gated exercise: %+v %v", it, err)
	}
	if _, err := e.AddItem(doc, ctx, "head-turns", it.Position, 100); limber.ErrorCode(err) != limber.ECONFLICT {
		t.Errorf("adding twice: %v", err)
	}
	stretch, _ := e.Exercise("seated-hamstring-hinge")
	add, err := e.AddItem(doc, ctx, stretch.ID, "", 101)
	if err != nil {
		t.Fatal(err)
	}
	bad := add.Dosage
	bad.HoldSeconds = 20
	if _, err := e.SetDosage(doc, ctx, add.ID, bad); limber.ErrorCode(err) != limber.EINVALID || !strings.Contains(err.Error(), "spasticity") {
		t.Errorf("a 20 s hold with spasticity: %v", err)
	}
	if err := e.MoveItem(doc, ctx, add.ID, 0); err != nil || doc.Items[0].ID != add.ID {
		t.Errorf("move: %v", err)
	}
	if err := e.MoveItem(doc, ctx, add.ID, 999); limber.ErrorCode(err) != limber.EINVALID {
		t.Errorf("move out of range: %v", err)
	}
	n := len(doc.Items)
	if err := e.RemoveItem(doc, ctx, add.ID); err != nil || len(doc.Items) != n-1 {
		t.Errorf("remove: %v", err)
	}
	if err := e.RemoveItem(doc, ctx, add.ID); limber.ErrorCode(err) != limber.ENOTFOUND {
		t.Errorf("remove twice: %v", err)
	}
}

func TestDosageChangeKeepsFieldsNotNamed(t *testing.T) {
	three, ten, yes := 3, 10, true
	base := limber.Dosage{HoldSeconds: 20, Reps: 2, Sets: 1, RestSeconds: 15}
	for _, tc := range []struct {
		name   string
		change limber.DosageChange
		want   limber.Dosage
	}{
		{"nothing", limber.DosageChange{}, base},
		{"reps only", limber.DosageChange{Reps: &three}, limber.Dosage{HoldSeconds: 20, Reps: 3, Sets: 1, RestSeconds: 15}},
		{"rest and sides", limber.DosageChange{RestSeconds: &ten, PerSide: &yes}, limber.Dosage{HoldSeconds: 20, Reps: 2, Sets: 1, RestSeconds: 10, PerSide: true}},
	} {
		if got := tc.change.Apply(base); got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
		if tc.change.Empty() != (tc.name == "nothing") {
			t.Errorf("%s: Empty() = %v", tc.name, tc.change.Empty())
		}
	}
}

// A PT's additions may take a plan past the minutes asked for (the plan's
// minutes follow), never past the person's time limit (relapse: 10 minutes).
func TestEditsKeepTheTimeLimit(t *testing.T) {
	e := shippedEngine(t)
	relapse := limber.Profile{Mobility: limber.M1, Conditions: conds("recent_relapse")}
	doc := plan(t, limber.PlanRequest{Profile: relapse, Minutes: 10})
	ctx := limber.PlanContext{Profile: relapse, Now: now}
	var refused error
	for i, id := range []string{"body-scan", "let-go-relaxation", "calm-place", "longer-out-breath", "constructive-rest", "tense-and-let-go"} {
		if findItem(doc, id) != nil {
			continue
		}
		if _, err := e.AddItem(doc, ctx, id, "", 200+i); err != nil {
			t.Fatalf("adding %s: %v", id, err)
		}
		if refused = doc.FitTime(); refused != nil {
			break
		}
	}
	var le *limber.Error
	if !errors.As(refused, &le) || le.Field != "item" || !strings.Contains(le.Message, "at most 10 minutes") {
		t.Fatalf("adding past the relapse limit: %v", refused)
	}

	free := limber.Profile{Mobility: limber.M1}
	doc = plan(t, limber.PlanRequest{Profile: free, Minutes: 5})
	if _, err := e.AddItem(doc, limber.PlanContext{Profile: free, Now: now}, "body-scan", limber.SemiReclined, 300); err != nil {
		t.Fatal(err)
	}
	if err := doc.FitTime(); err != nil {
		t.Fatalf("no limit but the minutes asked for: %v", err)
	}
	if doc.Session.TotalSeconds > doc.Session.MaxSeconds || doc.Minutes*60 < doc.Session.TotalSeconds {
		t.Errorf("minutes %d, session %+v", doc.Minutes, doc.Session)
	}
}
