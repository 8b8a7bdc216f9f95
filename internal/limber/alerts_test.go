package limber

import (
	"slices"
	"testing"
	"time"
)

func TestAlertInboxOrder(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	type a struct {
		kind string
		at   time.Time
		open bool
	}
	got := []a{
		{"inactive", t0.Add(5 * time.Hour), true},
		{"pain_rise", t0.Add(4 * time.Hour), true},
		{"red_flag", t0.Add(-48 * time.Hour), false},
		{"in_session_stop", t0, true},
		{"red_flag", t0.Add(time.Hour), true},
		{"pain_rise", t0.Add(6 * time.Hour), true},
		{"something_new", t0.Add(7 * time.Hour), true},
		{"profile_review", t0.Add(3 * time.Hour), true},
		{"stopped_for_pain", t0.Add(2 * time.Hour), true},
	}
	slices.SortStableFunc(got, func(x, y a) int { return AlertInboxOrder(x.kind, x.at, x.open, y.kind, y.at, y.open) })
	var kinds []string
	for _, x := range got {
		kinds = append(kinds, x.kind)
	}
	want := []string{"red_flag", "in_session_stop", "pain_rise", "pain_rise", "stopped_for_pain", "profile_review", "inactive", "something_new", "red_flag"}
	if !slices.Equal(kinds, want) {
		t.Fatalf("order %v, want %v", kinds, want)
	}
	if !got[2].at.After(got[3].at) {
		t.Errorf("two pain rises: the newest must come first")
	}
	if got[8].open {
		t.Errorf("an acknowledged alert must come after the open ones")
	}
}
