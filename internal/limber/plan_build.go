package limber

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// option is one exercise the planner may schedule, with the variants it may
// use for this person.
type option struct {
	ex       *Exercise
	variants []decided // permitted variants, in the exercise's order
	best     decided   // the variant that ranks first
}

type decided struct {
	pos     Position
	tags    []Tag
	cleared *Clearance
	VariantDecision
}

// choice is an option placed in the plan.
type choice struct {
	opt    *option
	locked bool
	dose   Dosage
	v      decided // set by layout
}

func planProfile(eff Effective) PlanProfile {
	given := slices.Clone(eff.Profile.Conditions)
	slices.Sort(given)
	given = slices.Compact(given)
	if given == nil {
		given = []Condition{}
	}
	return PlanProfile{
		Mobility: eff.Mobility, Conditions: given, EffectiveConditions: eff.Conditions,
		PregnancyWeek: eff.PregnancyWeek, LyingOnly: eff.LyingOnly, HelperAvailable: eff.HelperAvailable,
	}
}

// builder holds the state of one plan being built.
type builder struct {
	a          *Assessment
	lim        Limits
	maxSeconds int
	open       []*option // deliverable, not restricted
	gated      []*option // needs clearance, not restricted
	chosen     []*choice
	notes      []string
	clearances []Clearance
	now        time.Time
}

// decideAll decides every variant of every exercise, sorts the options into
// deliverable and gated, and returns the excluded variants.
func (b *builder) decideAll(e *Engine) []ExcludedVariant {
	excluded := []ExcludedVariant{}
	for i, ex := range e.exercises {
		var ok, gated []decided
		for _, v := range e.variants[i] {
			d := decided{pos: v.Position, tags: v.Tags, VariantDecision: b.a.DecideVariant(ex, v.Position, v.Tags)}
			switch d.Decision {
			case Exclude:
				excluded = append(excluded, ExcludedVariant{ExerciseID: ex.ID, Name: ex.Name, Position: v.Position, Reasons: only(d.Reasons, Exclude)})
			case RequiresPTClearance:
				if d.cleared = findClearance(b.clearances, ex.ID, v.Position, b.now); d.cleared != nil {
					ok = append(ok, d)
				} else {
					gated = append(gated, d)
				}
			default:
				ok = append(ok, d)
			}
		}
		if ex.Restricted {
			continue // a PT may add one by hand; the planner never picks it
		}
		if len(ok) > 0 {
			b.open = append(b.open, newOption(ex, ok))
		} else if len(gated) > 0 {
			b.gated = append(b.gated, newOption(ex, gated))
		}
	}
	rank := func(x, y *option) int { return b.compare(x, y) }
	slices.SortStableFunc(b.open, rank)
	slices.SortStableFunc(b.gated, rank)
	return excluded
}

func newOption(ex *Exercise, vs []decided) *option {
	o := &option{ex: ex, variants: vs, best: vs[0]}
	for _, v := range vs[1:] {
		if variantBefore(v, o.best) {
			o.best = v
		}
	}
	return o
}

// variantBefore ranks variants: preferred first, then the less restrictive.
func variantBefore(x, y decided) bool {
	if x.Preferred != y.Preferred {
		return x.Preferred
	}
	return x.Decision.Severity() < y.Decision.Severity()
}

// compare ranks options among equals: preferred first, then allowed before
// caution, then the kinds this person should do first, then fewer loads,
// then by id so that the order never depends on chance.
func (b *builder) compare(x, y *option) int {
	if x.best.Preferred != y.best.Preferred {
		if x.best.Preferred {
			return -1
		}
		return 1
	}
	if c := x.best.Decision.Severity() - y.best.Decision.Severity(); c != 0 {
		return c
	}
	px, py := slices.Contains(b.lim.PreferKinds, x.ex.Kind), slices.Contains(b.lim.PreferKinds, y.ex.Kind)
	if px != py {
		if px {
			return -1
		}
		return 1
	}
	if c := len(x.best.tags) - len(y.best.tags); c != 0 {
		return c
	}
	return strings.Compare(x.ex.ID, y.ex.ID)
}

func only(rs []*Rule, d Decision) []*Rule {
	var out []*Rule
	for _, r := range rs {
		if r.Decision == d {
			out = append(out, r)
		}
	}
	return out
}

