package limber

import (
	"slices"
	"strings"
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

func TestCheckMistaken(t *testing.T) {
	note := "She meant yesterday's fall, already seen by her GP."
	for _, tc := range []struct {
		name         string
		kind, note   string
		hasScreening bool
		want         *Error
	}{
		{"a red flag with a note", "red_flag", note, true, nil},
		{"a note of 2000 characters", "red_flag", strings.Repeat("x", 2000), true, nil},
		{"only a red flag's screening is lifted", "pain_rise", note, true,
			Invalidf("mistaken", "only a red_flag alert can be answered by mistake; this one is pain_rise")},
		{"the PT says what the patient told them", "red_flag", "", true, Invalidf("note", "required: say what the patient told you")},
		{"a note of 2001 characters", "red_flag", strings.Repeat("x", 2001), true, Invalidf("note", "at most 2000 characters")},
		{"an alert that names no screening", "red_flag", note, false, Invalidf("mistaken", "this alert names no screening")},
		{"the kind is checked before the screening", "inactive", note, false,
			Invalidf("mistaken", "only a red_flag alert can be answered by mistake; this one is inactive")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckMistaken(tc.kind, tc.note, tc.hasScreening)
			got, _ := err.(*Error)
			switch {
			case tc.want == nil && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.want != nil && (got == nil || *got != *tc.want):
				t.Errorf("got %v, want %+v", err, *tc.want)
			}
		})
	}
}
