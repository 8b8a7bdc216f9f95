package limber_test

import (
	"slices"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func baseAnswers() map[string]string {
	a := map[string]string{}
	for _, q := range []string{"RF-1", "RF-2", "RF-3", "RF-4", "RF-5", "RF-6", "RF-7"} {
		a[q] = "no"
	}
	return a
}

func effective(t *testing.T, p limber.Profile) limber.Effective {
	t.Helper()
	e, err := p.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestScreeningEveryQuestion: one case for every question's outcome, with
// "yes" and with "not sure".
func TestScreeningEveryQuestion(t *testing.T) {
	plain := limber.Profile{Mobility: limber.M3}
	pregnant := limber.Profile{Mobility: limber.M1, PregnancyWeek: week(30)}
	fragile := limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility")}
	fused := limber.Profile{Mobility: limber.M1, Conditions: conds("ankylosing_spondylitis")}
	tests := []struct {
		name     string
		profile  limber.Profile
		question string
		answer   string
		want     limber.Outcome
		changes  []string
		adds     []limber.Condition
	}{
		{"RF-1 saddle numbness stops", plain, "RF-1", "yes", limber.StopUrgent, nil, nil},
		{"RF-1 not sure stops", plain, "RF-1", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-2 bladder change stops", plain, "RF-2", "yes", limber.StopUrgent, nil, nil},
		{"RF-2 not sure stops", plain, "RF-2", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-3 legs weakening stops", plain, "RF-3", "yes", limber.StopUrgent, nil, nil},
		{"RF-3 not sure stops", plain, "RF-3", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-4 knock with pain: care team, no spinal work", plain, "RF-4", "yes", limber.ContactCareTeam, []string{"non_spinal_only"}, nil},
		{"RF-4 not sure: care team", plain, "RF-4", "not_sure", limber.ContactCareTeam, []string{"non_spinal_only"}, nil},
		{"RF-4 with fragile bones stops", fragile, "RF-4", "yes", limber.StopUrgent, nil, nil},
		{"RF-4 with ankylosing spondylitis stops", fused, "RF-4", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-5 sudden severe pain stops", plain, "RF-5", "yes", limber.StopUrgent, nil, nil},
		{"RF-5 not sure stops", plain, "RF-5", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-6 chest pain stops", plain, "RF-6", "yes", limber.StopUrgent, nil, nil},
		{"RF-6 not sure stops", plain, "RF-6", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-7 stroke signs stop", plain, "RF-7", "yes", limber.StopUrgent, nil, nil},
		{"RF-7 not sure stops", plain, "RF-7", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-8 pregnancy warning stops", pregnant, "RF-8", "yes", limber.StopUrgent, nil, nil},
		{"RF-8 not sure stops", pregnant, "RF-8", "not_sure", limber.StopUrgent, nil, nil},
		{"RF-8 does not apply when not pregnant", plain, "RF-8", "yes", limber.Proceed, nil, nil},
		{"RF-9 fever: care team", plain, "RF-9", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-10 new symptom: care team", plain, "RF-10", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-11 new Lhermitte's: care team", plain, "RF-11", "not_sure", limber.ContactCareTeam, nil, nil},
		{"RF-12 weight loss or cancer: care team", plain, "RF-12", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-13 unexamined back pain: care team and flag", plain, "RF-13", "yes", limber.ContactCareTeam, nil, []limber.Condition{"back_pain_unevaluated"}},
		{"RF-14 kidney: care team", plain, "RF-14", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-15 unknown operation: care team", plain, "RF-15", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-16 told not to exercise: care team", pregnant, "RF-16", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-17 constant pain: care team", plain, "RF-17", "yes", limber.ContactCareTeam, nil, nil},
		{"RF-18 hot: cool down, 15 minutes", plain, "RF-18", "yes", limber.ModifyToday, []string{"cool_down_first", "max_minutes"}, nil},
		{"RF-19 tired 7: 10 minutes lying or seated", plain, "RF-19", "7", limber.ModifyToday, []string{"max_minutes", "positions_lying_seated", "relaxation_weighted"}, nil},
		{"RF-19 tired 6: proceed", plain, "RF-19", "6", limber.Proceed, nil, nil},
		{"RF-20 unsteady: lying or seated, falls flag", plain, "RF-20", "yes", limber.ModifyToday, []string{"positions_lying_seated"}, []limber.Condition{"balance_falls"}},
		{"RF-21 pain much worse: relaxation and non-spinal", plain, "RF-21", "yes", limber.ModifyToday, []string{"non_spinal_only", "relaxation_weighted"}, nil},
		{"RF-22 spasms worse: drop tensing", plain, "RF-22", "yes", limber.ModifyToday, []string{"drop_tag"}, nil},
		{"RF-23 alone at M3: no transfers", plain, "RF-23", "yes", limber.ModifyToday, []string{"no_transfer"}, nil},
		{"RF-23 does not apply at M1", fragile, "RF-23", "yes", limber.Proceed, nil, nil},
		{"RF-24 unknown relapse: flag it", plain, "RF-24", "yes", limber.ModifyToday, nil, []limber.Condition{"recent_relapse"}},
		{"all no: proceed", plain, "RF-9", "no", limber.Proceed, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := baseAnswers()
			if tt.profile.PregnancyWeek != nil {
				a["RF-8"] = "no"
			}
			a[tt.question] = tt.answer
			s, err := limber.EvaluateScreening(a, effective(t, tt.profile))
			if err != nil {
				t.Fatal(err)
			}
			if s.Outcome != tt.want || s.Message == "" {
				t.Errorf("outcome %s (%q), want %s", s.Outcome, s.Message, tt.want)
			}
			var codes []string
			for _, c := range s.Changes {
				codes = append(codes, c.Code)
			}
			if !slices.Equal(codes, tt.changes) {
				t.Errorf("changes %v, want %v", codes, tt.changes)
			}
			if !slices.Equal(s.ProfileChanges, tt.adds) {
				t.Errorf("profile changes %v, want %v", s.ProfileChanges, tt.adds)
			}
			if (tt.want != limber.Proceed) != (len(s.Flags) > 0) {
				t.Errorf("flags %v for outcome %s", s.Flags, s.Outcome)
			}
		})
	}
}

func TestScreeningMostSevereWins(t *testing.T) {
	a := baseAnswers()
	a["RF-9"], a["RF-22"], a["RF-1"] = "yes", "yes", "yes"
	s, err := limber.EvaluateScreening(a, effective(t, limber.Profile{Mobility: limber.M1}))
	if err != nil || s.Outcome != limber.StopUrgent || len(s.Changes) != 0 || len(s.Flags) != 3 {
		t.Errorf("%+v, %v", s, err)
	}
}

func TestScreeningBadAnswers(t *testing.T) {
	p := effective(t, limber.Profile{Mobility: limber.M1, PregnancyWeek: week(10)})
	for _, tt := range []struct {
		name  string
		edit  func(map[string]string)
		field string
	}{
		{"RF-1 missing", func(a map[string]string) { delete(a, "RF-1") }, "answers.RF-1"},
		{"RF-8 missing in pregnancy", func(a map[string]string) {}, "answers.RF-8"},
		{"unknown answer", func(a map[string]string) { a["RF-8"] = "no"; a["RF-3"] = "maybe" }, "answers.RF-3"},
		{"unknown question", func(a map[string]string) { a["RF-8"] = "no"; a["RF-99"] = "no" }, "answers.RF-99"},
		{"fatigue out of range", func(a map[string]string) { a["RF-8"] = "no"; a["RF-19"] = "11" }, "answers.RF-19"},
		{"fatigue not a number", func(a map[string]string) { a["RF-8"] = "no"; a["RF-19"] = "yes" }, "answers.RF-19"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := baseAnswers()
			tt.edit(a)
			_, err := limber.EvaluateScreening(a, p)
			if e, ok := err.(*limber.Error); !ok || e.Field != tt.field {
				t.Errorf("got %v, want an error on %s", err, tt.field)
			}
		})
	}
}

func TestTodayItems(t *testing.T) {
	items := []limber.Item{
		{ExerciseID: "belly-breathing", Kind: limber.KindBreathing, Position: limber.SeatedChair, DurationSeconds: 90},
		{ExerciseID: "seated-side-bend", Kind: limber.KindStretch, Position: limber.SeatedChair, Tags: tags("spinal_lateral_flexion"), DurationSeconds: 150},
		{ExerciseID: "counter-calf-stretch", Kind: limber.KindStretch, Position: limber.StandingSupported, DurationSeconds: 150},
		{ExerciseID: "chin-tuck", Kind: limber.KindPosture, Position: limber.SeatedChair, Tags: tags("neck_retraction"), Locked: true, DurationSeconds: 60},
		{ExerciseID: "tense-and-let-go", Kind: limber.KindRelaxation, Position: limber.SemiReclined, Tags: tags("muscle_tensing"), DurationSeconds: 300},
		{ExerciseID: "body-scan", Kind: limber.KindRelaxation, Position: limber.SemiReclined, DurationSeconds: 300},
	}
	ids := func(xs []limber.Item) []string {
		var out []string
		for _, x := range xs {
			out = append(out, x.ExerciseID)
		}
		return out
	}
	tests := []struct {
		name    string
		outcome limber.Outcome
		changes []limber.ScreeningChange
		want    []string
	}{
		{"proceed: every unlocked item", limber.Proceed, nil, []string{"belly-breathing", "seated-side-bend", "counter-calf-stretch", "tense-and-let-go", "body-scan"}},
		{"stop_urgent: nothing at all", limber.StopUrgent, nil, nil},
		{"contact: breathing and relaxation without movement tags", limber.ContactCareTeam, nil, []string{"belly-breathing", "body-scan"}},
		{"lying or seated only", limber.ModifyToday, []limber.ScreeningChange{{Code: "positions_lying_seated"}}, []string{"belly-breathing", "seated-side-bend", "tense-and-let-go", "body-scan"}},
		{"drop tensing", limber.ModifyToday, []limber.ScreeningChange{{Code: "drop_tag", Value: "muscle_tensing"}}, []string{"belly-breathing", "seated-side-bend", "counter-calf-stretch", "body-scan"}},
		{"non-spinal only", limber.ModifyToday, []limber.ScreeningChange{{Code: "non_spinal_only"}}, []string{"belly-breathing", "counter-calf-stretch", "tense-and-let-go", "body-scan"}},
		{"a time cap keeps the closing relaxation", limber.ModifyToday, []limber.ScreeningChange{{Code: "max_minutes", Value: "8"}}, []string{"belly-breathing", "body-scan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ids(limber.TodayItems(items, tt.outcome, tt.changes)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestQuestionsAsked: the tablet asks every question the screening
// evaluates, except those that do not apply to the person.
func TestQuestionsAsked(t *testing.T) {
	ids := func(qs []limber.Question) []string {
		var out []string
		for _, q := range qs {
			if q.Text == "" {
				t.Errorf("%s has no wording for the patient", q.ID)
			}
			out = append(out, q.ID)
		}
		return out
	}
	all := ids(limber.QuestionsFor(effective(t, limber.Profile{Mobility: limber.M3, PregnancyWeek: week(20)})))
	if !slices.Equal(all, limber.QuestionIDs()) {
		t.Errorf("a pregnant person at M3 is asked %v, want every question %v", all, limber.QuestionIDs())
	}
	some := ids(limber.QuestionsFor(effective(t, limber.Profile{Mobility: limber.M1})))
	if slices.Contains(some, "RF-8") || slices.Contains(some, "RF-23") || len(some) != len(limber.QuestionIDs())-2 {
		t.Errorf("M1, not pregnant, is asked %v", some)
	}
}

// TestUrgentOn: the answers that stop the day come from the screening
// itself, per person (RF-4 stops only with a fragile or fused spine).
func TestUrgentOn(t *testing.T) {
	urgent := func(p limber.Profile) map[string][]string {
		out := map[string][]string{}
		for _, q := range limber.QuestionsFor(effective(t, p)) {
			if q.Short == "" {
				t.Errorf("%s has no review words", q.ID)
			}
			if len(q.UrgentOn) > 0 {
				out[q.ID] = q.UrgentOn
			}
		}
		return out
	}
	both := []string{"yes", "not_sure"}
	plain := urgent(limber.Profile{Mobility: limber.M3})
	for _, id := range []string{"RF-1", "RF-2", "RF-3", "RF-5", "RF-6", "RF-7"} {
		if !slices.Equal(plain[id], both) {
			t.Errorf("%s urgent on %v, want %v", id, plain[id], both)
		}
	}
	if len(plain) != 6 {
		t.Errorf("plain profile: %v", plain)
	}
	fragile := urgent(limber.Profile{Mobility: limber.M1, Conditions: conds("bone_fragility")})
	if !slices.Equal(fragile["RF-4"], both) {
		t.Errorf("RF-4 with fragile bones: %v", fragile["RF-4"])
	}
	pregnant := urgent(limber.Profile{Mobility: limber.M1, PregnancyWeek: week(30)})
	if !slices.Equal(pregnant["RF-8"], both) {
		t.Errorf("RF-8 in pregnancy: %v", pregnant["RF-8"])
	}
}

// TestUrgentOnMatchesTheTabletsScreening answers, as the tablet does, only
// the questions asked of the person: each one in turn "yes" or "not sure",
// every other "no". The answers the question lists as stopping the day are
// exactly those whose screening stops it, for every question asked (not only
// the first few) and for people whom different questions are asked.
func TestUrgentOnMatchesTheTabletsScreening(t *testing.T) {
	for _, p := range []limber.Profile{
		{Mobility: limber.M3},
		{Mobility: limber.M1, Conditions: conds("bone_fragility")},
		{Mobility: limber.M1, PregnancyWeek: week(30)},
		{Mobility: limber.M5, Conditions: conds("lhermitte", "spasticity", "bone_fragility")},
	} {
		eff := effective(t, p)
		asked := limber.QuestionsFor(eff)
		for _, q := range asked {
			if q.Scale {
				continue // a number, not yes/no
			}
			for _, a := range []string{limber.AnswerYes, limber.AnswerNotSure} {
				answers := map[string]string{}
				for _, o := range asked {
					if !o.Scale {
						answers[o.ID] = limber.AnswerNo
					}
				}
				answers[q.ID] = a
				s, err := limber.EvaluateScreening(answers, eff)
				if err != nil {
					t.Fatalf("%+v: the asked questions, all no but %s %s, are refused: %v", p, q.ID, a, err)
				}
				if got, listed := s.Outcome == limber.StopUrgent, slices.Contains(q.UrgentOn, a); got != listed {
					t.Errorf("%+v: %s answered %s stops the day: %v, but the question lists %v", p, q.ID, a, got, q.UrgentOn)
				}
			}
		}
	}
}

// TestScreeningOnFile: what stored screenings still impose, and what a
// PT's "answered by mistake" lifts.
func TestScreeningOnFile(t *testing.T) {
	const today, yesterday = "2026-12-01", "2026-11-30"
	type on = limber.ScreeningOnFile
	stop := on{ID: 1, Day: today, Own: limber.StopUrgent, Told: limber.StopUrgent}
	stopMistaken := stop
	stopMistaken.Mistaken, stopMistaken.Resolved = true, true
	inherited := on{ID: 2, Day: today, Own: limber.Proceed, Told: limber.StopUrgent}
	contact := on{ID: 3, Day: yesterday, Own: limber.ContactCareTeam, Told: limber.ContactCareTeam}
	contactResolved := contact
	contactResolved.Resolved = true
	contactMistaken := contact
	contactMistaken.Mistaken = true
	ownContactUnderStop := on{ID: 4, Day: today, Own: limber.ContactCareTeam, Told: limber.StopUrgent}
	tests := []struct {
		name     string
		on       []on
		standing limber.Outcome
	}{
		{"nothing on file", nil, limber.Proceed},
		{"stop_urgent lasts the day", []on{stop}, limber.StopUrgent},
		{"stop_urgent ends with the day", []on{{Day: yesterday, Own: limber.StopUrgent, Told: limber.StopUrgent}}, limber.Proceed},
		{"a mistaken stop_urgent imposes nothing", []on{stopMistaken}, limber.Proceed},
		{"an inherited stop_urgent imposes nothing of its own", []on{stopMistaken, inherited}, limber.Proceed},
		{"while the first stands, the day stays stopped", []on{stop, inherited}, limber.StopUrgent},
		{"contact_care_team lasts until acknowledged", []on{contact}, limber.ContactCareTeam},
		{"acknowledged contact_care_team is lifted", []on{contactResolved}, limber.Proceed},
		{"a mistaken contact_care_team is lifted", []on{contactMistaken}, limber.Proceed},
		{"own red flag after a mistaken stop still counts", []on{stopMistaken, ownContactUnderStop}, limber.ContactCareTeam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := limber.Standing(tt.on, today); got != tt.standing {
				t.Errorf("standing %s, want %s", got, tt.standing)
			}
		})
	}
	stands := []struct {
		name   string
		s      on
		others limber.Outcome
		want   bool
	}{
		{"its own outcome stands", stop, limber.Proceed, true},
		{"a mistaken one does not", stopMistaken, limber.Proceed, false},
		{"inherited, while the earlier one imposes", inherited, limber.StopUrgent, true},
		{"inherited from one since lifted: screen again", inherited, limber.Proceed, false},
		{"stricter own outcome than the others", ownContactUnderStop, limber.ContactCareTeam, false},
		{"its own contact_care_team, not yet acknowledged", contact, limber.Proceed, true},
		{"its own contact_care_team, acknowledged: screen again", contactResolved, limber.Proceed, false},
		{"modify_today stands", on{Day: today, Own: limber.ModifyToday, Told: limber.ModifyToday}, limber.Proceed, true},
	}
	for _, tt := range stands {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Stands(tt.others); got != tt.want {
				t.Errorf("stands %v, want %v", got, tt.want)
			}
		})
	}
}

func timed(id string, kind limber.Kind, pos limber.Position, seconds int, tg ...string) limber.Item {
	d := limber.Dosage{Seconds: seconds}
	return limber.Item{ExerciseID: id, Kind: kind, Position: pos, Tags: tags(tg...), Dosage: d, DurationSeconds: seconds}
}

func held(id string, kind limber.Kind, pos limber.Position, seconds int, tg ...string) limber.Item {
	return limber.Item{ExerciseID: id, Kind: kind, Position: pos, Tags: tags(tg...), Dosage: limber.Dosage{HoldSeconds: seconds, Reps: 1, Sets: 1}, DurationSeconds: seconds}
}

// TestRelaxationWeighted: "More relaxation today" gives the relaxation
// items more time and a larger share, within the cap and no longer than
// the plan.
func TestRelaxationWeighted(t *testing.T) {
	plan := []limber.Item{
		timed("belly-breathing", limber.KindBreathing, limber.SemiReclined, 90),
		held("seated-hamstring", limber.KindStretch, limber.SeatedChair, 150),
		held("seated-side-bend", limber.KindStretch, limber.SeatedChair, 150, "spinal_lateral_flexion"),
		held("ankle-circles", limber.KindMobility, limber.SeatedChair, 120),
		held("shoulder-rolls", limber.KindMobility, limber.SeatedChair, 120),
		timed("body-scan", limber.KindRelaxation, limber.SemiReclined, 240),
	}
	weighted := limber.ScreeningChange{Code: "relaxation_weighted"}
	tired := []limber.ScreeningChange{{Code: "max_minutes", Value: "10"}, {Code: "positions_lying_seated"}, weighted}
	pain := []limber.ScreeningChange{{Code: "non_spinal_only"}, weighted}
	sum := func(xs []limber.Item, relax bool) (n int) {
		for _, x := range xs {
			if !relax || x.Kind == limber.KindRelaxation {
				n += x.DurationSeconds
			}
		}
		return n
	}
	tests := []struct {
		name       string
		items      []limber.Item
		changes    []limber.ScreeningChange
		cap        int
		wantRelax  int
		wantBreath int // breathing seconds, when no relaxation item is left
	}{
		{"tired: 10 minutes, relaxation half as long again", plan, tired, 600, 360, 0},
		{"pain: no cap, no longer than the plan", plan, pain, sum(plan, false), 360, 0},
		{"the cap leaves room only for the first minute more", plan, []limber.ScreeningChange{{Code: "max_minutes", Value: "5"}, weighted}, 300, 300, 0},
		{"a short supine rest stays at 60 s", []limber.Item{timed("flat-rest", limber.KindRelaxation, limber.Supine, 45), held("ankle-circles", limber.KindMobility, limber.Supine, 120)}, []limber.ScreeningChange{weighted}, 165, 60, 0},
		{"no relaxation item: the breathing is lengthened", plan[:5], []limber.ScreeningChange{weighted}, sum(plan[:5], false), 0, 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			without := slices.DeleteFunc(slices.Clone(tt.changes), func(c limber.ScreeningChange) bool { return c.Code == "relaxation_weighted" })
			before := limber.TodayItems(tt.items, limber.ModifyToday, without)
			got := limber.TodayItems(tt.items, limber.ModifyToday, tt.changes)
			if total := sum(got, false); total > tt.cap {
				t.Errorf("%d s today, over the %d s budget", total, tt.cap)
			}
			if r := sum(got, true); r != tt.wantRelax {
				t.Errorf("relaxation %d s, want %d", r, tt.wantRelax)
			}
			for _, it := range got {
				if it.Kind == limber.KindRelaxation || it.Kind == limber.KindBreathing {
					if it.DurationSeconds != it.Seconds {
						t.Errorf("%s: duration %d, seconds %d", it.ExerciseID, it.DurationSeconds, it.Seconds)
					}
				}
				if tt.wantBreath > 0 && it.Kind == limber.KindBreathing && it.Seconds != tt.wantBreath {
					t.Errorf("breathing %d s, want %d", it.Seconds, tt.wantBreath)
				}
			}
			share := func(xs []limber.Item, k limber.Kind) float64 {
				n := 0
				for _, x := range xs {
					if x.Kind == k {
						n += x.DurationSeconds
					}
				}
				return float64(n) / float64(max(sum(xs, false), 1))
			}
			k := limber.KindRelaxation
			if tt.wantBreath > 0 {
				k = limber.KindBreathing
			}
			if share(got, k) <= share(before, k) && share(before, k) < 1 {
				t.Errorf("%s share %.2f, not more than %.2f without the change", k, share(got, k), share(before, k))
			}
		})
	}
}

// TestNoTransfer: "Only exercises in the bed or chair you are in now"
// keeps one place: every lying position is the bed; each seat its own.
func TestNoTransfer(t *testing.T) {
	items := []limber.Item{
		timed("belly-breathing", limber.KindBreathing, limber.SeatedChair, 90),
		held("seated-hamstring", limber.KindStretch, limber.SeatedChair, 150),
		held("wheelchair-reach", limber.KindMobility, limber.SeatedWheelchair, 150),
		held("heel-slides", limber.KindMobility, limber.Supine, 150),
		held("counter-calf-stretch", limber.KindStretch, limber.StandingSupported, 150),
		timed("body-scan", limber.KindRelaxation, limber.SemiReclined, 300),
	}
	var got []string
	for _, it := range limber.TodayItems(items, limber.ModifyToday, []limber.ScreeningChange{{Code: "no_transfer"}}) {
		got = append(got, it.ExerciseID)
	}
	if want := []string{"heel-slides", "body-scan"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (the bed holds most of the time)", got, want)
	}
}

// TestTimeCapCountsPauses: "Keep today's session to 8 minutes" counts the
// rests and changes of position between items, as the plan does.
func TestTimeCapCountsPauses(t *testing.T) {
	items := []limber.Item{
		timed("belly-breathing", limber.KindBreathing, limber.SeatedChair, 90),
		held("seated-hamstring", limber.KindStretch, limber.SeatedChair, 150),
		held("counter-calf-stretch", limber.KindStretch, limber.StandingSupported, 150),
		timed("body-scan", limber.KindRelaxation, limber.SemiReclined, 240),
	}
	capped := []limber.ScreeningChange{{Code: "max_minutes", Value: "8"}}
	ids := func(xs []limber.Item) (out []string) {
		for _, x := range xs {
			out = append(out, x.ExerciseID)
		}
		return out
	}
	if got := ids(limber.TodayItemsPaced(items, limber.Pace{Rest: 15, PositionChange: 60}, limber.ModifyToday, capped)); !slices.Equal(got, []string{"belly-breathing", "body-scan"}) {
		t.Errorf("with pauses: %v (breathing, hamstring and body scan take 570 s with the pauses)", got)
	}
	if got := ids(limber.TodayItems(items, limber.ModifyToday, capped)); !slices.Equal(got, []string{"belly-breathing", "seated-hamstring", "body-scan"}) {
		t.Errorf("without pauses: %v", got)
	}
}

// TestNonSpinalOnly: "Only relaxation and gentle arm and leg movements
// today" leaves out posture and balance work and anything for the back or
// neck, even with no spinal tag.
func TestNonSpinalOnly(t *testing.T) {
	withRegions := func(it limber.Item, rs ...limber.Region) limber.Item { it.Regions = rs; return it }
	items := []limber.Item{
		timed("belly-breathing", limber.KindBreathing, limber.SemiReclined, 90),
		withRegions(held("ankle-pumps-and-circles", limber.KindMobility, limber.Supine, 60), "calves_ankles"),
		withRegions(held("cross-body-shoulder-stretch", limber.KindStretch, limber.SeatedChair, 90), "shoulders", "upper_back"),
		withRegions(held("shoulder-blade-squeeze", limber.KindPosture, limber.SeatedChair, 60), "upper_back", "shoulders"),
		withRegions(held("seated-weight-shifts", limber.KindBalance, limber.SeatedChair, 60), "low_back", "hips"),
		withRegions(held("wrist-bends-and-prayer-stretch", limber.KindStretch, limber.SeatedChair, 60), "hands_wrists"),
		withRegions(held("seated-side-bend", limber.KindStretch, limber.SeatedChair, 90, "spinal_lateral_flexion"), "low_back"),
		withRegions(timed("constructive-rest", limber.KindRelaxation, limber.Supine, 300), "low_back", "whole_body"),
	}
	var got []string
	for _, it := range limber.TodayItems(items, limber.ModifyToday, []limber.ScreeningChange{{Code: "non_spinal_only"}}) {
		got = append(got, it.ExerciseID)
	}
	if want := []string{"belly-breathing", "ankle-pumps-and-circles", "wrist-bends-and-prayer-stretch", "constructive-rest"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRefusesSession(t *testing.T) {
	day := "2026-12-01"
	proceed := limber.ScreeningOnFile{ID: 10, Day: day, Own: limber.Proceed, Told: limber.Proceed}
	urgent := limber.ScreeningOnFile{ID: 11, Day: day, Own: limber.StopUrgent, Told: limber.StopUrgent}
	inherited := limber.ScreeningOnFile{ID: 12, Day: day, Own: limber.Proceed, Told: limber.StopUrgent}
	mistaken := urgent
	mistaken.Mistaken = true
	yesterday := limber.ScreeningOnFile{ID: 9, Day: "2026-11-30", Own: limber.StopUrgent, Told: limber.StopUrgent}
	id := func(n int64) *int64 { return &n }
	for _, tc := range []struct {
		name      string
		on        []limber.ScreeningOnFile
		screening *int64
		want      bool
	}{
		{"no urgent screening", []limber.ScreeningOnFile{proceed}, id(10), false},
		{"done under the screening before the urgent one", []limber.ScreeningOnFile{proceed, urgent}, id(10), false},
		{"done under yesterday's screening", []limber.ScreeningOnFile{urgent}, id(3), false},
		{"under the urgent screening", []limber.ScreeningOnFile{proceed, urgent}, id(11), true},
		{"under a later screening of the same day", []limber.ScreeningOnFile{proceed, urgent, inherited}, id(12), true},
		{"naming no screening", []limber.ScreeningOnFile{proceed, urgent}, nil, true},
		{"the urgent one answered by mistake", []limber.ScreeningOnFile{proceed, mistaken}, id(11), false},
		{"yesterday's urgent screening", []limber.ScreeningOnFile{yesterday}, nil, false},
	} {
		if got := limber.RefusesSession(tc.on, day, tc.screening); got != tc.want {
			t.Errorf("%s: RefusesSession = %v, want %v", tc.name, got, tc.want)
		}
		if err := limber.CheckSessionToday(tc.on, day, tc.screening); (err != nil) != tc.want || (err != nil && limber.ErrorCode(err) != limber.ECONFLICT) {
			t.Errorf("%s: CheckSessionToday = %v", tc.name, err)
		}
	}
}
