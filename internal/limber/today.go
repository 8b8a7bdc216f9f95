package limber

import (
	"slices"
	"time"
)

// TodayFacts is what the store reads for a patient's day: the screenings
// on file, today's latest screening, and the active plan's current version.
type TodayFacts struct {
	Now time.Time
	Loc *time.Location
	// OnFile are the screenings that may still impose something today.
	OnFile []ScreeningOnFile
	// Latest is today's latest screening (nil: none yet).
	Latest *ScreeningRecord
	// Plan is the active plan's current version (nil: no active plan, or
	// not read because NeedsPlan said no).
	PlanID      int64
	PlanVersion int
	Plan        *Plan
}

// latestStands says whether today's latest screening is today's word: not
// if a PT has since found it (or the one it inherited from) answered by
// mistake, and then the patient screens again.
func (f TodayFacts) latestStands() bool {
	if f.Latest == nil {
		return false
	}
	day := ClinicDay(f.Now, f.Loc)
	for _, s := range f.OnFile {
		if s.ID == f.Latest.ID {
			others := Standing(slices.DeleteFunc(slices.Clone(f.OnFile), func(x ScreeningOnFile) bool { return x.ID == f.Latest.ID }), day)
			return s.Stands(others)
		}
	}
	return true
}

// NeedsPlan says whether the day's items are due, so the store reads the
// active plan: only once a screening stands for today.
func (f TodayFacts) NeedsPlan() bool { return f.latestStands() }

// TodayOf is what a patient follows today: the active plan's deliverable
// items as the standing outcome and today's screening change them, the
// items waiting for the PT's OK (unless the day is stopped), their order,
// and the session's cues.
func TodayOf(f TodayFacts) Today {
	day := ClinicDay(f.Now, f.Loc)
	t := Today{Day: day, DayEndsAt: DayEndsAt(f.Now, f.Loc), ScreeningRequired: true, Items: []Item{}, Waiting: []Item{}, Order: []int{}, Cues: []string{}}
	if !f.latestStands() {
		return t
	}
	t.ScreeningRequired = false
	rec := *f.Latest
	t.Screening = &rec
	outcome := Strictest(Standing(f.OnFile, day), rec.Outcome)
	if f.Plan == nil {
		return t
	}
	doc := f.Plan
	t.PlanID, t.PlanVersion = f.PlanID, f.PlanVersion
	t.Items = TodayItemsPaced(doc.Items, Pace{Rest: doc.Routine.RestSeconds, PositionChange: doc.Routine.PositionChangeSeconds}, outcome, rec.Changes)
	for i := range t.Items {
		t.Items[i] = t.Items[i].ForPatient()
	}
	t.Cues = doc.Routine.Cues
	if outcome != StopUrgent && outcome != ContactCareTeam {
		for _, it := range doc.Items {
			if it.Locked {
				t.Waiting = append(t.Waiting, it.ForPatient())
			}
		}
	}
	for _, it := range doc.Items {
		if slices.ContainsFunc(t.Items, func(x Item) bool { return x.ID == it.ID }) || slices.ContainsFunc(t.Waiting, func(x Item) bool { return x.ID == it.ID }) {
			t.Order = append(t.Order, it.ID)
		}
	}
	return t
}
