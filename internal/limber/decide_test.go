package limber_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func tags(ts ...string) []limber.Tag {
	out := make([]limber.Tag, len(ts))
	for i, t := range ts {
		out[i] = limber.Tag(t)
	}
	return out
}

// TestDecisionSemantics covers how rules combine (RULES.md §0, contract §7).
func TestDecisionSemantics(t *testing.T) {
	tests := []struct {
		name          string
		profile       limber.Profile
		pos           limber.Position
		tags          []limber.Tag
		want          limber.Decision
		wantPreferred bool
		wantReasons   []string // every one must be present
	}{
		{
			name:    "most restrictive wins and every reason is kept",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("herniated_disc")},
			pos:     limber.Prone, tags: tags("prone_lying", "spinal_extension"),
			want:        limber.RequiresPTClearance,
			wantReasons: []string{"herniated_disc-prone", "herniated_disc-prone_lying", "herniated_disc-spinal_extension"},
		},
		{
			name:    "two conditions that exclude are both named",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility", "herniated_disc")},
			pos:     limber.SeatedChair, tags: tags("loaded_spinal_flexion"),
			want:        limber.Exclude,
			wantReasons: []string{"bone_fragility-loaded_spinal_flexion", "herniated_disc-loaded_spinal_flexion"},
		},
		{
			name:    "prefer never relaxes: stenosis prefers flexion, fragile bones gate it",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility", "stenosis_lumbar")},
			pos:     limber.Supine, tags: tags("spinal_flexion"),
			want:        limber.RequiresPTClearance,
			wantReasons: []string{"bone_fragility-spinal_flexion", "stenosis_lumbar-spinal_flexion"},
		},
		{
			name:    "prefer alone marks the variant preferred and allows it",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("stenosis_lumbar")},
			pos:     limber.Supine, tags: tags("spinal_flexion"),
			want: limber.Allow, wantPreferred: true,
			wantReasons: []string{"stenosis_lumbar-spinal_flexion"},
		},
		{
			name:    "prefer on one tag survives a caution on another tag",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility")},
			pos:     limber.SeatedChair, tags: tags("neck_retraction", "spinal_rotation"),
			want: limber.Caution, wantPreferred: true,
			wantReasons: []string{"bone_fragility-neck_retraction", "bone_fragility-spinal_rotation"},
		},
		{
			name:    "prefer is dropped when another source cautions the same tag",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility", "stenosis_lumbar")},
			pos:     limber.Supine, tags: tags("thoracic_extension"),
			want:        limber.Caution,
			wantReasons: []string{"bone_fragility-thoracic_extension", "stenosis_lumbar-thoracic_extension"},
		},
		{
			name:    "balance_falls is on by itself at M2",
			profile: limber.Profile{Mobility: limber.M2},
			pos:     limber.StandingUnsupported,
			want:    limber.Exclude, wantReasons: []string{"balance_falls-standing_unsupported", "M2-standing_unsupported"},
		},
		{
			name:    "balance_falls is off at M1 unless given",
			profile: limber.Profile{Mobility: limber.M1},
			pos:     limber.StandingUnsupported,
			want:    limber.Allow,
		},
		{
			name:    "lying_only removes seated positions",
			profile: limber.Profile{Mobility: limber.M5, LyingOnly: true},
			pos:     limber.SeatedWheelchair,
			want:    limber.Exclude, wantReasons: []string{"lying_only-seated_wheelchair", "M5-seated_wheelchair"},
		},
		{
			name:    "helper exercises are excluded without a helper",
			profile: limber.Profile{Mobility: limber.M4},
			pos:     limber.Supine, tags: tags("helper_assisted_passive"),
			want: limber.Exclude, wantReasons: []string{"helper_available-helper_assisted_passive", "M4-helper_assisted_passive"},
		},
		{
			name:    "helper exercises are allowed with a caution when a helper is recorded",
			profile: limber.Profile{Mobility: limber.M4, HelperAvailable: true},
			pos:     limber.SemiReclined, tags: tags("helper_assisted_passive"),
			want: limber.Caution, wantReasons: []string{"M4-helper_assisted_passive"},
		},
		{
			name:    "unknown hip approach gets the posterior precautions",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("hip_replacement_any")},
			pos:     limber.SemiReclined, tags: tags("hip_flexion_past_90"),
			want: limber.Exclude, wantReasons: []string{"hip_replacement_posterior-hip_flexion_past_90"},
		},
		{
			name:    "unknown hip approach gets the anterior precautions",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("hip_replacement_any")},
			pos:     limber.SemiReclined, tags: tags("hip_external_rotation_end_range"),
			want: limber.Exclude, wantReasons: []string{"hip_replacement_anterior-hip_external_rotation_end_range"},
		},
		{
			name:    "a known anterior approach does not bring the posterior rules",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("hip_replacement_anterior")},
			pos:     limber.SemiReclined, tags: tags("hip_flexion_past_90"),
			want: limber.Allow,
		},
		{
			name:    "radiating disc brings the base disc rules",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("herniated_disc_radiating")},
			pos:     limber.SeatedChair, tags: tags("sciatic_nerve_tension", "loaded_spinal_flexion"),
			want: limber.Exclude,
			wantReasons: []string{"herniated_disc-sciatic_nerve_tension", "herniated_disc_radiating-sciatic_nerve_tension",
				"herniated_disc-loaded_spinal_flexion"},
		},
		{
			name:    "vertebral fracture brings the fragile-bone rules",
			profile: limber.Profile{Mobility: limber.M1, Conditions: conds("vertebral_fracture")},
			pos:     limber.Supine, tags: tags("spinal_flexion_end_range"),
			want: limber.Exclude, wantReasons: []string{"bone_fragility-spinal_flexion_end_range"},
		},
		{
			name:    "pregnancy week 12 is the first band",
			profile: limber.Profile{Mobility: limber.M1, PregnancyWeek: week(12)},
			pos:     limber.Supine,
			want:    limber.Allow,
		},
		{
			name:    "pregnancy week 13 excludes lying flat",
			profile: limber.Profile{Mobility: limber.M1, PregnancyWeek: week(13)},
			pos:     limber.Supine,
			want:    limber.Exclude, wantReasons: []string{"pregnancy_13_27-supine"},
		},
		{
			name:    "pregnancy week 28 is late pregnancy",
			profile: limber.Profile{Mobility: limber.M1, PregnancyWeek: week(28)},
			pos:     limber.SemiReclined, tags: tags("balance_challenge_standing"),
			want: limber.Exclude, wantReasons: []string{"pregnancy_28plus-balance_challenge_standing"},
		},
		{
			name:    "pregnancy with no week is treated as late pregnancy",
			profile: limber.Profile{Mobility: limber.M1, Pregnant: true},
			pos:     limber.SemiReclined, tags: tags("single_leg_stance"),
			want: limber.Exclude, wantReasons: []string{"pregnancy_28plus-single_leg_stance"},
		},
		{
			name:    "no rule means allow",
			profile: limber.Profile{Mobility: limber.M1},
			pos:     limber.SeatedChair,
			want:    limber.Allow,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := assess(t, tt.profile).Decide(tt.pos, tt.tags)
			if got.Decision != tt.want || got.Preferred != tt.wantPreferred {
				t.Errorf("decision = %s preferred=%v, want %s preferred=%v (reasons %v)", got.Decision, got.Preferred, tt.want, tt.wantPreferred, ids(got.Reasons))
			}
			for _, id := range tt.wantReasons {
				if !slices.Contains(ids(got.Reasons), id) {
					t.Errorf("reason %s missing from %v", id, ids(got.Reasons))
				}
			}
			if tt.want == limber.Allow && !tt.wantPreferred && len(got.Reasons) > 0 {
				t.Errorf("allowed with reasons %v", ids(got.Reasons))
			}
		})
	}
}

