package limber

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// PatientPatch is a change to a patient: only the fields given change, and
// conditions are replaced as a whole list. PregnancyWeek given as null ends
// a pregnancy.
type PatientPatch struct {
	Name            *string      `json:"name"`
	Mobility        *Mobility    `json:"mobility"`
	Conditions      *[]Condition `json:"conditions"`
	PregnancyWeek   *int         `json:"pregnancy_week"`
	LyingOnly       *bool        `json:"lying_only"`
	HelperAvailable *bool        `json:"helper_available"`
	Notes           *string      `json:"notes"`
	CareTeamPhone   *string      `json:"care_team_phone"`
	SessionsPerWeek *int         `json:"sessions_per_week"`
	// PregnancyWeekSet is true when pregnancy_week was in the body, null
	// or not.
	PregnancyWeekSet bool `json:"-"`
}

// UnmarshalJSON notes whether pregnancy_week was given, even as null.
func (p *PatientPatch) UnmarshalJSON(data []byte) error {
	type plain PatientPatch
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode((*plain)(p)); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return err
	}
	_, p.PregnancyWeekSet = keys["pregnancy_week"]
	if raw, ok := keys["pregnancy_week"]; ok && bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		p.PregnancyWeek = nil
	}
	return nil
}

// Limits on free text a clinic types.
const (
	maxPatientName = 120
	maxNotes       = 4000
	maxPhone       = 40
)

// Apply changes a patient by a patch on a day and checks the result: the
// profile must resolve (unknown identifiers and contradictions are errors
// naming the field). Dates of time-bound conditions start today when the
// condition is new, and clear when it is removed.
func (p *Patient) Apply(patch PatientPatch, today time.Time) error {
	next := *p
	next.Conditions = slices.Clone(p.Conditions)
	if patch.Name != nil {
		name := strings.TrimSpace(*patch.Name)
		if name == "" || len(name) > maxPatientName {
			return Invalidf("name", "must be 1 to %d characters", maxPatientName)
		}
		next.Name = name
	}
	if patch.Mobility != nil {
		next.Mobility = *patch.Mobility
	}
	if patch.Conditions != nil {
		cs := slices.Clone(*patch.Conditions)
		slices.Sort(cs)
		next.Conditions = slices.Compact(cs)
	}
	if patch.PregnancyWeekSet {
		next.DueDate, next.PregnantUnknown = nil, false
		if w := patch.PregnancyWeek; w != nil {
			if *w < 0 || *w > 42 {
				return Invalidf("pregnancy_week", "must be between 0 and 42 (got %d)", *w)
			}
			due := DueDateFromWeek(*w, today)
			next.DueDate = &due
		}
	}
	if patch.LyingOnly != nil {
		next.LyingOnly = *patch.LyingOnly
	}
	if patch.HelperAvailable != nil {
		next.HelperAvailable = *patch.HelperAvailable
	}
	if patch.Notes != nil {
		if len(*patch.Notes) > maxNotes {
			return Invalidf("notes", "at most %d characters", maxNotes)
		}
		next.Notes = *patch.Notes
	}
	if patch.CareTeamPhone != nil {
		if len(*patch.CareTeamPhone) > maxPhone {
			return Invalidf("care_team_phone", "at most %d characters", maxPhone)
		}
		next.CareTeamPhone = strings.TrimSpace(*patch.CareTeamPhone)
	}
	if patch.SessionsPerWeek != nil {
		if err := CheckSessionsPerWeek(*patch.SessionsPerWeek); err != nil {
			return err
		}
		next.SessionsPerWeek = *patch.SessionsPerWeek
	}
	if _, err := next.Profile(today).Resolve(); err != nil {
		return err
	}
	since := func(cur *time.Time, cs ...Condition) *time.Time {
		has := slices.ContainsFunc(next.Conditions, func(c Condition) bool { return slices.Contains(cs, c) })
		switch {
		case !has:
			return nil
		case cur == nil:
			t := day(today)
			return &t
		}
		return cur
	}
	next.RelapseSince = since(next.RelapseSince, RecentRelapse)
	next.HipSince = since(next.HipSince, HipReplacementAny, HipReplacementPosterior, HipReplacementAnterior)
	next.SurgerySince = since(next.SurgerySince, SpineSurgery12m)
	if next.SessionsPerWeek == 0 {
		next.SessionsPerWeek = 5
	}
	*p = next
	return nil
}

// CheckNewPatient checks what a new patient needs before Apply: a name
// and a mobility level (the profile is decided by it; there is no safe
// default).
func CheckNewPatient(patch PatientPatch) error {
	if patch.Name == nil {
		return Invalidf("name", "required")
	}
	if patch.Mobility == nil {
		return Invalidf("mobility", "required; valid: M1, M2, M3, M4, M5")
	}
	return nil
}

// Sessions a week a patient may be prescribed: at least one, at most three
// a day.
const (
	minSessionsPerWeek = 1
	maxSessionsPerWeek = 21
)

// CheckSessionsPerWeek checks a number of sessions a week, a patient's or
// a plan's.
func CheckSessionsPerWeek(n int) error {
	if n < minSessionsPerWeek || n > maxSessionsPerWeek {
		return Invalidf("sessions_per_week", "must be between %d and %d", minSessionsPerWeek, maxSessionsPerWeek)
	}
	return nil
}

// Summary is one line of the therapist's patient list.
type Summary struct {
	DoneThisWeek  int         `json:"done_this_week"`
	Prescribed    int         `json:"prescribed_per_week"`
	LastSessionAt *time.Time  `json:"last_session_at"`
	RecentPain    []PainPoint `json:"recent_pain"`
	OpenAlerts    int         `json:"open_alerts"`
}
