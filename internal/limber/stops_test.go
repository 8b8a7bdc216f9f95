package limber_test

import (
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestCheckStopTime(t *testing.T) {
	created := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	before := invalid("at", "is before this plan existed")
	for _, tc := range []struct {
		name string
		at   time.Time
		want *limber.Error
	}{
		{"after the plan", created.Add(time.Hour), nil},
		{"a tablet clock 10 minutes slow", created.Add(-10 * time.Minute), nil},
		{"more than 10 minutes before the plan", created.Add(-10*time.Minute - time.Second), before},
		{"a day before the plan", created.Add(-24 * time.Hour), before},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, limber.CheckStopTime(tc.at, created), tc.want) })
	}
}

func TestCheckCorrection(t *testing.T) {
	const session, corrects = "5a1c1e0e-0000-4000-8000-000000000001", "5a1c1e0e-0000-4000-8000-000000000002"
	in := limber.StopInput{SessionClientID: session, Corrects: corrects}
	for _, tc := range []struct {
		name    string
		earlier *limber.CorrectedStop
		want    *limber.Error
	}{
		{"a stop of the same session", &limber.CorrectedStop{SessionClientID: session, Reason: "other"}, nil},
		{"no stop of the patient's", nil, invalid("corrects", "no stop "+corrects+" of yours")},
		{"a stop of another session", &limber.CorrectedStop{SessionClientID: "another"},
			invalid("corrects", "stop "+corrects+" belongs to another session")},
		{"a stop corrected already: correct the latest", &limber.CorrectedStop{SessionClientID: session, AlreadyCorrected: true},
			invalid("corrects", "stop "+corrects+" was already corrected; correct the latest one")},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, limber.CheckCorrection(in, tc.earlier), tc.want) })
	}
	sameError(t, limber.AlreadyCorrected(corrects), invalid("corrects", "stop "+corrects+" was already corrected; correct the latest one"))
}
