package limber_test

import (
	"slices"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestTodayOf(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-12-02T12:00:00Z")
	day := "2026-12-02"
	plan := &limber.Plan{Items: []limber.Item{{ID: 1, Name: "A"}, {ID: 2, Name: "B", Locked: true}, {ID: 3, Name: "C"}},
		Routine: limber.Routine{Cues: []string{"Breathe."}}}
	screened := func(id int64, o limber.Outcome) *limber.ScreeningRecord {
		return &limber.ScreeningRecord{ID: id, Outcome: o, Message: "m"}
	}
	onFile := func(id int64, own, told limber.Outcome, mistaken bool) limber.ScreeningOnFile {
		return limber.ScreeningOnFile{ID: id, Day: day, Own: own, Told: told, Mistaken: mistaken}
	}
	for _, tc := range []struct {
		name                  string
		f                     limber.TodayFacts
		needsPlan, required   bool
		items, waiting, order []int
	}{
		{"no screening yet", limber.TodayFacts{Plan: plan}, false, true, nil, nil, nil},
		{"ready: the plan's items, the locked one waiting", limber.TodayFacts{Latest: screened(5, limber.Proceed),
			OnFile: []limber.ScreeningOnFile{onFile(5, limber.Proceed, limber.Proceed, false)}, Plan: plan, PlanID: 9, PlanVersion: 2},
			true, false, []int{1, 3}, []int{2}, []int{1, 2, 3}},
		{"screened, no active plan", limber.TodayFacts{Latest: screened(5, limber.Proceed),
			OnFile: []limber.ScreeningOnFile{onFile(5, limber.Proceed, limber.Proceed, false)}}, true, false, nil, nil, nil},
		{"stop_urgent: nothing, nothing waiting", limber.TodayFacts{Latest: screened(5, limber.StopUrgent),
			OnFile: []limber.ScreeningOnFile{onFile(5, limber.StopUrgent, limber.StopUrgent, false)}, Plan: plan, PlanID: 9, PlanVersion: 2},
			true, false, nil, nil, nil},
		{"answered by mistake: screen again", limber.TodayFacts{Latest: screened(5, limber.StopUrgent),
			OnFile: []limber.ScreeningOnFile{onFile(5, limber.StopUrgent, limber.StopUrgent, true)}, Plan: plan}, false, true, nil, nil, nil},
		{"told stop_urgent by an earlier screening since lifted: screen again", limber.TodayFacts{Latest: screened(6, limber.StopUrgent),
			OnFile: []limber.ScreeningOnFile{onFile(5, limber.StopUrgent, limber.StopUrgent, true), onFile(6, limber.Proceed, limber.StopUrgent, false)}, Plan: plan},
			false, true, nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.Now, tc.f.Loc = now, time.UTC
			if got := tc.f.NeedsPlan(); got != tc.needsPlan {
				t.Errorf("NeedsPlan = %v", got)
			}
			got := limber.TodayOf(tc.f)
			if got.Day != day || !got.DayEndsAt.Equal(now.Truncate(24*time.Hour).Add(24*time.Hour)) {
				t.Errorf("day %s ends %s", got.Day, got.DayEndsAt)
			}
			if got.ScreeningRequired != tc.required || (got.Screening == nil) != tc.required {
				t.Errorf("screening required %v, screening %+v", got.ScreeningRequired, got.Screening)
			}
			ids := func(items []limber.Item) []int {
				var out []int
				for _, it := range items {
					out = append(out, it.ID)
				}
				return out
			}
			if !slices.Equal(ids(got.Items), tc.items) || !slices.Equal(ids(got.Waiting), tc.waiting) || !slices.Equal(got.Order, tc.order) {
				t.Errorf("items %v waiting %v order %v; want %v %v %v", ids(got.Items), ids(got.Waiting), got.Order, tc.items, tc.waiting, tc.order)
			}
			if got.Items == nil || got.Waiting == nil || got.Order == nil || got.Cues == nil {
				t.Errorf("a list is null in JSON: %+v", got)
			}
			if len(tc.items) > 0 && (got.PlanID != 9 || got.PlanVersion != 2 || !slices.Equal(got.Cues, plan.Routine.Cues)) {
				t.Errorf("plan %d v%d cues %v", got.PlanID, got.PlanVersion, got.Cues)
			}
		})
	}
}
