package limber_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

func ip(n int) *int { return &n }

func TestSessionAlerts(t *testing.T) {
	followed := &limber.Plan{Items: []limber.Item{
		{ID: 1, Name: "Knee hug", PositionLabel: "Lying on your back"},
		{ID: 2, Name: "Seated twist"},
	}}
	current := &limber.Plan{Items: []limber.Item{{ID: 1}, {ID: 2, Locked: true}}}
	stopped := func(id int, reason string) limber.SessionItem {
		return limber.SessionItem{ItemID: id, Status: "stopped", Reason: reason}
	}
	done := func(id int) limber.SessionItem { return limber.SessionItem{ItemID: id, Status: "done"} }
	for _, tc := range []struct {
		name string
		f    limber.SessionFacts
		want []limber.AlertToRaise
	}{
		{"nothing to say", limber.SessionFacts{In: limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), PainAfter: ip(4), Items: []limber.SessionItem{done(1)}},
			Followed: followed, CurrentVersion: 1}, nil},
		{"an alerting stop names the item and where the patient was", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), PainAfter: ip(3), Items: []limber.SessionItem{stopped(1, "electric_shock")}},
			Followed: followed, CurrentVersion: 1},
			[]limber.AlertToRaise{{Kind: "in_session_stop", Message: "Stopped Knee hug (lying on your back): The electric-shock feeling.", Key: "in_session_stop:1:electric_shock"}}},
		{"a stop that does not alert raises nothing", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{stopped(1, "spasm_not_easing")}},
			Followed: followed, CurrentVersion: 1}, nil},
		{"a stop the tablet sent and alerted is not said twice", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{stopped(1, "electric_shock")}},
			Followed: followed, CurrentVersion: 1, Sent: []limber.SentStop{{ItemID: 1, Reason: "other", Alerted: true}}}, nil},
		{"a stop sent with the same reason is not said twice", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{stopped(1, "electric_shock")}},
			Followed: followed, CurrentVersion: 1, Sent: []limber.SentStop{{ItemID: 1, Reason: "electric_shock"}}}, nil},
		{"a stop sent for another item does not hide this one", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{stopped(2, "heat_symptoms")}},
			Followed: followed, CurrentVersion: 1, Sent: []limber.SentStop{{ItemID: 1, Reason: "heat_symptoms", Alerted: true}}},
			[]limber.AlertToRaise{{Kind: "in_session_stop", Message: "Stopped Seated twist: Too hot: blurred sight or weak legs.", Key: "in_session_stop:2:heat_symptoms"}}},
		{"an item the version does not have is named by its id", limber.SessionFacts{
			In:             limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{stopped(9, "pregnancy_warning")}},
			CurrentVersion: 1},
			[]limber.AlertToRaise{{Kind: "in_session_stop", Message: "Stopped an exercise (item 9): A pregnancy warning sign.", Key: "in_session_stop:9:pregnancy_warning"}}},
		{"pain up by PainRiseMin", limber.SessionFacts{In: limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), PainAfter: ip(3 + limber.PainRiseMin)}, CurrentVersion: 1},
			[]limber.AlertToRaise{{Kind: "pain_rise", Message: "Pain rose from 3 before to 5 after a session.", Key: "pain_rise:3:5"}}},
		{"pain up by one is no rise", limber.SessionFacts{In: limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), PainAfter: ip(4)}, CurrentVersion: 1}, nil},
		{"no pain after (unfinished) is no rise", limber.SessionFacts{In: limber.SessionInput{PlanVersion: 1, PainBefore: ip(3)}, CurrentVersion: 1}, nil},
		{"a late session did an item since locked", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), PainAfter: ip(3), Items: []limber.SessionItem{done(1), done(2)}},
			Followed: followed, Current: current, CurrentVersion: 2},
			[]limber.AlertToRaise{{Kind: "profile_review", Message: "A session that followed plan version 1, sent late, did item 2, which the plan has since withdrawn or locked."}}},
		{"a second session stopped for pain in the week", limber.SessionFacts{
			In:             limber.SessionInput{ClientID: "b", PlanVersion: 1, PainBefore: ip(3), PainAfter: ip(6), Items: []limber.SessionItem{stopped(9, "sharp_pain")}},
			CurrentVersion: 1, PainWeek: &limber.PainWeek{Stops: []limber.WeekStop{{SessionClientID: "a", Reason: "sharp_pain"}},
				Sessions: []limber.WeekSession{{ClientID: "b", Items: []limber.SessionItem{stopped(9, "sharp_pain")}}}}},
			[]limber.AlertToRaise{{Kind: "pain_rise", Message: "Pain rose from 3 before to 6 after a session.", Key: "pain_rise:3:6"},
				{Kind: "stopped_for_pain", Message: "2 sessions stopped for pain in the last 7 days.", Key: "stopped_for_pain"}}},
		{"the week is not this session's business when it did not stop for pain", limber.SessionFacts{
			In:             limber.SessionInput{ClientID: "b", PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{done(1)}},
			CurrentVersion: 1, PainWeek: &limber.PainWeek{Stops: []limber.WeekStop{{SessionClientID: "a", Reason: "sharp_pain"}, {SessionClientID: "c", Reason: "sharp_pain"}}}}, nil},
		{"a late session that did only what is still there", limber.SessionFacts{
			In:       limber.SessionInput{PlanVersion: 1, PainBefore: ip(3), Items: []limber.SessionItem{done(1), stopped(2, "other")}},
			Followed: followed, Current: current, CurrentVersion: 2}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := limber.SessionAlerts(tc.f); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SessionAlerts:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestSessionNeedsReads(t *testing.T) {
	for _, tc := range []struct {
		items         []limber.SessionItem
		sent, forPain bool
	}{
		{nil, false, false},
		{[]limber.SessionItem{{Status: "stopped", Reason: "sharp_pain"}}, false, true},
		{[]limber.SessionItem{{Status: "stopped", Reason: "leg_symptoms_spreading"}}, true, true},
		{[]limber.SessionItem{{Status: "stopped", Reason: "electric_shock"}}, true, false},
		{[]limber.SessionItem{{Status: "skipped", Reason: "pain"}}, false, false},
	} {
		if got := limber.SessionNeedsSentStops(limber.SessionInput{Items: tc.items}); got != tc.sent {
			t.Errorf("SessionNeedsSentStops(%v) = %v", tc.items, got)
		}
		if got := limber.SessionStoppedForPain(tc.items); got != tc.forPain {
			t.Errorf("SessionStoppedForPain(%v) = %v", tc.items, got)
		}
	}
}

func TestStoppedForPain(t *testing.T) {
	pain := []limber.SessionItem{{ItemID: 1, Status: "stopped", Reason: "sharp_pain"}}
	for _, tc := range []struct {
		name string
		w    limber.PainWeek
		want int // sessions counted; 0: no alert
	}{
		{"none", limber.PainWeek{}, 0},
		{"one session", limber.PainWeek{Sessions: []limber.WeekSession{{ClientID: "a", Items: pain}}}, 0},
		{"two sessions", limber.PainWeek{Sessions: []limber.WeekSession{{ClientID: "a", Items: pain}, {ClientID: "b", Items: pain}}}, 2},
		{"a stop and its own session count once", limber.PainWeek{
			Stops:    []limber.WeekStop{{SessionClientID: "a", Reason: "sharp_pain"}},
			Sessions: []limber.WeekSession{{ClientID: "a", Items: pain}}}, 0},
		{"a stop alone and another session", limber.PainWeek{
			Stops:    []limber.WeekStop{{SessionClientID: "a", Reason: "leg_symptoms_spreading"}},
			Sessions: []limber.WeekSession{{ClientID: "b", Items: pain}}}, 2},
		{"a corrected stop does not count", limber.PainWeek{
			Stops:    []limber.WeekStop{{SessionClientID: "a", Reason: "sharp_pain", Corrected: true}},
			Sessions: []limber.WeekSession{{ClientID: "b", Items: pain}}}, 0},
		{"a stop for another reason does not count", limber.PainWeek{
			Stops:    []limber.WeekStop{{SessionClientID: "a", Reason: "heat_symptoms"}},
			Sessions: []limber.WeekSession{{ClientID: "b", Items: pain}}}, 0},
		{"three", limber.PainWeek{
			Stops:    []limber.WeekStop{{SessionClientID: "a", Reason: "sharp_pain"}, {SessionClientID: "c", Reason: "sharp_pain"}},
			Sessions: []limber.WeekSession{{ClientID: "b", Items: pain}, {ClientID: "d"}}}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, ok := limber.StoppedForPain(tc.w)
			if ok != (tc.want > 0) {
				t.Fatalf("raised = %v, want %v", ok, tc.want > 0)
			}
			want := limber.AlertToRaise{}
			if ok {
				want = limber.AlertToRaise{Kind: "stopped_for_pain", Message: strconv.Itoa(tc.want) + " sessions stopped for pain in the last 7 days.", Key: "stopped_for_pain"}
			}
			if a != want {
				t.Errorf("got %+v, want %+v", a, want)
			}
		})
	}
}

