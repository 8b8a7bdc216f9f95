package limber

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Profile is what the engine knows about one person: a mobility level, the
// conditions as given, and the facts that travel with them.
type Profile struct {
	Mobility   Mobility    `json:"mobility"`
	Conditions []Condition `json:"conditions"`
	// PregnancyWeek is the week of pregnancy (0-42), or nil.
	PregnancyWeek *int `json:"pregnancy_week"`
	// Pregnant with no week and no band means the week is unknown; the
	// engine then assumes late pregnancy (unknown means restricted).
	Pregnant        bool `json:"pregnant,omitempty"`
	LyingOnly       bool `json:"lying_only"`
	HelperAvailable bool `json:"helper_available"`
}

// Effective is a profile after its add-ons, derived flags and checks: the
// set of conditions every rule is matched against.
type Effective struct {
	Profile
	// Conditions holds every active condition, sorted.
	Conditions []Condition
	// Notes explain what the engine assumed (unknown means restricted).
	Notes []string
}

// Has reports whether condition c is active.
func (e Effective) Has(c Condition) bool {
	_, ok := slices.BinarySearch(e.Conditions, c)
	return ok
}

// PregnancyBand gives the band flag for a pregnancy week.
func PregnancyBand(week int) Condition {
	switch {
	case week < 13:
		return PregnancyLT13
	case week < 28:
		return Pregnancy13to27
	}
	return Pregnancy28Plus
}

// Resolve checks a profile and works out its effective conditions: add-ons
// bring their base, balance_falls is on at M2 to M5, the pregnancy band
// follows the week, and a hip replacement with no known approach gets both
// sets of precautions. A profile that contradicts itself is an error naming
// the field.
func (p Profile) Resolve() (Effective, error) {
	if _, err := ParseMobility(string(p.Mobility)); err != nil {
		return Effective{}, WithField(err, "mobility")
	}
	set := map[Condition]bool{}
	for i, c := range p.Conditions {
		if _, err := ParseCondition(string(c)); err != nil {
			return Effective{}, WithField(err, "conditions["+strconv.Itoa(i)+"]")
		}
		set[c] = true
	}
	var notes []string
	if p.LyingOnly && p.Mobility != M5 {
		return Effective{}, Invalidf("lying_only", "lying only is valid only with mobility level M5 (got %s)", p.Mobility)
	}
	if set[BackPainMSK] && set[BackPainUnevaluated] {
		return Effective{}, Invalidf("conditions", "back_pain_msk and back_pain_unevaluated cannot both be set: back pain is either examined or not")
	}

	// Pregnancy: the week decides the band; a band may be given instead.
	var bands []Condition
	for _, b := range []Condition{PregnancyLT13, Pregnancy13to27, Pregnancy28Plus} {
		if set[b] {
			bands = append(bands, b)
		}
	}
	if len(bands) > 1 {
		return Effective{}, Invalidf("conditions", "only one pregnancy band may be given (got %s and %s)", bands[0], bands[1])
	}
	if w := p.PregnancyWeek; w != nil {
		if *w < 0 || *w > 42 {
			return Effective{}, Invalidf("pregnancy_week", "pregnancy week must be between 0 and 42 (got %d)", *w)
		}
		band := PregnancyBand(*w)
		if len(bands) == 1 && bands[0] != band {
			return Effective{}, Invalidf("pregnancy_week", "week %d is in band %s, but %s was also given", *w, band, bands[0])
		}
		set[band] = true
	} else if p.Pregnant && len(bands) == 0 {
		set[Pregnancy28Plus] = true
		notes = append(notes, "Pregnancy week unknown: treated as late pregnancy (week 28 or later) until the PT records the week.")
	}

	// Add-on flags bring their base.
	if set[HerniatedDiscRadiating] {
		set[HerniatedDisc] = true
	}
	if set[VertebralFracture] {
		set[BoneFragility] = true
	}
	if set[HipReplacementPosterior] || set[HipReplacementAnterior] {
		set[HipReplacementAny] = true
	} else if set[HipReplacementAny] {
		// Unknown means restricted: both approaches' precautions apply.
		set[HipReplacementPosterior] = true
		set[HipReplacementAnterior] = true
		notes = append(notes, "Hip replacement approach unknown: both posterior and anterior precautions apply until the PT records the approach.")
	}
	if p.Mobility != M1 {
		set[BalanceFalls] = true
	}

	e := Effective{Profile: p, Notes: notes}
	for c := range set {
		e.Conditions = append(e.Conditions, c)
	}
	slices.Sort(e.Conditions)
	return e, nil
}

