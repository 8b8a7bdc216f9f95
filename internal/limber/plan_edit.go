package limber

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// PlanContext is what a stored plan is decided against: the patient's
// profile today, their clearances, and the time.
type PlanContext struct {
	Profile    Profile
	Clearances []Clearance
	Now        time.Time
}

// ExcludedError refuses an exercise the rules exclude for this person,
// with every reason.
type ExcludedError struct {
	ExerciseID string
	Position   Position
	Reasons    []*Rule
}

func (e *ExcludedError) Error() string {
	var texts []string
	for _, r := range e.Reasons {
		texts = append(texts, r.ID+": "+r.Text)
	}
	return fmt.Sprintf("%s in %s is excluded for this patient: %s", e.ExerciseID, e.Position, strings.Join(texts, " "))
}

// AddItem adds an exercise to a plan in a position (the best permitted one
// when pos is empty), with the dosage the limits give, as item id. An
// excluded exercise is refused with its reasons; a gated one comes locked.
// A PT may add a restricted exercise deliberately.
func (e *Engine) AddItem(doc *Plan, ctx PlanContext, exerciseID string, pos Position, id int) (Item, error) {
	ex, err := e.Exercise(exerciseID)
	if err != nil {
		return Item{}, err
	}
	a, err := e.Assess(ctx.Profile)
	if err != nil {
		return Item{}, err
	}
	if pos != "" && !slices.Contains(ex.Positions, pos) {
		return Item{}, Invalidf("position", "%s has no %s variant; valid: %s", ex.ID, pos, joinPositions(ex.Positions))
	}
	var best *decided
	var firstExcluded *decided
	for _, p := range ex.Positions {
		if pos != "" && p != pos {
			continue
		}
		tags := ex.TagsAt(p, ex.Dosage)
		v := decided{pos: p, tags: tags, cleared: findClearance(ctx.Clearances, ex.ID, p, ctx.Now), VariantDecision: a.DecideVariant(ex, p, tags)}
		if v.Decision == Exclude {
			if firstExcluded == nil {
				firstExcluded = &v
			}
			continue
		}
		if best == nil || deliverableFirst(v, *best, homePlace(a.Profile.Mobility)) {
			best = &v
		}
	}
	if best == nil {
		return Item{}, &ExcludedError{ExerciseID: ex.ID, Position: firstExcluded.pos, Reasons: only(firstExcluded.Reasons, Exclude)}
	}
	for _, it := range doc.Items {
		if it.ExerciseID == ex.ID && it.Position == best.pos {
			return Item{}, &Error{Code: ECONFLICT, Field: "exercise_id", Message: fmt.Sprintf("%s in %s is already item %d of this plan", ex.ID, best.pos, it.ID)}
		}
	}
	item := newItem(id, ex, *best, best.Decision == RequiresPTClearance && best.cleared == nil, a.Limits.Dose(ex))
	doc.Items = slices.Insert(doc.Items, insertAt(doc.Items, item, positionOrder(a.Profile.Mobility)), item)
	e.refresh(doc, a)
	return item, nil
}

// insertAt is where a PT's addition goes, so the patient stays in one place
// as long as they can: a relaxation at the end; anything else after the
// last item of its position (never before the opening, never after the
// closing relaxation), else where the planner puts that position's group.
func insertAt(items []Item, it Item, order []Position) int {
	end := len(items)
	if it.Kind == KindRelaxation {
		return end
	}
	for end > 0 && items[end-1].Kind == KindRelaxation {
		end--
	}
	start := min(1, end)
	for i := end - 1; i >= 0; i-- {
		if items[i].Position == it.Position {
			return max(i+1, start)
		}
	}
	// The closing's position group sits next to the closing.
	if end < len(items) && items[len(items)-1].Position == it.Position {
		return end
	}
	var first, last Position
	if len(items) > 0 {
		first = items[0].Position
	}
	if end < len(items) {
		last = items[len(items)-1].Position
	}
	rank := groupRank(order, first, last)
	for i := start; i < end; i++ {
		if rank(items[i].Position) > rank(it.Position) {
			return i
		}
	}
	return end
}

