package limber

import (
	"slices"
	"strings"
)

// Limits are the dosage limits in force for one person: the strictest value
// of every row of the dosage table that applies to them (RULES.md §2.6).
type Limits struct {
	// Stretch holds and repetitions; zero means no limit.
	MinHoldSeconds int `json:"min_hold_seconds"`
	MaxHoldSeconds int `json:"max_hold_seconds"`
	MinReps        int `json:"min_reps"`
	MaxReps        int `json:"max_reps"`
	// MaxSeconds is the longest session; zero means no limit.
	MaxSeconds int `json:"max_seconds"`
	// MaxItems is the most exercises in a session; zero means no limit.
	MaxItems int `json:"max_items"`
	// RestSeconds between exercises, and after a change of position.
	RestSeconds           int      `json:"rest_seconds"`
	PositionChangeSeconds int      `json:"position_change_seconds"`
	PreferKinds           []Kind   `json:"prefer_kinds"`
	Environment           []string `json:"environment"`
	Notes                 []string `json:"notes"`
	// From lists the ids of the rows that applied.
	From []string `json:"from"`
}

// Defaults that hold when no row of the dosage table says otherwise: the
// contract counts 60 s for each change of position.
const (
	defaultRestSeconds           = 15
	defaultPositionChangeSeconds = 60
)

func resolveLimits(rows []Limit, subjects []string) Limits {
	l := Limits{RestSeconds: defaultRestSeconds, PositionChangeSeconds: defaultPositionChangeSeconds}
	lowest := func(cur *int, v int) {
		if v > 0 && (*cur == 0 || v < *cur) {
			*cur = v
		}
	}
	for _, row := range rows {
		if !anyIn(row.AppliesTo, subjects) {
			continue
		}
		l.From = append(l.From, row.ID)
		l.MinHoldSeconds = max(l.MinHoldSeconds, row.MinHoldSeconds)
		l.MinReps = max(l.MinReps, row.MinReps)
		lowest(&l.MaxHoldSeconds, row.MaxHoldSeconds)
		lowest(&l.MaxReps, row.MaxReps)
		lowest(&l.MaxItems, row.MaxItems)
		if row.MaxMinutes > 0 {
			lowest(&l.MaxSeconds, row.MaxMinutes*60)
		}
		l.RestSeconds = max(l.RestSeconds, row.MinRestSeconds)
		l.PositionChangeSeconds = max(l.PositionChangeSeconds, row.PositionChangeRestSeconds)
		for _, k := range row.PreferKinds {
			if !slices.Contains(l.PreferKinds, k) {
				l.PreferKinds = append(l.PreferKinds, k)
			}
		}
		for _, s := range row.Environment {
			if !slices.Contains(l.Environment, s) {
				l.Environment = append(l.Environment, s)
			}
		}
		for _, s := range row.Notes {
			if !slices.Contains(l.Notes, s) {
				l.Notes = append(l.Notes, s)
			}
		}
	}
	// Where a minimum and a maximum collide the minimum wins (spasticity
	// needs its long holds); the intensity is lowered instead.
	if l.MaxHoldSeconds > 0 && l.MinHoldSeconds > l.MaxHoldSeconds {
		l.MaxHoldSeconds = l.MinHoldSeconds
	}
	if l.MaxReps > 0 && l.MinReps > l.MaxReps {
		l.MinReps = l.MaxReps
	}
	return l
}

// Dose is an exercise's default dosage brought within the limits: held
// stretches are held at least the minimum and at most the maximum, with
// repetitions kept within range. Other kinds keep their own holds (a light
// tense-and-let-go stays light, contract §7.2), and counted repetitions keep
// their count and pace.
func (l Limits) Dose(ex *Exercise) Dosage {
	d := ex.Dosage
	d.Sets, d.Reps = max(d.Sets, 1), max(d.Reps, 1)
	d = l.Adjust(ex, d)
	if ex.Kind == KindStretch && !d.Timed() && !d.Counted() {
		d.Reps = max(d.Reps, l.MinReps)
	}
	return d
}

// CheckDose says why a dosage breaks the limits for an exercise, or nil.
// The service uses it when a PT edits an item.
func (l Limits) CheckDose(ex *Exercise, d Dosage) error {
	for field, v := range map[string]int{"hold_seconds": d.HoldSeconds, "seconds": d.Seconds, "reps": d.Reps, "sets": d.Sets, "rest_seconds": d.RestSeconds, "rep_seconds": d.RepSeconds} {
		if v < 0 {
			return Invalidf(field, "cannot be negative")
		}
	}
	if d.RestSeconds > 600 {
		return Invalidf("rest_seconds", "at most 600")
	}
	if d.Timed() {
		// A held stretch stays held: a timed stretch would slip past the
		// minimum hold too.
		if ex.Kind == KindStretch && !ex.Dosage.Timed() {
			return Invalidf("seconds", "this stretch is held: give hold_seconds of at least %d, not seconds", max(l.MinHoldSeconds, 1))
		}
		if d.HoldSeconds != 0 {
			return Invalidf("hold_seconds", "a timed item has seconds, not holds")
		}
		if d.Seconds < 10 || d.Seconds > 3600 {
			return Invalidf("seconds", "must be between 10 and 3600")
		}
		return nil
	}
	if d.Reps < 1 || d.Reps > 30 || d.Sets < 1 || d.Sets > 5 {
		return Invalidf("reps", "reps must be 1 to 30 and sets 1 to 5")
	}
	if d.Counted() {
		if d.RepSeconds > 60 {
			return Invalidf("rep_seconds", "at most 60 seconds per repetition")
		}
		// A held stretch stays held: dropping the hold would slip past the
		// minimum hold (spasticity's 30 s, contract §7.2).
		if ex.Kind == KindStretch && !ex.Dosage.Counted() {
			return Invalidf("hold_seconds", "this stretch is held: give hold_seconds of at least %d", max(l.MinHoldSeconds, 1))
		}
		return nil
	}
	if d.HoldSeconds < 1 || d.HoldSeconds > 300 {
		return Invalidf("hold_seconds", "must be between 1 and 300")
	}
	if ex.Kind != KindStretch {
		return nil
	}
	if d.HoldSeconds < l.MinHoldSeconds {
		return Invalidf("hold_seconds", "stretches must be held at least %d s for this person (limits: %s)", l.MinHoldSeconds, strings.Join(l.From, ", "))
	}
	if l.MaxHoldSeconds > 0 && d.HoldSeconds > l.MaxHoldSeconds {
		return Invalidf("hold_seconds", "stretches may be held at most %d s for this person", l.MaxHoldSeconds)
	}
	if l.MaxReps > 0 && d.Reps > l.MaxReps {
		return Invalidf("reps", "at most %d repetitions for this person", l.MaxReps)
	}
	return nil
}
