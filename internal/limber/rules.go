package limber

import (
	"fmt"
	"regexp"
)

// TargetKind says whether a rule targets a tag, a position or (an
// exercise's own PT clearance) an exercise.
type TargetKind string

// The two kinds of rule target.
const (
	TargetTag      TargetKind = "tag"
	TargetPosition TargetKind = "position"
	// TargetExercise is an exercise's own need for a PT's clearance
	// (Exercise.PTClearance); no rule file has one.
	TargetExercise TargetKind = "exercise"
)

// Rule maps one subject (everyone, a mobility level, a condition or a
// profile fact) and one tag or position to a decision, with the reason a
// patient reads and the sources behind it.
type Rule struct {
	ID         string     `json:"rule_id"`
	Source     string     `json:"source"`
	Decision   Decision   `json:"decision"`
	Target     string     `json:"target"`
	TargetKind TargetKind `json:"target_kind"`
	Text       string     `json:"text"`
	Refs       []string   `json:"refs"`
	// File is where the rule was read from, for messages.
	File string `json:"-"`
}

// Cue is a plain-language cue shown on every session of a person the cue's
// subject applies to (RULES.md §2.5).
type Cue struct {
	ID string `json:"id"`
	// AppliesTo lists the subjects the cue is shown for; any one is enough.
	AppliesTo []string `json:"applies_to"`
	Text      string   `json:"text"`
	Refs      []string `json:"refs"`
	File      string   `json:"-"`
}

// Limit is one row of the dosage table (RULES.md §2.6). Zero means the row
// says nothing about that value.
type Limit struct {
	ID string `json:"id"`
	// AppliesTo lists the subjects the row is for; "baseline" is everyone.
	AppliesTo []string `json:"applies_to"`
	// Stretch holds (kind stretch only).
	MinHoldSeconds int `json:"min_hold_seconds,omitempty"`
	MaxHoldSeconds int `json:"max_hold_seconds,omitempty"`
	// Repetitions of stretches.
	MinReps int `json:"min_reps,omitempty"`
	MaxReps int `json:"max_reps,omitempty"`
	// The whole session.
	MaxMinutes int `json:"max_minutes,omitempty"`
	MaxItems   int `json:"max_items,omitempty"`
	// RepSeconds is the time one counted repetition takes when an exercise
	// file gives none: a library-wide default, so only on a global row.
	RepSeconds int `json:"rep_seconds,omitempty"`
	// Rest between exercises and after a change of position.
	MinRestSeconds            int `json:"min_rest_seconds,omitempty"`
	PositionChangeRestSeconds int `json:"position_change_rest_seconds,omitempty"`
	// PreferKinds are kinds of exercise the planner picks first (posture
	// work every day with fragile bones).
	PreferKinds []Kind `json:"prefer_kinds,omitempty"`
	// Environment notes and other advice shown with the session.
	Environment []string `json:"environment,omitempty"`
	Notes       []string `json:"notes,omitempty"`
	Refs        []string `json:"refs"`
	File        string   `json:"-"`
}

// RuleSet is every rule, cue and dosage limit, with a version that changes
// whenever any of them does.
type RuleSet struct {
	Rules   []Rule
	Cues    []Cue
	Limits  []Limit
	Version string
}

