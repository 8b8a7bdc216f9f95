package limber

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// Outcome is the result of the red-flag screening before a session
// (RULES.md §3), most severe first.
type Outcome string

// The screening outcomes.
const (
	StopUrgent      Outcome = "stop_urgent"
	ContactCareTeam Outcome = "contact_care_team"
	ModifyToday     Outcome = "modify_today"
	Proceed         Outcome = "proceed"
)

func (o Outcome) severity() int {
	switch o {
	case StopUrgent:
		return 3
	case ContactCareTeam:
		return 2
	case ModifyToday:
		return 1
	}
	return 0
}

// Answer values for the yes/no questions.
const (
	AnswerYes     = "yes"
	AnswerNo      = "no"
	AnswerNotSure = "not_sure"
)

// Change codes of a modify_today outcome (contract §7.7).
const (
	ChangeMaxMinutes         = "max_minutes"
	ChangePositionsLyingSeat = "positions_lying_seated"
	ChangeRelaxationWeighted = "relaxation_weighted"
	ChangeDropTag            = "drop_tag"
	ChangeNoTransfer         = "no_transfer"
	ChangeCoolDownFirst      = "cool_down_first"
	ChangeNonSpinalOnly      = "non_spinal_only"
)

// ScreeningChange is one change to today's session.
type ScreeningChange struct {
	Question string `json:"question"`
	Code     string `json:"code"`
	Value    string `json:"value,omitempty"`
	Text     string `json:"text"`
}

// Screening is the evaluated screening.
type Screening struct {
	Outcome Outcome           `json:"outcome"`
	Message string            `json:"message"`
	Changes []ScreeningChange `json:"changes"`
	// Flags lists the questions answered yes (or not sure), with the outcome
	// each gave: every one is a red flag the PT hears about unless proceed.
	Flags []ScreeningFlag `json:"flags"`
	// ProfileChanges are conditions the answers add at once (their
	// restrictive side), for the PT to confirm.
	ProfileChanges []Condition `json:"profile_changes,omitempty"`
	// Events are what the answers report that ends the PT's clearances
	// (RULES.md §0: a fall, a relapse), whatever the profile already says.
	Events []string `json:"events,omitempty"`
}

// ScreeningFlag is one question that raised a concern.
type ScreeningFlag struct {
	Question string  `json:"question"`
	Outcome  Outcome `json:"outcome"`
	Text     string  `json:"text"`
}

// question is one screening question: how the patient is asked, what a
// "yes" means, and what the PT reads in the alert.
type question struct {
	id      string
	outcome Outcome
	text    string // what the PT reads in the alert
	asked   string // how the tablet asks the patient
}

