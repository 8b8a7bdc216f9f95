package limber

import (
	"cmp"
	"fmt"
	"slices"
)

// Engine holds the rules and the exercise library. It is built once at
// start and shared: nothing in it changes afterwards.
type Engine struct {
	rules     RuleSet
	bySubject map[string][]*Rule
	exercises []*Exercise
	variants  [][]Variant // per exercise, tags worked out once
	byID      map[string]*Exercise
	gates     map[string]*Rule // an exercise's own PT clearance, by exercise id
	// repSeconds is the rules' time per counted repetition.
	repSeconds int
}

// NewEngine checks the rules and indexes them with the library. The
// exercises must already be valid (the library package checks them).
func NewEngine(rules RuleSet, exercises []*Exercise) (*Engine, error) {
	if errs := rules.Validate(); len(errs) > 0 {
		return nil, fmt.Errorf("rules: %w (and %d more problems)", errs[0], len(errs)-1)
	}
	rules.Rules = slices.Clone(rules.Rules)
	e := &Engine{rules: rules, bySubject: rules.bySubject(), byID: map[string]*Exercise{}, gates: map[string]*Rule{}}
	rep := rules.repSeconds()
	e.repSeconds = rep
	e.exercises = make([]*Exercise, 0, len(exercises))
	for _, ex := range exercises {
		if other, dup := e.byID[ex.ID]; dup {
			return nil, Invalidf(ex.File+": id", "%q is also used in %s", ex.ID, other.File)
		}
		if ex.Dosage.Counted() && ex.Dosage.RepSeconds == 0 {
			// The rules' time per repetition, on a copy: the caller's
			// exercise stays as its file says.
			c := *ex
			c.Dosage.RepSeconds = rep
			ex = &c
		}
		if g := ex.PTClearance; g != nil {
			if g.Reason == "" || len(g.Refs) == 0 || slices.ContainsFunc(g.Refs, func(r string) bool { return !ValidRef(r) }) {
				return nil, Invalidf(ex.File+": pt_clearance", "needs a reason and sources (S1..S41, S24b, S28b or E)")
			}
			e.gates[ex.ID] = &Rule{
				ID: "exercise-" + ex.ID, Source: "exercise:" + ex.ID, Decision: RequiresPTClearance,
				Target: ex.ID, TargetKind: TargetExercise, Text: g.Reason, Refs: g.Refs, File: ex.File,
			}
		}
		e.byID[ex.ID] = ex
		e.exercises = append(e.exercises, ex)
	}
	slices.SortFunc(e.exercises, func(a, b *Exercise) int { return cmp.Compare(a.ID, b.ID) })
	for _, ex := range e.exercises {
		e.variants = append(e.variants, ex.Variants())
	}
	return e, nil
}

// Rules returns the rule set the engine decides with.
func (e *Engine) Rules() RuleSet { return e.rules }

// Exercises returns the library, sorted by id.
func (e *Engine) Exercises() []*Exercise { return e.exercises }

// Exercise finds one exercise by id.
func (e *Engine) Exercise(id string) (*Exercise, error) {
	if ex, ok := e.byID[id]; ok {
		return ex, nil
	}
	return nil, &Error{Code: ENOTFOUND, Field: "exercise_id", Message: fmt.Sprintf("no exercise %q in the library", id)}
}

// Assessment is the engine applied to one person: the rules that apply to
// them indexed by target, their dosage limits and their session cues.
type Assessment struct {
	Profile   Effective
	engine    *Engine
	tags      map[Tag][]*Rule
	positions map[Position][]*Rule
	Limits    Limits
	Cues      []Cue
}

// Assess resolves a profile and gathers what applies to that person.
func (e *Engine) Assess(p Profile) (*Assessment, error) {
	eff, err := p.Resolve()
	if err != nil {
		return nil, err
	}
	a := &Assessment{Profile: eff, engine: e, tags: map[Tag][]*Rule{}, positions: map[Position][]*Rule{}}
	subjects := eff.Subjects()
	for _, s := range subjects {
		for _, r := range e.bySubject[s] {
			if r.TargetKind == TargetPosition {
				a.positions[Position(r.Target)] = append(a.positions[Position(r.Target)], r)
			} else {
				a.tags[Tag(r.Target)] = append(a.tags[Tag(r.Target)], r)
			}
		}
	}
	for _, c := range e.rules.Cues {
		if anyIn(c.AppliesTo, subjects) {
			a.Cues = append(a.Cues, c)
		}
	}
	a.Limits = resolveLimits(e.rules.Limits, subjects)
	return a, nil
}

