// Package limber is the core of Limber: the clinical vocabulary, exercises,
// rules, the safety decision and the plan builder. It imports neither the
// database nor HTTP; it takes values and returns values.
package limber

import (
	"slices"
	"strings"
)

// Mobility is one of the five walking-based mobility levels (RULES.md §1a).
type Mobility string

// The mobility levels, most mobile first.
const (
	M1 Mobility = "M1" // walks independently
	M2 Mobility = "M2" // walks with one support
	M3 Mobility = "M3" // two supports, short distances
	M4 Mobility = "M4" // mostly wheelchair
	M5 Mobility = "M5" // mostly in bed
)

// Mobilities lists every mobility level in order.
var Mobilities = []Mobility{M1, M2, M3, M4, M5}

// MobilityLabels are the plain-language labels a patient picks from.
var MobilityLabels = map[Mobility]string{
	M1: "I walk on my own",
	M2: "I walk with one support",
	M3: "I walk short distances with two supports",
	M4: "I mostly use a wheelchair",
	M5: "I spend most of the day in bed",
}

// Position is the body position an exercise variant is done in (RULES.md §1b).
type Position string

// The twelve positions.
const (
	Supine              Position = "supine"
	SemiReclined        Position = "semi_reclined"
	SideLying           Position = "side_lying"
	Prone               Position = "prone"
	Quadruped           Position = "quadruped"
	Kneeling            Position = "kneeling"
	LongSittingFloor    Position = "long_sitting_floor"
	SeatedChair         Position = "seated_chair"
	SeatedWheelchair    Position = "seated_wheelchair"
	SeatedUnsupported   Position = "seated_unsupported"
	StandingSupported   Position = "standing_supported"
	StandingUnsupported Position = "standing_unsupported"
)

// Positions lists every position in the order a session moves through them:
// seated first (where breathing starts), then standing, then the floor, then
// lying down, where the closing relaxation ends.
var Positions = []Position{
	SeatedChair, SeatedWheelchair, SeatedUnsupported,
	StandingSupported, StandingUnsupported,
	LongSittingFloor, Kneeling, Quadruped,
	Prone, SideLying, SemiReclined, Supine,
}

// PositionFamily groups positions the way a patient thinks of them.
type PositionFamily string

// The position families.
const (
	FamilyLying    PositionFamily = "lying"
	FamilySeated   PositionFamily = "seated"
	FamilyStanding PositionFamily = "standing"
	FamilyFloor    PositionFamily = "floor"
)

// Family says which family a position belongs to.
func (p Position) Family() PositionFamily {
	switch p {
	case SeatedChair, SeatedWheelchair, SeatedUnsupported:
		return FamilySeated
	case StandingSupported, StandingUnsupported:
		return FamilyStanding
	case Quadruped, Kneeling, LongSittingFloor:
		return FamilyFloor
	default:
		return FamilyLying
	}
}

// Label is the plain name of a position shown to a patient.
func (p Position) Label() string {
	return positionLabels[p]
}

var positionLabels = map[Position]string{
	Supine:              "Lying on your back",
	SemiReclined:        "Lying propped up",
	SideLying:           "Lying on your side",
	Prone:               "Lying on your front",
	Quadruped:           "On hands and knees",
	Kneeling:            "Kneeling",
	LongSittingFloor:    "Sitting on the floor",
	SeatedChair:         "Sitting in a chair",
	SeatedWheelchair:    "Sitting in your wheelchair",
	SeatedUnsupported:   "Sitting without a backrest",
	StandingSupported:   "Standing, holding on",
	StandingUnsupported: "Standing",
}

// Tag is a movement or load an exercise demands (RULES.md §1c).
type Tag string

// Tags lists every movement tag.
var Tags = []Tag{
	// spine
	"spinal_flexion", "spinal_flexion_end_range", "loaded_spinal_flexion",
	"spinal_extension", "spinal_extension_end_range", "thoracic_extension",
	"spinal_rotation", "spinal_rotation_end_range", "flexion_with_rotation",
	"spinal_lateral_flexion", "abdominal_loading",
	// neck
	"neck_flexion", "neck_extension", "neck_rotation", "neck_lateral_flexion", "neck_retraction",
	// hip and nerve
	"hip_rom", "hip_flexion_past_90", "hip_adduction_past_midline", "hip_internal_rotation",
	"hip_external_rotation_end_range", "hip_extension_end_range", "sciatic_nerve_tension",
	// position, balance and loading
	"prone_lying", "prolonged_supine", "floor_transfer", "quadruped_kneeling_load",
	"balance_challenge_standing", "balance_challenge_seated", "single_leg_stance",
	"reach_outside_base", "prolonged_static_standing", "ballistic", "rapid_movement",
	"impact", "overhead_reach", "overhead_load", "muscle_tensing", "helper_assisted_passive",
}