// deliverableFirst ranks variants for a PT's addition: deliverable before
// locked, then in the person's home place (the wheelchair at M4, the bed
// at M5), then as the planner ranks them.
func deliverableFirst(x, y decided, home string) bool {
	lx := x.Decision == RequiresPTClearance && x.cleared == nil
	ly := y.Decision == RequiresPTClearance && y.cleared == nil
	if lx != ly {
		return !lx
	}
	if hx, hy := home != "" && place(x.pos) == home, home != "" && place(y.pos) == home; hx != hy {
		return hx
	}
	return variantBefore(x, y)
}

func joinPositions(ps []Position) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}

func noItem(id int) error {
	return &Error{Code: ENOTFOUND, Field: "item", Message: fmt.Sprintf("no item %d in this plan", id)}
}

// CheckPlanChange refuses to change an archived plan, to activate it
// again too: it is the record of what the patient followed, and a new
// plan is decided afresh for who they are now.
func CheckPlanChange(status string) error {
	if status == PlanArchived {
		return &Error{Code: ECONFLICT, Message: "this plan is archived; create a new plan"}
	}
	return nil
}

// maxClearanceNote is the longest note a clearance keeps.
const maxClearanceNote = 2000

// CheckClearanceNote checks a PT's note clearing an item: the clearance
// carries over to later plans for months, so it must say why the item is
// safe for this patient.
func CheckClearanceNote(note string) error {
	if note == "" || len(note) > maxClearanceNote {
		return Invalidf("note", "say why the item is safe for this patient (1 to %d characters)", maxClearanceNote)
	}
	return nil
}

// Clearable finds the item a PT clears: one of the plan's, waiting for a
// clearance it does not yet have.
func Clearable(doc *Plan, id int) (Item, error) {
	i := slices.IndexFunc(doc.Items, func(it Item) bool { return it.ID == id })
	switch {
	case i < 0:
		return Item{}, noItem(id)
	case doc.Items[i].Decision != RequiresPTClearance:
		return Item{}, &Error{Code: ECONFLICT, Message: "this item does not need a clearance"}
	case !doc.Items[i].Locked:
		return Item{}, &Error{Code: ECONFLICT, Message: "this item is already cleared"}
	}
	return doc.Items[i], nil
}

// RemoveItem takes an item out of a plan.
func (e *Engine) RemoveItem(doc *Plan, ctx PlanContext, id int) error {
	i := slices.IndexFunc(doc.Items, func(it Item) bool { return it.ID == id })
	if i < 0 {
		return noItem(id)
	}
	doc.Items = slices.Delete(doc.Items, i, i+1)
	return e.Refresh(doc, ctx)
}

// MoveItem moves an item to a new place (0-based) in the plan's order.
func (e *Engine) MoveItem(doc *Plan, ctx PlanContext, id, to int) error {
	i := slices.IndexFunc(doc.Items, func(it Item) bool { return it.ID == id })
	if i < 0 {
		return noItem(id)
	}
	if to < 0 || to >= len(doc.Items) {
		return Invalidf("position_in_plan", "must be between 0 and %d", len(doc.Items)-1)
	}
	it := doc.Items[i]
	doc.Items = slices.Insert(slices.Delete(doc.Items, i, i+1), to, it)
	return e.Refresh(doc, ctx)
}

// SetDosage changes an item's dosage within the limits of this person; a
// dosage outside them is refused with the reason.
func (e *Engine) SetDosage(doc *Plan, ctx PlanContext, id int, d Dosage) (Item, error) {
	i := slices.IndexFunc(doc.Items, func(it Item) bool { return it.ID == id })
	if i < 0 {
		return Item{}, noItem(id)
	}
	a, err := e.Assess(ctx.Profile)
	if err != nil {
		return Item{}, err
	}
	ex, err := e.Exercise(doc.Items[i].ExerciseID)
	if err != nil {
		return Item{}, err
	}
	if err := a.Limits.CheckDose(ex, d); err != nil {
		return Item{}, err
	}
	// rep_seconds belongs to counted repetitions only; a counted item
	// edited without one keeps its pace (or takes the exercise's).
	switch {
	case !d.Counted():
		d.RepSeconds = 0
	case d.RepSeconds == 0 && doc.Items[i].RepSeconds > 0:
		d.RepSeconds = doc.Items[i].RepSeconds
	case d.RepSeconds == 0 && ex.Dosage.RepSeconds > 0:
		d.RepSeconds = ex.Dosage.RepSeconds
	case d.RepSeconds == 0:
		d.RepSeconds = e.repSeconds // a held item made counted
	}
	doc.Items[i].Dosage = d
	doc.Items[i].DurationSeconds = d.DurationSeconds()
	doc.Items[i].DosageWords = d.Words()
	e.refresh(doc, a)
	return doc.Items[i], nil
}

