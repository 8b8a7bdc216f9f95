package limber_test

import (
	"errors"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestNewJournalEntry(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-12-02T12:00:00Z")
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	long := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = 'x'
		}
		return string(b)
	}
	ok := limber.JournalInput{Region: limber.Region("low_back"), Intensity: ip(4)}
	with := func(f func(*limber.JournalInput)) limber.JournalInput { in := ok; f(&in); return in }
	for _, tc := range []struct {
		name  string
		in    limber.JournalInput
		field string // "": accepted
	}{
		{"now", ok, ""},
		{"a day ago", with(func(in *limber.JournalInput) { in.At = at(-24 * time.Hour) }), ""},
		{"a drifting clock", with(func(in *limber.JournalInput) { in.At = at(5 * time.Minute) }), ""},
		{"in the future", with(func(in *limber.JournalInput) { in.At = at(time.Hour) }), "at"},
		{"over a year ago", with(func(in *limber.JournalInput) { in.At = at(-366 * 24 * time.Hour) }), "at"},
		{"no region", with(func(in *limber.JournalInput) { in.Region = "" }), "region"},
		{"no intensity", with(func(in *limber.JournalInput) { in.Intensity = nil }), "intensity"},
		{"intensity 11", with(func(in *limber.JournalInput) { in.Intensity = ip(11) }), "intensity"},
		{"intensity 0", with(func(in *limber.JournalInput) { in.Intensity = ip(0) }), ""},
		{"a long quality", with(func(in *limber.JournalInput) { in.Quality = long(201) }), "quality"},
		{"a long trigger", with(func(in *limber.JournalInput) { in.Trigger = long(201) }), "trigger"},
		{"both long: the first named", with(func(in *limber.JournalInput) { in.Quality, in.Trigger = long(201), long(201) }), "quality"},
		{"a long note", with(func(in *limber.JournalInput) { in.Note = long(2001) }), "note"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := limber.NewJournalEntry(7, tc.in, now)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				want := now
				if tc.in.At != nil {
					want = *tc.in.At
				}
				if e.PatientID != 7 || !e.At.Equal(want) || e.Intensity != *tc.in.Intensity || e.Region != tc.in.Region {
					t.Errorf("entry %+v", e)
				}
				return
			}
			var le *limber.Error
			if !errors.As(err, &le) || le.Code != limber.EINVALID || le.Field != tc.field {
				t.Errorf("got %v, want invalid %s", err, tc.field)
			}
		})
	}
}
