package limber

import (
	"slices"
	"time"
)

// What a patient's tablet is given of the clinic's records. A tablet is
// read at home and cached offline, so the rules are one place, here.

// ForPatient is an item as its patient reads it. What the PT wrote for the
// clinic (the clearance note) stays with the PT: it may be frank about the
// person. That the PT has said yes, when and until when (cleared_by,
// cleared_at, clearance_expires_at) is the patient's to know. Once the PT
// has said yes, the rule that said to wait for it is no longer true for the
// patient and is taken off, as a reason and as a cue; stored plan versions
// keep it (history keeps its meaning). A locked item comes without its
// steps: it is not to be followed.
func (it Item) ForPatient() Item {
	it.ClearanceNote = ""
	if it.Locked {
		it.Steps = []string{}
		return it
	}
	var gate []string
	reasons := []*Rule{}
	for _, r := range it.Reasons {
		if r.Decision == RequiresPTClearance {
			gate = append(gate, r.Text)
		} else {
			reasons = append(reasons, r)
		}
	}
	if len(gate) > 0 {
		it.Reasons = reasons
		it.Cues = slices.DeleteFunc(slices.Clone(it.Cues), func(c string) bool { return slices.Contains(gate, c) })
	}
	return it
}

// ForPatient is a plan as its patient reads it: every item as ForPatient
// gives it, and no list of what is excluded for them (that is the PT's
// working view).
func (p *Plan) ForPatient() {
	for i := range p.Items {
		p.Items[i] = p.Items[i].ForPatient()
	}
	p.Excluded = []ExcludedVariant{}
}

// ForPatient is a patient's record as the patient reads it: the PT's notes
// stay with the PT.
func (p Patient) ForPatient() Patient {
	p.Notes = ""
	return p
}

// Today is what a patient follows today.
type Today struct {
	// Day is the clinic's calendar day this answer is for: a tablet offline
	// on a later day must not follow it (its screening was for this day).
	Day               string           `json:"day"`
	DayEndsAt         time.Time        `json:"day_ends_at"`
	Screening         *ScreeningRecord `json:"screening"`
	ScreeningRequired bool             `json:"screening_required"`
	PlanID            int64            `json:"plan_id,omitempty"`
	PlanVersion       int              `json:"plan_version,omitempty"`
	Items             []Item           `json:"items"`
	// Waiting lists the plan's items that wait for the PT's OK (shown, not
	// played), without their steps; Order gives every item id of both lists
	// in the plan's order.
	Waiting []Item `json:"waiting"`
	Order   []int  `json:"order"`
	// Cues are the person's session cues (their conditions' safety cues).
	Cues []string `json:"cues"`
}
