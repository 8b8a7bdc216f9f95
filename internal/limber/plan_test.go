package limber_test

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func itemIDs(p *limber.Plan) []string {
	out := make([]string, len(p.Items))
	for i, it := range p.Items {
		out[i] = it.ExerciseID + "@" + string(it.Position)
		if it.Locked {
			out[i] += "(locked)"
		}
	}
	return out
}

func plan(t testing.TB, req limber.PlanRequest) *limber.Plan {
	t.Helper()
	p, err := shippedEngine(t).Plan(req)
	if err != nil {
		t.Fatalf("Plan(%+v): %v", req, err)
	}
	return p
}

func TestPlanShape(t *testing.T) {
	p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M4, Conditions: conds("lhermitte")}})
	if p.Minutes != 15 || p.Routine.MaxSeconds != 900 {
		t.Errorf("minutes %d, max %d; want the default 15 minutes", p.Minutes, p.Routine.MaxSeconds)
	}
	if !strings.HasPrefix(p.RulesVersion, "sha256:") {
		t.Errorf("rules_version %q", p.RulesVersion)
	}
	first, last := p.Items[0], p.Items[len(p.Items)-1]
	if first.Kind != limber.KindBreathing {
		t.Errorf("a session starts with breathing; got %s", first.Kind)
	}
	if last.Kind != limber.KindRelaxation {
		t.Errorf("a session ends with relaxation; got %s", last.Kind)
	}
	if first.Position != limber.SeatedWheelchair {
		t.Errorf("an M4 session starts in the wheelchair; got %s", first.Position)
	}
	if !slices.Equal(p.Profile.EffectiveConditions, conds("balance_falls", "lhermitte")) {
		t.Errorf("effective conditions %v", p.Profile.EffectiveConditions)
	}
	for i, it := range p.Items {
		if it.ID != i+1 {
			t.Errorf("items are numbered 1..n; item %d has id %d", i, it.ID)
		}
		for _, tg := range it.Tags {
			if tg == "neck_flexion" {
				t.Errorf("%s carries neck_flexion for a person with Lhermitte's sign", it.ExerciseID)
			}
		}
	}
	if len(p.Excluded) == 0 || !slices.ContainsFunc(p.Excluded, func(x limber.ExcludedVariant) bool {
		return x.ExerciseID == "chin-to-chest" && len(x.Reasons) > 0 && x.Reasons[0].ID == "lhermitte-neck_flexion"
	}) {
		t.Errorf("chin-to-chest must be listed as excluded for lhermitte")
	}
	if !slices.ContainsFunc(p.Routine.Cues, func(c string) bool { return strings.Contains(c, "chin level") }) {
		t.Errorf("the Lhermitte cue is missing from %v", p.Routine.Cues)
	}
	if !slices.ContainsFunc(p.Routine.Cues, func(c string) bool { return strings.Contains(c, "Brakes on") }) {
		t.Errorf("the wheelchair cue is missing from %v", p.Routine.Cues)
	}
}