func TestImpliedTags(t *testing.T) {
	ex := &limber.Exercise{
		ID: "x", Positions: []limber.Position{limber.Prone, limber.Quadruped, limber.Kneeling, limber.LongSittingFloor, limber.Supine, limber.SemiReclined},
		Tags:        tags("hip_rom"),
		VariantTags: map[limber.Position][]limber.Tag{limber.SemiReclined: tags("neck_flexion")},
	}
	tests := []struct {
		pos    limber.Position
		dosage limber.Dosage
		want   []limber.Tag
	}{
		{limber.Prone, limber.Dosage{HoldSeconds: 30}, tags("hip_rom", "prone_lying")},
		{limber.Quadruped, limber.Dosage{HoldSeconds: 30}, tags("floor_transfer", "hip_rom", "quadruped_kneeling_load")},
		{limber.Kneeling, limber.Dosage{HoldSeconds: 30}, tags("floor_transfer", "hip_rom", "quadruped_kneeling_load")},
		{limber.LongSittingFloor, limber.Dosage{HoldSeconds: 30}, tags("floor_transfer", "hip_rom")},
		{limber.Supine, limber.Dosage{HoldSeconds: 60}, tags("hip_rom")},
		{limber.Supine, limber.Dosage{HoldSeconds: 61}, tags("hip_rom", "prolonged_supine")},
		{limber.Supine, limber.Dosage{Seconds: 90}, tags("hip_rom", "prolonged_supine")},
		{limber.SemiReclined, limber.Dosage{Seconds: 300}, tags("hip_rom", "neck_flexion")},
	}
	for _, tt := range tests {
		t.Run(string(tt.pos), func(t *testing.T) {
			if got := ex.TagsAt(tt.pos, tt.dosage); !slices.Equal(got, tt.want) {
				t.Errorf("TagsAt(%s) = %v, want %v", tt.pos, got, tt.want)
			}
		})
	}
	helper := &limber.Exercise{ID: "h", Positions: []limber.Position{limber.Supine}, Helper: true}
	if got := helper.TagsAt(limber.Supine, limber.Dosage{HoldSeconds: 30}); !slices.Contains(got, "helper_assisted_passive") {
		t.Errorf("a helper exercise must carry helper_assisted_passive, got %v", got)
	}
}

