package limber_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestDecideSweep(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-12-02T12:00:00Z")
	ago := func(d time.Duration) *time.Time { t := now.Add(-d); return &t }
	day := 24 * time.Hour
	// Due in 27 weeks' time: week 13 today, week 12 a week ago.
	due := limber.DueDateFromWeek(13, now)
	pregnant := limber.Patient{ID: 1, Mobility: limber.M1, DueDate: &due}
	planFor := func(p limber.Patient, at time.Time) *limber.Plan {
		eff, err := p.Profile(at).Resolve()
		if err != nil {
			t.Fatal(err)
		}
		return &limber.Plan{Profile: limber.PlanProfile{Mobility: eff.Mobility, EffectiveConditions: eff.Conditions}}
	}
	relapsed := limber.Patient{ID: 2, Mobility: limber.M1, Conditions: []limber.Condition{limber.RecentRelapse}, RelapseSince: ago(31 * day)}
	quiet := limber.Patient{ID: 3, Mobility: limber.M1}
	for _, tc := range []struct {
		name string
		f    limber.SweepFacts
		want limber.SweepDecision
	}{
		{"no plan, nothing ended", limber.SweepFacts{Patient: quiet}, limber.SweepDecision{}},
		{"a relapse period ended, no plan", limber.SweepFacts{Patient: relapsed}, limber.SweepDecision{Periods: []limber.AlertToRaise{{Kind: "profile_review",
			Message: "recent_relapse: relapse since 1 Nov 2026; the period has ended. Review the profile.",
			Key:     "period:recent_relapse: relapse since 1 Nov 2026; the period has ended. Review the profile."}}}},
		{"a plan decided for today, used yesterday", limber.SweepFacts{Patient: quiet, Plan: planFor(quiet, now), ActivatedAt: ago(30 * day), LastSession: ago(day)},
			limber.SweepDecision{}},
		{"the pregnancy band moved on", limber.SweepFacts{Patient: pregnant, Plan: planFor(pregnant, now.Add(-7*day)), LastSession: ago(day)},
			limber.SweepDecision{Recheck: true, Lapse: true, LapseReason: "new condition pregnancy_13_27", Conditions: []limber.Condition{limber.Pregnancy13to27}}},
		{"no session for a week since the last", limber.SweepFacts{Patient: quiet, Plan: planFor(quiet, now), ActivatedAt: ago(30 * day), LastSession: ago(8 * day)},
			limber.SweepDecision{Inactive: &limber.AlertToRaise{Kind: "inactive", Message: "No session for 8 days.",
				Key: "inactive:" + ago(8*day).Format(time.RFC3339Nano)}}},
		{"no session since the plan became active", limber.SweepFacts{Patient: quiet, Plan: planFor(quiet, now), ActivatedAt: ago(10 * day)},
			limber.SweepDecision{Inactive: &limber.AlertToRaise{Kind: "inactive", Message: "No session for 10 days.",
				Key: "inactive:" + ago(10*day).Format(time.RFC3339Nano)}}},
		{"a session before the plan's activation does not count", limber.SweepFacts{Patient: quiet, Plan: planFor(quiet, now), ActivatedAt: ago(2 * day), LastSession: ago(20 * day)},
			limber.SweepDecision{}},
		{"exactly InactiveAfter is not yet inactive", limber.SweepFacts{Patient: quiet, Plan: planFor(quiet, now), LastSession: ago(limber.InactiveAfter)},
			limber.SweepDecision{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := limber.DecideSweep(tc.f, now)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("DecideSweep:\n got %#v\nwant %#v", got, tc.want)
			}
		})
	}
	a := limber.SweepRecheckAlert([]limber.Condition{limber.Pregnancy13to27}, []string{"Cat stretch withdrawn."})
	if a != (limber.AlertToRaise{Kind: "profile_review", Message: "The profile moved on by itself (now [pregnancy_13_27]): the plan was decided again. Cat stretch withdrawn."}) {
		t.Errorf("SweepRecheckAlert = %+v", a)
	}
}