func TestPlanDosageLimits(t *testing.T) {
	t.Run("spasticity holds every stretch at least 30 s", func(t *testing.T) {
		p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}, Minutes: 30})
		stretches := 0
		for _, it := range p.Items {
			if it.Kind == limber.KindStretch && !it.Timed() {
				stretches++
				if it.HoldSeconds < 30 {
					t.Errorf("%s held %d s", it.ExerciseID, it.HoldSeconds)
				}
			}
			if it.ExerciseID == "tense-and-let-go" && it.Decision != limber.Caution {
				t.Errorf("tense-and-let-go with spasticity must carry its caution")
			}
		}
		if stretches == 0 {
			t.Fatalf("no stretch in %v", itemIDs(p))
		}
	})
	t.Run("fatigue caps the session and the items and lengthens rests", func(t *testing.T) {
		p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1, Conditions: conds("fatigue")}, Minutes: 60})
		if p.Routine.MaxSeconds != 15*60 || p.Routine.MaxItems == nil || *p.Routine.MaxItems != 8 || p.Routine.RestSeconds != 30 {
			t.Errorf("session %+v; want 15 min, 8 items, 30 s rests", p.Routine)
		}
	})
	t.Run("the strictest limit wins", func(t *testing.T) {
		p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M4, Conditions: conds("fatigue", "recent_relapse", "cognitive")}, Minutes: 60})
		if p.Routine.MaxSeconds != 10*60 || *p.Routine.MaxItems != 6 {
			t.Errorf("max %d s, %d items; want 600 s and 6", p.Routine.MaxSeconds, *p.Routine.MaxItems)
		}
		if n := deliverable(p); n > 6 {
			t.Errorf("%d deliverable items, limit 6", n)
		}
	})
	t.Run("fibromyalgia caps holds at 30 s and two repetitions", func(t *testing.T) {
		p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1, Conditions: conds("fibromyalgia")}})
		for _, it := range p.Items {
			if it.Kind == limber.KindStretch && !it.Timed() && (it.HoldSeconds > 30 || it.Reps > 2) {
				t.Errorf("%s: hold %d reps %d", it.ExerciseID, it.HoldSeconds, it.Reps)
			}
		}
	})
	t.Run("spasticity with fibromyalgia: the minimum hold wins", func(t *testing.T) {
		p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1, Conditions: conds("fibromyalgia", "spasticity")}})
		l := p.Routine.Limits
		if l.MinHoldSeconds != 30 || l.MaxHoldSeconds != 30 || l.MaxReps != 2 {
			t.Errorf("limits %+v", l)
		}
	})
	t.Run("M5 sessions last at most 10 minutes", func(t *testing.T) {
		p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M5}, Minutes: 30})
		if p.Routine.MaxSeconds != 600 || p.Routine.TotalSeconds > 600 {
			t.Errorf("session %d of %d s", p.Routine.TotalSeconds, p.Routine.MaxSeconds)
		}
	})
}

func deliverable(p *limber.Plan) int {
	n := 0
	for _, it := range p.Items {
		if !it.Locked {
			n++
		}
	}
	return n
}

func TestPlanFocus(t *testing.T) {
	p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}, Focus: []limber.Region{"hamstrings", "calves_ankles"}})
	covered := map[limber.Region]bool{}
	for _, it := range p.Items {
		if !it.Locked {
			for _, r := range it.Regions {
				covered[r] = true
			}
		}
	}
	if !covered["hamstrings"] || !covered["calves_ankles"] {
		t.Errorf("focus not covered by %v", itemIDs(p))
	}
	// The focus gets a stretch first.
	for _, it := range p.Items[1:] {
		if it.Kind == limber.KindStretch && slices.Contains(it.Regions, "hamstrings") {
			return
		}
	}
	t.Errorf("no hamstring stretch in %v", itemIDs(p))
}

// A focus nothing permitted covers gives a locked proposal or a note, never
// an empty plan.
func TestPlanFocusOnlyGatedExercisesCover(t *testing.T) {
	p := plan(t, limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1, Conditions: conds("lhermitte")}, Focus: []limber.Region{"neck"}})
	var locked []limber.Item
	for _, it := range p.Items {
		if it.Locked {
			locked = append(locked, it)
		}
	}
	if len(locked) == 0 || locked[0].Decision != limber.RequiresPTClearance || len(locked[0].Reasons) == 0 {
		t.Fatalf("want a locked neck exercise with its reasons; got %v", itemIDs(p))
	}
	if !slices.ContainsFunc(p.Routine.Notes, func(n string) bool { return strings.HasPrefix(n, "neck:") }) {
		t.Errorf("want a note about the neck focus; notes %v", p.Routine.Notes)
	}
	if deliverable(p) == 0 {
		t.Errorf("the plan must still hold deliverable items")
	}
}

