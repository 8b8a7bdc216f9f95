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
