package limber_test

import (
	"errors"
	"slices"
	"strings"
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

// Second audit. Holding the other knee to the chest is the "single knee
// toward chest" of RULES.md §1c: spinal_flexion. With fragile bones gentle
// rounding waits for the PT, so the bed-edge hip stretch is locked, no longer
// preferred through its spinal_extension tag alone.
func TestBedEdgeHipFrontStretchWaitsForThePTWithFragileBones(t *testing.T) {
	ex, err := shippedEngine(t).Exercise("bed-edge-hip-front-stretch")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []limber.Mobility{limber.M1, limber.M3, limber.M5} {
		got := assess(t, limber.Profile{Mobility: m, Conditions: conds("bone_fragility")}).DecideExercise(ex, limber.Supine)
		if got.Decision != limber.RequiresPTClearance || !slices.Contains(ids(got.Reasons), "bone_fragility-spinal_flexion") {
			t.Errorf("%s, bone_fragility: %s %v, want requires_pt_clearance by bone_fragility-spinal_flexion", m, got.Decision, ids(got.Reasons))
		}
		doc := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: m, Conditions: conds("bone_fragility")}, Minutes: 30, Focus: []limber.Region{"hips", "quads"}})
		if it := findItem(doc, ex.ID); it != nil && !it.Locked {
			t.Errorf("%s, bone_fragility: planned without a PT: %+v", m, it)
		}
	}
	// Stenosis still waits for the PT: the hanging leg can arch the low back.
	got := assess(t, limber.Profile{Mobility: limber.M1, Conditions: conds("stenosis_lumbar")}).DecideExercise(ex, limber.Supine)
	if got.Decision != limber.RequiresPTClearance || !slices.Contains(ids(got.Reasons), "stenosis_lumbar-spinal_extension") {
		t.Errorf("stenosis: %s %v, want requires_pt_clearance by stenosis_lumbar-spinal_extension", got.Decision, ids(got.Reasons))
	}
}

// "Tuck your tailbone under" is a posterior pelvic tilt, the flatten-the-back
// tilt of §1c: spinal_flexion, so unexamined back pain and fragile bones wait
// for the PT on both hip-front stretches that ask for it.
func TestTailboneTuckIsSpinalFlexion(t *testing.T) {
	e := shippedEngine(t)
	for _, c := range []struct {
		id  string
		pos limber.Position
	}{{"counter-hip-front-stretch", limber.StandingSupported}, {"half-kneeling-hip-stretch", limber.Kneeling}} {
		ex, err := e.Exercise(c.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, cond := range []string{"bone_fragility", "back_pain_unevaluated"} {
			got := assess(t, limber.Profile{Mobility: limber.M1, Conditions: conds(cond)}).DecideExercise(ex, c.pos)
			if got.Decision != limber.RequiresPTClearance || !slices.Contains(ids(got.Reasons), cond+"-spinal_flexion") {
				t.Errorf("%s, %s: %s %v, want requires_pt_clearance by %s-spinal_flexion", c.id, cond, got.Decision, ids(got.Reasons), cond)
			}
		}
	}
}

// Bringing the shoulders back to the wall straightens the upper back
// (thoracic_extension): after a spine fracture the wall posture hold waits
// for the PT, as the seated chest lift does.
func TestWallPostureHoldIsThoracicExtension(t *testing.T) {
	ex, err := shippedEngine(t).Exercise("wall-posture-hold")
	if err != nil {
		t.Fatal(err)
	}
	got := assess(t, limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility", "vertebral_fracture")}).DecideExercise(ex, limber.StandingSupported)
	if got.Decision != limber.RequiresPTClearance || !slices.Contains(ids(got.Reasons), "vertebral_fracture-thoracic_extension") {
		t.Errorf("vertebral fracture: %s %v, want requires_pt_clearance by vertebral_fracture-thoracic_extension", got.Decision, ids(got.Reasons))
	}
}

// Reaching to the floor or across to the other foot from a chair challenges
// sitting balance (§1c balance_challenge_seated), like the seated reach-outs.
func TestSeatedReachesToTheFloorChallengeBalance(t *testing.T) {
	e := shippedEngine(t)
	for _, id := range []string{"seated-forward-fold", "seated-diagonal-reach", "seated-reach-outs"} {
		ex, err := e.Exercise(id)
		if err != nil {
			t.Fatal(err)
		}
		got := assess(t, limber.Profile{Mobility: limber.M1, Conditions: conds("recent_relapse")}).DecideExercise(ex, limber.SeatedChair)
		if !slices.Contains(ids(got.Reasons), "recent_relapse-balance_challenge_seated") {
			t.Errorf("%s after a relapse: %s %v, want the recent_relapse-balance_challenge_seated caution", id, got.Decision, ids(got.Reasons))
		}
	}
}

// A variant offered in a chair with a backrest (or a wheelchair) never asks
// the person off the backrest to start with: "sit near the front of the
// chair" or "sit sideways" is sitting with no backrest, seated_unsupported
// (RULES.md §1b), a position with its own rules.
func TestSeatedChairStepsKeepTheBackrest(t *testing.T) {
	for _, ex := range shippedEngine(t).Exercises() {
		if !slices.Contains(ex.Positions, limber.SeatedChair) && !slices.Contains(ex.Positions, limber.SeatedWheelchair) {
			continue
		}
		if slices.Contains(ex.Positions, limber.SeatedUnsupported) {
			continue
		}
		for _, s := range ex.Steps {
			l := strings.ToLower(s)
			if strings.Contains(l, "front of the chair") || strings.Contains(l, "front of a") || strings.Contains(l, "sideways on") || strings.Contains(l, "edge of the") {
				t.Errorf("%s: %q leaves the backrest in a seated_chair variant", ex.ID, s)
			}
		}
	}
}

// One action per step (STYLE, RULES.md §2.5 for cognitive problems): a step
// of a movement exercise is one sentence. Breathing and relaxation steps pair
// an instruction with what to notice ("Breathe out slowly. Feel your hand
// fall."), which is one action, so they are left out.
func TestOneActionPerStep(t *testing.T) {
	for _, ex := range shippedEngine(t).Exercises() {
		if ex.Kind == limber.KindBreathing || ex.Kind == limber.KindRelaxation {
			continue
		}
		for _, s := range ex.Steps {
			if i := strings.Index(strings.TrimSuffix(s, "."), ". "); i >= 0 {
				t.Errorf("%s: %q has more than one action", ex.ID, s)
			}
		}
	}
}