// Questions in order (RULES.md §3); RF-4 depends on the profile and RF-19
// takes a number.
var questions = []question{
	{"RF-1", StopUrgent, "New numbness around the saddle area (possible cauda equina syndrome).",
		"Since your last session, have you had new numbness or tingling between your legs, around your genitals or bottom, or changed feeling when you wipe?"},
	{"RF-2", StopUrgent, "New bladder or bowel change, different from usual MS symptoms (possible cauda equina syndrome).",
		"Have you had new trouble passing urine, leaking, or lost control of your bowels, different from your usual MS symptoms?"},
	{"RF-3", StopUrgent, "Both legs weakening quickly, or walking suddenly much harder.",
		"Are both legs getting weaker quickly, over hours or a few days, or has walking suddenly become much harder?"},
	{"RF-4", ContactCareTeam, "A fall or knock with new back or neck pain.",
		"Have you had a fall, knock or accident since your last session that left new pain in your back or neck?"},
	{"RF-5", StopUrgent, "Sudden severe back, chest or belly pain, or tearing pain, or pain with feeling faint.",
		"Do you have sudden, severe back, chest or belly pain, or tearing pain, or pain with feeling faint?"},
	{"RF-6", StopUrgent, "Chest pain, breathlessness at rest, or fainting.",
		"Do you have chest pain, unusual breathlessness at rest, or have you fainted?"},
	{"RF-7", StopUrgent, "Stroke-like signs: face drooping, slurred speech, one-sided weakness or sudden loss of sight.",
		"Any sudden drooping of the face, slurred speech, sudden weakness of one side, or sudden loss of sight?"},
	{"RF-8", StopUrgent, "Pregnancy warning sign: bleeding, fluid, painful tightenings, calf pain or swelling, bad headache or dizziness.",
		"Any bleeding, fluid leaking, regular painful tightenings, calf pain or swelling, bad headache or dizziness?"},
	{"RF-9", ContactCareTeam, "Fever of 38 °C or more, chills, or signs of infection.",
		"Do you have a temperature of 38 °C or more, chills, or signs of an infection such as burning when you pass urine?"},
	{"RF-10", ContactCareTeam, "A new or clearly worse MS symptom for more than 24 hours (possible relapse).",
		"Do you have a new MS symptom, or has an old one got clearly worse, for more than a day, not explained by heat or an infection?"},
	{"RF-11", ContactCareTeam, "New or changed Lhermitte's sign.",
		"Have you had the electric-shock feeling down your spine for the first time, or has it changed?"},
	{"RF-12", ContactCareTeam, "Weight loss without trying, or a cancer history with new back pain.",
		"Have you lost weight without trying, or have you ever had cancer and now have new or different back pain?"},
	{"RF-13", ContactCareTeam, "New or changed back pain that nobody has examined.",
		"Is your back pain new, or has it changed, and no doctor or PT has checked it?"},
	{"RF-14", ContactCareTeam, "Blood in the urine, or side pain with fever.",
		"Do you have blood in your urine, or pain in your side with a fever?"},
	{"RF-15", ContactCareTeam, "An operation in the past 12 weeks the PT does not know about.",
		"Have you had an operation in the past 12 weeks that your PT does not know about?"},
	{"RF-16", ContactCareTeam, "Told not to exercise in pregnancy, or a pregnancy complication.",
		"Are you pregnant or have you recently had a baby, and has your maternity team told you not to exercise, or is there a problem with the pregnancy?"},
	{"RF-17", ContactCareTeam, "Constant severe pain that does not ease with rest, or wakes them at night.",
		"Do you have constant severe pain that does not ease with rest, or that wakes you at night?"},
	{"RF-18", ModifyToday, "Hot, or symptoms worse from heat.",
		"Are you hot right now, or are your symptoms worse from heat?"},
	{"RF-19", ModifyToday, "Fatigue 7 or more out of 10.",
		"How tired are you today, from 0 (not at all) to 10 (exhausted)?"},
	{"RF-20", ModifyToday, "Unsteady or dizzy, or a fall without new pain.",
		"Do you feel unsteady or dizzy today, or have you had a fall since last time?"},
	{"RF-21", ModifyToday, "Pain much worse than usual.",
		"Is your pain today much worse than usual?"},
	{"RF-22", ModifyToday, "Spasms or stiffness worse today.",
		"Are your spasms or stiffness worse today?"},
	{"RF-23", ModifyToday, "On their own right now.",
		"Are you on your own right now?"},
	{"RF-24", ModifyToday, "A relapse or steroid course in the past 30 days not in the profile.",
		"Have you had a relapse or a steroid course in the past 30 days that your PT does not know about?"},
}

// applies reports whether a question is asked of this person: the
// pregnancy warning signs only in pregnancy, "on your own" only at M3 to
// M5. An answer to a question that does not apply is not a red flag.
func (q question) applies(p Effective) bool {
	switch q.id {
	case "RF-8":
		return p.Has(PregnancyLT13) || p.Has(Pregnancy13to27) || p.Has(Pregnancy28Plus)
	case "RF-23":
		return p.Mobility != M1 && p.Mobility != M2
	}
	return true
}