// The request of the issue that little can satisfy: lying only, 20 weeks
// pregnant, a new hip and Lhermitte's sign, with a focus on hamstrings.
func TestPlanLittleCanSatisfy(t *testing.T) {
	p := plan(t, limber.PlanRequest{
		Profile: limber.Profile{Mobility: limber.M5, LyingOnly: true, PregnancyWeek: week(20), Conditions: conds("hip_replacement_any", "lhermitte")},
		Focus:   []limber.Region{"hamstrings"},
	})
	if deliverable(p) == 0 {
		t.Fatalf("empty plan: %v", itemIDs(p))
	}
	for _, it := range p.Items {
		if it.Position != limber.SemiReclined && it.Position != limber.SideLying {
			t.Errorf("%s in %s: only propped-up or side-lying is possible", it.ExerciseID, it.Position)
		}
	}
	notes := strings.Join(p.Routine.Notes, "\n")
	for _, want := range []string{"hamstrings:", "both posterior and anterior"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestPlanBadInput(t *testing.T) {
	e := shippedEngine(t)
	for _, tt := range []struct {
		req   limber.PlanRequest
		field string
	}{
		{limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}, Minutes: 4}, "minutes"},
		{limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}, Minutes: 61}, "minutes"},
		{limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}, Focus: []limber.Region{"back"}}, "focus[0]"},
		{limber.PlanRequest{Profile: limber.Profile{Mobility: "M0"}}, "mobility"},
	} {
		_, err := e.Plan(tt.req)
		if e, ok := err.(*limber.Error); !ok || e.Field != tt.field || e.Code != limber.EINVALID {
			t.Errorf("Plan(%+v) = %v; want an invalid %s", tt.req, err, tt.field)
		}
	}
}

// TestPlanProperties builds plans for many generated profiles and checks
// what must hold for every one of them.
func TestPlanProperties(t *testing.T) {
	e := shippedEngine(t)
	rng := rand.New(rand.NewPCG(2026, 12))
	n := 3000
	if testing.Short() {
		n = 300
	}
	for i := 0; i < n; i++ {
		req := randomRequest(rng)
		p, err := e.Plan(req)
		if err != nil {
			t.Fatalf("Plan(%+v): %v", req, err)
		}
		checkPlan(t, e, req, p)
		checkAddition(t, e, rng, req, p)
	}
}

// checkAddition adds a random exercise in a random position as a PT would
// and checks it lands in its position group, never after the closing
// relaxation unless it is one.
func checkAddition(t *testing.T, e *limber.Engine, rng *rand.Rand, req limber.PlanRequest, p *limber.Plan) {
	t.Helper()
	exs := e.Exercises()
	ex := exs[rng.IntN(len(exs))]
	pos := ex.Positions[rng.IntN(len(ex.Positions))]
	doc := copyPlan(t, p)
	it, err := e.AddItem(doc, limber.PlanContext{Profile: req.Profile, Now: now}, ex.ID, pos, 1000)
	if err != nil {
		return // excluded for this person, or already in the plan
	}
	checkAddedInPlace(t, p, doc, it)
}

// randomRequest makes a valid request: every mobility level, up to four
// conditions, pregnancy weeks, lying-only, a helper, any length and focus.
func randomRequest(rng *rand.Rand) limber.PlanRequest {
	var p limber.Profile
	p.Mobility = limber.Mobilities[rng.IntN(len(limber.Mobilities))]
	p.LyingOnly = p.Mobility == limber.M5 && rng.IntN(3) == 0
	p.HelperAvailable = rng.IntN(2) == 0
	pool := slices.DeleteFunc(slices.Clone(limber.Conditions), func(c limber.Condition) bool {
		return strings.HasPrefix(string(c), "pregnancy_")
	})
	for k := rng.IntN(5); k > 0; k-- {
		c := pool[rng.IntN(len(pool))]
		if (c == limber.BackPainMSK && slices.Contains(p.Conditions, limber.BackPainUnevaluated)) ||
			(c == limber.BackPainUnevaluated && slices.Contains(p.Conditions, limber.BackPainMSK)) {
			continue
		}
		p.Conditions = append(p.Conditions, c)
	}
	switch rng.IntN(6) {
	case 0:
		p.PregnancyWeek = week(rng.IntN(43))
	case 1:
		p.Pregnant = true
	}
	req := limber.PlanRequest{Profile: p, Minutes: limber.MinMinutes + rng.IntN(limber.MaxMinutes-limber.MinMinutes+1)}
	for k := rng.IntN(3); k > 0; k-- {
		req.Focus = append(req.Focus, limber.Regions[rng.IntN(len(limber.Regions))])
	}
	return req
}

