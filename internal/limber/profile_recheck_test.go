package limber_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func TestRecheckProfile(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-12-02T12:00:00Z")
	base := limber.Patient{ID: 1, Mobility: limber.M1, Conditions: []limber.Condition{limber.Spasticity}}
	with := func(f func(p *limber.Patient)) limber.Patient {
		p := base
		p.Conditions = append([]limber.Condition{}, base.Conditions...)
		f(&p)
		return p
	}
	for _, tc := range []struct {
		name   string
		after  limber.Patient
		events []string
		want   limber.Recheck
	}{
		{"nothing clinical changed", with(func(p *limber.Patient) { p.Name = "New name"; p.Notes = "x" }), nil, limber.Recheck{}},
		{"a condition removed keeps clearances", with(func(p *limber.Patient) { p.Conditions = nil }), nil, limber.Recheck{}},
		{"a new condition", with(func(p *limber.Patient) { p.Conditions = append(p.Conditions, limber.HeatSensitivity) }), nil,
			limber.Recheck{Lapse: true, LapseReason: "new condition heat_sensitivity"}},
		{"mobility changed (and balance_falls came with it)", with(func(p *limber.Patient) { p.Mobility = limber.M3 }), nil,
			limber.Recheck{Lapse: true, LapseReason: "mobility changed from M1 to M3; new condition balance_falls"}},
		{"an event alone", base, []string{"a fall reported in screening"},
			limber.Recheck{Lapse: true, LapseReason: "a fall reported in screening"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := limber.RecheckProfile(base, tc.after, now, tc.events...)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
	if _, err := limber.RecheckProfile(base, with(func(p *limber.Patient) { p.Mobility = "M9" }), now); err == nil {
		t.Error("a profile that does not resolve was re-checked")
	}
}

func TestProfileReviewAlert(t *testing.T) {
	for _, tc := range []struct {
		changes []string
		lapsed  string
		want    string // "": no alert
	}{
		{nil, "", ""},
		{[]string{"Cat stretch withdrawn.", "Knee hug held shorter."}, "", "Profile changed: please review the plan. Cat stretch withdrawn. Knee hug held shorter."},
		{nil, "new condition heat_sensitivity", "Profile changed: please review the plan. Clearances ended: new condition heat_sensitivity."},
		{[]string{"Cat stretch withdrawn."}, "a fall", "Profile changed: please review the plan. Cat stretch withdrawn. Clearances ended: a fall."},
	} {
		a, ok := limber.ProfileReviewAlert(tc.changes, tc.lapsed)
		if ok != (tc.want != "") || a.Message != tc.want || (ok && (a.Kind != "profile_review" || a.Key != "")) {
			t.Errorf("ProfileReviewAlert(%q, %q) = %+v, %v; want %q", tc.changes, tc.lapsed, a, ok, tc.want)
		}
	}
	if a := limber.ScreeningProfileAlert([]limber.Condition{limber.BalanceFalls, limber.RecentRelapse}); a.Message !=
		"The patient's screening answers added balance_falls, recent_relapse to the profile. Please confirm." || a.Kind != "profile_review" {
		t.Errorf("ScreeningProfileAlert = %+v", a)
	}
}

func TestAddScreeningConditions(t *testing.T) {
	for _, tc := range []struct {
		have, add, want []limber.Condition
	}{
		{nil, []limber.Condition{limber.BalanceFalls}, []limber.Condition{limber.BalanceFalls}},
		{[]limber.Condition{limber.BalanceFalls}, []limber.Condition{limber.BalanceFalls}, []limber.Condition{limber.BalanceFalls}},
		{[]limber.Condition{limber.BackPainMSK, limber.Spasticity}, []limber.Condition{limber.BackPainUnevaluated},
			[]limber.Condition{limber.Spasticity, limber.BackPainUnevaluated}},
	} {
		have := append([]limber.Condition{}, tc.have...)
		if got := limber.AddScreeningConditions(have, tc.add); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AddScreeningConditions(%v, %v) = %v, want %v", tc.have, tc.add, got, tc.want)
		}
		if !reflect.DeepEqual(have, append([]limber.Condition{}, tc.have...)) {
			t.Errorf("the conditions given were changed: %v", have)
		}
	}
}
