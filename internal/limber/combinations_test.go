package limber_test

import (
	"slices"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

// TestWorkedCombinations follows RULES.md §2.1 with real exercises from the
// shipped library. Where the prose of §2.1 and the tables differ, the
// expectation is the tables' (contract §7): an M4 wheelchair user may stand
// holding on with a PT's clearance, for instance, though the prose says "no
// standing".
func TestWorkedCombinations(t *testing.T) {
	type want struct {
		exercise  string
		pos       limber.Position
		decision  limber.Decision
		preferred bool
	}
	tests := []struct {
		name    string
		profile limber.Profile
		want    []want
	}{
		{
			name:    "osteoporosis with lumbar stenosis: only neutral-spine work is free",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility", "stenosis_lumbar")},
			want: []want{
				{"single-knee-to-chest", limber.Supine, limber.RequiresPTClearance, false}, // gentle flexion waits for the PT
				{"both-knees-to-chest", limber.Supine, limber.Exclude, false},              // end-range flexion is out
				{"flatten-the-back-tilt", limber.Supine, limber.RequiresPTClearance, false},
				{"prop-on-elbows", limber.Prone, limber.RequiresPTClearance, false}, // gentle extension waits too
				{"press-up", limber.Prone, limber.Exclude, false},                   // end-range extension is out
				{"chin-tuck", limber.SeatedChair, limber.Allow, true},
				{"shoulder-blade-squeeze", limber.SeatedChair, limber.Allow, false},
				{"towel-chest-opener", limber.Supine, limber.Caution, false}, // low back flat, with a cue
				{"seated-chest-lift", limber.SeatedChair, limber.Caution, false},
				{"seated-hamstring-hinge", limber.SeatedChair, limber.Allow, false}, // limb stretch
				{"belly-breathing", limber.SemiReclined, limber.Allow, false},
				{"let-go-relaxation", limber.SideLying, limber.Allow, false},
			},
		},
		{
			name:    "wheelchair user with Lhermitte's sign",
			profile: limber.Profile{Mobility: limber.M4, Conditions: conds("lhermitte")},
			want: []want{
				{"counter-calf-stretch", limber.StandingSupported, limber.RequiresPTClearance, false},
				{"counter-weight-shifts", limber.StandingSupported, limber.Exclude, false},
				{"cat-cow", limber.Quadruped, limber.Exclude, false},
				{"chin-to-chest", limber.SeatedWheelchair, limber.Exclude, false},
				{"head-turns", limber.SeatedWheelchair, limber.RequiresPTClearance, false},
				{"ear-toward-shoulder", limber.SeatedWheelchair, limber.RequiresPTClearance, false},
				{"look-up", limber.SeatedWheelchair, limber.RequiresPTClearance, false},
				{"chin-tuck", limber.SeatedWheelchair, limber.RequiresPTClearance, false},
				{"body-scan", limber.SeatedWheelchair, limber.Exclude, false}, // the head drops forward
				{"body-scan", limber.SemiReclined, limber.Allow, false},
				// The towel is set up without bending forward and the hold
				// looks ahead (rewritten in the library audit), so no neck
				// flexion, loaded flexion or hip flexion past 90.
				{"seated-towel-calf-stretch", limber.SeatedWheelchair, limber.Allow, false},
				{"shoulder-blade-squeeze", limber.SeatedWheelchair, limber.Allow, false},
				// Head and shoulders turn as one: the neck does not rotate.
				{"gentle-seated-turn", limber.SeatedWheelchair, limber.Allow, false},
				{"wrist-bends-and-prayer-stretch", limber.SeatedWheelchair, limber.Allow, false}, // looks ahead
			},
		},
		{
			name:    "24 weeks pregnant with a disc herniation",
			profile: limber.Profile{Mobility: limber.M1, PregnancyWeek: week(24), Conditions: conds("herniated_disc")},
			want: []want{
				{"single-knee-to-chest", limber.Supine, limber.Exclude, false}, // flat on the back
				{"front-lying-rest", limber.Prone, limber.Exclude, false},      // face down
				{"seated-forward-fold", limber.SeatedChair, limber.Exclude, false},
				{"seated-diagonal-reach", limber.SeatedChair, limber.Exclude, false},
				{"seated-pelvic-rocks", limber.SeatedChair, limber.RequiresPTClearance, false}, // directional, disc
				{"both-knees-to-chest", limber.Supine, limber.Exclude, false},
				{"gentle-seated-turn", limber.SeatedChair, limber.Caution, false},
				{"side-lying-rest", limber.SideLying, limber.Allow, false},
				{"arms-overhead-lying", limber.SemiReclined, limber.Allow, false},
				{"arms-overhead-lying", limber.Supine, limber.Exclude, false},
				{"seated-hamstring-hinge", limber.SeatedChair, limber.Caution, false}, // leg-symptom stop rule
				{"counter-calf-stretch", limber.StandingSupported, limber.Allow, false},
			},
		},
		{
			name:    "lying only",
			profile: limber.Profile{Mobility: limber.M5, LyingOnly: true},
			want: []want{
				{"belly-breathing", limber.Supine, limber.Allow, false},
				{"belly-breathing", limber.SideLying, limber.Caution, false},
				{"belly-breathing", limber.SeatedChair, limber.Exclude, false},
				{"front-lying-rest", limber.Prone, limber.RequiresPTClearance, false},
				{"ankle-pumps-and-circles", limber.Supine, limber.Allow, false},
				{"heel-slides", limber.SemiReclined, limber.Allow, false},
				{"arms-overhead-lying", limber.Supine, limber.Allow, false},
				{"counter-calf-stretch", limber.StandingSupported, limber.Exclude, false},
				{"seated-weight-shifts", limber.SeatedChair, limber.Exclude, false},
				{"helper-arm-raise", limber.Supine, limber.Exclude, false}, // no helper recorded
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := shippedEngine(t)
			a := assess(t, tt.profile)
			for _, w := range tt.want {
				ex, err := e.Exercise(w.exercise)
				if err != nil {
					t.Fatal(err)
				}
				got := a.DecideExercise(ex, w.pos)
				if got.Decision != w.decision || got.Preferred != w.preferred {
					t.Errorf("%s (%s) = %s preferred=%v, want %s preferred=%v; reasons %v",
						w.exercise, w.pos, got.Decision, got.Preferred, w.decision, w.preferred, ids(got.Reasons))
				}
			}
		})
	}
}

// With a helper, lying-only plans may use helper-assisted stretches; without
// one they are excluded with the profile's own reason.
func TestHelperStretchesNeedAHelper(t *testing.T) {
	e := shippedEngine(t)
	ex, err := e.Exercise("helper-hamstring-stretch")
	if err != nil {
		t.Fatal(err)
	}
	with := assess(t, limber.Profile{Mobility: limber.M5, LyingOnly: true, HelperAvailable: true}).DecideExercise(ex, limber.Supine)
	if with.Decision != limber.Caution {
		t.Errorf("with a helper: %s %v, want caution", with.Decision, ids(with.Reasons))
	}
	without := assess(t, limber.Profile{Mobility: limber.M5, LyingOnly: true}).DecideExercise(ex, limber.Supine)
	if without.Decision != limber.Exclude || !slices.Contains(ids(without.Reasons), "helper_available-helper_assisted_passive") {
		t.Errorf("without a helper: %s %v, want excluded by the profile rule", without.Decision, ids(without.Reasons))
	}
}