// Refresh works out a plan's profile, excluded list and session figures
// again after an edit.
func (e *Engine) Refresh(doc *Plan, ctx PlanContext) error {
	a, err := e.Assess(ctx.Profile)
	if err != nil {
		return err
	}
	e.refresh(doc, a)
	return nil
}

func (e *Engine) refresh(doc *Plan, a *Assessment) {
	doc.Profile = planProfile(a.Profile)
	doc.RulesVersion = e.rules.Version
	doc.Excluded = e.excludedFor(a)
	maxSeconds := doc.Minutes * 60
	if a.Limits.MaxSeconds > 0 && a.Limits.MaxSeconds < maxSeconds {
		maxSeconds = a.Limits.MaxSeconds
	}
	doc.Routine = summarize(a, doc.Items, maxSeconds, nil)
}

// excludedFor lists every excluded variant of the library for a person.
func (e *Engine) excludedFor(a *Assessment) []ExcludedVariant {
	out := []ExcludedVariant{}
	for i, ex := range e.exercises {
		for _, v := range e.variants[i] {
			if d := a.DecideVariant(ex, v.Position, v.Tags); d.Decision == Exclude {
				out = append(out, ExcludedVariant{ExerciseID: ex.ID, Name: ex.Name, Position: v.Position, Reasons: only(d.Reasons, Exclude)})
			}
		}
	}
	return out
}

// Recheck decides a stored plan again for a changed profile (or a lapsed
// clearance): an item now excluded leaves the plan, an item now needing
// clearance is locked, holds are brought within new limits. It returns what
// changed, in words for the PT; nothing means the plan stands as it was.
func (e *Engine) Recheck(doc *Plan, ctx PlanContext) ([]string, error) {
	a, err := e.Assess(ctx.Profile)
	if err != nil {
		return nil, err
	}
	var changes []string
	kept := make([]Item, 0, len(doc.Items))
	for _, it := range doc.Items {
		ex, err := e.Exercise(it.ExerciseID)
		if err != nil {
			// The library no longer has it: keep the stored copy, decided
			// on the tags it was stored with.
			ex = &Exercise{ID: it.ExerciseID, Name: it.Name, Kind: it.Kind, Summary: it.Summary, Positions: []Position{it.Position},
				Tags: it.Tags, Regions: it.Regions, Steps: it.Steps, Restricted: it.Restricted}
		}
		tags := ex.TagsAt(it.Position, it.Dosage)
		v := decided{pos: it.Position, tags: tags, cleared: findClearance(ctx.Clearances, ex.ID, it.Position, ctx.Now), VariantDecision: a.DecideVariant(ex, it.Position, tags)}
		if v.Decision == Exclude {
			var why []string
			for _, r := range only(v.Reasons, Exclude) {
				why = append(why, r.ID)
			}
			changes = append(changes, fmt.Sprintf("%s (%s) withdrawn: now excluded by %s.", it.Name, it.Position, strings.Join(why, ", ")))
			continue
		}
		dose := it.Dosage
		if adj := a.Limits.Adjust(ex, dose); adj != dose {
			changes = append(changes, fmt.Sprintf("%s: dosage brought within the limits (hold %d s, %d times).", it.Name, adj.HoldSeconds, adj.Reps))
			dose = adj
		}
		locked := v.Decision == RequiresPTClearance && v.cleared == nil
		n := newItem(it.ID, ex, v, locked, dose)
		if locked && !it.Locked {
			var why []string
			for _, r := range v.Reasons {
				if r.Decision == RequiresPTClearance {
					why = append(why, r.ID)
				}
			}
			changes = append(changes, fmt.Sprintf("%s (%s) locked: needs your clearance (%s).", it.Name, it.Position, strings.Join(why, ", ")))
		}
		kept = append(kept, n)
	}
	doc.Items = kept
	e.refresh(doc, a)
	return changes, nil
}

