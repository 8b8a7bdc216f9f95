package limber_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestWeekStart(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	for _, tc := range []struct {
		at   string
		loc  *time.Location
		want string
	}{
		{"2026-12-02T12:00:00Z", time.UTC, "2026-11-30T00:00:00Z"}, // a Wednesday
		{"2026-11-30T00:00:00Z", time.UTC, "2026-11-30T00:00:00Z"}, // Monday midnight is its own week
		{"2026-12-06T23:59:59Z", time.UTC, "2026-11-30T00:00:00Z"}, // Sunday night is still that week
		{"2026-11-30T03:00:00Z", ny, "2026-11-23T00:00:00-05:00"},  // still Sunday in New York
		{"2026-11-30T05:00:00Z", ny, "2026-11-30T00:00:00-05:00"},  // Monday there
		{"2026-03-09T12:00:00Z", ny, "2026-03-09T00:00:00-04:00"},  // the Monday after clocks went forward
		{"2026-03-10T12:00:00Z", ny, "2026-03-09T00:00:00-04:00"},  //
		{"2026-11-02T04:59:00Z", ny, "2026-10-26T00:00:00-04:00"},  // Sunday night of the week clocks went back
	} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		want, _ := time.Parse(time.RFC3339, tc.want)
		if got := limber.WeekStart(at, tc.loc); !got.Equal(want) {
			t.Errorf("WeekStart(%s, %s) = %s, want %s", tc.at, tc.loc, got, want)
		}
	}
}

func TestAdherenceOf(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-12-02T12:00:00Z") // Wednesday
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	sess := func(s string, before int, after *int) limber.AdherenceSession {
		f := at(s)
		return limber.AdherenceSession{FinishedAt: f, Day: f.Format(time.DateOnly), PainBefore: before, PainAfter: after}
	}
	sessions := []limber.AdherenceSession{
		sess("2026-10-20T10:00:00Z", 1, ip(1)), // before the window and the month: last session only
		sess("2026-11-10T10:00:00Z", 2, ip(2)), // within 30 days, before the weeks
		sess("2026-11-23T09:00:00Z", 3, ip(4)), // last week, Monday
		sess("2026-11-29T23:00:00Z", 4, nil),   // last week, Sunday night (unfinished)
		sess("2026-11-30T08:00:00Z", 5, ip(7)), // this week
		sess("2026-11-30T18:00:00Z", 6, ip(6)), // this week, same day
	}
	got := limber.AdherenceOf(7, now, time.UTC, 2, 3, sessions, []string{"2026-11-10", "2026-11-15"})
	last := at("2026-11-30T18:00:00Z")
	want := limber.Adherence{PatientID: 7,
		Weeks: []limber.WeekAdherence{{WeekStart: "2026-11-30", Done: 2, Prescribed: 3}, {WeekStart: "2026-11-23", Done: 2, Prescribed: 3}},
		Pain: []limber.PainPoint{{At: at("2026-11-23T09:00:00Z"), Before: 3, After: ip(4)}, {At: at("2026-11-29T23:00:00Z"), Before: 4},
			{At: at("2026-11-30T08:00:00Z"), Before: 5, After: ip(7)}, {At: at("2026-11-30T18:00:00Z"), Before: 6, After: ip(6)}},
		LastSessionAt: &last,
		// 11-10 (a session and a journal entry), 11-15, 11-23, 11-29, 11-30.
		DaysWithData: 5,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AdherenceOf:\n got %+v\nwant %+v", got, want)
	}
	empty := limber.AdherenceOf(7, now, time.UTC, 1, 0, nil, nil)
	if len(empty.Weeks) != 1 || empty.Weeks[0] != (limber.WeekAdherence{WeekStart: "2026-11-30"}) || empty.LastSessionAt != nil || empty.Pain == nil || empty.DaysWithData != 0 {
		t.Errorf("no sessions: %+v", empty)
	}
	// What the store must read: the whole DaysWithData window however few weeks.
	if s := limber.AdherenceSince(now, time.UTC, 1); !s.Before(now.AddDate(0, 0, -limber.DataDaysWindow)) {
		t.Errorf("AdherenceSince(1 week) = %s: leaves out days of the last %d", s, limber.DataDaysWindow)
	}
}

func TestAdherenceWeeksInTheClinicsZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone data:", err)
	}
	now, _ := time.Parse(time.RFC3339, "2026-11-30T15:00:00Z")
	// 03:00 UTC on Monday is Sunday evening in New York: last week there.
	f, _ := time.Parse(time.RFC3339, "2026-11-30T03:00:00Z")
	a := limber.AdherenceOf(1, now, ny, 2, 5, []limber.AdherenceSession{{FinishedAt: f, Day: "2026-11-29"}}, nil)
	if a.Weeks[0].Done != 0 || a.Weeks[1].Done != 1 || a.Weeks[1].WeekStart != "2026-11-23" {
		t.Errorf("weeks = %+v", a.Weeks)
	}
}

func TestRecentPain(t *testing.T) {
	var pts []limber.PainPoint
	for i := 0; i < 8; i++ {
		pts = append(pts, limber.PainPoint{Before: i})
	}
	got := limber.RecentPain(pts)
	if len(got) != limber.RecentPainPoints || got[0].Before != 3 || got[4].Before != 7 {
		t.Errorf("RecentPain = %+v", got)
	}
	if got := limber.RecentPain(pts[:2]); len(got) != 2 {
		t.Errorf("RecentPain of 2 = %+v", got)
	}
}