func checkPlan(t *testing.T, e *limber.Engine, req limber.PlanRequest, p *limber.Plan) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("profile %+v, %d min, focus %v: "+format, append([]any{req.Profile, req.Minutes, req.Focus}, args...)...)
	}
	a, err := e.Assess(req.Profile)
	if err != nil {
		fail("assess: %v", err)
	}
	seen := map[string]bool{}
	total, n, changes := 0, 0, 0
	var prev limber.Position
	for _, it := range p.Items {
		ex, err := e.Exercise(it.ExerciseID)
		if err != nil {
			fail("%v", err)
		}
		if seen[it.ExerciseID] {
			fail("%s twice", it.ExerciseID)
		}
		seen[it.ExerciseID] = true
		if ex.Restricted {
			fail("the planner picked restricted %s", it.ExerciseID)
		}
		if !slices.Contains(ex.Positions, it.Position) {
			fail("%s has no %s variant", it.ExerciseID, it.Position)
		}
		// Decided again from scratch: never excluded, and locked exactly
		// when it needs clearance (the exercise's own gate included).
		d := a.DecideVariant(ex, it.Position, ex.TagsAt(it.Position, it.Dosage))
		if d.Decision == limber.Exclude || it.Decision == limber.Exclude {
			fail("%s in %s is excluded: %v", it.ExerciseID, it.Position, ids(d.Reasons))
		}
		if d.Decision != it.Decision {
			fail("%s decision %s, decided again %s", it.ExerciseID, it.Decision, d.Decision)
		}
		if it.Locked != (it.Decision == limber.RequiresPTClearance) {
			fail("%s locked=%v with decision %s", it.ExerciseID, it.Locked, it.Decision)
		}
		if it.DurationSeconds != it.Dosage.DurationSeconds() {
			fail("%s duration %d", it.ExerciseID, it.DurationSeconds)
		}
		if slices.Contains(p.Profile.EffectiveConditions, limber.Spasticity) && it.Kind == limber.KindStretch && !it.Timed() && !it.Counted() && it.HoldSeconds < 30 {
			fail("%s held %d s with spasticity", it.ExerciseID, it.HoldSeconds)
		}
		if it.Locked {
			continue
		}
		// A wheelchair user does in the wheelchair every item that can be
		// done there (the opening and the closing may join the bed block).
		// (And a person in bed, M5, does in bed every item that can be.)
		if p.Profile.Mobility == limber.M4 && it.Position != limber.SeatedWheelchair && n > 0 && it.Kind != limber.KindRelaxation && slices.Contains(ex.Positions, limber.SeatedWheelchair) {
			if d := a.DecideVariant(ex, limber.SeatedWheelchair, ex.TagsAt(limber.SeatedWheelchair, it.Dosage)); d.Decision.Severity() < limber.RequiresPTClearance.Severity() {
				fail("%s in %s for a wheelchair user, though it is %s in the wheelchair", it.ExerciseID, it.Position, d.Decision)
			}
		}
		if p.Profile.Mobility == limber.M5 && it.Position.Family() != limber.FamilyLying && n > 0 && it.Kind != limber.KindRelaxation {
			for _, pos := range ex.Positions {
				if d := a.DecideVariant(ex, pos, ex.TagsAt(pos, it.Dosage)); pos.Family() == limber.FamilyLying && d.Decision.Severity() < limber.RequiresPTClearance.Severity() {
					fail("%s in %s for a person in bed, though it is %s in %s", it.ExerciseID, it.Position, d.Decision, pos)
				}
			}
		}
		if n > 0 && it.Position != prev {
			changes++
		}
		prev = it.Position
		total += it.DurationSeconds
		n++
	}
	if n > 1 {
		total += (n - 1) * p.Routine.RestSeconds
	}
	total += changes * p.Routine.PositionChangeSeconds
	if total != p.Routine.TotalSeconds {
		fail("total_seconds %d, counted %d", p.Routine.TotalSeconds, total)
	}
	if p.Routine.TotalSeconds > p.Routine.MaxSeconds || p.Routine.MaxSeconds > req.Minutes*60 {
		fail("total %d, max %d, asked %d min", p.Routine.TotalSeconds, p.Routine.MaxSeconds, req.Minutes)
	}
	if p.Routine.MaxItems != nil && n > *p.Routine.MaxItems {
		fail("%d deliverable items, limit %d", n, *p.Routine.MaxItems)
	}
	// Never empty when the library has something deliverable.
	if n == 0 {
		for _, ex := range e.Exercises() {
			for _, v := range ex.Variants() {
				if d := a.DecideVariant(ex, v.Position, v.Tags); !ex.Restricted && d.Decision.Severity() < limber.RequiresPTClearance.Severity() {
					fail("empty plan although %s in %s is %s", ex.ID, v.Position, d.Decision)
				}
			}
		}
	}
	for _, x := range p.Excluded {
		if len(x.Reasons) == 0 {
			fail("%s excluded without a reason", x.ExerciseID)
		}
	}
	checkTransfers(fail, p)
	// Deterministic: the same request gives the same document.
	again, err := e.Plan(req)
	if err != nil {
		fail("%v", err)
	}
	j1, _ := json.Marshal(p)
	j2, _ := json.Marshal(again)
	if string(j1) != string(j2) {
		fail("two builds differ")
	}
}