// Tags the engine adds by itself.
const (
	TagProneLying      Tag = "prone_lying"
	TagProlongedSupine Tag = "prolonged_supine"
	TagFloorTransfer   Tag = "floor_transfer"
	TagQuadrupedLoad   Tag = "quadruped_kneeling_load"
	TagHelperPassive   Tag = "helper_assisted_passive"
	TagMuscleTensing   Tag = "muscle_tensing"
)

// Condition is a condition or profile flag (RULES.md §1d).
type Condition string

// Conditions the engine refers to by name.
const (
	BackPainMSK             Condition = "back_pain_msk"
	BackPainUnevaluated     Condition = "back_pain_unevaluated"
	Spasticity              Condition = "spasticity"
	HeatSensitivity         Condition = "heat_sensitivity"
	Fatigue                 Condition = "fatigue"
	BalanceFalls            Condition = "balance_falls"
	Lhermitte               Condition = "lhermitte"
	DDD                     Condition = "ddd"
	HerniatedDisc           Condition = "herniated_disc"
	HerniatedDiscRadiating  Condition = "herniated_disc_radiating"
	StenosisLumbar          Condition = "stenosis_lumbar"
	CervicalSpineProblem    Condition = "cervical_spine_problem"
	BoneFragility           Condition = "bone_fragility"
	VertebralFracture       Condition = "vertebral_fracture"
	AnkylosingSpondylitis   Condition = "ankylosing_spondylitis"
	Scoliosis               Condition = "scoliosis"
	SpineSurgery12m         Condition = "spine_surgery_12m"
	Fibromyalgia            Condition = "fibromyalgia"
	AcuteStrain             Condition = "acute_strain"
	ObesityMobilityLimit    Condition = "obesity_mobility_limit"
	HipReplacementAny       Condition = "hip_replacement_any"
	HipReplacementPosterior Condition = "hip_replacement_posterior"
	HipReplacementAnterior  Condition = "hip_replacement_anterior"
	PregnancyLT13           Condition = "pregnancy_lt13"
	Pregnancy13to27         Condition = "pregnancy_13_27"
	Pregnancy28Plus         Condition = "pregnancy_28plus"
	RecentRelapse           Condition = "recent_relapse"
	SensoryLoss             Condition = "sensory_loss"
	Cognitive               Condition = "cognitive"
	BladderUrgency          Condition = "bladder_urgency"
)

// Conditions lists every condition flag.
var Conditions = []Condition{
	BackPainMSK, BackPainUnevaluated, Spasticity, HeatSensitivity, Fatigue, BalanceFalls,
	Lhermitte, DDD, HerniatedDisc, HerniatedDiscRadiating, StenosisLumbar, CervicalSpineProblem,
	BoneFragility, VertebralFracture, AnkylosingSpondylitis, Scoliosis, SpineSurgery12m,
	Fibromyalgia, AcuteStrain, ObesityMobilityLimit, HipReplacementAny, HipReplacementPosterior,
	HipReplacementAnterior, PregnancyLT13, Pregnancy13to27, Pregnancy28Plus, RecentRelapse,
	SensoryLoss, Cognitive, BladderUrgency,
}