// fill chooses the exercises: the opening, the closing relaxation, then the
// focus regions round by round until time or the item limit runs out; then
// locked proposals for regions nothing deliverable covers.
func (b *builder) fill(focus []Region) {
	// Opening: breathing, or gentle mobility when no breathing is possible.
	opening := b.first(func(o *option) bool { return o.ex.Kind == KindBreathing })
	if opening == nil {
		opening = b.first(func(o *option) bool { return o.ex.Kind == KindMobility })
	}
	if opening != nil {
		b.try(opening, timedShare(opening.ex, 90))
	}
	closing := b.first(func(o *option) bool { return o.ex.Kind == KindRelaxation && !b.has(o) })
	if closing != nil {
		b.try(closing, timedShare(closing.ex, max(60, b.maxSeconds/5/30*30)))
	}
	// The focus first, then a balanced default with the time that is left.
	b.cover(focus)
	b.cover(defaultRegions)
	if b.deliverable() == 0 {
		b.squeezeOne()
	}
	if len(focus) > 0 {
		b.propose(focus, true)
	} else {
		b.propose(defaultRegions, false)
	}
}

// middleKinds are the kinds that fill the body of a session.
var middleKinds = []Kind{KindStretch, KindMobility, KindPosture, KindBalance}

// addFor adds the best-ranked option covering region r that still fits;
// kind "" means any kind of the middle of a session. A wheelchair user is
// given one that can be done in the wheelchair when there is one.
func (b *builder) addFor(r Region, kind Kind) bool {
	for _, atHome := range b.homeFirst() {
		for _, o := range b.open {
			if b.has(o) || !o.ex.Covers(r) || !slices.Contains(middleKinds, o.ex.Kind) || (kind != "" && o.ex.Kind != kind) || !atHome(o) {
				continue
			}
			if b.try(o, b.lim.Dose(o.ex)) {
				return true
			}
		}
	}
	return false
}

// homeFirst gives the passes over the options: for a person with a home
// place, those usable there first, then the rest; else one pass.
func (b *builder) homeFirst() []func(*option) bool {
	all := func(*option) bool { return true }
	home := homePlace(b.a.Profile.Mobility)
	if home == "" {
		return []func(*option) bool{all}
	}
	return []func(*option) bool{
		func(o *option) bool { return o.canUseAt(home) },
		func(o *option) bool { return !o.canUseAt(home) },
	}
}

// first returns the best-ranked deliverable option that passes keep (one
// usable at home first, for a person with a home position).
func (b *builder) first(keep func(*option) bool) *option {
	for _, atHome := range b.homeFirst() {
		for _, o := range b.open {
			if keep(o) && atHome(o) {
				return o
			}
		}
	}
	return nil
}

func (b *builder) has(o *option) bool {
	return slices.ContainsFunc(b.chosen, func(c *choice) bool { return c.opt.ex == o.ex })
}

func (b *builder) deliverable() int {
	n := 0
	for _, c := range b.chosen {
		if !c.locked {
			n++
		}
	}
	return n
}

// try adds an option when the plan still fits the time and item limits.
func (b *builder) try(o *option, dose Dosage) bool {
	if b.has(o) || (b.lim.MaxItems > 0 && b.deliverable() >= b.lim.MaxItems) {
		return false
	}
	// Adding an item costs at least its own time and a rest: skip the
	// layout when even that cannot fit.
	if len(b.chosen) > 0 && b.total()+dose.DurationSeconds()+b.lim.RestSeconds > b.maxSeconds {
		return false
	}
	c := &choice{opt: o, dose: dose}
	b.chosen = append(b.chosen, c)
	if b.layout() > b.maxSeconds {
		// layout reorders the items, so remove this one by identity.
		b.chosen = slices.DeleteFunc(b.chosen, func(x *choice) bool { return x == c })
		b.layout()
		return false
	}
	return true
}

// squeezeOne makes sure a plan never comes out empty when something is
// deliverable: the shortest option, cut down to fit.
func (b *builder) squeezeOne() {
	var best *option
	var bestDose Dosage
	for _, o := range b.open {
		d := b.lim.Dose(o.ex)
		if d.Timed() {
			d.Seconds = min(d.Seconds, b.maxSeconds)
		} else {
			d.Reps, d.Sets = 1, 1
		}
		if best == nil || d.DurationSeconds() < bestDose.DurationSeconds() {
			best, bestDose = o, d
		}
	}
	if best != nil {
		b.chosen = append(b.chosen, &choice{opt: best, dose: bestDose})
		b.layout()
		b.notes = append(b.notes, "Time is very short: one exercise was cut down to fit.")
	}
}

