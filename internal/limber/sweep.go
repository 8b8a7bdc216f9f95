package limber

import (
	"fmt"
	"slices"
	"time"
)

// InactiveAfter is how long an active plan without a session raises an
// "inactive" alert (a service rule of the PT's inbox, not RULES.md's).
const InactiveAfter = 7 * 24 * time.Hour

// SweepFacts is what the hourly sweep reads of one patient.
type SweepFacts struct {
	Patient Patient
	// Plan is the active plan's current version (nil: no active plan,
	// nothing more to watch), ActivatedAt when it became active, and
	// LastSession the newest session's finish (nil: none).
	Plan        *Plan
	ActivatedAt *time.Time
	LastSession *time.Time
}

// SweepDecision is what the sweep does for one patient.
type SweepDecision struct {
	// Periods (a period that ended) and Inactive (no session since a given
	// moment) are raised only if no alert with the same key ever was: a
	// fact that does not change is said once.
	Periods  []AlertToRaise
	Inactive *AlertToRaise
	// Recheck: the conditions moved on by themselves (a pregnancy band);
	// the plan is decided again, clearances ending first when Lapse, and
	// SweepRecheckAlert is raised.
	Recheck     bool
	Lapse       bool
	LapseReason string
	// Conditions are the effective conditions now.
	Conditions []Condition
}

// DecideSweep decides what the passing of time asks for one patient at
// now: a relapse, hip precautions or spine surgery whose period ended
// raises a review alert; a plan whose conditions moved on by themselves is
// decided again; an active plan with no session for InactiveAfter raises
// "inactive".
func DecideSweep(f SweepFacts, now time.Time) (SweepDecision, error) {
	var d SweepDecision
	for _, msg := range f.Patient.ExpiredPeriods(now) {
		d.Periods = append(d.Periods, AlertToRaise{Kind: "profile_review", Message: msg, Key: "period:" + msg})
	}
	if f.Plan == nil {
		return d, nil
	}
	eff, err := f.Patient.Profile(now).Resolve()
	if err != nil {
		return d, err
	}
	d.Conditions = eff.Conditions
	if !slices.Equal(eff.Conditions, f.Plan.Profile.EffectiveConditions) {
		d.Recheck = true
		before := Effective{Profile: eff.Profile, Conditions: f.Plan.Profile.EffectiveConditions}
		before.Mobility = f.Plan.Profile.Mobility
		d.Lapse, d.LapseReason = ClearanceLapse(before, eff)
	}
	since := f.ActivatedAt
	if f.LastSession != nil && (since == nil || f.LastSession.After(*since)) {
		since = f.LastSession
	}
	if since != nil && now.Sub(*since) > InactiveAfter {
		days := int(now.Sub(*since).Hours() / 24)
		// The key names the moment (as the store writes times), so that
		// one stretch is said once, and the next stretch again.
		d.Inactive = &AlertToRaise{Kind: "inactive", Message: fmt.Sprintf("No session for %d days.", days),
			Key: "inactive:" + since.UTC().Format(time.RFC3339Nano)}
	}
	return d, nil
}

// SweepRecheckAlert is the profile_review alert after the sweep decided a
// plan again.
func SweepRecheckAlert(conditions []Condition, planChanges []string) AlertToRaise {
	msg := fmt.Sprintf("The profile moved on by itself (now %v): the plan was decided again.", conditions)
	for _, c := range planChanges {
		msg += " " + c
	}
	return AlertToRaise{Kind: "profile_review", Message: msg}
}