func TestProfileErrors(t *testing.T) {
	tests := []struct {
		name    string
		profile limber.Profile
		field   string
		says    string
	}{
		{"unknown mobility lists the levels", limber.Profile{Mobility: "M6"}, "mobility", "M1, M2, M3, M4, M5"},
		{"unknown condition lists the valid ones", limber.Profile{Mobility: limber.M1, Conditions: conds("back_ache")}, "conditions[0]", "lhermitte"},
		{"lying only needs M5", limber.Profile{Mobility: limber.M4, LyingOnly: true}, "lying_only", "M5"},
		{"both back-pain baselines", limber.Profile{Mobility: limber.M1, Conditions: conds("back_pain_msk", "back_pain_unevaluated")}, "conditions", "cannot both"},
		{"pregnancy week out of range", limber.Profile{Mobility: limber.M1, PregnancyWeek: week(43)}, "pregnancy_week", "0 and 42"},
		{"week and band disagree", limber.Profile{Mobility: limber.M1, PregnancyWeek: week(30), Conditions: conds("pregnancy_lt13")}, "pregnancy_week", "pregnancy_28plus"},
		{"two bands", limber.Profile{Mobility: limber.M1, Conditions: conds("pregnancy_lt13", "pregnancy_28plus")}, "conditions", "only one pregnancy band"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.profile.Resolve()
			var e *limber.Error
			if err == nil || !asError(err, &e) {
				t.Fatalf("Resolve() error = %v, want a domain error", err)
			}
			if e.Code != limber.EINVALID || e.Field != tt.field || !strings.Contains(e.Message, tt.says) {
				t.Errorf("error = %q (field %q), want field %q saying %q", e.Message, e.Field, tt.field, tt.says)
			}
		})
	}
	// A week and the band it falls in agree.
	if _, err := (limber.Profile{Mobility: limber.M1, PregnancyWeek: week(20), Conditions: conds("pregnancy_13_27")}).Resolve(); err != nil {
		t.Errorf("week 20 with pregnancy_13_27: %v", err)
	}
}

func asError(err error, target **limber.Error) bool {
	e, ok := err.(*limber.Error)
	*target = e
	return ok
}

func TestPregnancyBand(t *testing.T) {
	for w, want := range map[int]limber.Condition{0: "pregnancy_lt13", 12: "pregnancy_lt13", 13: "pregnancy_13_27", 27: "pregnancy_13_27", 28: "pregnancy_28plus", 42: "pregnancy_28plus"} {
		if got := limber.PregnancyBand(w); got != want {
			t.Errorf("week %d: band %s, want %s", w, got, want)
		}
	}
}

func TestParseRejectsUnknownAndListsValid(t *testing.T) {
	for _, tt := range []struct {
		parse func(string) error
		bad   string
		list  string
	}{
		{func(s string) error { _, err := limber.ParsePosition(s); return err }, "sitting", "seated_wheelchair"},
		{func(s string) error { _, err := limber.ParseTag(s); return err }, "twist", "spinal_rotation_end_range"},
		{func(s string) error { _, err := limber.ParseRegion(s); return err }, "back", "low_back"},
		{func(s string) error { _, err := limber.ParseKind(s); return err }, "yoga", "relaxation"},
		{func(s string) error { _, err := limber.ParseDecision(s); return err }, "maybe", "requires_pt_clearance"},
	} {
		err := tt.parse(tt.bad)
		if err == nil || !strings.Contains(err.Error(), `"`+tt.bad+`"`) || !strings.Contains(err.Error(), tt.list) {
			t.Errorf("parsing %q: %v; want it named and %s listed", tt.bad, err, tt.list)
		}
	}
}