// reviewWords say in a few plain words what a "yes" to each question
// means, for the screen where the patient checks the answers and for the
// "Is that right?" question before an answer that stops the day.
var reviewWords = map[string]string{
	"RF-1":  "new numbness or tingling between your legs or around your bottom",
	"RF-2":  "new trouble with your bladder or bowels",
	"RF-3":  "both legs getting weaker quickly, or walking suddenly much harder",
	"RF-4":  "a fall, knock or accident with new back or neck pain",
	"RF-5":  "sudden, severe back, chest or belly pain",
	"RF-6":  "chest pain, breathlessness at rest, or fainting",
	"RF-7":  "a drooping face, slurred speech, weakness of one side or loss of sight",
	"RF-8":  "bleeding, fluid, painful tightenings, calf pain, bad headache or dizziness",
	"RF-9":  "a temperature, chills or signs of an infection",
	"RF-10": "a new or worse MS symptom for more than a day",
	"RF-11": "a new or changed electric-shock feeling down your spine",
	"RF-12": "weight loss without trying, or new back pain after cancer",
	"RF-13": "new or changed back pain nobody has checked",
	"RF-14": "blood in your urine, or side pain with a fever",
	"RF-15": "an operation in the past 12 weeks your PT does not know about",
	"RF-16": "a pregnancy problem, or being told not to exercise",
	"RF-17": "constant severe pain, or pain that wakes you at night",
	"RF-18": "feeling hot, or symptoms worse from heat",
	"RF-19": "how tired you are today",
	"RF-20": "feeling unsteady or dizzy, or a fall",
	"RF-21": "pain much worse than usual",
	"RF-22": "spasms or stiffness worse today",
	"RF-23": "being on your own right now",
	"RF-24": "a relapse or steroids your PT does not know about",
}

// Question is a screening question as the tablet asks it.
type Question struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	// Short says the question in a few words, for the review screen.
	Short string `json:"short"`
	// Scale questions take a number from 0 to 10 instead of yes or no.
	Scale bool `json:"scale"`
	// UrgentOn lists the answers that, for this person, end the day with
	// stop_urgent: the tablet asks "Is that right?" before taking one.
	UrgentOn []string `json:"urgent_on"`
}

// QuestionsFor lists, in order, the questions asked of this person.
func QuestionsFor(p Effective) []Question {
	var out []Question
	for _, q := range questions {
		if q.applies(p) {
			out = append(out, Question{ID: q.id, Text: q.asked, Short: reviewWords[q.id], Scale: q.id == "RF-19", UrgentOn: urgentAnswers(q.id, p)})
		}
	}
	return out
}

// urgentAnswers finds, by evaluating the screening itself, which answers
// to one question give stop_urgent for this person (every other answer
// "no"), so the tablet never keeps its own copy of the rules.
func urgentAnswers(id string, p Effective) []string {
	out := []string{}
	if id == "RF-19" {
		return out
	}
	for _, a := range []string{AnswerYes, AnswerNotSure} {
		// Every yes/no question answered "no" (RF-19 takes a number and may
		// be left out), so no rule of which are required is copied here.
		answers := map[string]string{}
		for _, q := range questions {
			if q.id != "RF-19" {
				answers[q.id] = AnswerNo
			}
		}
		answers[id] = a
		s, err := EvaluateScreening(answers, p)
		if err != nil {
			panic("urgentAnswers: a screening of all but one answer no is refused: " + err.Error())
		}
		if s.Outcome == StopUrgent {
			out = append(out, a)
		}
	}
	return out
}

// QuestionIDs lists every screening question id in order.
func QuestionIDs() []string {
	ids := make([]string, len(questions))
	for i, q := range questions {
		ids[i] = q.id
	}
	return ids
}

// Screening messages for the patient.
const (
	msgStopUrgent = "Please stop. Get medical help now: go to an emergency department or call your emergency number."
	msgStopBirth  = "Please stop. Call your maternity unit now, or your emergency number."
	msgContact    = "Please do not exercise today. Contact your MS team or your doctor today and tell them what you noticed. You can still do the breathing and relaxation."
	msgModify     = "You can exercise today, with some changes to keep you safe."
	msgProceed    = "Thank you. You are ready to start."
)