// propose adds locked items that need a PT's clearance, for regions that no
// deliverable item covers, and notes what could not be covered at all.
func (b *builder) propose(regions []Region, focused bool) {
	proposed := 0
	for _, r := range regions {
		if slices.ContainsFunc(b.chosen, func(c *choice) bool { return !c.locked && c.opt.ex.Covers(r) }) {
			continue
		}
		if b.first(func(o *option) bool {
			return o.ex.Covers(r) && o.ex.Kind != KindBreathing && o.ex.Kind != KindRelaxation
		}) != nil {
			if focused {
				b.notes = append(b.notes, fmt.Sprintf("%s: no room left in this session for an exercise that covers it.", r))
			}
			continue
		}
		var o *option
		for _, g := range b.gated {
			if g.ex.Covers(r) && !b.has(g) && g.ex.Kind != KindBreathing && g.ex.Kind != KindRelaxation {
				o = g
				break
			}
		}
		room := b.lim.MaxItems == 0 || len(b.chosen) < b.lim.MaxItems
		switch {
		case o != nil && proposed < maxLockedProposals && room:
			b.chosen = append(b.chosen, &choice{opt: o, locked: true, dose: b.lim.Dose(o.ex)})
			proposed++
			if focused {
				b.notes = append(b.notes, fmt.Sprintf("%s: nothing you can do now covers this; %q is proposed, waiting for your PT's OK.", r, o.ex.Name))
			}
		case focused && o != nil:
			b.notes = append(b.notes, fmt.Sprintf("%s: only exercises that need your PT's OK cover this, and the plan has no room for another.", r))
		case focused:
			b.notes = append(b.notes, fmt.Sprintf("%s: no exercise in the library is permitted for this region with this profile.", r))
		}
	}
	b.layout()
}

// timedShare trims a timed item to at most limit seconds (whole half
// minutes, never under 60 s); held items keep their dosage.
func timedShare(ex *Exercise, limit int) Dosage {
	d := ex.Dosage
	if d.Timed() && d.Seconds > limit {
		d.Seconds = max(60, limit)
	}
	if d.Sets < 1 {
		d.Sets = 1
	}
	if d.Reps < 1 {
		d.Reps = 1
	}
	return d
}

// closing is the chosen closing relaxation, if any.
func (b *builder) closing() *choice {
	for _, c := range b.chosen[1:] {
		if c.opt.ex.Kind == KindRelaxation && !c.locked {
			return c
		}
	}
	return nil
}

// canUseAt reports whether o has a variant in a place.
func (o *option) canUseAt(home string) bool {
	return place(o.best.pos) == home || slices.ContainsFunc(o.variants, func(v decided) bool { return place(v.pos) == home })
}

func (o *option) canUse(p Position) bool {
	_, ok := o.variant(p)
	return ok
}

func (o *option) variant(p Position) (decided, bool) {
	if o.best.pos == p {
		return o.best, true
	}
	for _, v := range o.variants {
		if v.pos == p {
			return v, true
		}
	}
	return decided{}, false
}

// total is the deliverable time: each unlocked item, the rest between items
// and the pause for each change of position.
func (b *builder) total() int {
	seconds, _ := b.timing()
	return seconds
}

// timing counts the deliverable time and the changes of position between
// unlocked items, in their order.
func (b *builder) timing() (seconds, changes int) {
	n := 0
	var prev Position
	for _, c := range b.chosen {
		if c.locked {
			continue
		}
		if n > 0 && c.v.pos != prev {
			changes++
		}
		seconds += c.dose.DurationSeconds()
		prev = c.v.pos
		n++
	}
	if n > 1 {
		seconds += (n - 1) * b.lim.RestSeconds
	}
	return seconds + changes*b.lim.PositionChangeSeconds, changes
}

// items turns the chosen exercises into plan items numbered 1 to n.
func (b *builder) items() []Item {
	items := make([]Item, 0, len(b.chosen))
	for i, c := range b.chosen {
		items = append(items, newItem(i+1, c.opt.ex, c.v, c.locked, c.dose))
	}
	return items
}