// ConditionDescriptions are the plain descriptions a PT and patient read.
var ConditionDescriptions = map[Condition]string{
	BackPainMSK:             "Back pain a clinician has examined: posture, gait, stiffness or other muscle and joint causes.",
	BackPainUnevaluated:     "Back pain no doctor or PT has examined yet.",
	Spasticity:              "Stiff, tight muscles or spasms.",
	HeatSensitivity:         "MS symptoms get worse when hot (weather, bath, exercise).",
	Fatigue:                 "MS fatigue that limits daily activity.",
	BalanceFalls:            "A fall in the past 12 months, or feeling unsteady.",
	Lhermitte:               "Known Lhermitte's sign: an electric-shock feeling when the neck bends forward.",
	DDD:                     "Degenerative disc disease, without leg symptoms.",
	HerniatedDisc:           "Lumbar disc herniation or bulge.",
	HerniatedDiscRadiating:  "Disc herniation with pain, tingling or numbness running into the leg.",
	StenosisLumbar:          "Lumbar spinal stenosis: leg pain or heaviness when standing or walking, eased by sitting.",
	CervicalSpineProblem:    "Narrowed or fused neck, cervical disc or myelopathy.",
	BoneFragility:           "Osteoporosis or osteopenia, a low-trauma fracture, or long-term steroids without a recent bone scan.",
	VertebralFracture:       "A spine compression fracture in the past.",
	AnkylosingSpondylitis:   "Ankylosing spondylitis or axial spondyloarthritis.",
	Scoliosis:               "Scoliosis without a brace or surgery.",
	SpineSurgery12m:         "Spine surgery in the past 12 months, or any spinal fusion.",
	Fibromyalgia:            "Fibromyalgia.",
	AcuteStrain:             "A back sprain or strain in the past 6 weeks, examined, no red flags.",
	ObesityMobilityLimit:    "Body size makes floor work or lying face down hard.",
	HipReplacementAny:       "Hip replacement with precautions still active (approach unknown means both sets).",
	HipReplacementPosterior: "Hip replacement by the posterior approach, precautions active.",
	HipReplacementAnterior:  "Hip replacement by the anterior approach, precautions active.",
	PregnancyLT13:           "Pregnant, weeks 0 to 12.",
	Pregnancy13to27:         "Pregnant, weeks 13 to 27.",
	Pregnancy28Plus:         "Pregnant, week 28 to delivery.",
	RecentRelapse:           "A relapse, or a steroid course finished, in the past 30 days, known to the care team.",
	SensoryLoss:             "Reduced feeling in the legs, feet or hands.",
	Cognitive:               "Memory or attention problems that make multi-step instructions hard.",
	BladderUrgency:          "Bladder urgency or frequency.",
}

// Decision is what the rules say about an exercise for one person.
type Decision string

// Decisions, most restrictive first, and the ranking hint Prefer.
const (
	Exclude             Decision = "exclude"
	RequiresPTClearance Decision = "requires_pt_clearance"
	Caution             Decision = "caution"
	Allow               Decision = "allow"
	Prefer              Decision = "prefer"
)

// Decisions lists every decision a rule may carry.
var Decisions = []Decision{Exclude, RequiresPTClearance, Caution, Allow, Prefer}

// Severity orders decisions: higher is more restrictive. Prefer ranks with Allow.
func (d Decision) Severity() int {
	switch d {
	case Exclude:
		return 3
	case RequiresPTClearance:
		return 2
	case Caution:
		return 1
	}
	return 0
}

// Region is a body region an exercise works.
type Region string

// The body regions.
var Regions = []Region{
	"neck", "shoulders", "upper_back", "chest", "low_back", "hips",
	"hamstrings", "quads", "calves_ankles", "hands_wrists", "whole_body",
}

// Kind is what sort of exercise it is.
type Kind string

// The exercise kinds.
const (
	KindBreathing  Kind = "breathing"
	KindRelaxation Kind = "relaxation"
	KindMobility   Kind = "mobility"
	KindStretch    Kind = "stretch"
	KindPosture    Kind = "posture"
	KindBalance    Kind = "balance"
)

// Kinds lists every exercise kind.
var Kinds = []Kind{KindBreathing, KindRelaxation, KindMobility, KindStretch, KindPosture, KindBalance}

// ParseMobility reads a mobility level.
func ParseMobility(s string) (Mobility, error) { return parseID("mobility level", s, Mobilities) }

// ParsePosition reads a position.
func ParsePosition(s string) (Position, error) { return parseID("position", s, Positions) }

// ParseTag reads a movement tag.
func ParseTag(s string) (Tag, error) { return parseID("tag", s, Tags) }

// ParseCondition reads a condition flag.
func ParseCondition(s string) (Condition, error) { return parseID("condition", s, Conditions) }

// ParseDecision reads a rule decision.
func ParseDecision(s string) (Decision, error) { return parseID("decision", s, Decisions) }

// ParseRegion reads a body region.
func ParseRegion(s string) (Region, error) { return parseID("region", s, Regions) }

// ParseKind reads an exercise kind.
func ParseKind(s string) (Kind, error) { return parseID("kind", s, Kinds) }

// parseID accepts exactly one of the valid identifiers; anything else is an
// error that names the value and lists every accepted one.
func parseID[T ~string](what, s string, valid []T) (T, error) {
	if slices.Contains(valid, T(s)) {
		return T(s), nil
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
	}
	msg := "unknown " + what + " " + quote(s) + "; valid: " + strings.Join(names, ", ")
	if s == "" {
		msg = "missing " + what + "; valid: " + strings.Join(names, ", ")
	}
	return "", &Error{Code: EINVALID, Message: msg}
}

func quote(s string) string { return `"` + s + `"` }
