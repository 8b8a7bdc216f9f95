package limber_test

import (
	"encoding/json"
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
	if !slices.Equal(doc.Profile.EffectiveConditions, conds("lhermitte")) || doc.Routine.TotalSeconds > doc.Routine.MaxSeconds+600 {
		t.Errorf("profile %v session %+v", doc.Profile, doc.Routine)
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
	if doc.Routine.TotalSeconds > doc.Routine.MaxSeconds || doc.Minutes*60 < doc.Routine.TotalSeconds {
		t.Errorf("minutes %d, session %+v", doc.Minutes, doc.Routine)
	}
}

// copyPlan is a deep copy of a plan document, as storage would give it back.
func copyPlan(t *testing.T, p *limber.Plan) *limber.Plan {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var out limber.Plan
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return &out
}

func itemIndex(p *limber.Plan, id int) int {
	return slices.IndexFunc(p.Items, func(it limber.Item) bool { return it.ID == id })
}

// checkAddedInPlace checks where a PT's addition landed: never before the
// opening, never after the closing relaxation (unless it is one), right
// after the last item of its own position when there is one.
func checkAddedInPlace(t *testing.T, before, after *limber.Plan, added limber.Item) {
	t.Helper()
	i := itemIndex(after, added.ID)
	if i < 0 {
		t.Fatalf("%s not in the plan", added.ExerciseID)
	}
	rest := slices.Delete(slices.Clone(after.Items), i, i+1)
	if !slices.EqualFunc(rest, before.Items, func(x, y limber.Item) bool { return x.ID == y.ID }) {
		t.Fatalf("adding %s moved other items: %v", added.ExerciseID, itemIDs(after))
	}
	if added.Kind == limber.KindRelaxation {
		if i != len(after.Items)-1 {
			t.Errorf("relaxation %s at %d of %v, want last", added.ExerciseID, i, itemIDs(after))
		}
		return
	}
	if len(before.Items) > 0 && i == 0 {
		t.Errorf("%s went before the opening: %v", added.ExerciseID, itemIDs(after))
	}
	for _, it := range after.Items[i+1:] {
		if it.Kind != limber.KindRelaxation {
			goto notLast
		}
	}
	if i < len(after.Items)-1 || len(before.Items) == 0 || before.Items[len(before.Items)-1].Kind != limber.KindRelaxation {
		goto notLast
	}
	t.Errorf("%s landed after the closing relaxation: %v", added.ExerciseID, itemIDs(after))
notLast:
	if i > 0 && after.Items[i-1].Position == added.Position {
		return
	}
	for _, it := range after.Items[:i] {
		if it.Position == added.Position && it.Kind != limber.KindRelaxation {
			t.Errorf("%s (%s) not next to its group: %v", added.ExerciseID, added.Position, itemIDs(after))
		}
	}
	for _, it := range after.Items[i+1:] {
		if it.Position == added.Position && it.Kind != limber.KindRelaxation {
			t.Errorf("%s (%s) put before its group: %v", added.ExerciseID, added.Position, itemIDs(after))
		}
	}
}

// A PT's addition goes into the group of its position, keeping breathing
// first and relaxation last; recheck and refresh keep that order; a PT's
// explicit move still wins.
func TestAddItemKeepsPositionGroups(t *testing.T) {
	e := shippedEngine(t)
	profiles := []struct {
		name    string
		profile limber.Profile
	}{
		{"M1", limber.Profile{Mobility: limber.M1}},
		{"M1 back pain", limber.Profile{Mobility: limber.M1, Conditions: conds("back_pain_msk")}},
		{"M4 wheelchair", limber.Profile{Mobility: limber.M4}},
		{"M4 lhermitte", limber.Profile{Mobility: limber.M4, Conditions: conds("lhermitte")}},
		{"M5 bed", limber.Profile{Mobility: limber.M5}},
		{"M5 lying only", limber.Profile{Mobility: limber.M5, LyingOnly: true, HelperAvailable: true}},
	}
	for _, pc := range profiles {
		t.Run(pc.name, func(t *testing.T) {
			base := plan(t, limber.PlanRequest{Profile: pc.profile, Minutes: 60})
			ctx := limber.PlanContext{Profile: pc.profile, Now: now}
			added := 0
			for _, ex := range e.Exercises() {
				for _, pos := range ex.Positions {
					if slices.ContainsFunc(base.Items, func(it limber.Item) bool { return it.ExerciseID == ex.ID && it.Position == pos }) {
						continue
					}
					doc := copyPlan(t, base)
					it, err := e.AddItem(doc, ctx, ex.ID, pos, 500)
					if err != nil {
						continue // excluded here, or already planned
					}
					added++
					checkAddedInPlace(t, base, doc, it)
					order := itemIDs(doc)
					if _, err := e.Recheck(doc, ctx); err != nil {
						t.Fatal(err)
					}
					if err := e.Refresh(doc, ctx); err != nil {
						t.Fatal(err)
					}
					if got := itemIDs(doc); !slices.Equal(got, order) {
						t.Errorf("recheck changed the order:\n%v\n%v", order, got)
					}
				}
			}
			if added < 10 {
				t.Errorf("only %d additions tried", added)
			}
		})
	}

	// The concrete cases, as a PT would do them.
	m4 := limber.Profile{Mobility: limber.M4}
	doc := plan(t, limber.PlanRequest{Profile: m4})
	ctx := limber.PlanContext{Profile: m4, Now: now}
	last := doc.Items[len(doc.Items)-1]
	if doc.Items[0].Position != limber.SeatedWheelchair || last.Kind != limber.KindRelaxation {
		t.Fatalf("M4 plan %v", itemIDs(doc))
	}
	// With no position given, the wheelchair variant is taken.
	it, err := e.AddItem(doc, ctx, "head-turns", "", 600)
	if err != nil {
		t.Fatal(err)
	}
	if it.Position != limber.SeatedWheelchair {
		t.Errorf("head-turns for a wheelchair user in %s, want the wheelchair", it.Position)
	}
	if i := itemIndex(doc, 600); i == len(doc.Items)-1 || doc.Items[i-1].Position != limber.SeatedWheelchair {
		t.Errorf("head-turns at %d: %v", i, itemIDs(doc))
	}
	// A PT's move wins, and stays through a refresh.
	if err := e.MoveItem(doc, ctx, 600, len(doc.Items)-1); err != nil {
		t.Fatal(err)
	}
	if err := e.Refresh(doc, ctx); err != nil {
		t.Fatal(err)
	}
	if doc.Items[len(doc.Items)-1].ID != 600 {
		t.Errorf("the PT's move was undone: %v", itemIDs(doc))
	}

	// M1: a lying item joins the lying group, not the end.
	m1 := limber.Profile{Mobility: limber.M1}
	doc = plan(t, limber.PlanRequest{Profile: m1, Minutes: 30})
	ctx = limber.PlanContext{Profile: m1, Now: now}
	if _, err := e.AddItem(doc, ctx, "ankle-pumps-and-circles", limber.Supine, 700); err != nil {
		t.Fatal(err)
	}
	if doc.Items[len(doc.Items)-1].ID == 700 {
		t.Errorf("the addition came after the relaxation: %v", itemIDs(doc))
	}
}

func TestCheckPlanChange(t *testing.T) {
	for _, tc := range []struct {
		status string
		want   *limber.Error
	}{
		{limber.PlanDraft, nil},
		{limber.PlanActive, nil},
		{limber.PlanArchived, conflict("this plan is archived; create a new plan")},
	} {
		t.Run(tc.status, func(t *testing.T) { sameError(t, limber.CheckPlanChange(tc.status), tc.want) })
	}
}

func TestClearance(t *testing.T) {
	noNote := invalid("note", "say why the item is safe for this patient (1 to 2000 characters)")
	for _, tc := range []struct {
		name string
		note string
		want *limber.Error
	}{
		{"a note", "Spoke with her surgeon: cleared for this.", nil},
		{"2000 characters", strings.Repeat("x", 2000), nil},
		{"no note", "", noNote},
		{"2001 characters", strings.Repeat("x", 2001), noNote},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, limber.CheckClearanceNote(tc.note), tc.want) })
	}
	doc := &limber.Plan{Items: []limber.Item{
		{ID: 1, ExerciseID: "knee-hug", Decision: limber.Allow},
		{ID: 2, ExerciseID: "cat-stretch", Decision: limber.RequiresPTClearance, Locked: true},
		{ID: 3, ExerciseID: "bridge", Decision: limber.RequiresPTClearance},
	}}
	for _, tc := range []struct {
		name string
		id   int
		want *limber.Error
	}{
		{"an item waiting for the PT", 2, nil},
		{"no such item", 9, &limber.Error{Code: limber.ENOTFOUND, Field: "item", Message: "no item 9 in this plan"}},
		{"an item that needs no clearance", 1, conflict("this item does not need a clearance")},
		{"an item cleared already", 3, conflict("this item is already cleared")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			it, err := limber.Clearable(doc, tc.id)
			sameError(t, err, tc.want)
			if tc.want == nil && it.ID != tc.id {
				t.Errorf("Clearable gave item %d, want %d", it.ID, tc.id)
			}
		})
	}
}