// Adjust brings an existing dosage within the limits: a held stretch's hold
// up to the minimum or down to the maximum, and its repetitions likewise.
// Timed items and counted repetitions (no hold to lengthen) keep theirs:
// turning "10 ankle pumps" into 30 s holds would change the exercise.
func (l Limits) Adjust(ex *Exercise, d Dosage) Dosage {
	if ex.Kind != KindStretch || d.Timed() || d.Counted() {
		return d
	}
	if l.MaxHoldSeconds > 0 && d.HoldSeconds > l.MaxHoldSeconds {
		d.HoldSeconds = l.MaxHoldSeconds
	}
	d.HoldSeconds = max(d.HoldSeconds, l.MinHoldSeconds)
	if l.MaxReps > 0 && d.Reps > l.MaxReps {
		d.Reps = l.MaxReps
	}
	return d
}

// DosageChange is a PT's change to some of an item's dosage fields; the
// fields left nil keep the item's current values. It is applied to the plan
// as it stands when the edit is stored, so two edits at once both count.
type DosageChange struct {
	HoldSeconds *int  `json:"hold_seconds,omitempty"`
	Seconds     *int  `json:"seconds,omitempty"`
	Reps        *int  `json:"reps,omitempty"`
	Sets        *int  `json:"sets,omitempty"`
	PerSide     *bool `json:"per_side,omitempty"`
	RestSeconds *int  `json:"rest_seconds,omitempty"`
	RepSeconds  *int  `json:"rep_seconds,omitempty"`
}

// Empty reports whether the change names no field.
func (c DosageChange) Empty() bool {
	return c.HoldSeconds == nil && c.Seconds == nil && c.Reps == nil && c.Sets == nil && c.PerSide == nil && c.RestSeconds == nil && c.RepSeconds == nil
}

// Apply returns d with the change's fields set.
func (c DosageChange) Apply(d Dosage) Dosage {
	set := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	set(&d.HoldSeconds, c.HoldSeconds)
	set(&d.Seconds, c.Seconds)
	set(&d.Reps, c.Reps)
	set(&d.Sets, c.Sets)
	set(&d.RestSeconds, c.RestSeconds)
	set(&d.RepSeconds, c.RepSeconds)
	if c.PerSide != nil {
		d.PerSide = *c.PerSide
	}
	return d
}

// ChangeDosage applies a partial dosage change to the item as it is in doc
// now, within the limits of this person.
func (e *Engine) ChangeDosage(doc *Plan, ctx PlanContext, id int, c DosageChange) (Item, error) {
	i := slices.IndexFunc(doc.Items, func(it Item) bool { return it.ID == id })
	if i < 0 {
		return Item{}, noItem(id)
	}
	return e.SetDosage(doc, ctx, id, c.Apply(doc.Items[i].Dosage))
}

// FitTime checks a plan's time after a PT's edit. The session may grow past
// the minutes asked for when the plan was made (the plan's minutes follow
// it), never past the strictest time limit of the person: that edit is
// refused, saying by how much.
func (doc *Plan) FitTime() error {
	s := &doc.Routine
	if limit := s.Limits.MaxSeconds; limit > 0 && s.TotalSeconds > limit {
		return Invalidf("item", "this would make the session %s long; for this person a session is at most %s (%s): shorten or remove another item first",
			Duration(s.TotalSeconds), Duration(limit), strings.Join(s.Limits.From, ", "))
	}
	if s.TotalSeconds > s.MaxSeconds {
		doc.Minutes = (s.TotalSeconds + 59) / 60
		s.MaxSeconds = doc.Minutes * 60
		if limit := s.Limits.MaxSeconds; limit > 0 && limit < s.MaxSeconds {
			s.MaxSeconds = limit
		}
	}
	return nil
}

// ItemChange is a PT's change to one item: some of its dosage, its place,
// or both. The dosage change is merged into the item inside the write
// transaction, so two edits at once both count.
type ItemChange struct {
	Dosage DosageChange
	// Index is the item's new place in the plan, 0-based.
	Index *int
}
