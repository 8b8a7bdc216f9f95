package limber

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Session lengths a plan may ask for, in minutes.
const (
	MinMinutes     = 5
	MaxMinutes     = 60
	DefaultMinutes = 15
	// maxLockedProposals caps the items proposed for a PT to clear, so a
	// plan stays a plan and not a wish list.
	maxLockedProposals = 3
)

// defaultRegions is the balanced default when no focus is asked for: the
// back and hips first (the product's reason to exist), then the limbs.
var defaultRegions = []Region{
	"low_back", "hips", "hamstrings", "shoulders", "calves_ankles",
	"upper_back", "neck", "chest", "quads", "hands_wrists",
}

// PlanRequest is what a plan is built from.
type PlanRequest struct {
	Profile Profile
	// Minutes is the session length asked for: 5 to 60; 0 means 15.
	Minutes int
	// Focus lists body regions to cover first; empty means a balanced
	// default.
	Focus []Region
	// Clearances the PT has given this patient; an active one makes its
	// exercise and position deliverable (unlocked) in this plan.
	Clearances []Clearance
	// Now is when the plan is built, for clearance expiry.
	Now time.Time
}

// Plan is the plan document of contract §4.
type Plan struct {
	Profile      PlanProfile       `json:"profile"`
	RulesVersion string            `json:"rules_version"`
	Minutes      int               `json:"minutes"`
	Focus        []Region          `json:"focus"`
	Items        []Item            `json:"items"`
	Excluded     []ExcludedVariant `json:"excluded"`
	Session      Session           `json:"session"`
}

// PlanProfile is the profile as a plan shows it.
type PlanProfile struct {
	Mobility            Mobility    `json:"mobility"`
	Conditions          []Condition `json:"conditions"`
	EffectiveConditions []Condition `json:"effective_conditions"`
	PregnancyWeek       *int        `json:"pregnancy_week"`
	LyingOnly           bool        `json:"lying_only"`
	HelperAvailable     bool        `json:"helper_available"`
}

// Item is one exercise of a plan, in one position, with its dosage.
type Item struct {
	ID         int      `json:"id"`
	ExerciseID string   `json:"exercise_id"`
	Name       string   `json:"name"`
	Kind       Kind     `json:"kind"`
	Summary    string   `json:"summary"`
	Position   Position `json:"position"`
	Regions    []Region `json:"regions"`
	Tags       []Tag    `json:"tags"`
	Decision   Decision `json:"decision"`
	Locked     bool     `json:"locked"`
	Preferred  bool     `json:"preferred"`
	Restricted bool     `json:"restricted"`
	Reasons    []*Rule  `json:"reasons"`
	Cues       []string `json:"cues"`
	Steps      []string `json:"steps"`
	Dosage
	DurationSeconds int `json:"duration_seconds"`
	// In words, for the patient's screen (which may be offline).
	PositionLabel string `json:"position_label"`
	DosageWords   string `json:"dosage_words"`
	// Set when a PT's clearance unlocks the item (contract §7.4).
	ClearedBy          *int64     `json:"cleared_by,omitempty"`
	ClearedAt          *time.Time `json:"cleared_at,omitempty"`
	ClearanceExpiresAt *time.Time `json:"clearance_expires_at,omitempty"`
	ClearanceNote      string     `json:"clearance_note,omitempty"`
}

// ExcludedVariant is one exercise in one position that the rules exclude.
type ExcludedVariant struct {
	ExerciseID string   `json:"exercise_id"`
	Name       string   `json:"name"`
	Position   Position `json:"position"`
	Reasons    []*Rule  `json:"reasons"`
}