// Subjects lists the rule subjects active for this person: everyone, their
// mobility level, each condition, and the profile facts that carry rules.
func (e Effective) Subjects() []string {
	s := make([]string, 0, len(e.Conditions)+4)
	s = append(s, SubjectGlobal, "mobility:"+string(e.Mobility))
	for _, c := range e.Conditions {
		s = append(s, "condition:"+string(c))
	}
	if e.LyingOnly {
		s = append(s, SubjectLyingOnly)
	}
	if !e.HelperAvailable {
		s = append(s, SubjectNoHelper)
	}
	return s
}

// Rule subjects that are not a mobility level or a condition.
const (
	SubjectGlobal    = "global"
	SubjectLyingOnly = "profile:lying_only"
	// SubjectNoHelper rules fire when no trained helper is recorded; the
	// contract names the fact they are about, helper_available.
	SubjectNoHelper = "profile:helper_available"
)

// ValidSubject reports whether s names something a rule may apply to.
func ValidSubject(s string) bool {
	switch s {
	case SubjectGlobal, SubjectLyingOnly, SubjectNoHelper:
		return true
	}
	if m, ok := cut(s, "mobility:"); ok {
		return slices.Contains(Mobilities, Mobility(m))
	}
	if c, ok := cut(s, "condition:"); ok {
		return slices.Contains(Conditions, Condition(c))
	}
	return false
}

func cut(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}

// ProfileChange is what UpdatePatient did.
type ProfileChange struct {
	Patient Patient
	// PlanChanges describes what re-checking the active plan changed.
	PlanChanges []string
	// ClearancesLapsed is why clearances ended, if they did.
	ClearancesLapsed string
}

// Recheck is what a change of profile asks of the store, decided by
// RecheckProfile: end the clearances in force (LapseReason, when Lapse),
// then decide the active plan again (the engine's Recheck), then raise the
// alert ProfileReviewAlert gives.
type Recheck struct {
	Lapse       bool
	LapseReason string
}

// RecheckProfile decides whether a change of profile from before to after
// (on now) ends clearances, and why (ClearanceLapse: RULES.md §0). Events
// are recorded facts that end them even when the conditions stay the same
// (a fall). An after that does not resolve is refused.
func RecheckProfile(before, after Patient, now time.Time, events ...string) (Recheck, error) {
	effBefore, _ := before.Profile(now).Resolve()
	effAfter, err := after.Profile(now).Resolve()
	if err != nil {
		return Recheck{}, err
	}
	lapse, why := ClearanceLapse(effBefore, effAfter, events...)
	return Recheck{Lapse: lapse, LapseReason: why}, nil
}

// ProfileReviewAlert is the profile_review alert after a re-check: raised
// when the plan changed or clearances ended (lapsed: why they did, "" when
// none was in force).
func ProfileReviewAlert(planChanges []string, lapsed string) (AlertToRaise, bool) {
	if len(planChanges) == 0 && lapsed == "" {
		return AlertToRaise{}, false
	}
	msg := "Profile changed: please review the plan."
	if len(planChanges) > 0 {
		msg += " " + strings.Join(planChanges, " ")
	}
	if lapsed != "" {
		msg += " Clearances ended: " + lapsed + "."
	}
	return AlertToRaise{Kind: "profile_review", Message: msg}, true
}

// ScreeningProfileAlert is the profile_review alert when screening answers
// added conditions that changed neither the plan nor any clearance: the PT
// confirms them.
func ScreeningProfileAlert(added []Condition) AlertToRaise {
	names := make([]string, len(added))
	for i, c := range added {
		names[i] = string(c)
	}
	return AlertToRaise{Kind: "profile_review", Message: "The patient's screening answers added " + strings.Join(names, ", ") + " to the profile. Please confirm."}
}

// AddScreeningConditions is the conditions after screening answers added
// some: unexamined back pain replaces back pain a PT had examined.
func AddScreeningConditions(conds, add []Condition) []Condition {
	out := slices.Clone(conds)
	for _, c := range add {
		if c == BackPainUnevaluated {
			out = slices.DeleteFunc(out, func(x Condition) bool { return x == BackPainMSK })
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