// EvaluateScreening turns the answers into an outcome for a person.
// Yes/no questions take "yes", "no" or "not_sure"; RF-19 takes 0 to 10.
// RF-1 to RF-7 are required (RF-8 too in pregnancy); a question left out
// counts as "no". "Not sure" counts as yes: unknown means restricted. A bad
// answer is an error naming the question.
func EvaluateScreening(answers map[string]string, p Effective) (Screening, error) {
	pregnant := p.Has(PregnancyLT13) || p.Has(Pregnancy13to27) || p.Has(Pregnancy28Plus)
	for k := range answers {
		if !slices.ContainsFunc(questions, func(q question) bool { return q.id == k }) {
			return Screening{}, Invalidf("answers."+k, "unknown question; valid: RF-1 to RF-24")
		}
	}
	s := Screening{Outcome: Proceed, Changes: []ScreeningChange{}, Flags: []ScreeningFlag{}}
	raise := func(o Outcome) {
		if o.severity() > s.Outcome.severity() {
			s.Outcome = o
		}
	}
	change := func(q, code, value, text string) {
		s.Changes = append(s.Changes, ScreeningChange{Question: q, Code: code, Value: value, Text: text})
	}
	birth := false
	for i, q := range questions {
		a, given := answers[q.id]
		if q.id == "RF-19" {
			if !given {
				continue
			}
			n, err := strconv.Atoi(a)
			if err != nil || n < 0 || n > 10 {
				return Screening{}, Invalidf("answers.RF-19", "must be a number from 0 to 10")
			}
			if n >= 7 {
				s.Flags = append(s.Flags, ScreeningFlag{q.id, ModifyToday, q.text})
				raise(ModifyToday)
				change(q.id, ChangeMaxMinutes, "10", "Keep today's session to 10 minutes.")
				change(q.id, ChangePositionsLyingSeat, "", "Only exercises lying down or sitting today.")
				change(q.id, ChangeRelaxationWeighted, "", "More relaxation today.")
			}
			continue
		}
		required := i < 7 || (q.id == "RF-8" && pregnant)
		if !given {
			if required {
				return Screening{}, Invalidf("answers."+q.id, "required: answer yes, no or not_sure")
			}
			continue
		}
		switch a {
		case AnswerNo:
			continue
		case AnswerYes, AnswerNotSure:
		default:
			return Screening{}, Invalidf("answers."+q.id, "must be yes, no or not_sure (got %q)", a)
		}
		// Questions that do not apply to this person are not red flags.
		if !q.applies(p) {
			continue
		}
		o := q.outcome
		switch q.id {
		case "RF-4":
			// A knock with new pain is an emergency when the spine is
			// fragile or fused.
			if p.Has(BoneFragility) || p.Has(AnkylosingSpondylitis) {
				o = StopUrgent
			} else {
				change(q.id, ChangeNonSpinalOnly, "", "No back or neck exercises until someone has checked your back.")
			}
		case "RF-8":
			birth = true
		case "RF-13":
			s.ProfileChanges = append(s.ProfileChanges, BackPainUnevaluated)
		case "RF-18":
			change(q.id, ChangeCoolDownFirst, "", "Cool down for 20 to 30 minutes first, in a room of 20 to 22 °C.")
			change(q.id, ChangeMaxMinutes, "15", "Keep today's session to 15 minutes.")
		case "RF-20":
			change(q.id, ChangePositionsLyingSeat, "", "Only exercises lying down or sitting today.")
			s.ProfileChanges = append(s.ProfileChanges, BalanceFalls)
			s.Events = append(s.Events, "a fall or unsteadiness was reported in the screening (RF-20)")
		case "RF-21":
			change(q.id, ChangeNonSpinalOnly, "", "Only relaxation and gentle arm and leg movements today.")
			change(q.id, ChangeRelaxationWeighted, "", "More relaxation today.")
		case "RF-22":
			change(q.id, ChangeDropTag, string(TagMuscleTensing), "Slow holds only today; leave out tense-and-let-go.")
		case "RF-23":
			change(q.id, ChangeNoTransfer, "", "Only exercises in the bed or chair you are in now. Keep your phone within reach.")
		case "RF-24":
			s.ProfileChanges = append(s.ProfileChanges, RecentRelapse)
			s.Events = append(s.Events, "a relapse was reported in the screening (RF-24)")
		}
		s.Flags = append(s.Flags, ScreeningFlag{q.id, o, q.text})
		raise(o)
	}
	switch s.Outcome {
	case StopUrgent:
		s.Message = msgStopUrgent
		if birth {
			s.Message = msgStopBirth
		}
		s.Changes = []ScreeningChange{}
	case ContactCareTeam:
		s.Message = msgContact
	case ModifyToday:
		s.Message = msgModify
	default:
		s.Message = msgProceed
	}
	return s, nil
}