func TestDecideStop(t *testing.T) {
	item := limber.Item{ID: 4, Name: "Cat stretch"}
	in := func(reason string) limber.StopInput { return limber.StopInput{ItemID: 4, Reason: reason} }
	for _, tc := range []struct {
		name string
		f    limber.StopFacts
		want limber.StopDecision
	}{
		{"a stop that does not alert", limber.StopFacts{In: in("spasm_not_easing"), Item: item}, limber.StopDecision{}},
		{"a stop for pain that does not alert asks for the week", limber.StopFacts{In: in("sharp_pain"), Item: item}, limber.StopDecision{StoppedForPain: true}},
		{"an alerting stop", limber.StopFacts{In: in("electric_shock"), Item: item}, limber.StopDecision{Alert: true,
			Raise: limber.AlertToRaise{Kind: "in_session_stop", Message: "Stopped Cat stretch: The electric-shock feeling.", Key: "in_session_stop:4:electric_shock"}}},
		{"after stop_urgent the alert says so, under its own key", limber.StopFacts{In: in("electric_shock"), Item: item, Urgent: true}, limber.StopDecision{Alert: true,
			Raise: limber.AlertToRaise{Kind: "in_session_stop", Message: "Stopped Cat stretch: The electric-shock feeling. Today's screening had already said to stop and get medical help.",
				Key: "in_session_stop:4:electric_shock:urgent"}}},
		{"the finished session said it first", limber.StopFacts{In: in("leg_symptoms_spreading"), Item: item, SessionReason: "electric_shock"}, limber.StopDecision{
			Alert: true, StoppedForPain: true, SessionKey: "in_session_stop:4:electric_shock",
			Raise: limber.AlertToRaise{Kind: "in_session_stop", Message: "Stopped Cat stretch: Pain or tingling spreading down a leg.", Key: "in_session_stop:4:leg_symptoms_spreading"}}},
		{"a correction whose alert is open is read there", limber.StopFacts{In: in("heat_symptoms"), Item: item,
			Corrects: &limber.CorrectedStop{Reason: "electric_shock", HasAlert: true, AlertOpen: true}}, limber.StopDecision{
			Alert: true, UseCorrected: true, NoteOnCorrected: ` Then the patient said they tapped the wrong one: it was "Too hot: blurred sight or weak legs".`,
			Raise: limber.AlertToRaise{Kind: "in_session_stop", Key: "in_session_stop:4:heat_symptoms",
				Message: `Stopped Cat stretch: Too hot: blurred sight or weak legs. (The patient corrected an earlier tap: "The electric-shock feeling".)`}}},
		{"a correction to a reason that does not alert says so", limber.StopFacts{In: in("other"), Item: item,
			Corrects: &limber.CorrectedStop{Reason: "electric_shock", HasAlert: true}}, limber.StopDecision{
			NoteOnCorrected: ` Then the patient said they tapped the wrong one: it was "Something else". That reason alone would not have alerted you.`}},
		{"a correction of a stop that had no alert", limber.StopFacts{In: in("electric_shock"), Item: item,
			Corrects: &limber.CorrectedStop{Reason: "other"}}, limber.StopDecision{Alert: true,
			Raise: limber.AlertToRaise{Kind: "in_session_stop", Key: "in_session_stop:4:electric_shock",
				Message: `Stopped Cat stretch: The electric-shock feeling. (The patient corrected an earlier tap: "Something else".)`}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := limber.DecideStop(tc.f); got != tc.want {
				t.Errorf("DecideStop:\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDailyLimits(t *testing.T) {
	stops := &limber.Error{Code: limber.ETOOMANY, Field: "client_id", Message: "more than 100 stops in a day; your PT has been told of the ones sent"}
	screenings := &limber.Error{Code: limber.ETOOMANY, Field: "answers", Message: "more than 30 screenings in a day; try again tomorrow, or call your PT"}
	for _, tc := range []struct {
		name string
		err  error
		want *limber.Error
	}{
		{"no stops yet", limber.CheckStopsPerDay(0), nil},
		{"the 100th stop", limber.CheckStopsPerDay(limber.MaxStopsPerDay - 1), nil},
		{"a stop after 100", limber.CheckStopsPerDay(limber.MaxStopsPerDay), stops},
		{"the 30th screening", limber.CheckScreeningsPerDay(limber.MaxScreeningsPerDay - 1), nil},
		{"a screening after 30", limber.CheckScreeningsPerDay(limber.MaxScreeningsPerDay), screenings},
		{"well past the limit", limber.CheckScreeningsPerDay(500), screenings},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, tc.err, tc.want) })
	}
	if limber.DayWindow != 24*time.Hour {
		t.Errorf("DayWindow = %v: the limits are per 24 hours", limber.DayWindow)
	}
}

func TestCheckVersionFollowable(t *testing.T) {
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		replaced time.Time
		ok       bool
	}{
		{"replaced an hour ago", now.Add(-time.Hour), true},
		{"replaced exactly 30 days ago", now.Add(-limber.VersionWindow), true},
		{"replaced 30 days and a second ago", now.Add(-limber.VersionWindow - time.Second), false},
	} {
		err := limber.CheckVersionFollowable(3, tc.replaced, now)
		if (err == nil) != tc.ok || limber.Followable(tc.replaced, now) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err != nil && (limber.ErrorCode(err) != limber.EINVALID || !strings.Contains(err.Error(), "version 3 was replaced more than 30 days ago")) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
