package limber_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

// ruleCase is one clinical rule, written from the rule tables of RULES.md
// §2.2 (mobility), §2.3 (everyone) and §2.4 (conditions), and the profile
// rules of §2.2 and contract §1. refs are checked where the table gives a
// source column per row.
type ruleCase struct {
	name     string
	id       string
	source   string
	target   string
	kind     limber.TargetKind
	decision limber.Decision
	refs     []string
}

var ruleCases = []ruleCase{
	{"M4 cautions position supine", "M4-supine", "mobility:M4", "supine", limber.TargetPosition, limber.Caution, nil},
	{"M4 cautions position side_lying", "M4-side_lying", "mobility:M4", "side_lying", limber.TargetPosition, limber.Caution, nil},
	{"M5 cautions position side_lying", "M5-side_lying", "mobility:M5", "side_lying", limber.TargetPosition, limber.Caution, nil},
	{"M3 cautions position prone", "M3-prone", "mobility:M3", "prone", limber.TargetPosition, limber.Caution, nil},
	{"M4 gates position prone", "M4-prone", "mobility:M4", "prone", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M5 gates position prone", "M5-prone", "mobility:M5", "prone", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M1 cautions position quadruped", "M1-quadruped", "mobility:M1", "quadruped", limber.TargetPosition, limber.Caution, nil},
	{"M2 gates position quadruped", "M2-quadruped", "mobility:M2", "quadruped", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M3 excludes position quadruped", "M3-quadruped", "mobility:M3", "quadruped", limber.TargetPosition, limber.Exclude, nil},
	{"M4 excludes position quadruped", "M4-quadruped", "mobility:M4", "quadruped", limber.TargetPosition, limber.Exclude, nil},
	{"M5 excludes position quadruped", "M5-quadruped", "mobility:M5", "quadruped", limber.TargetPosition, limber.Exclude, nil},
	{"M1 cautions position kneeling", "M1-kneeling", "mobility:M1", "kneeling", limber.TargetPosition, limber.Caution, nil},
	{"M2 gates position kneeling", "M2-kneeling", "mobility:M2", "kneeling", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M3 excludes position kneeling", "M3-kneeling", "mobility:M3", "kneeling", limber.TargetPosition, limber.Exclude, nil},
	{"M4 excludes position kneeling", "M4-kneeling", "mobility:M4", "kneeling", limber.TargetPosition, limber.Exclude, nil},
	{"M5 excludes position kneeling", "M5-kneeling", "mobility:M5", "kneeling", limber.TargetPosition, limber.Exclude, nil},
	{"M1 cautions position long_sitting_floor", "M1-long_sitting_floor", "mobility:M1", "long_sitting_floor", limber.TargetPosition, limber.Caution, nil},
	{"M2 gates position long_sitting_floor", "M2-long_sitting_floor", "mobility:M2", "long_sitting_floor", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M3 excludes position long_sitting_floor", "M3-long_sitting_floor", "mobility:M3", "long_sitting_floor", limber.TargetPosition, limber.Exclude, nil},
	{"M4 excludes position long_sitting_floor", "M4-long_sitting_floor", "mobility:M4", "long_sitting_floor", limber.TargetPosition, limber.Exclude, nil},
	{"M5 excludes position long_sitting_floor", "M5-long_sitting_floor", "mobility:M5", "long_sitting_floor", limber.TargetPosition, limber.Exclude, nil},
	{"M5 cautions position seated_chair", "M5-seated_chair", "mobility:M5", "seated_chair", limber.TargetPosition, limber.Caution, nil},
	{"M5 cautions position seated_wheelchair", "M5-seated_wheelchair", "mobility:M5", "seated_wheelchair", limber.TargetPosition, limber.Caution, nil},
	{"M3 cautions position seated_unsupported", "M3-seated_unsupported", "mobility:M3", "seated_unsupported", limber.TargetPosition, limber.Caution, nil},
	{"M4 gates position seated_unsupported", "M4-seated_unsupported", "mobility:M4", "seated_unsupported", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M5 gates position seated_unsupported", "M5-seated_unsupported", "mobility:M5", "seated_unsupported", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M2 cautions position standing_supported", "M2-standing_supported", "mobility:M2", "standing_supported", limber.TargetPosition, limber.Caution, nil},
	{"M3 gates position standing_supported", "M3-standing_supported", "mobility:M3", "standing_supported", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M4 gates position standing_supported", "M4-standing_supported", "mobility:M4", "standing_supported", limber.TargetPosition, limber.RequiresPTClearance, nil},
	{"M5 excludes position standing_supported", "M5-standing_supported", "mobility:M5", "standing_supported", limber.TargetPosition, limber.Exclude, nil},
	{"M2 excludes position standing_unsupported", "M2-standing_unsupported", "mobility:M2", "standing_unsupported", limber.TargetPosition, limber.Exclude, nil},
	{"M3 excludes position standing_unsupported", "M3-standing_unsupported", "mobility:M3", "standing_unsupported", limber.TargetPosition, limber.Exclude, nil},
	{"M4 excludes position standing_unsupported", "M4-standing_unsupported", "mobility:M4", "standing_unsupported", limber.TargetPosition, limber.Exclude, nil},
	{"M5 excludes position standing_unsupported", "M5-standing_unsupported", "mobility:M5", "standing_unsupported", limber.TargetPosition, limber.Exclude, nil},
	{"M1 cautions floor_transfer", "M1-floor_transfer", "mobility:M1", "floor_transfer", limber.TargetTag, limber.Caution, nil},
	{"M2 gates floor_transfer", "M2-floor_transfer", "mobility:M2", "floor_transfer", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M3 excludes floor_transfer", "M3-floor_transfer", "mobility:M3", "floor_transfer", limber.TargetTag, limber.Exclude, nil},
	{"M4 excludes floor_transfer", "M4-floor_transfer", "mobility:M4", "floor_transfer", limber.TargetTag, limber.Exclude, nil},
	{"M5 excludes floor_transfer", "M5-floor_transfer", "mobility:M5", "floor_transfer", limber.TargetTag, limber.Exclude, nil},
	{"M1 cautions quadruped_kneeling_load", "M1-quadruped_kneeling_load", "mobility:M1", "quadruped_kneeling_load", limber.TargetTag, limber.Caution, nil},
	{"M2 gates quadruped_kneeling_load", "M2-quadruped_kneeling_load", "mobility:M2", "quadruped_kneeling_load", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M3 excludes quadruped_kneeling_load", "M3-quadruped_kneeling_load", "mobility:M3", "quadruped_kneeling_load", limber.TargetTag, limber.Exclude, nil},
	{"M4 excludes quadruped_kneeling_load", "M4-quadruped_kneeling_load", "mobility:M4", "quadruped_kneeling_load", limber.TargetTag, limber.Exclude, nil},
	{"M5 excludes quadruped_kneeling_load", "M5-quadruped_kneeling_load", "mobility:M5", "quadruped_kneeling_load", limber.TargetTag, limber.Exclude, nil},
	{"M1 cautions single_leg_stance", "M1-single_leg_stance", "mobility:M1", "single_leg_stance", limber.TargetTag, limber.Caution, nil},
	{"M2 gates single_leg_stance", "M2-single_leg_stance", "mobility:M2", "single_leg_stance", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M3 excludes single_leg_stance", "M3-single_leg_stance", "mobility:M3", "single_leg_stance", limber.TargetTag, limber.Exclude, nil},
	{"M4 excludes single_leg_stance", "M4-single_leg_stance", "mobility:M4", "single_leg_stance", limber.TargetTag, limber.Exclude, nil},
	{"M5 excludes single_leg_stance", "M5-single_leg_stance", "mobility:M5", "single_leg_stance", limber.TargetTag, limber.Exclude, nil},
	{"M1 cautions balance_challenge_standing", "M1-balance_challenge_standing", "mobility:M1", "balance_challenge_standing", limber.TargetTag, limber.Caution, nil},
	{"M2 gates balance_challenge_standing", "M2-balance_challenge_standing", "mobility:M2", "balance_challenge_standing", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M3 excludes balance_challenge_standing", "M3-balance_challenge_standing", "mobility:M3", "balance_challenge_standing", limber.TargetTag, limber.Exclude, nil},
	{"M4 excludes balance_challenge_standing", "M4-balance_challenge_standing", "mobility:M4", "balance_challenge_standing", limber.TargetTag, limber.Exclude, nil},
	{"M5 excludes balance_challenge_standing", "M5-balance_challenge_standing", "mobility:M5", "balance_challenge_standing", limber.TargetTag, limber.Exclude, nil},
	{"M4 cautions balance_challenge_seated", "M4-balance_challenge_seated", "mobility:M4", "balance_challenge_seated", limber.TargetTag, limber.Caution, nil},
	{"M5 gates balance_challenge_seated", "M5-balance_challenge_seated", "mobility:M5", "balance_challenge_seated", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M1 cautions reach_outside_base", "M1-reach_outside_base", "mobility:M1", "reach_outside_base", limber.TargetTag, limber.Caution, nil},
	{"M2 cautions reach_outside_base", "M2-reach_outside_base", "mobility:M2", "reach_outside_base", limber.TargetTag, limber.Caution, nil},
	{"M3 gates reach_outside_base", "M3-reach_outside_base", "mobility:M3", "reach_outside_base", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M4 gates reach_outside_base", "M4-reach_outside_base", "mobility:M4", "reach_outside_base", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M5 excludes reach_outside_base", "M5-reach_outside_base", "mobility:M5", "reach_outside_base", limber.TargetTag, limber.Exclude, nil},
	{"M2 cautions prolonged_static_standing", "M2-prolonged_static_standing", "mobility:M2", "prolonged_static_standing", limber.TargetTag, limber.Caution, nil},
	{"M3 gates prolonged_static_standing", "M3-prolonged_static_standing", "mobility:M3", "prolonged_static_standing", limber.TargetTag, limber.RequiresPTClearance, nil},
	{"M4 excludes prolonged_static_standing", "M4-prolonged_static_standing", "mobility:M4", "prolonged_static_standing", limber.TargetTag, limber.Exclude, nil},
	{"M5 excludes prolonged_static_standing", "M5-prolonged_static_standing", "mobility:M5", "prolonged_static_standing", limber.TargetTag, limber.Exclude, nil},
	{"M1 cautions helper_assisted_passive", "M1-helper_assisted_passive", "mobility:M1", "helper_assisted_passive", limber.TargetTag, limber.Caution, nil},
	{"M2 cautions helper_assisted_passive", "M2-helper_assisted_passive", "mobility:M2", "helper_assisted_passive", limber.TargetTag, limber.Caution, nil},
	{"M3 cautions helper_assisted_passive", "M3-helper_assisted_passive", "mobility:M3", "helper_assisted_passive", limber.TargetTag, limber.Caution, nil},
	{"M4 cautions helper_assisted_passive", "M4-helper_assisted_passive", "mobility:M4", "helper_assisted_passive", limber.TargetTag, limber.Caution, nil},
	{"M5 cautions helper_assisted_passive", "M5-helper_assisted_passive", "mobility:M5", "helper_assisted_passive", limber.TargetTag, limber.Caution, nil},
	{"everyone excludes ballistic", "global-ballistic", "global", "ballistic", limber.TargetTag, limber.Exclude, []string{"S4", "S5", "S9"}},
	{"everyone excludes impact", "global-impact", "global", "impact", limber.TargetTag, limber.Exclude, []string{"S21", "S22", "E"}},
	{"everyone excludes abdominal_loading", "global-abdominal_loading", "global", "abdominal_loading", limber.TargetTag, limber.Exclude, []string{"S22", "S23", "E"}},
	{"everyone excludes overhead_load", "global-overhead_load", "global", "overhead_load", limber.TargetTag, limber.Exclude, []string{"S21", "E"}},
	{"everyone cautions rapid_movement", "global-rapid_movement", "global", "rapid_movement", limber.TargetTag, limber.Caution, []string{"S10", "S11"}},
	{"back_pain_msk cautions flexion_with_rotation", "back_pain_msk-flexion_with_rotation", "condition:back_pain_msk", "flexion_with_rotation", limber.TargetTag, limber.Caution, []string{"S1", "E"}},
	{"back_pain_msk cautions loaded_spinal_flexion", "back_pain_msk-loaded_spinal_flexion", "condition:back_pain_msk", "loaded_spinal_flexion", limber.TargetTag, limber.Caution, []string{"S1", "E"}},
	{"back_pain_msk cautions spinal_extension_end_range", "back_pain_msk-spinal_extension_end_range", "condition:back_pain_msk", "spinal_extension_end_range", limber.TargetTag, limber.Caution, []string{"S1", "E"}},
	{"back_pain_msk cautions spinal_flexion_end_range", "back_pain_msk-spinal_flexion_end_range", "condition:back_pain_msk", "spinal_flexion_end_range", limber.TargetTag, limber.Caution, []string{"S1", "E"}},
	{"back_pain_msk cautions spinal_rotation_end_range", "back_pain_msk-spinal_rotation_end_range", "condition:back_pain_msk", "spinal_rotation_end_range", limber.TargetTag, limber.Caution, []string{"S1", "E"}},
	{"back_pain_unevaluated gates flexion_with_rotation", "back_pain_unevaluated-flexion_with_rotation", "condition:back_pain_unevaluated", "flexion_with_rotation", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates loaded_spinal_flexion", "back_pain_unevaluated-loaded_spinal_flexion", "condition:back_pain_unevaluated", "loaded_spinal_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_extension_end_range", "back_pain_unevaluated-spinal_extension_end_range", "condition:back_pain_unevaluated", "spinal_extension_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_extension", "back_pain_unevaluated-spinal_extension", "condition:back_pain_unevaluated", "spinal_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_flexion_end_range", "back_pain_unevaluated-spinal_flexion_end_range", "condition:back_pain_unevaluated", "spinal_flexion_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_flexion", "back_pain_unevaluated-spinal_flexion", "condition:back_pain_unevaluated", "spinal_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_lateral_flexion", "back_pain_unevaluated-spinal_lateral_flexion", "condition:back_pain_unevaluated", "spinal_lateral_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_rotation_end_range", "back_pain_unevaluated-spinal_rotation_end_range", "condition:back_pain_unevaluated", "spinal_rotation_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates spinal_rotation", "back_pain_unevaluated-spinal_rotation", "condition:back_pain_unevaluated", "spinal_rotation", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"back_pain_unevaluated gates thoracic_extension", "back_pain_unevaluated-thoracic_extension", "condition:back_pain_unevaluated", "thoracic_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S31"}},
	{"spasticity excludes rapid_movement", "spasticity-rapid_movement", "condition:spasticity", "rapid_movement", limber.TargetTag, limber.Exclude, []string{"S10", "S11"}},
	{"spasticity cautions helper_assisted_passive", "spasticity-helper_assisted_passive", "condition:spasticity", "helper_assisted_passive", limber.TargetTag, limber.Caution, []string{"S3", "S11", "E"}},
	{"spasticity cautions muscle_tensing", "spasticity-muscle_tensing", "condition:spasticity", "muscle_tensing", limber.TargetTag, limber.Caution, []string{"S32", "E"}},
	{"spasticity prefers prone_lying", "spasticity-prone_lying", "condition:spasticity", "prone_lying", limber.TargetTag, limber.Prefer, []string{"S2", "S13"}},
	{"spasticity prefers position prone", "spasticity-prone", "condition:spasticity", "prone", limber.TargetPosition, limber.Prefer, []string{"S2", "S13"}},
	{"fatigue cautions floor_transfer", "fatigue-floor_transfer", "condition:fatigue", "floor_transfer", limber.TargetTag, limber.Caution, []string{"S18"}},
	{"fatigue cautions prolonged_static_standing", "fatigue-prolonged_static_standing", "condition:fatigue", "prolonged_static_standing", limber.TargetTag, limber.Caution, []string{"S18"}},
	{"fatigue cautions position standing_supported", "fatigue-standing_supported", "condition:fatigue", "standing_supported", limber.TargetPosition, limber.Caution, []string{"S18"}},
	{"fatigue cautions position standing_unsupported", "fatigue-standing_unsupported", "condition:fatigue", "standing_unsupported", limber.TargetPosition, limber.Caution, []string{"S18"}},
	{"balance_falls excludes position standing_unsupported", "balance_falls-standing_unsupported", "condition:balance_falls", "standing_unsupported", limber.TargetPosition, limber.Exclude, []string{"S20"}},
	{"balance_falls gates balance_challenge_standing", "balance_falls-balance_challenge_standing", "condition:balance_falls", "balance_challenge_standing", limber.TargetTag, limber.RequiresPTClearance, []string{"S20", "S6"}},
	{"balance_falls gates floor_transfer", "balance_falls-floor_transfer", "condition:balance_falls", "floor_transfer", limber.TargetTag, limber.RequiresPTClearance, []string{"S20", "E"}},
	{"balance_falls gates quadruped_kneeling_load", "balance_falls-quadruped_kneeling_load", "condition:balance_falls", "quadruped_kneeling_load", limber.TargetTag, limber.RequiresPTClearance, []string{"S20", "E"}},
	{"balance_falls gates single_leg_stance", "balance_falls-single_leg_stance", "condition:balance_falls", "single_leg_stance", limber.TargetTag, limber.RequiresPTClearance, []string{"S20"}},
	{"balance_falls gates position kneeling", "balance_falls-kneeling", "condition:balance_falls", "kneeling", limber.TargetPosition, limber.RequiresPTClearance, []string{"S20", "E"}},
	{"balance_falls gates position long_sitting_floor", "balance_falls-long_sitting_floor", "condition:balance_falls", "long_sitting_floor", limber.TargetPosition, limber.RequiresPTClearance, []string{"S20", "E"}},
	{"balance_falls gates position quadruped", "balance_falls-quadruped", "condition:balance_falls", "quadruped", limber.TargetPosition, limber.RequiresPTClearance, []string{"S20", "E"}},
	{"balance_falls cautions prolonged_static_standing", "balance_falls-prolonged_static_standing", "condition:balance_falls", "prolonged_static_standing", limber.TargetTag, limber.Caution, []string{"S20", "E"}},
	{"balance_falls cautions reach_outside_base", "balance_falls-reach_outside_base", "condition:balance_falls", "reach_outside_base", limber.TargetTag, limber.Caution, []string{"S20", "E"}},
	{"balance_falls cautions position standing_supported", "balance_falls-standing_supported", "condition:balance_falls", "standing_supported", limber.TargetPosition, limber.Caution, []string{"S20", "E"}},
	{"lhermitte excludes neck_flexion", "lhermitte-neck_flexion", "condition:lhermitte", "neck_flexion", limber.TargetTag, limber.Exclude, []string{"S1", "S14"}},
	{"lhermitte gates neck_extension", "lhermitte-neck_extension", "condition:lhermitte", "neck_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S14"}},
	{"lhermitte gates neck_lateral_flexion", "lhermitte-neck_lateral_flexion", "condition:lhermitte", "neck_lateral_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S14"}},
	{"lhermitte gates neck_retraction", "lhermitte-neck_retraction", "condition:lhermitte", "neck_retraction", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S14"}},
	{"lhermitte gates neck_rotation", "lhermitte-neck_rotation", "condition:lhermitte", "neck_rotation", limber.TargetTag, limber.RequiresPTClearance, []string{"S1", "S14"}},
	{"ddd excludes flexion_with_rotation", "ddd-flexion_with_rotation", "condition:ddd", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"S26", "E"}},
	{"ddd excludes loaded_spinal_flexion", "ddd-loaded_spinal_flexion", "condition:ddd", "loaded_spinal_flexion", limber.TargetTag, limber.Exclude, []string{"S26", "S24b", "E"}},
	{"ddd cautions spinal_extension_end_range", "ddd-spinal_extension_end_range", "condition:ddd", "spinal_extension_end_range", limber.TargetTag, limber.Caution, []string{"S26", "E"}},
	{"ddd cautions spinal_flexion_end_range", "ddd-spinal_flexion_end_range", "condition:ddd", "spinal_flexion_end_range", limber.TargetTag, limber.Caution, []string{"S26", "E"}},
	{"ddd cautions spinal_rotation_end_range", "ddd-spinal_rotation_end_range", "condition:ddd", "spinal_rotation_end_range", limber.TargetTag, limber.Caution, []string{"S26", "E"}},
	{"herniated_disc excludes flexion_with_rotation", "herniated_disc-flexion_with_rotation", "condition:herniated_disc", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"S25", "E"}},
	{"herniated_disc excludes loaded_spinal_flexion", "herniated_disc-loaded_spinal_flexion", "condition:herniated_disc", "loaded_spinal_flexion", limber.TargetTag, limber.Exclude, []string{"S25", "S24b"}},
	{"herniated_disc gates spinal_extension_end_range", "herniated_disc-spinal_extension_end_range", "condition:herniated_disc", "spinal_extension_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S25"}},
	{"herniated_disc gates spinal_extension", "herniated_disc-spinal_extension", "condition:herniated_disc", "spinal_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S25"}},
	{"herniated_disc gates spinal_flexion_end_range", "herniated_disc-spinal_flexion_end_range", "condition:herniated_disc", "spinal_flexion_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S25"}},
	{"herniated_disc gates spinal_rotation_end_range", "herniated_disc-spinal_rotation_end_range", "condition:herniated_disc", "spinal_rotation_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S25"}},
	{"herniated_disc cautions prone_lying", "herniated_disc-prone_lying", "condition:herniated_disc", "prone_lying", limber.TargetTag, limber.Caution, []string{"S25"}},
	{"herniated_disc cautions sciatic_nerve_tension", "herniated_disc-sciatic_nerve_tension", "condition:herniated_disc", "sciatic_nerve_tension", limber.TargetTag, limber.Caution, []string{"S25"}},
	{"herniated_disc cautions spinal_flexion", "herniated_disc-spinal_flexion", "condition:herniated_disc", "spinal_flexion", limber.TargetTag, limber.Caution, []string{"S25"}},
	{"herniated_disc cautions spinal_rotation", "herniated_disc-spinal_rotation", "condition:herniated_disc", "spinal_rotation", limber.TargetTag, limber.Caution, []string{"S25"}},
	{"herniated_disc cautions position prone", "herniated_disc-prone", "condition:herniated_disc", "prone", limber.TargetPosition, limber.Caution, []string{"S25"}},
	{"herniated_disc_radiating gates sciatic_nerve_tension", "herniated_disc_radiating-sciatic_nerve_tension", "condition:herniated_disc_radiating", "sciatic_nerve_tension", limber.TargetTag, limber.RequiresPTClearance, []string{"S25", "E"}},
	{"stenosis_lumbar excludes spinal_extension_end_range", "stenosis_lumbar-spinal_extension_end_range", "condition:stenosis_lumbar", "spinal_extension_end_range", limber.TargetTag, limber.Exclude, []string{"S24"}},
	{"stenosis_lumbar gates prone_lying", "stenosis_lumbar-prone_lying", "condition:stenosis_lumbar", "prone_lying", limber.TargetTag, limber.RequiresPTClearance, []string{"S24", "E"}},
	{"stenosis_lumbar gates spinal_extension", "stenosis_lumbar-spinal_extension", "condition:stenosis_lumbar", "spinal_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S24"}},
	{"stenosis_lumbar gates position prone", "stenosis_lumbar-prone", "condition:stenosis_lumbar", "prone", limber.TargetPosition, limber.RequiresPTClearance, []string{"S24", "E"}},
	{"stenosis_lumbar cautions hip_extension_end_range", "stenosis_lumbar-hip_extension_end_range", "condition:stenosis_lumbar", "hip_extension_end_range", limber.TargetTag, limber.Caution, []string{"S24", "E"}},
	{"stenosis_lumbar cautions prolonged_static_standing", "stenosis_lumbar-prolonged_static_standing", "condition:stenosis_lumbar", "prolonged_static_standing", limber.TargetTag, limber.Caution, []string{"S24"}},
	{"stenosis_lumbar cautions thoracic_extension", "stenosis_lumbar-thoracic_extension", "condition:stenosis_lumbar", "thoracic_extension", limber.TargetTag, limber.Caution, []string{"S24", "E"}},
	{"stenosis_lumbar prefers spinal_flexion_end_range", "stenosis_lumbar-spinal_flexion_end_range", "condition:stenosis_lumbar", "spinal_flexion_end_range", limber.TargetTag, limber.Prefer, []string{"S24"}},
	{"stenosis_lumbar prefers spinal_flexion", "stenosis_lumbar-spinal_flexion", "condition:stenosis_lumbar", "spinal_flexion", limber.TargetTag, limber.Prefer, []string{"S24"}},
	{"cervical_spine_problem excludes neck_extension", "cervical_spine_problem-neck_extension", "condition:cervical_spine_problem", "neck_extension", limber.TargetTag, limber.Exclude, []string{"E"}},
	{"cervical_spine_problem gates neck_flexion", "cervical_spine_problem-neck_flexion", "condition:cervical_spine_problem", "neck_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"cervical_spine_problem gates neck_lateral_flexion", "cervical_spine_problem-neck_lateral_flexion", "condition:cervical_spine_problem", "neck_lateral_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"cervical_spine_problem gates neck_retraction", "cervical_spine_problem-neck_retraction", "condition:cervical_spine_problem", "neck_retraction", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"cervical_spine_problem gates neck_rotation", "cervical_spine_problem-neck_rotation", "condition:cervical_spine_problem", "neck_rotation", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"bone_fragility excludes flexion_with_rotation", "bone_fragility-flexion_with_rotation", "condition:bone_fragility", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"S22", "S23"}},
	{"bone_fragility excludes loaded_spinal_flexion", "bone_fragility-loaded_spinal_flexion", "condition:bone_fragility", "loaded_spinal_flexion", limber.TargetTag, limber.Exclude, []string{"S21", "S22", "S23"}},
	{"bone_fragility excludes spinal_flexion_end_range", "bone_fragility-spinal_flexion_end_range", "condition:bone_fragility", "spinal_flexion_end_range", limber.TargetTag, limber.Exclude, []string{"S21"}},
	{"bone_fragility excludes spinal_rotation_end_range", "bone_fragility-spinal_rotation_end_range", "condition:bone_fragility", "spinal_rotation_end_range", limber.TargetTag, limber.Exclude, []string{"S21", "S23"}},
	{"bone_fragility gates helper_assisted_passive", "bone_fragility-helper_assisted_passive", "condition:bone_fragility", "helper_assisted_passive", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"bone_fragility gates spinal_extension_end_range", "bone_fragility-spinal_extension_end_range", "condition:bone_fragility", "spinal_extension_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S23"}},
	{"bone_fragility gates spinal_flexion", "bone_fragility-spinal_flexion", "condition:bone_fragility", "spinal_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"S21", "E"}},
	{"bone_fragility cautions floor_transfer", "bone_fragility-floor_transfer", "condition:bone_fragility", "floor_transfer", limber.TargetTag, limber.Caution, []string{"S21", "E"}},
	{"bone_fragility cautions spinal_lateral_flexion", "bone_fragility-spinal_lateral_flexion", "condition:bone_fragility", "spinal_lateral_flexion", limber.TargetTag, limber.Caution, []string{"S23"}},
	{"bone_fragility cautions spinal_rotation", "bone_fragility-spinal_rotation", "condition:bone_fragility", "spinal_rotation", limber.TargetTag, limber.Caution, []string{"S21"}},
	{"bone_fragility prefers neck_retraction", "bone_fragility-neck_retraction", "condition:bone_fragility", "neck_retraction", limber.TargetTag, limber.Prefer, []string{"S21", "S36"}},
	{"bone_fragility prefers spinal_extension", "bone_fragility-spinal_extension", "condition:bone_fragility", "spinal_extension", limber.TargetTag, limber.Prefer, []string{"S21", "S36"}},
	{"bone_fragility prefers thoracic_extension", "bone_fragility-thoracic_extension", "condition:bone_fragility", "thoracic_extension", limber.TargetTag, limber.Prefer, []string{"S21", "S36"}},
	{"vertebral_fracture gates spinal_extension", "vertebral_fracture-spinal_extension", "condition:vertebral_fracture", "spinal_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S21"}},
	{"vertebral_fracture gates spinal_lateral_flexion", "vertebral_fracture-spinal_lateral_flexion", "condition:vertebral_fracture", "spinal_lateral_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"S21"}},
	{"vertebral_fracture gates spinal_rotation", "vertebral_fracture-spinal_rotation", "condition:vertebral_fracture", "spinal_rotation", limber.TargetTag, limber.RequiresPTClearance, []string{"S21"}},
	{"vertebral_fracture gates thoracic_extension", "vertebral_fracture-thoracic_extension", "condition:vertebral_fracture", "thoracic_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"S21"}},
	{"ankylosing_spondylitis excludes flexion_with_rotation", "ankylosing_spondylitis-flexion_with_rotation", "condition:ankylosing_spondylitis", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"S27"}},
	{"ankylosing_spondylitis excludes loaded_spinal_flexion", "ankylosing_spondylitis-loaded_spinal_flexion", "condition:ankylosing_spondylitis", "loaded_spinal_flexion", limber.TargetTag, limber.Exclude, []string{"S27", "E"}},
	{"ankylosing_spondylitis excludes spinal_rotation_end_range", "ankylosing_spondylitis-spinal_rotation_end_range", "condition:ankylosing_spondylitis", "spinal_rotation_end_range", limber.TargetTag, limber.Exclude, []string{"S27"}},
	{"ankylosing_spondylitis gates balance_challenge_standing", "ankylosing_spondylitis-balance_challenge_standing", "condition:ankylosing_spondylitis", "balance_challenge_standing", limber.TargetTag, limber.RequiresPTClearance, []string{"S27"}},
	{"ankylosing_spondylitis gates single_leg_stance", "ankylosing_spondylitis-single_leg_stance", "condition:ankylosing_spondylitis", "single_leg_stance", limber.TargetTag, limber.RequiresPTClearance, []string{"S27"}},
	{"ankylosing_spondylitis gates spinal_extension_end_range", "ankylosing_spondylitis-spinal_extension_end_range", "condition:ankylosing_spondylitis", "spinal_extension_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S27", "E"}},
	{"ankylosing_spondylitis gates spinal_flexion_end_range", "ankylosing_spondylitis-spinal_flexion_end_range", "condition:ankylosing_spondylitis", "spinal_flexion_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"S27", "E"}},
	{"ankylosing_spondylitis cautions floor_transfer", "ankylosing_spondylitis-floor_transfer", "condition:ankylosing_spondylitis", "floor_transfer", limber.TargetTag, limber.Caution, []string{"S27"}},
	{"ankylosing_spondylitis cautions neck_extension", "ankylosing_spondylitis-neck_extension", "condition:ankylosing_spondylitis", "neck_extension", limber.TargetTag, limber.Caution, []string{"S27"}},
	{"ankylosing_spondylitis cautions neck_flexion", "ankylosing_spondylitis-neck_flexion", "condition:ankylosing_spondylitis", "neck_flexion", limber.TargetTag, limber.Caution, []string{"S27"}},
	{"ankylosing_spondylitis cautions neck_lateral_flexion", "ankylosing_spondylitis-neck_lateral_flexion", "condition:ankylosing_spondylitis", "neck_lateral_flexion", limber.TargetTag, limber.Caution, []string{"S27"}},
	{"ankylosing_spondylitis cautions neck_rotation", "ankylosing_spondylitis-neck_rotation", "condition:ankylosing_spondylitis", "neck_rotation", limber.TargetTag, limber.Caution, []string{"S27"}},
	{"ankylosing_spondylitis prefers neck_retraction", "ankylosing_spondylitis-neck_retraction", "condition:ankylosing_spondylitis", "neck_retraction", limber.TargetTag, limber.Prefer, []string{"S27"}},
	{"ankylosing_spondylitis prefers prone_lying", "ankylosing_spondylitis-prone_lying", "condition:ankylosing_spondylitis", "prone_lying", limber.TargetTag, limber.Prefer, []string{"S27"}},
	{"ankylosing_spondylitis prefers spinal_extension", "ankylosing_spondylitis-spinal_extension", "condition:ankylosing_spondylitis", "spinal_extension", limber.TargetTag, limber.Prefer, []string{"S27"}},
	{"ankylosing_spondylitis prefers thoracic_extension", "ankylosing_spondylitis-thoracic_extension", "condition:ankylosing_spondylitis", "thoracic_extension", limber.TargetTag, limber.Prefer, []string{"S27"}},
	{"ankylosing_spondylitis prefers position prone", "ankylosing_spondylitis-prone", "condition:ankylosing_spondylitis", "prone", limber.TargetPosition, limber.Prefer, []string{"S27"}},
	{"scoliosis cautions spinal_lateral_flexion", "scoliosis-spinal_lateral_flexion", "condition:scoliosis", "spinal_lateral_flexion", limber.TargetTag, limber.Caution, []string{"E"}},
	{"scoliosis cautions spinal_rotation_end_range", "scoliosis-spinal_rotation_end_range", "condition:scoliosis", "spinal_rotation_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"spine_surgery_12m excludes flexion_with_rotation", "spine_surgery_12m-flexion_with_rotation", "condition:spine_surgery_12m", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"E"}},
	{"spine_surgery_12m excludes loaded_spinal_flexion", "spine_surgery_12m-loaded_spinal_flexion", "condition:spine_surgery_12m", "loaded_spinal_flexion", limber.TargetTag, limber.Exclude, []string{"E"}},
	{"spine_surgery_12m excludes spinal_rotation_end_range", "spine_surgery_12m-spinal_rotation_end_range", "condition:spine_surgery_12m", "spinal_rotation_end_range", limber.TargetTag, limber.Exclude, []string{"E"}},
	{"spine_surgery_12m gates spinal_extension_end_range", "spine_surgery_12m-spinal_extension_end_range", "condition:spine_surgery_12m", "spinal_extension_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"spine_surgery_12m gates spinal_extension", "spine_surgery_12m-spinal_extension", "condition:spine_surgery_12m", "spinal_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"spine_surgery_12m gates spinal_flexion_end_range", "spine_surgery_12m-spinal_flexion_end_range", "condition:spine_surgery_12m", "spinal_flexion_end_range", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"spine_surgery_12m gates spinal_flexion", "spine_surgery_12m-spinal_flexion", "condition:spine_surgery_12m", "spinal_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"spine_surgery_12m gates spinal_lateral_flexion", "spine_surgery_12m-spinal_lateral_flexion", "condition:spine_surgery_12m", "spinal_lateral_flexion", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"spine_surgery_12m gates spinal_rotation", "spine_surgery_12m-spinal_rotation", "condition:spine_surgery_12m", "spinal_rotation", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"spine_surgery_12m gates thoracic_extension", "spine_surgery_12m-thoracic_extension", "condition:spine_surgery_12m", "thoracic_extension", limber.TargetTag, limber.RequiresPTClearance, []string{"E"}},
	{"fibromyalgia cautions hip_extension_end_range", "fibromyalgia-hip_extension_end_range", "condition:fibromyalgia", "hip_extension_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"fibromyalgia cautions hip_external_rotation_end_range", "fibromyalgia-hip_external_rotation_end_range", "condition:fibromyalgia", "hip_external_rotation_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"fibromyalgia cautions muscle_tensing", "fibromyalgia-muscle_tensing", "condition:fibromyalgia", "muscle_tensing", limber.TargetTag, limber.Caution, []string{"E"}},
	{"fibromyalgia cautions spinal_extension_end_range", "fibromyalgia-spinal_extension_end_range", "condition:fibromyalgia", "spinal_extension_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"fibromyalgia cautions spinal_flexion_end_range", "fibromyalgia-spinal_flexion_end_range", "condition:fibromyalgia", "spinal_flexion_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"fibromyalgia cautions spinal_rotation_end_range", "fibromyalgia-spinal_rotation_end_range", "condition:fibromyalgia", "spinal_rotation_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"acute_strain cautions flexion_with_rotation", "acute_strain-flexion_with_rotation", "condition:acute_strain", "flexion_with_rotation", limber.TargetTag, limber.Caution, []string{"E"}},
	{"acute_strain cautions loaded_spinal_flexion", "acute_strain-loaded_spinal_flexion", "condition:acute_strain", "loaded_spinal_flexion", limber.TargetTag, limber.Caution, []string{"E"}},
	{"acute_strain cautions spinal_extension_end_range", "acute_strain-spinal_extension_end_range", "condition:acute_strain", "spinal_extension_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"acute_strain cautions spinal_flexion_end_range", "acute_strain-spinal_flexion_end_range", "condition:acute_strain", "spinal_flexion_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"acute_strain cautions spinal_rotation_end_range", "acute_strain-spinal_rotation_end_range", "condition:acute_strain", "spinal_rotation_end_range", limber.TargetTag, limber.Caution, []string{"E"}},
	{"obesity_mobility_limit cautions floor_transfer", "obesity_mobility_limit-floor_transfer", "condition:obesity_mobility_limit", "floor_transfer", limber.TargetTag, limber.Caution, []string{"E"}},
	{"obesity_mobility_limit cautions prone_lying", "obesity_mobility_limit-prone_lying", "condition:obesity_mobility_limit", "prone_lying", limber.TargetTag, limber.Caution, []string{"E"}},
	{"obesity_mobility_limit cautions position prone", "obesity_mobility_limit-prone", "condition:obesity_mobility_limit", "prone", limber.TargetPosition, limber.Caution, []string{"E"}},
	{"hip_replacement_any excludes floor_transfer", "hip_replacement_any-floor_transfer", "condition:hip_replacement_any", "floor_transfer", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_any excludes quadruped_kneeling_load", "hip_replacement_any-quadruped_kneeling_load", "condition:hip_replacement_any", "quadruped_kneeling_load", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_any excludes position kneeling", "hip_replacement_any-kneeling", "condition:hip_replacement_any", "kneeling", limber.TargetPosition, limber.Exclude, []string{"S29"}},
	{"hip_replacement_any excludes position long_sitting_floor", "hip_replacement_any-long_sitting_floor", "condition:hip_replacement_any", "long_sitting_floor", limber.TargetPosition, limber.Exclude, []string{"S29"}},
	{"hip_replacement_any excludes position quadruped", "hip_replacement_any-quadruped", "condition:hip_replacement_any", "quadruped", limber.TargetPosition, limber.Exclude, []string{"S29"}},
	{"hip_replacement_any gates helper_assisted_passive", "hip_replacement_any-helper_assisted_passive", "condition:hip_replacement_any", "helper_assisted_passive", limber.TargetTag, limber.RequiresPTClearance, []string{"S29", "E"}},
	{"hip_replacement_any gates hip_rom", "hip_replacement_any-hip_rom", "condition:hip_replacement_any", "hip_rom", limber.TargetTag, limber.RequiresPTClearance, []string{"S29"}},
	{"hip_replacement_posterior excludes hip_adduction_past_midline", "hip_replacement_posterior-hip_adduction_past_midline", "condition:hip_replacement_posterior", "hip_adduction_past_midline", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_posterior excludes hip_flexion_past_90", "hip_replacement_posterior-hip_flexion_past_90", "condition:hip_replacement_posterior", "hip_flexion_past_90", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_posterior excludes hip_internal_rotation", "hip_replacement_posterior-hip_internal_rotation", "condition:hip_replacement_posterior", "hip_internal_rotation", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_posterior gates position side_lying", "hip_replacement_posterior-side_lying", "condition:hip_replacement_posterior", "side_lying", limber.TargetPosition, limber.RequiresPTClearance, []string{"S29"}},
	{"hip_replacement_anterior excludes hip_extension_end_range", "hip_replacement_anterior-hip_extension_end_range", "condition:hip_replacement_anterior", "hip_extension_end_range", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_anterior excludes hip_external_rotation_end_range", "hip_replacement_anterior-hip_external_rotation_end_range", "condition:hip_replacement_anterior", "hip_external_rotation_end_range", limber.TargetTag, limber.Exclude, []string{"S29"}},
	{"hip_replacement_anterior gates prone_lying", "hip_replacement_anterior-prone_lying", "condition:hip_replacement_anterior", "prone_lying", limber.TargetTag, limber.RequiresPTClearance, []string{"S29", "E"}},
	{"hip_replacement_anterior gates position prone", "hip_replacement_anterior-prone", "condition:hip_replacement_anterior", "prone", limber.TargetPosition, limber.RequiresPTClearance, []string{"S29", "E"}},
	{"pregnancy_lt13 excludes prolonged_static_standing", "pregnancy_lt13-prolonged_static_standing", "condition:pregnancy_lt13", "prolonged_static_standing", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_lt13 cautions balance_challenge_standing", "pregnancy_lt13-balance_challenge_standing", "condition:pregnancy_lt13", "balance_challenge_standing", limber.TargetTag, limber.Caution, []string{"S28"}},
	{"pregnancy_lt13 cautions floor_transfer", "pregnancy_lt13-floor_transfer", "condition:pregnancy_lt13", "floor_transfer", limber.TargetTag, limber.Caution, []string{"E"}},
	{"pregnancy_lt13 cautions hip_external_rotation_end_range", "pregnancy_lt13-hip_external_rotation_end_range", "condition:pregnancy_lt13", "hip_external_rotation_end_range", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"pregnancy_lt13 cautions prone_lying", "pregnancy_lt13-prone_lying", "condition:pregnancy_lt13", "prone_lying", limber.TargetTag, limber.Caution, []string{"E"}},
	{"pregnancy_lt13 cautions single_leg_stance", "pregnancy_lt13-single_leg_stance", "condition:pregnancy_lt13", "single_leg_stance", limber.TargetTag, limber.Caution, []string{"S28"}},
	{"pregnancy_lt13 cautions position prone", "pregnancy_lt13-prone", "condition:pregnancy_lt13", "prone", limber.TargetPosition, limber.Caution, []string{"E"}},
	{"pregnancy_13_27 excludes flexion_with_rotation", "pregnancy_13_27-flexion_with_rotation", "condition:pregnancy_13_27", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"S28b", "E"}},
	{"pregnancy_13_27 excludes prolonged_static_standing", "pregnancy_13_27-prolonged_static_standing", "condition:pregnancy_13_27", "prolonged_static_standing", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_13_27 excludes prolonged_supine", "pregnancy_13_27-prolonged_supine", "condition:pregnancy_13_27", "prolonged_supine", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_13_27 excludes prone_lying", "pregnancy_13_27-prone_lying", "condition:pregnancy_13_27", "prone_lying", limber.TargetTag, limber.Exclude, []string{"S28", "E"}},
	{"pregnancy_13_27 excludes spinal_rotation_end_range", "pregnancy_13_27-spinal_rotation_end_range", "condition:pregnancy_13_27", "spinal_rotation_end_range", limber.TargetTag, limber.Exclude, []string{"S28b", "E"}},
	{"pregnancy_13_27 excludes position prone", "pregnancy_13_27-prone", "condition:pregnancy_13_27", "prone", limber.TargetPosition, limber.Exclude, []string{"S28", "E"}},
	{"pregnancy_13_27 excludes position supine", "pregnancy_13_27-supine", "condition:pregnancy_13_27", "supine", limber.TargetPosition, limber.Exclude, []string{"S28"}},
	{"pregnancy_13_27 gates balance_challenge_standing", "pregnancy_13_27-balance_challenge_standing", "condition:pregnancy_13_27", "balance_challenge_standing", limber.TargetTag, limber.RequiresPTClearance, []string{"S28"}},
	{"pregnancy_13_27 gates single_leg_stance", "pregnancy_13_27-single_leg_stance", "condition:pregnancy_13_27", "single_leg_stance", limber.TargetTag, limber.RequiresPTClearance, []string{"S28"}},
	{"pregnancy_13_27 cautions floor_transfer", "pregnancy_13_27-floor_transfer", "condition:pregnancy_13_27", "floor_transfer", limber.TargetTag, limber.Caution, []string{"E"}},
	{"pregnancy_13_27 cautions hip_external_rotation_end_range", "pregnancy_13_27-hip_external_rotation_end_range", "condition:pregnancy_13_27", "hip_external_rotation_end_range", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"pregnancy_13_27 cautions loaded_spinal_flexion", "pregnancy_13_27-loaded_spinal_flexion", "condition:pregnancy_13_27", "loaded_spinal_flexion", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"pregnancy_13_27 cautions spinal_rotation", "pregnancy_13_27-spinal_rotation", "condition:pregnancy_13_27", "spinal_rotation", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"pregnancy_28plus excludes balance_challenge_standing", "pregnancy_28plus-balance_challenge_standing", "condition:pregnancy_28plus", "balance_challenge_standing", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_28plus excludes flexion_with_rotation", "pregnancy_28plus-flexion_with_rotation", "condition:pregnancy_28plus", "flexion_with_rotation", limber.TargetTag, limber.Exclude, []string{"S28b", "E"}},
	{"pregnancy_28plus excludes prolonged_static_standing", "pregnancy_28plus-prolonged_static_standing", "condition:pregnancy_28plus", "prolonged_static_standing", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_28plus excludes prolonged_supine", "pregnancy_28plus-prolonged_supine", "condition:pregnancy_28plus", "prolonged_supine", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_28plus excludes prone_lying", "pregnancy_28plus-prone_lying", "condition:pregnancy_28plus", "prone_lying", limber.TargetTag, limber.Exclude, []string{"S28", "E"}},
	{"pregnancy_28plus excludes single_leg_stance", "pregnancy_28plus-single_leg_stance", "condition:pregnancy_28plus", "single_leg_stance", limber.TargetTag, limber.Exclude, []string{"S28"}},
	{"pregnancy_28plus excludes spinal_rotation_end_range", "pregnancy_28plus-spinal_rotation_end_range", "condition:pregnancy_28plus", "spinal_rotation_end_range", limber.TargetTag, limber.Exclude, []string{"S28b", "E"}},
	{"pregnancy_28plus excludes position prone", "pregnancy_28plus-prone", "condition:pregnancy_28plus", "prone", limber.TargetPosition, limber.Exclude, []string{"S28", "E"}},
	{"pregnancy_28plus excludes position standing_unsupported", "pregnancy_28plus-standing_unsupported", "condition:pregnancy_28plus", "standing_unsupported", limber.TargetPosition, limber.Exclude, []string{"S28"}},
	{"pregnancy_28plus excludes position supine", "pregnancy_28plus-supine", "condition:pregnancy_28plus", "supine", limber.TargetPosition, limber.Exclude, []string{"S28"}},
	{"pregnancy_28plus gates floor_transfer", "pregnancy_28plus-floor_transfer", "condition:pregnancy_28plus", "floor_transfer", limber.TargetTag, limber.RequiresPTClearance, []string{"S28", "E"}},
	{"pregnancy_28plus cautions hip_external_rotation_end_range", "pregnancy_28plus-hip_external_rotation_end_range", "condition:pregnancy_28plus", "hip_external_rotation_end_range", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"pregnancy_28plus cautions loaded_spinal_flexion", "pregnancy_28plus-loaded_spinal_flexion", "condition:pregnancy_28plus", "loaded_spinal_flexion", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"pregnancy_28plus cautions quadruped_kneeling_load", "pregnancy_28plus-quadruped_kneeling_load", "condition:pregnancy_28plus", "quadruped_kneeling_load", limber.TargetTag, limber.Caution, []string{"E"}},
	{"pregnancy_28plus cautions spinal_rotation", "pregnancy_28plus-spinal_rotation", "condition:pregnancy_28plus", "spinal_rotation", limber.TargetTag, limber.Caution, []string{"S28b", "E"}},
	{"recent_relapse excludes balance_challenge_standing", "recent_relapse-balance_challenge_standing", "condition:recent_relapse", "balance_challenge_standing", limber.TargetTag, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes floor_transfer", "recent_relapse-floor_transfer", "condition:recent_relapse", "floor_transfer", limber.TargetTag, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes quadruped_kneeling_load", "recent_relapse-quadruped_kneeling_load", "condition:recent_relapse", "quadruped_kneeling_load", limber.TargetTag, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes single_leg_stance", "recent_relapse-single_leg_stance", "condition:recent_relapse", "single_leg_stance", limber.TargetTag, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes position kneeling", "recent_relapse-kneeling", "condition:recent_relapse", "kneeling", limber.TargetPosition, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes position long_sitting_floor", "recent_relapse-long_sitting_floor", "condition:recent_relapse", "long_sitting_floor", limber.TargetPosition, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes position quadruped", "recent_relapse-quadruped", "condition:recent_relapse", "quadruped", limber.TargetPosition, limber.Exclude, []string{"S19"}},
	{"recent_relapse excludes position standing_unsupported", "recent_relapse-standing_unsupported", "condition:recent_relapse", "standing_unsupported", limber.TargetPosition, limber.Exclude, []string{"S19"}},
	{"recent_relapse gates prolonged_static_standing", "recent_relapse-prolonged_static_standing", "condition:recent_relapse", "prolonged_static_standing", limber.TargetTag, limber.RequiresPTClearance, []string{"S19"}},
	{"recent_relapse gates position standing_supported", "recent_relapse-standing_supported", "condition:recent_relapse", "standing_supported", limber.TargetPosition, limber.RequiresPTClearance, []string{"S19"}},
	{"recent_relapse cautions balance_challenge_seated", "recent_relapse-balance_challenge_seated", "condition:recent_relapse", "balance_challenge_seated", limber.TargetTag, limber.Caution, []string{"S19"}},
	{"sensory_loss cautions helper_assisted_passive", "sensory_loss-helper_assisted_passive", "condition:sensory_loss", "helper_assisted_passive", limber.TargetTag, limber.Caution, []string{"E"}},
	{"lying_only excludes position seated_chair", "lying_only-seated_chair", "profile:lying_only", "seated_chair", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position seated_wheelchair", "lying_only-seated_wheelchair", "profile:lying_only", "seated_wheelchair", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position seated_unsupported", "lying_only-seated_unsupported", "profile:lying_only", "seated_unsupported", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position standing_supported", "lying_only-standing_supported", "profile:lying_only", "standing_supported", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position standing_unsupported", "lying_only-standing_unsupported", "profile:lying_only", "standing_unsupported", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position quadruped", "lying_only-quadruped", "profile:lying_only", "quadruped", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position kneeling", "lying_only-kneeling", "profile:lying_only", "kneeling", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes position long_sitting_floor", "lying_only-long_sitting_floor", "profile:lying_only", "long_sitting_floor", limber.TargetPosition, limber.Exclude, nil},
	{"lying_only excludes balance_challenge_seated", "lying_only-balance_challenge_seated", "profile:lying_only", "balance_challenge_seated", limber.TargetTag, limber.Exclude, nil},
	{"lying_only excludes reach_outside_base", "lying_only-reach_outside_base", "profile:lying_only", "reach_outside_base", limber.TargetTag, limber.Exclude, nil},
	{"lying_only excludes prolonged_static_standing", "lying_only-prolonged_static_standing", "profile:lying_only", "prolonged_static_standing", limber.TargetTag, limber.Exclude, nil},
	{"no helper excludes helper_assisted_passive", "helper_available-helper_assisted_passive", "profile:helper_available", "helper_assisted_passive", limber.TargetTag, limber.Exclude, nil},
}

// profileFor builds the smallest profile the rule's subject applies to.
func profileFor(source string) limber.Profile {
	p := limber.Profile{Mobility: limber.M1, HelperAvailable: true}
	switch {
	case strings.HasPrefix(source, "mobility:"):
		p.Mobility = limber.Mobility(strings.TrimPrefix(source, "mobility:"))
	case strings.HasPrefix(source, "condition:"):
		p.Conditions = conds(strings.TrimPrefix(source, "condition:"))
	case source == limber.SubjectLyingOnly:
		p.Mobility, p.LyingOnly = limber.M5, true
	case source == limber.SubjectNoHelper:
		p.HelperAvailable = false
	}
	return p
}

// TestEveryClinicalRule checks each rule on its own: for the smallest
// profile it applies to, an exercise loading just that tag (done propped up,
// a position every level allows) or done in just that position gets the
// rule as a reason, with its decision, and a decision at least as
// restrictive.
func TestEveryClinicalRule(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			a := assess(t, profileFor(tc.source))
			pos, tags := limber.SemiReclined, []limber.Tag{limber.Tag(tc.target)}
			if tc.kind == limber.TargetPosition {
				pos, tags = limber.Position(tc.target), nil
			}
			got := a.Decide(pos, tags)
			i := slices.IndexFunc(got.Reasons, func(r *limber.Rule) bool { return r.ID == tc.id })
			if i < 0 {
				t.Fatalf("rule %s did not fire; reasons: %v", tc.id, ids(got.Reasons))
			}
			r := got.Reasons[i]
			if r.Source != tc.source || r.Decision != tc.decision || r.Target != tc.target || r.TargetKind != tc.kind {
				t.Errorf("rule %s = %s/%s/%s/%s, want %s/%s/%s/%s", tc.id, r.Source, r.Decision, r.Target, r.TargetKind, tc.source, tc.decision, tc.target, tc.kind)
			}
			if tc.refs != nil && !slices.Equal(r.Refs, tc.refs) {
				t.Errorf("rule %s refs = %v, want %v", tc.id, r.Refs, tc.refs)
			}
			if strings.TrimSpace(r.Text) == "" {
				t.Errorf("rule %s has no reason for the patient", tc.id)
			}
			if tc.decision != limber.Prefer && got.Decision.Severity() < tc.decision.Severity() {
				t.Errorf("decision %s is less restrictive than the rule's %s", got.Decision, tc.decision)
			}
			if tc.decision == limber.Prefer && got.Decision == limber.Allow && !got.Preferred {
				t.Errorf("a prefer rule on an otherwise allowed variant must set preferred")
			}
		})
	}
}

// TestNoRuleWithoutACase keeps the data and the table above in step: a rule
// added to the data without a case here, or a case whose rule is gone,
// fails.
func TestNoRuleWithoutACase(t *testing.T) {
	rs := shippedEngine(t).Rules()
	want := map[string]bool{}
	for _, tc := range ruleCases {
		if want[tc.id] {
			t.Errorf("case %s listed twice", tc.id)
		}
		want[tc.id] = true
	}
	for _, r := range rs.Rules {
		if !want[r.ID] {
			t.Errorf("rule %s (%s) has no case in ruleCases", r.ID, r.File)
		}
		delete(want, r.ID)
	}
	for id := range want {
		t.Errorf("case %s has no rule in the data", id)
	}
}

func ids(rs []*limber.Rule) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