// VariantDecision is the verdict on one exercise in one position.
type VariantDecision struct {
	Decision  Decision `json:"decision"`
	Preferred bool     `json:"preferred"`
	Reasons   []*Rule  `json:"reasons"`
}

// Decide applies the rules to one exercise in position p with the given tags
// (Exercise.TagsAt). The most restrictive decision wins; every rule that
// fired is kept as a reason; a prefer rule counts only where every other rule
// on the same tag or position says allow, and then only ranks.
func (a *Assessment) Decide(p Position, tags []Tag) VariantDecision {
	v := VariantDecision{Decision: Allow}
	apply := func(rules []*Rule) {
		worst, prefer := Allow, false
		for _, r := range rules {
			v.Reasons = append(v.Reasons, r)
			if r.Decision == Prefer {
				prefer = true
			} else if r.Decision.Severity() > worst.Severity() {
				worst = r.Decision
			}
		}
		if worst.Severity() > v.Decision.Severity() {
			v.Decision = worst
		}
		if prefer && worst == Allow {
			v.Preferred = true
		}
	}
	apply(a.positions[p])
	for _, t := range tags {
		apply(a.tags[t])
	}
	return v
}

// DecideVariant decides an exercise in position p with the given tags: the
// rules on the position and tags, and the exercise's own need for a PT's
// clearance when its file has one.
func (a *Assessment) DecideVariant(ex *Exercise, p Position, tags []Tag) VariantDecision {
	v := a.Decide(p, tags)
	if g := a.engine.gates[ex.ID]; g != nil && ex.PTClearance != nil {
		v.Reasons = append(v.Reasons, g)
		if g.Decision.Severity() > v.Decision.Severity() {
			v.Decision = g.Decision
		}
	}
	return v
}

// DecideExercise decides an exercise in position p at its default dosage.
func (a *Assessment) DecideExercise(ex *Exercise, p Position) VariantDecision {
	return a.DecideVariant(ex, p, ex.TagsAt(p, ex.Dosage))
}

func anyIn(xs, set []string) bool {
	for _, x := range xs {
		if slices.Contains(set, x) {
			return true
		}
	}
	return false
}

// VariantView is one variant of an exercise as a person browses the
// library: its tags and, when decided for a person, the decision and
// every reason.
type VariantView struct {
	Position  Position `json:"position"`
	Tags      []Tag    `json:"tags"`
	Decision  Decision `json:"decision,omitempty"`
	Preferred *bool    `json:"preferred,omitempty"`
	Reasons   []*Rule  `json:"reasons,omitempty"`
}

// ExerciseView is an exercise with its variants.
type ExerciseView struct {
	*Exercise
	Variants []VariantView `json:"variants"`
}

// View shows an exercise's variants, decided for a person when a is not
// nil: the library as it applies to one patient, which is what a PT browses
// when adding to a plan.
func (e *Engine) View(ex *Exercise, a *Assessment) ExerciseView {
	v := ExerciseView{Exercise: ex, Variants: make([]VariantView, 0, len(ex.Positions))}
	for _, variant := range ex.Variants() {
		vv := VariantView{Position: variant.Position, Tags: variant.Tags}
		if a != nil {
			d := a.DecideVariant(ex, variant.Position, variant.Tags)
			preferred := d.Preferred
			vv.Decision, vv.Preferred, vv.Reasons = d.Decision, &preferred, d.Reasons
			if vv.Reasons == nil {
				vv.Reasons = []*Rule{}
			}
		}
		v.Variants = append(v.Variants, vv)
	}
	return v
}

// Library views every exercise, decided for a person when a is not nil.
func (e *Engine) Library(a *Assessment) []ExerciseView {
	out := make([]ExerciseView, len(e.exercises))
	for i, ex := range e.exercises {
		out[i] = e.View(ex, a)
	}
	return out
}