var (
	refPattern = regexp.MustCompile(`^(S[0-9]+b?|E)$`)
	idPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_\-]*$`)
)

// Validate checks every rule, cue and limit and returns every problem found,
// each as a domain error naming the file and the field.
func (rs RuleSet) Validate() []error {
	var errs []error
	bad := func(file, field, format string, args ...any) {
		errs = append(errs, &Error{Code: EINVALID, Field: file + ": " + field, Message: fmt.Sprintf(format, args...)})
	}
	seen := map[string]string{}
	checkID := func(file, id string) {
		switch {
		case id == "":
			bad(file, "id", "missing")
		case !idPattern.MatchString(id):
			bad(file, "id", "%q must be letters, digits, '-' and '_'", id)
		case seen[id] != "":
			bad(file, "id", "%q is also used in %s", id, seen[id])
		default:
			seen[id] = file
		}
	}
	checkCommon := func(file, id string, subjects []string, refs []string) {
		checkID(file, id)
		if len(subjects) == 0 {
			bad(file, id+": applies_to", "missing")
		}
		for _, s := range subjects {
			if !ValidSubject(s) {
				bad(file, id+": applies_to", "unknown subject %q; valid: global, mobility:M1..M5, condition:<condition>, %s, %s", s, SubjectLyingOnly, SubjectNoHelper)
			}
		}
		if len(refs) == 0 {
			bad(file, id+": refs", "at least one source is required")
		}
		for _, r := range refs {
			if !refPattern.MatchString(r) {
				bad(file, id+": refs", "%q is not a source id (S1..S41, S24b, S28b or E)", r)
			}
		}
	}
	for _, r := range rs.Rules {
		checkCommon(r.File, r.ID, []string{r.Source}, r.Refs)
		if _, err := ParseDecision(string(r.Decision)); err != nil {
			bad(r.File, r.ID+": decision", "%s", err.(*Error).Message)
		}
		switch r.TargetKind {
		case TargetTag:
			if _, err := ParseTag(r.Target); err != nil {
				bad(r.File, r.ID+": tags", "%s", err.(*Error).Message)
			}
		case TargetPosition:
			if _, err := ParsePosition(r.Target); err != nil {
				bad(r.File, r.ID+": positions", "%s", err.(*Error).Message)
			}
		default:
			bad(r.File, r.ID+": target", "a rule needs a tag or a position")
		}
		if r.Text == "" {
			bad(r.File, r.ID+": reason", "missing: every rule needs the reason a patient reads")
		}
	}
	for _, c := range rs.Cues {
		checkCommon(c.File, c.ID, c.AppliesTo, c.Refs)
		if c.Text == "" {
			bad(c.File, c.ID+": text", "missing")
		}
	}
	for _, l := range rs.Limits {
		checkCommon(l.File, l.ID, l.AppliesTo, l.Refs)
		if l.MinHoldSeconds < 0 || l.MaxHoldSeconds < 0 || l.MinReps < 0 || l.MaxReps < 0 || l.MaxMinutes < 0 || l.MaxItems < 0 || l.MinRestSeconds < 0 || l.PositionChangeRestSeconds < 0 {
			bad(l.File, l.ID, "limits cannot be negative")
		}
		if l.MaxHoldSeconds > 0 && l.MinHoldSeconds > l.MaxHoldSeconds {
			bad(l.File, l.ID+": min_hold_seconds", "is above max_hold_seconds")
		}
		if l.MaxReps > 0 && l.MinReps > l.MaxReps {
			bad(l.File, l.ID+": min_reps", "is above max_reps")
		}
		if l.RepSeconds < 0 || l.RepSeconds > 60 {
			bad(l.File, l.ID+": rep_seconds", "must be between 1 and 60")
		}
		if l.RepSeconds != 0 && (len(l.AppliesTo) != 1 || l.AppliesTo[0] != SubjectGlobal) {
			bad(l.File, l.ID+": rep_seconds", "is the library-wide time per repetition; give it on a row that applies to [global] only")
		}
	}
	return errs
}

// repSeconds is the time per counted repetition the rule set gives, or
// DefaultRepSeconds.
func (rs RuleSet) repSeconds() int {
	n := 0
	for _, l := range rs.Limits {
		n = max(n, l.RepSeconds)
	}
	if n == 0 {
		return DefaultRepSeconds
	}
	return n
}

// ValidRef reports whether s names a source: S1..S41, S24b, S28b, or E.
func ValidRef(s string) bool { return refPattern.MatchString(s) }

// Index returns the rules grouped by subject, each group in file order.
func (rs RuleSet) bySubject() map[string][]*Rule {
	m := map[string][]*Rule{}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		m[r.Source] = append(m[r.Source], r)
	}
	return m
}
