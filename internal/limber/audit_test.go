package limber_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

// Open book is done with the knees together and no pillow between them, so
// the top leg crosses the midline (RULES.md §1c): after a posterior hip
// replacement it is excluded, and no clearance brings it back.
func TestOpenBookExcludedAfterPosteriorHipReplacement(t *testing.T) {
	e := shippedEngine(t)
	for _, conditions := range [][]string{{"hip_replacement_posterior"}, {"hip_replacement_any"}} { // unknown approach: both
		prof := limber.Profile{Mobility: limber.M1, Conditions: conds(conditions...)}
		a := assess(t, prof)
		ex, _ := e.Exercise("open-book")
		got := a.DecideExercise(ex, limber.SideLying)
		if got.Decision != limber.Exclude || !slices.Contains(ids(got.Reasons), "hip_replacement_posterior-hip_adduction_past_midline") {
			t.Errorf("%v: open-book = %s %v, want exclude by hip_replacement_posterior-hip_adduction_past_midline", conditions, got.Decision, ids(got.Reasons))
		}
		doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: 30, Focus: []limber.Region{"upper_back", "chest"}})
		if findItem(doc, "open-book") != nil {
			t.Errorf("%v: the planner chose open-book", conditions)
		}
		if !slices.ContainsFunc(doc.Excluded, func(x limber.ExcludedVariant) bool { return x.ExerciseID == "open-book" }) {
			t.Errorf("%v: open-book is not listed as excluded", conditions)
		}
		// Not clearable: a clearance on record changes nothing.
		cl := limber.Clearance{ExerciseID: "open-book", Position: limber.SideLying, ClearedBy: 7, ClearedAt: now, ExpiresAt: now.Add(limber.ClearancePeriod), Note: "x"}
		_, err := e.AddItem(doc, limber.PlanContext{Profile: prof, Clearances: []limber.Clearance{cl}, Now: now}, "open-book", "", 77)
		var ee *limber.ExcludedError
		if !errors.As(err, &ee) {
			t.Errorf("%v: adding open-book with a clearance: %v, want it refused as excluded", conditions, err)
		}
	}
}

// The legs-straight rest keeps a person flat on the back for 10 minutes and
// RULES.md (E24) asks a PT to confirm it: it waits for a PT's clearance at
// every mobility level, whatever the profile, and is deliverable only once
// cleared. Lying flat stays excluded from week 13 of pregnancy.
func TestLegsStraightRestNeedsThePT(t *testing.T) {
	e := shippedEngine(t)
	ex, err := e.Exercise("legs-straight-rest")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ex.TagsAt(limber.Supine, ex.Dosage), limber.TagProlongedSupine) {
		t.Errorf("10 minutes flat on the back must carry prolonged_supine: %v", ex.TagsAt(limber.Supine, ex.Dosage))
	}
	for _, m := range limber.Mobilities {
		prof := limber.Profile{Mobility: m, HelperAvailable: true}
		got := assess(t, prof).DecideExercise(ex, limber.Supine)
		if got.Decision != limber.RequiresPTClearance || !slices.Contains(ids(got.Reasons), "exercise-legs-straight-rest") {
			t.Errorf("%s: %s %v, want requires_pt_clearance by exercise-legs-straight-rest", m, got.Decision, ids(got.Reasons))
		}
		for _, minutes := range []int{15, 30, 60} {
			doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: minutes, Focus: []limber.Region{"hips", "hamstrings", "quads"}})
			if it := findItem(doc, ex.ID); it != nil && !it.Locked {
				t.Errorf("%s, %d min: planned without a PT: %+v", m, minutes, it)
			}
		}
	}

	prof := limber.Profile{Mobility: limber.M3, Conditions: conds("spasticity")}
	doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: 30})
	ctx := limber.PlanContext{Profile: prof, Now: now}
	it, err := e.AddItem(doc, ctx, ex.ID, "", 60)
	if err != nil || !it.Locked || it.Decision != limber.RequiresPTClearance {
		t.Fatalf("added by a PT without a clearance: %+v %v; want locked", it, err)
	}
	ctx.Clearances = []limber.Clearance{{ExerciseID: ex.ID, Position: limber.Supine, ClearedBy: 7, ClearedAt: now, ExpiresAt: now.Add(limber.ClearancePeriod), Note: "10 minutes, checked in clinic"}}
	if _, err := e.Recheck(doc, ctx); err != nil {
		t.Fatal(err)
	}
	if it := findItem(doc, ex.ID); it == nil || it.Locked || it.ClearedBy == nil || it.Seconds != 600 {
		t.Errorf("cleared: %+v; want unlocked with who cleared it", it)
	}

	pregnant := assess(t, limber.Profile{Mobility: limber.M1, PregnancyWeek: week(20)}).DecideExercise(ex, limber.Supine)
	if pregnant.Decision != limber.Exclude {
		t.Errorf("at 20 weeks: %s, want exclude (flat on the back)", pregnant.Decision)
	}
}

// An exercise's own PT clearance is data: a clinic's file may give one to
// any exercise, and the engine applies it with the file's reason and
// sources.
func TestExerciseGateIsData(t *testing.T) {
	rs := shippedEngine(t).Rules()
	ex := &limber.Exercise{ID: "own-positioning", Name: "Own positioning", Kind: limber.KindPosture, Positions: []limber.Position{limber.SideLying, limber.SeatedChair},
		Regions: []limber.Region{"hips"}, Steps: []string{"Rest."}, Dosage: limber.Dosage{Seconds: 120},
		PTClearance: &limber.Gate{Reason: "Your PT sets this up with you first.", Refs: []string{"E"}}}
	e, err := limber.NewEngine(rs, []*limber.Exercise{ex})
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.Assess(limber.Profile{Mobility: limber.M1})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ex.Positions {
		got := a.DecideExercise(ex, p)
		if got.Decision != limber.RequiresPTClearance || len(got.Reasons) != 1 || got.Reasons[0].Text != "Your PT sets this up with you first." || got.Reasons[0].TargetKind != limber.TargetExercise {
			t.Errorf("%s: %+v", p, got)
		}
	}
	bad := *ex
	bad.PTClearance = &limber.Gate{Reason: "x", Refs: []string{"nope"}}
	if _, err := limber.NewEngine(rs, []*limber.Exercise{&bad}); err == nil {
		t.Errorf("a gate with an unknown source was accepted")
	}
}