// Strictest returns the more severe of two outcomes: after stop_urgent the
// rest of the day stays stop_urgent (contract §7.5).
func Strictest(a, b Outcome) Outcome {
	if a.severity() >= b.severity() {
		return a
	}
	return b
}

// ScreeningOnFile is a stored screening as the rules of the day read it.
type ScreeningOnFile struct {
	ID  int64
	Day string // the clinic's calendar day it was taken
	// Own is what its own answers gave; Told is what the patient was told:
	// Own, or stricter while an earlier screening still applied.
	Own, Told Outcome
	Resolved  bool // a PT acknowledged its red flag
	Mistaken  bool // a PT, having spoken to the patient, found it answered by mistake
}

// Imposes is what one screening on file still imposes on day (contract
// §7.5): stop_urgent for the rest of its own day, contact_care_team until a
// PT acknowledges, and nothing at all once a PT has found it answered by
// mistake. A screening imposes only what its own answers gave, never what
// it inherited, so lifting a mistaken screening also lifts what it passed
// on to the screenings after it.
func (s ScreeningOnFile) Imposes(day string) Outcome {
	switch {
	case s.Mistaken:
		return Proceed
	case s.Own == StopUrgent && s.Day == day:
		return StopUrgent
	case s.Own == ContactCareTeam && !s.Resolved:
		return ContactCareTeam
	}
	return Proceed
}

// Standing is the strictest outcome the screenings on file impose on day.
func Standing(on []ScreeningOnFile, day string) Outcome {
	worst := Proceed
	for _, s := range on {
		worst = Strictest(worst, s.Imposes(day))
	}
	return worst
}

// RefusesSession reports whether a session must be refused because a
// screening imposes stop_urgent on day (contract §5: no session after it).
// A session done under an earlier screening (its screening id comes before
// the first urgent one) was done before the stop and is kept: a tablet that
// sends it late must not lose it.
func RefusesSession(on []ScreeningOnFile, day string, screeningID *int64) bool {
	var first int64
	for _, s := range on {
		if s.Imposes(day) == StopUrgent && (first == 0 || s.ID < first) {
			first = s.ID
		}
	}
	return first != 0 && (screeningID == nil || *screeningID >= first)
}

// Stands reports whether today's latest screening is still the day's word,
// given what the other screenings on file impose: only while what it told
// the patient still holds. Not once a PT found it answered by mistake or acknowledged
// its contact_care_team, and not when what it told came from an earlier
// screening that no longer imposes it. Then the patient answers the
// screening again.
func (s ScreeningOnFile) Stands(others Outcome) bool {
	own := s.Own
	if own == StopUrgent || own == ContactCareTeam || s.Mistaken {
		own = s.Imposes(s.Day)
	}
	return s.Told.severity() <= Strictest(own, others).severity()
}

// TodayItems applies a screening to the deliverable items of a plan, with
// no time counted between items; TodayItemsPaced counts it as the plan does.
func TodayItems(items []Item, outcome Outcome, changes []ScreeningChange) []Item {
	return TodayItemsPaced(items, Pace{}, outcome, changes)
}

// Pace is the time a plan counts between items (Session.RestSeconds and
// Session.PositionChangeSeconds), so a time cap holds for the whole session.
type Pace struct{ Rest, PositionChange int }

// total is the time of items done in this order, with the pauses between.
func (p Pace) total(items []Item) int {
	t := 0
	for i, it := range items {
		t += it.DurationSeconds
		if i > 0 {
			t += p.Rest
			if it.Position != items[i-1].Position {
				t += p.PositionChange
			}
		}
	}
	return t
}