// newItem makes a plan item of an exercise in one decided variant: the
// caution reasons become cues shown on the exercise, and a clearance unlocks
// it. A clearance reason never becomes a cue: it is written for the item
// while it waits ("only after your PT has said yes"), untrue once cleared.
func newItem(id int, ex *Exercise, v decided, locked bool, dose Dosage) Item {
	cues := slices.Clone(ex.Cues)
	for _, r := range v.Reasons {
		if r.Decision == Caution && !slices.Contains(cues, r.Text) {
			cues = append(cues, r.Text)
		}
	}
	if cues == nil {
		cues = []string{}
	}
	it := Item{
		ID: id, ExerciseID: ex.ID, Name: ex.Name, Kind: ex.Kind, Summary: ex.Summary,
		Position: v.pos, Regions: ex.Regions, Tags: v.tags, Decision: v.Decision,
		Locked: locked, Preferred: v.Preferred, Restricted: ex.Restricted,
		Reasons: nonNil(v.Reasons), Cues: cues, Steps: ex.Steps,
		Dosage: dose, DurationSeconds: dose.DurationSeconds(),
		PositionLabel: v.pos.Label(), DosageWords: dose.Words(),
	}
	if c := v.cleared; c != nil && v.Decision == RequiresPTClearance {
		it.Locked = false
		by, at, exp := c.ClearedBy, c.ClearedAt, c.ExpiresAt
		it.ClearedBy, it.ClearedAt, it.ClearanceExpiresAt, it.ClearanceNote = &by, &at, &exp, c.Note
	}
	return it
}

// findClearance returns the active clearance for an exercise in a position.
func findClearance(cs []Clearance, exerciseID string, p Position, now time.Time) *Clearance {
	for i := range cs {
		if cs[i].ExerciseID == exerciseID && cs[i].Position == p && cs[i].Active(now) {
			return &cs[i]
		}
	}
	return nil
}

func nonNil(rs []*Rule) []*Rule {
	if rs == nil {
		return []*Rule{}
	}
	return rs
}

// session gathers the session-wide figures, cues and notes.
func (b *builder) routine(items []Item) Routine {
	notes := slices.Clone(b.notes)
	if len(b.open) == 0 {
		notes = append(notes, "Nothing in the library can be delivered for this profile as it stands. Ask the PT to review the profile or clear an exercise.")
	}
	return summarize(b.a, items, b.maxSeconds, notes)
}

// summarize works out a session's figures from its items in order: the
// deliverable time with rests and changes of position, the limits, the
// cues for this person and the notes.
func summarize(a *Assessment, items []Item, maxSeconds int, notes []string) Routine {
	lim := a.Limits
	total, n, changes := 0, 0, 0
	var prev Position
	for _, it := range items {
		if it.Locked {
			continue
		}
		if n > 0 && it.Position != prev {
			changes++
		}
		total += it.DurationSeconds
		prev = it.Position
		n++
	}
	if n > 1 {
		total += (n - 1) * lim.RestSeconds
	}
	total += changes * lim.PositionChangeSeconds
	s := Routine{
		TotalSeconds: total, MaxSeconds: maxSeconds,
		RestSeconds: lim.RestSeconds, PositionChangeSeconds: lim.PositionChangeSeconds,
		PositionChanges: changes, Limits: lim,
		Cues: []string{}, Environment: append([]string{}, lim.Environment...),
	}
	if lim.MaxItems > 0 {
		m := lim.MaxItems
		s.MaxItems = &m
	}
	for _, c := range a.Cues {
		s.Cues = append(s.Cues, c.Text)
	}
	s.Notes = append(append(append([]string{}, a.Profile.Notes...), lim.Notes...), notes...)
	s.TransferNotice = TransferNotice(a.Profile.Mobility, items)
	return s
}

// cover adds exercises for the regions round by round: the first round
// gives each region a stretch where one is permitted and fits (else other
// work), later rounds add more while time and the item limit allow.
func (b *builder) cover(regions []Region) {
	for round := 0; round < 3; round++ {
		added := false
		for _, r := range regions {
			if (round == 0 && b.addFor(r, KindStretch)) || b.addFor(r, "") {
				added = true
			}
		}
		if !added {
			return
		}
	}
}