func BenchmarkDecideLibrary(b *testing.B) {
	e := shippedEngine(b)
	profile := limber.Profile{Mobility: limber.M3, Conditions: conds("bone_fragility", "stenosis_lumbar", "spasticity", "lhermitte")}
	b.ReportAllocs()
	for b.Loop() {
		a, err := e.Assess(profile)
		if err != nil {
			b.Fatal(err)
		}
		for _, ex := range e.Exercises() {
			for _, p := range ex.Positions {
				a.DecideExercise(ex, p)
			}
		}
	}
}

func BenchmarkPlan(b *testing.B) {
	e := shippedEngine(b)
	for _, bc := range []struct {
		name string
		req  limber.PlanRequest
	}{
		{"M1-none-15min", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}}},
		{"M4-lhermitte-15min", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M4, Conditions: conds("lhermitte")}}},
		{"M3-four-conditions-60min", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M3, Conditions: conds("bone_fragility", "stenosis_lumbar", "spasticity", "heat_sensitivity")}, Minutes: 60}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Plan(bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestCheckDose(t *testing.T) {
	e := shippedEngine(t)
	stretch, _ := e.Exercise("seated-hamstring-hinge")
	relax, _ := e.Exercise("tense-and-let-go")
	spastic := assess(t, limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}).Limits
	tests := []struct {
		name  string
		lim   limber.Limits
		ex    *limber.Exercise
		d     limber.Dosage
		field string
	}{
		{"spasticity refuses a 20 s stretch", spastic, stretch, limber.Dosage{HoldSeconds: 20, Reps: 2, Sets: 1}, "hold_seconds"},
		{"spasticity takes a 30 s stretch", spastic, stretch, limber.Dosage{HoldSeconds: 30, Reps: 2, Sets: 1}, ""},
		{"other kinds keep their own holds", spastic, relax, limber.Dosage{Seconds: 120}, ""},
		{"too many repetitions", spastic, stretch, limber.Dosage{HoldSeconds: 30, Reps: 5, Sets: 1}, "reps"},
		{"no hold at all", spastic, stretch, limber.Dosage{Reps: 2, Sets: 1}, "hold_seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.lim.CheckDose(tt.ex, tt.d)
			if tt.field == "" {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if e, ok := err.(*limber.Error); !ok || e.Field != tt.field {
				t.Errorf("got %v, want an error about %s", err, tt.field)
			} else if tt.field == "hold_seconds" && tt.d.HoldSeconds > 0 && !strings.Contains(e.Message, "spasticity") {
				t.Errorf("the reason must name the limit: %q", e.Message)
			}
		})
	}
}