// TodayItemsPaced applies a screening to the deliverable items of a plan:
// nothing after stop_urgent; after contact_care_team only breathing and
// relaxation items with no movement tags, in a supported position; after
// modify_today the stated changes. A time cap counts the pauses between
// items as the plan does.
func TodayItemsPaced(items []Item, pace Pace, outcome Outcome, changes []ScreeningChange) []Item {
	out := []Item{}
	if outcome == StopUrgent {
		return out
	}
	maxSeconds, weighted := 0, false
	for _, c := range changes {
		switch c.Code {
		case ChangeMaxMinutes:
			if m, err := strconv.Atoi(c.Value); err == nil && (maxSeconds == 0 || m*60 < maxSeconds) {
				maxSeconds = m * 60
			}
		case ChangeRelaxationWeighted:
			weighted = true
		}
	}
	var kept, unlocked []Item
	for _, it := range items {
		if it.Locked {
			continue
		}
		unlocked = append(unlocked, it)
		if keepToday(it, outcome, changes) {
			kept = append(kept, it)
		}
	}
	if slices.ContainsFunc(changes, func(c ScreeningChange) bool { return c.Code == ChangeNoTransfer }) {
		kept = onePlace(kept)
	}
	// Protected items are placed first under the time budget: every
	// calming item when relaxation is weighted, else the closing relaxation.
	protected := map[int]bool{}
	budget := maxSeconds
	if weighted {
		// More relaxation, and no longer a session than the plan's own (or
		// the cap): the other items make room, the later ones first.
		if budget == 0 {
			budget = pace.total(unlocked)
		}
		// With no relaxation item left today, the breathing items are
		// what is calming.
		calm := KindRelaxation
		if !slices.ContainsFunc(kept, func(it Item) bool { return it.Kind == KindRelaxation }) {
			calm = KindBreathing
		}
		kept = lengthenCalm(kept, calm, budget-pace.total(ofKind(kept, calm)))
		for i, it := range kept {
			if it.Kind == calm {
				protected[i] = true
			}
		}
	}
	if len(protected) == 0 {
		for i, it := range kept {
			if it.Kind == KindRelaxation {
				protected = map[int]bool{i: true}
			}
		}
	}
	chosen := func(sel map[int]bool) []Item {
		var seq []Item
		for i, it := range kept {
			if sel[i] {
				seq = append(seq, it)
			}
		}
		return seq
	}
	if budget == 0 {
		return append(out, kept...)
	}
	sel := maps.Clone(protected)
	if pace.total(chosen(sel)) > budget {
		sel = map[int]bool{}
	}
	for i := range kept {
		if sel[i] {
			continue
		}
		sel[i] = true
		if pace.total(chosen(sel)) > budget {
			delete(sel, i)
		}
	}
	return append(out, chosen(sel)...)
}

func ofKind(items []Item, k Kind) []Item {
	return slices.DeleteFunc(slices.Clone(items), func(it Item) bool { return it.Kind != k })
}

// lengthenCalm gives each timed item of the calming kind half as long again
// (at least a minute more), within room seconds, the later items first. A
// supine item is not stretched past 60 s when it was shorter: that would
// make it prolonged lying on the back, a tag the engine decided nothing
// about.
func lengthenCalm(items []Item, calm Kind, room int) []Item {
	out := slices.Clone(items)
	for i := len(out) - 1; i >= 0 && room > 0; i-- {
		it := &out[i]
		if it.Kind != calm || !it.Timed() {
			continue
		}
		extra := max(60, (it.Seconds/2+29)/30*30)
		if it.Position == Supine && it.Seconds <= 60 {
			extra = 60 - it.Seconds
		}
		extra = min(extra, room)
		if extra <= 0 {
			continue
		}
		it.Seconds += extra
		it.DurationSeconds = it.Dosage.DurationSeconds()
		it.DosageWords = it.Dosage.Words()
		room -= extra
	}
	return out
}

