package limber

import (
	"fmt"
	"slices"
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
	Routine      Routine           `json:"session"`
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

// Routine is what holds for the whole exercise session a plan sets out
// (its time, rests, cues): the plan document's "session" block.
type Routine struct {
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
	plan.Routine = b.routine(plan.Items)
	return plan, nil
}
