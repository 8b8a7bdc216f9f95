package limber_test

import (
	"reflect"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func TestUnderStanding(t *testing.T) {
	changes := []limber.ScreeningChange{{}}
	own := func(o limber.Outcome) limber.Screening {
		return limber.Screening{Outcome: o, Message: "own words", Changes: changes}
	}
	for _, tc := range []struct {
		own, prior limber.Outcome
		want       limber.Screening
	}{
		{limber.Proceed, "", own(limber.Proceed)},
		{limber.Proceed, limber.Proceed, own(limber.Proceed)},
		{limber.StopUrgent, limber.ContactCareTeam, own(limber.StopUrgent)},
		{limber.ModifyToday, limber.ContactCareTeam, limber.Screening{Outcome: limber.ContactCareTeam, Changes: changes,
			Message: "Your earlier answers today still apply. " + limber.StandingMessages[limber.ContactCareTeam]}},
		{limber.Proceed, limber.StopUrgent, limber.Screening{Outcome: limber.StopUrgent, Changes: []limber.ScreeningChange{},
			Message: "Your earlier answers today still apply. " + limber.StandingMessages[limber.StopUrgent]}},
	} {
		if got := own(tc.own).UnderStanding(tc.prior); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s under %q:\n got %+v\nwant %+v", tc.own, tc.prior, got, tc.want)
		}
	}
	for o, alerts := range map[limber.Outcome]bool{limber.StopUrgent: true, limber.ContactCareTeam: true, limber.ModifyToday: false, limber.Proceed: false} {
		if got := (limber.ScreeningFlag{Outcome: o}).AlertsPT(); got != alerts {
			t.Errorf("a %s flag alerts the PT: %v", o, got)
		}
	}
}