// Session is what holds for the whole session.
type Session struct {
	TotalSeconds int `json:"total_seconds"`
	MaxSeconds   int `json:"max_seconds"`
	// MaxItems is nil when nothing limits the number of exercises.
	MaxItems              *int     `json:"max_items"`
	RestSeconds           int      `json:"rest_seconds"`
	PositionChangeSeconds int      `json:"position_change_seconds"`
	PositionChanges       int      `json:"position_changes"`
	Limits                Limits   `json:"limits"`
	Cues                  []string `json:"cues"`
	Environment           []string `json:"environment"`
	Notes                 []string `json:"notes"`
	// TransferNotice tells a wheelchair user (or a person in bed) before
	// the session starts that part of it is somewhere else; "" when the
	// whole session stays in one place.
	TransferNotice string `json:"transfer_notice"`
}

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

// Plan builds a session for one person: it starts with breathing (or gentle
// mobility), covers the focus regions with stretches and other permitted
// work, and ends with relaxation; it never schedules an excluded variant or a
// restricted exercise, proposes a few gated ones locked, and keeps the
// deliverable time within the strictest limit. The same request gives the
// same plan.
func (e *Engine) Plan(req PlanRequest) (*Plan, error) {
	minutes := req.Minutes
	if minutes == 0 {
		minutes = DefaultMinutes
	}
	if minutes < MinMinutes || minutes > MaxMinutes {
		return nil, Invalidf("minutes", "must be between %d and %d (got %d)", MinMinutes, MaxMinutes, minutes)
	}
	focus := []Region{}
	for i, r := range req.Focus {
		if _, err := ParseRegion(string(r)); err != nil {
			return nil, WithField(err, fmt.Sprintf("focus[%d]", i))
		}
		if !slices.Contains(focus, r) {
			focus = append(focus, r)
		}
	}
	a, err := e.Assess(req.Profile)
	if err != nil {
		return nil, err
	}
	b := &builder{a: a, lim: a.Limits, maxSeconds: minutes * 60, clearances: req.Clearances, now: req.Now}
	if a.Limits.MaxSeconds > 0 && a.Limits.MaxSeconds < b.maxSeconds {
		b.maxSeconds = a.Limits.MaxSeconds
	}
	plan := &Plan{
		Profile:      planProfile(a.Profile),
		RulesVersion: e.rules.Version,
		Minutes:      minutes,
		Focus:        focus,
		Excluded:     []ExcludedVariant{},
	}
	plan.Excluded = b.decideAll(e)
	b.fill(focus)
	plan.Items = b.items()
	plan.Session = b.session(plan.Items)
	return plan, nil
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

// layout picks a position for every chosen item so that as few positions as
// possible are used, orders the items (the opening first, the closing
// relaxation last, the rest grouped by position, with the opening's and the
// closing's positions next to them), and returns the deliverable time.
//
// A wheelchair user (M4) does everything the wheelchair allows in it, and a
// person who lives in bed (M5) everything the bed allows there. What needs
// the bed comes as one block at the end, with the relaxation lying down
// (one transfer, then rest); when the relaxation cannot be done there, the
// bed block comes first instead, so the person never goes to the bed and
// back within one session if the plan has any other way (likewise for M5
// and the chair).
func (b *builder) layout() int {
	if len(b.chosen) == 0 {
		return 0
	}
	order := positionOrder(b.a.Profile.Mobility)
	home := homePlace(b.a.Profile.Mobility)
	b.arrange(order, home)
	if home != "" && returnsHome(chosenPositions(b.chosen), home) {
		before := transfers(chosenPositions(b.chosen))
		b.arrange(homeLast(order, home), home)
		if transfers(chosenPositions(b.chosen)) >= before {
			b.arrange(order, home)
		}
	}
	return b.total()
}

// arrange assigns positions and orders the chosen items for one order of
// position groups.
func (b *builder) arrange(order []Position, home string) {
	first, last := b.chosen[0], b.closing()
	middle := make([]*choice, 0, len(b.chosen))
	for _, c := range b.chosen[1:] {
		if c != last {
			middle = append(middle, c)
		}
	}
	// Locked items are placed apart, so proposing one never moves the
	// deliverable items (and so never changes the deliverable time).
	var open, locked []*choice
	for _, c := range middle {
		if c.locked {
			locked = append(locked, c)
		} else {
			open = append(open, c)
		}
	}
	cover(open, order, home)
	cover(locked, order, home)
	idx := func(p Position) int { return slices.Index(order, p) }
	slices.SortStableFunc(middle, func(x, y *choice) int { return idx(x.v.pos) - idx(y.v.pos) })

	// The opening takes the first middle position it can use; the closing
	// the last one (or another in the same place: rolling onto the side in
	// bed is no transfer); else their own first position in the order.
	var used []Position
	for _, c := range middle {
		if !c.locked && !slices.Contains(used, c.v.pos) {
			used = append(used, c.v.pos)
		}
	}
	first.v = pick(first.opt, used, order)
	if last != nil {
		var wanted []Position
		for i := len(used) - 1; i >= 0; i-- {
			wanted = append(wanted, used[i])
			for _, p := range order {
				if p != used[i] && place(p) == place(used[i]) && !slices.Contains(used, p) {
					wanted = append(wanted, p)
				}
			}
		}
		last.v = pick(last.opt, append(wanted, first.v.pos), order)
	}
	var lastPos Position
	if last != nil {
		lastPos = last.v.pos
	}
	rank := groupRank(order, first.v.pos, lastPos)
	slices.SortStableFunc(middle, func(x, y *choice) int { return rank(x.v.pos) - rank(y.v.pos) })
	b.chosen = append(append(b.chosen[:1], middle...), nonNilChoice(last)...)
}

// groupRank orders position groups as the planner lays them out: the
// opening's position first, the closing's last, the rest in order.
func groupRank(order []Position, first, last Position) func(Position) int {
	return func(p Position) int {
		switch {
		case p == first:
			return -1
		case last != "" && p == last:
			return len(order)
		}
		return slices.Index(order, p)
	}
}

func chosenPositions(cs []*choice) []Position {
	var ps []Position
	for _, c := range cs {
		if !c.locked {
			ps = append(ps, c.v.pos)
		}
	}
	return ps
}

// homePlace is where a person is when a session starts and should stay:
// the wheelchair at M4, the bed at M5; "" when moving is no transfer.
func homePlace(m Mobility) string {
	switch m {
	case M4:
		return place(SeatedWheelchair)
	case M5:
		return place(Supine)
	}
	return ""
}

// homeLast is order with the positions of the home place moved to the end.
func homeLast(order []Position, home string) []Position {
	atHome := func(p Position) bool { return place(p) == home }
	out := slices.DeleteFunc(slices.Clone(order), atHome)
	for _, p := range order {
		if atHome(p) {
			out = append(out, p)
		}
	}
	return out
}

// place is where the body is for a position: every lying position is on
// the bed, so moving between them is a change of position, not a transfer.
func place(p Position) string {
	switch p.Family() {
	case FamilyLying, FamilyStanding, FamilyFloor:
		return string(p.Family())
	}
	return string(p)
}

// transfers counts the moves from one place to another in a sequence of
// positions.
func transfers(ps []Position) int {
	n := 0
	for i := 1; i < len(ps); i++ {
		if place(ps[i]) != place(ps[i-1]) {
			n++
		}
	}
	return n
}

// returnsHome reports whether a sequence leaves the home place and comes
// back.
func returnsHome(ps []Position, home string) bool {
	left := false
	for i, p := range ps {
		switch {
		case place(p) != home && i > 0 && place(ps[i-1]) == home:
			left = true
		case left && place(p) == home:
			return true
		}
	}
	return false
}

func nonNilChoice(c *choice) []*choice {
	if c == nil {
		return nil
	}
	return []*choice{c}
}

// cover assigns positions: every item that can be done at home (the
// wheelchair, or the bed) is done there; the rest greedily, the position
// the most items can use taken first, ties going to the earlier position in
// order.
func cover(items []*choice, order []Position, home string) {
	rest := items
	if home != "" {
		var atHome []Position
		for _, p := range order {
			if place(p) == home {
				atHome = append(atHome, p)
			}
		}
		rest = greedy(items, atHome)
	}
	greedy(rest, order)
}

// greedy assigns the items it can to positions, the position the most
// items can use first; it returns the items none of positions suits.
func greedy(items []*choice, positions []Position) []*choice {
	unassigned := slices.Clone(items)
	for len(unassigned) > 0 {
		bestPos, bestN := Position(""), 0
		for _, p := range positions {
			n := 0
			for _, c := range unassigned {
				if c.opt.canUse(p) {
					n++
				}
			}
			if n > bestN {
				bestPos, bestN = p, n
			}
		}
		if bestN == 0 {
			return unassigned
		}
		rest := unassigned[:0]
		for _, c := range unassigned {
			if v, ok := c.opt.variant(bestPos); ok {
				c.v = v
			} else {
				rest = append(rest, c)
			}
		}
		unassigned = rest
	}
	return nil
}

// pick chooses the variant of o in the first of the wanted positions it can
// use, else in the first position of order it can use.
func pick(o *option, wanted, order []Position) decided {
	for _, p := range wanted {
		if v, ok := o.variant(p); ok {
			return v
		}
	}
	for _, p := range order {
		if v, ok := o.variant(p); ok {
			return v
		}
	}
	return o.best
}

// positionOrder is the order positions are tried and grouped in for a
// mobility level: where the person usually is comes first (the wheelchair at
// M4, the bed at M5), so ties never move them needlessly.
func positionOrder(m Mobility) []Position {
	switch m {
	case M4:
		return append([]Position{SeatedWheelchair}, slices.DeleteFunc(slices.Clone(Positions), func(p Position) bool { return p == SeatedWheelchair })...)
	case M5:
		return []Position{SemiReclined, Supine, SideLying, Prone, SeatedWheelchair, SeatedChair, SeatedUnsupported,
			StandingSupported, StandingUnsupported, LongSittingFloor, Kneeling, Quadruped}
	}
	return Positions
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
func (b *builder) session(items []Item) Session {
	notes := slices.Clone(b.notes)
	if len(b.open) == 0 {
		notes = append(notes, "Nothing in the library can be delivered for this profile as it stands. Ask the PT to review the profile or clear an exercise.")
	}
	return summarize(b.a, items, b.maxSeconds, notes)
}

// summarize works out a session's figures from its items in order: the
// deliverable time with rests and changes of position, the limits, the
// cues for this person and the notes.
func summarize(a *Assessment, items []Item, maxSeconds int, notes []string) Session {
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
	s := Session{
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

// TransferNotice is the plain-language warning shown before a session that
// takes a wheelchair user out of the wheelchair (M4, or a plan that starts
// in it), or a person who spends the day in bed (M5) out of the bed: a
// transfer is effort and a fall risk. It is "" when the session needs none.
func TransferNotice(m Mobility, items []Item) string {
	var ps []Position
	for _, it := range items {
		if !it.Locked {
			ps = append(ps, it.Position)
		}
	}
	if len(ps) == 0 {
		return ""
	}
	home := homePlace(m)
	if home == "" && ps[0] == SeatedWheelchair {
		home = place(SeatedWheelchair)
	}
	if home == "" {
		return ""
	}
	var where []string
	atHome := false
	for _, p := range ps {
		if place(p) == home {
			atHome = true
			continue
		}
		if w := placeWords[place(p)]; !slices.Contains(where, w) {
			where = append(where, w)
		}
	}
	if len(where) == 0 {
		return ""
	}
	if !atHome {
		return "This session is " + strings.Join(where, " and ") + ". Get there when someone can help you move."
	}
	return "Part of this session is " + strings.Join(where, " and part ") + ". Do it when someone can help you move."
}

// placeWords says where a place is, for the transfer notice.
var placeWords = map[string]string{
	string(FamilyLying):       "on the bed",
	string(FamilyStanding):    "standing up",
	string(FamilyFloor):       "on the floor",
	string(SeatedChair):       "on an ordinary chair",
	string(SeatedWheelchair):  "in your wheelchair",
	string(SeatedUnsupported): "on a seat with no backrest",
}