// checkTransfers: a wheelchair user (M4) never goes wheelchair, bed,
// wheelchair, nor a person in bed (M5) bed, chair, bed: every place is one
// block; the notice is set exactly when the session leaves the wheelchair
// (M4, or a plan that starts in it) or the bed (M5).
func checkTransfers(fail func(string, ...any), p *limber.Plan) {
	var places []string
	var ps []limber.Position
	for _, it := range p.Items {
		if it.Locked {
			continue
		}
		ps = append(ps, it.Position)
		pl := string(it.Position)
		if f := it.Position.Family(); f != limber.FamilySeated {
			pl = string(f)
		}
		if len(places) == 0 || places[len(places)-1] != pl {
			places = append(places, pl)
		}
	}
	bed := p.Profile.Mobility == limber.M5
	wheelchair := len(ps) > 0 && !bed && (p.Profile.Mobility == limber.M4 || ps[0] == limber.SeatedWheelchair)
	away := false
	for _, pos := range ps {
		switch {
		case wheelchair && pos != limber.SeatedWheelchair:
			away = true
		case bed && pos.Family() != limber.FamilyLying:
			away = true
		}
	}
	if away != (p.Routine.TransferNotice != "") {
		fail("transfer notice %q with places %v", p.Routine.TransferNotice, places)
	}
	if p.Profile.Mobility != limber.M4 && p.Profile.Mobility != limber.M5 {
		return
	}
	seen := map[string]bool{}
	for _, pl := range places {
		if seen[pl] {
			fail("a wheelchair user goes back to %s: %v", pl, places)
		}
		seen[pl] = true
	}
}

// A wheelchair user's plan says before it starts when part of it is on the
// bed; the bed block is one, at the end with the relaxation lying down.
func TestPlanTransferNotice(t *testing.T) {
	for _, tc := range []struct {
		name    string
		req     limber.PlanRequest
		notice  string
		inChair bool // the whole session in the wheelchair
	}{
		{"M4 neck and shoulders", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M4}, Minutes: 5, Focus: []limber.Region{"neck", "shoulders"}}, "", true},
		{"M4 low back", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M4}, Minutes: 30, Focus: []limber.Region{"low_back", "hips"}},
			"Part of this session is on the bed. Do it when someone can help you move.", false},
		{"M1", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M1}, Minutes: 30, Focus: []limber.Region{"low_back"}}, "", false},
		{"M5 lying only", limber.PlanRequest{Profile: limber.Profile{Mobility: limber.M5, LyingOnly: true}, Minutes: 20}, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := plan(t, tc.req)
			if p.Routine.TransferNotice != tc.notice {
				t.Errorf("transfer_notice %q, want %q; items %v", p.Routine.TransferNotice, tc.notice, itemIDs(p))
			}
			if tc.inChair && slices.ContainsFunc(p.Items, func(it limber.Item) bool { return !it.Locked && it.Position != limber.SeatedWheelchair }) {
				t.Errorf("items %v", itemIDs(p))
			}
			if tc.notice != "" && p.Items[len(p.Items)-1].Position.Family() != limber.FamilyLying {
				t.Errorf("the relaxation should be lying down after the bed block: %v", itemIDs(p))
			}
			j, _ := json.Marshal(p)
			if !strings.Contains(string(j), `"transfer_notice":`) {
				t.Errorf("transfer_notice missing from the document")
			}
		})
	}
}