// onePlace keeps the items done in one place, so nobody has to move
// between bed and chair alone (RF-23). A place is what the planner counts
// transfers by (place): lying positions are all in bed, each kind of seat
// is its own (standing and floor items never reach here: RF-23 drops
// them). The place with most of today's time is kept.
func onePlace(items []Item) []Item {
	secs := map[string]int{}
	best := ""
	for _, it := range items {
		pl := place(it.Position)
		secs[pl] += it.DurationSeconds
		if best == "" || secs[pl] > secs[best] {
			best = pl
		}
	}
	return slices.DeleteFunc(slices.Clone(items), func(it Item) bool { return place(it.Position) != best })
}

func keepToday(it Item, outcome Outcome, changes []ScreeningChange) bool {
	supported := it.Position.Family() == FamilyLying || it.Position == SeatedChair || it.Position == SeatedWheelchair
	if outcome == ContactCareTeam {
		return (it.Kind == KindBreathing || it.Kind == KindRelaxation) && len(it.Tags) == 0 && supported
	}
	for _, c := range changes {
		switch c.Code {
		case ChangePositionsLyingSeat:
			if f := it.Position.Family(); f != FamilyLying && f != FamilySeated {
				return false
			}
		case ChangeNoTransfer:
			if it.Position.Family() == FamilyFloor || it.Position.Family() == FamilyStanding {
				return false
			}
		case ChangeDropTag:
			if slices.Contains(it.Tags, Tag(c.Value)) {
				return false
			}
		case ChangeNonSpinalOnly:
			if slices.ContainsFunc(it.Tags, spinal) || !calmOrLimbs(it) {
				return false
			}
		}
	}
	return true
}

// calmOrLimbs reports whether an item is breathing or relaxation, or a
// gentle arm or leg movement: a stretch or mobility item for no part of the
// back or neck. Posture and balance work is not (RF-21: "Only relaxation
// and gentle arm and leg movements today"; RF-4: no back or neck exercise).
func calmOrLimbs(it Item) bool {
	switch it.Kind {
	case KindBreathing, KindRelaxation:
		return true
	case KindStretch, KindMobility:
		return !slices.ContainsFunc(it.Regions, func(r Region) bool {
			return r == "neck" || r == "upper_back" || r == "low_back" || r == "whole_body"
		})
	}
	return false
}

// spinal reports whether a tag moves or loads the spine or neck.
func spinal(t Tag) bool {
	switch t {
	case "spinal_flexion", "spinal_flexion_end_range", "loaded_spinal_flexion", "spinal_extension",
		"spinal_extension_end_range", "thoracic_extension", "spinal_rotation", "spinal_rotation_end_range",
		"flexion_with_rotation", "spinal_lateral_flexion", "abdominal_loading", "neck_flexion",
		"neck_extension", "neck_rotation", "neck_lateral_flexion", "neck_retraction":
		return true
	}
	return false
}

// ScreeningRecord is a stored screening.
type ScreeningRecord struct {
	ID      int64             `json:"id"`
	At      time.Time         `json:"at"`
	Outcome Outcome           `json:"outcome"`
	Message string            `json:"message"`
	Changes []ScreeningChange `json:"changes"`
}

// StandingMessages is what a screening says when earlier answers of the
// day (or an unacknowledged call to the care team) still apply (contract
// §7.5).
var StandingMessages = map[Outcome]string{
	StopUrgent:      "Please get medical help now: go to an emergency department or call your emergency number.",
	ContactCareTeam: "Please contact your care team before you exercise again. You can still do the breathing and relaxation.",
}

// UnderStanding is a screening as told when prior is what earlier
// screenings still impose (Standing): the stricter outcome, and after
// stop_urgent no change to today's items.
func (s Screening) UnderStanding(prior Outcome) Screening {
	worst := Strictest(s.Outcome, prior)
	if worst == s.Outcome {
		return s
	}
	s.Outcome = worst
	s.Message = "Your earlier answers today still apply. " + StandingMessages[worst]
	if worst == StopUrgent {
		s.Changes = []ScreeningChange{}
	}
	return s
}

// AlertsPT says whether a red flag raises a red_flag alert: those that
// stop the day or send the patient to the care team.
func (fl ScreeningFlag) AlertsPT() bool {
	return fl.Outcome == StopUrgent || fl.Outcome == ContactCareTeam
}
