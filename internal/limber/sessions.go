package limber

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// StopReason is one answer to "What happened?" during a session (RULES.md
// §3.4, contract §7.6): what the patient reads on the button, what to do
// next, whether the PT is alerted at once and whether it counts as
// "stopped for pain".
type StopReason struct {
	ID     string
	Label  string
	Advice string
	Alerts bool
	Pain   bool
	// Emergency: the advice names the emergency number, so the player
	// shows it as a number to tap.
	Emergency bool
	// RestAndCall: the advice already says to rest and to call the care
	// team if it has not settled in about 30 minutes, so a pain rise after
	// it adds only how much higher the pain is (RULES.md §3.4).
	RestAndCall bool
	Refs        []string
}

// StopTable is every stop reason, in the order the player shows them.
var StopTable = []StopReason{
	{ID: "sharp_pain", RestAndCall: true, Label: "Sharp or building pain", Pain: true, Refs: []string{"S4", "S9"},
		Advice: "Stop the exercise and rest in a comfortable, supported position. If the pain does not settle in about 30 minutes, call your care team."},
	{ID: "leg_symptoms_spreading", RestAndCall: true, Label: "Pain or tingling spreading down a leg", Alerts: true, Pain: true, Refs: []string{"S25"},
		Advice: "Stop and rest in a supported position. Pain or tingling spreading down a leg needs your PT to know. If it has not settled in about 30 minutes, call your care team."},
	{ID: "electric_shock", RestAndCall: true, Label: "The electric-shock feeling", Alerts: true, Refs: []string{"S14"},
		Advice: "Stop. Lift your chin to level and rest in a supported position. If it has not settled in about 30 minutes, call your care team."},
	{ID: "dizzy_breathless_chest_pain", Label: "Dizzy, breathless or chest pain", Alerts: true, Emergency: true, Refs: []string{"S28"},
		Advice: "Stop and sit or lie down. If you have chest pain or feel faint and it does not ease at once, call your emergency number."},
	{ID: "heat_symptoms", Label: "Too hot: blurred sight or weak legs", Alerts: true, Refs: []string{"S15"},
		Advice: "Stop and cool down: a fan, a cool drink, a cool cloth. It should pass as you cool. If it has not settled within 24 hours, contact your care team."},
	{ID: "spasm_not_easing", Label: "A spasm that does not ease", Refs: []string{"S10"},
		Advice: "Stop moving, breathe slowly and hold still until the spasm eases."},
	{ID: "pregnancy_warning", Label: "A pregnancy warning sign", Alerts: true, Refs: []string{"S28"},
		Advice: "Stop and call your maternity team now."},
	{ID: "other", Label: "Something else",
		Advice: "Stop and rest in a supported position. Tell your PT what happened."},
}

// Stop reasons by id, the alerting ones and those counted as "stopped for
// pain", all from StopTable; and the skip reasons.
var (
	StopReasons = stopIDs(func(StopReason) bool { return true })
	StopAlerts  = stopIDs(func(r StopReason) bool { return r.Alerts })
	PainStops   = stopIDs(func(r StopReason) bool { return r.Pain })
	SkipReasons = []string{"too_tired", "pain", "no_helper", "no_time", "other"}
)

func stopIDs(keep func(StopReason) bool) []string {
	var ids []string
	for _, r := range StopTable {
		if keep(r) {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// What one patient may send in 24 hours: far more than any real day makes,
// few enough that a flood cannot fill the PT's inbox (200 screenings sent at
// once were 200 red-flag alerts) or hold the one writer for every other
// patient (each stop reads the week's stops). A stored stop or session sent
// again still answers.
const (
	MaxStopsPerDay      = 100
	MaxScreeningsPerDay = 30
)

// DayWindow is the "day" of those limits: the last 24 hours, whatever the
// clinic's calendar says, so a flood cannot start again at midnight.
const DayWindow = 24 * time.Hour

// CheckStopsPerDay refuses a stop when the patient sent MaxStopsPerDay in
// the last DayWindow (recent). The PT has the ones already sent.
func CheckStopsPerDay(recent int) error {
	if recent >= MaxStopsPerDay {
		return &Error{Code: ETOOMANY, Field: "client_id", Message: fmt.Sprintf("more than %d stops in a day; your PT has been told of the ones sent", MaxStopsPerDay)}
	}
	return nil
}

// CheckScreeningsPerDay refuses a screening when the patient sent
// MaxScreeningsPerDay in the last DayWindow (recent).
func CheckScreeningsPerDay(recent int) error {
	if recent >= MaxScreeningsPerDay {
		return &Error{Code: ETOOMANY, Field: "answers", Message: fmt.Sprintf("more than %d screenings in a day; try again tomorrow, or call your PT", MaxScreeningsPerDay)}
	}
	return nil
}

// clockSlack is how far a tablet's clock may be off: a time sent may be
// this much in the future, or before the plan it followed existed.
const clockSlack = 10 * time.Minute

// SessionInput is a session as a tablet sends it: finished, or left
// unfinished (no pain_after; finished_at is when the last item was recorded).
type SessionInput struct {
	ClientID    string        `json:"client_id"`
	PlanID      int64         `json:"plan_id"`
	PlanVersion int           `json:"plan_version"`
	ScreeningID *int64        `json:"screening_id"`
	StartedAt   time.Time     `json:"started_at"`
	FinishedAt  time.Time     `json:"finished_at"`
	PainBefore  *int          `json:"pain_before"`
	PainAfter   *int          `json:"pain_after"`
	Fatigue     *int          `json:"fatigue"`
	Notes       string        `json:"notes"`
	Items       []SessionItem `json:"items"`
}

// SessionItem is what happened to one plan item.
type SessionItem struct {
	ItemID int       `json:"item_id"`
	Status string    `json:"status"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ValidateSession checks a session against the plan version it followed:
// every item belongs to it, a locked item was not done, reasons are known,
// pain is 0 to 10 (pain after may be missing: an unfinished session), and
// the times make sense (not in the future, not before
// the version existed, not longer than a day).
func ValidateSession(in SessionInput, doc *Plan, versionCreated, now time.Time) error {
	if !uuidPattern.MatchString(in.ClientID) {
		return Invalidf("client_id", "must be a UUID")
	}
	// pain_after is absent when the session was left unfinished (the
	// patient stopped, or the tablet was put away): what was done still
	// reaches the PT.
	if in.PainBefore == nil {
		return Invalidf("pain_before", "required: 0 to 10")
	}
	for name, v := range map[string]*int{"pain_before": in.PainBefore, "pain_after": in.PainAfter} {
		if v != nil && (*v < 0 || *v > 10) {
			return Invalidf(name, "must be 0 to 10")
		}
	}
	if in.Fatigue != nil && (*in.Fatigue < 0 || *in.Fatigue > 10) {
		return Invalidf("fatigue", "must be 0 to 10")
	}
	if len(in.Notes) > 2000 {
		return Invalidf("notes", "at most 2000 characters")
	}
	switch {
	case in.StartedAt.IsZero():
		return Invalidf("started_at", "required")
	case in.FinishedAt.IsZero():
		return Invalidf("finished_at", "required")
	case in.FinishedAt.Before(in.StartedAt):
		return Invalidf("finished_at", "is before started_at")
	case in.FinishedAt.After(now.Add(clockSlack)):
		return Invalidf("finished_at", "is in the future")
	case in.FinishedAt.Sub(in.StartedAt) > 24*time.Hour:
		return Invalidf("finished_at", "a session cannot last more than a day")
	case in.StartedAt.Before(versionCreated.Add(-clockSlack)):
		return Invalidf("started_at", "is before this plan version existed")
	}
	if len(in.Items) > 100 {
		return Invalidf("items", "too many items")
	}
	seen := map[int]bool{}
	for i, it := range in.Items {
		field := fmt.Sprintf("items[%d]", i)
		j := slices.IndexFunc(doc.Items, func(x Item) bool { return x.ID == it.ItemID })
		if j < 0 {
			return Invalidf(field+".item_id", "item %d is not in version %d of this plan", it.ItemID, in.PlanVersion)
		}
		if seen[it.ItemID] {
			return Invalidf(field+".item_id", "item %d is listed twice", it.ItemID)
		}
		seen[it.ItemID] = true
		switch it.Status {
		case "done":
			if doc.Items[j].Locked {
				return Invalidf(field+".status", "item %d waits for the PT's OK and cannot be done", it.ItemID)
			}
			if it.Reason != "" {
				return Invalidf(field+".reason", "a done item has no reason")
			}
		case "skipped":
			if !slices.Contains(SkipReasons, it.Reason) {
				return Invalidf(field+".reason", "unknown skip reason %q; valid: %v", it.Reason, SkipReasons)
			}
		case "stopped":
			if !slices.Contains(StopReasons, it.Reason) {
				return Invalidf(field+".reason", "unknown stop reason %q; valid: %v", it.Reason, StopReasons)
			}
		default:
			return Invalidf(field+".status", "must be done, skipped or stopped (got %q)", it.Status)
		}
		if !it.At.IsZero() && (it.At.Before(in.StartedAt.Add(-clockSlack)) || it.At.After(in.FinishedAt.Add(clockSlack))) {
			return Invalidf(field+".at", "is outside the session")
		}
	}
	return nil
}

// VersionWindow is how long after a plan version was replaced a session or
// a stop may still follow it (contract §7.13): a tablet that was offline
// for weeks loses nothing.
const VersionWindow = 30 * 24 * time.Hour

// Followable reports whether a version replaced at replaced (when the next
// version was made) may still be followed at now.
func Followable(replaced, now time.Time) bool { return now.Sub(replaced) <= VersionWindow }

// CheckVersionFollowable refuses a session that followed version v, which
// was replaced at replaced, once VersionWindow has passed.
func CheckVersionFollowable(v int, replaced, now time.Time) error {
	if !Followable(replaced, now) {
		return Invalidf("plan_version", "version %d was replaced more than %d days ago", v, int(VersionWindow/(24*time.Hour)))
	}
	return nil
}

// ErrStoppedToday refuses a session on a day a screening said to stop and
// get medical help (RefusesSession).
var ErrStoppedToday = &Error{Code: ECONFLICT, Message: "today's screening said to stop and get medical help; no session can be recorded today"}

// CheckSessionToday refuses a new session that RefusesSession refuses.
func CheckSessionToday(on []ScreeningOnFile, day string, screeningID *int64) error {
	if RefusesSession(on, day, screeningID) {
		return ErrStoppedToday
	}
	return nil
}

// A pain rise over a session: by this many points or more it raises a
// pain_rise alert and the session's end says what to do (RULES.md §3.4:
// rest supported; not settled in about 30 minutes, call) [S4, S9].
const PainRiseMin = 2

// PainRiseAdvice is what the end of a session says after a pain rise,
// unless a stop's advice (RestAndCall) said it already.
var PainRiseAdvice = []string{
	"Rest in a comfortable, supported position.",
	"If the pain has not settled in about 30 minutes, call your care team.",
}

// PainRose says whether pain went up by PainRiseMin points or more over a
// session (false when the session has no pain-after score).
func PainRose(before, after *int) bool {
	return before != nil && after != nil && *after >= *before+PainRiseMin
}

// StopInput is a stop the tablet sends the moment the patient stops an
// item, before the session is finished.
type StopInput struct {
	ClientID        string    `json:"client_id"`
	SessionClientID string    `json:"session_client_id"`
	PlanID          int64     `json:"plan_id"`
	ItemID          int       `json:"item_id"`
	Reason          string    `json:"reason"`
	At              time.Time `json:"at"`
	// Corrects is the client id of an earlier stop of the same session
	// that the patient says was the wrong reason ("I tapped the wrong
	// one"): the earlier one is kept, and the PT sees both.
	Corrects string `json:"corrects,omitempty"`
}

// ValidateStop checks a stop's own fields; storage checks the plan and
// the item belong to the patient.
func ValidateStop(in StopInput, now time.Time) error {
	switch {
	case !uuidPattern.MatchString(in.ClientID):
		return Invalidf("client_id", "must be a UUID")
	case !uuidPattern.MatchString(in.SessionClientID):
		return Invalidf("session_client_id", "must be a UUID")
	case in.PlanID <= 0:
		return Invalidf("plan_id", "required")
	case in.ItemID <= 0:
		return Invalidf("item_id", "required")
	case !slices.Contains(StopReasons, in.Reason):
		return Invalidf("reason", "unknown stop reason %q; valid: %v", in.Reason, StopReasons)
	case in.At.IsZero():
		return Invalidf("at", "required")
	case in.At.After(now.Add(clockSlack)):
		return Invalidf("at", "is in the future")
	case in.Corrects != "" && !uuidPattern.MatchString(in.Corrects):
		return Invalidf("corrects", "must be a UUID")
	case in.Corrects == in.ClientID:
		return Invalidf("corrects", "a stop cannot correct itself")
	}
	return nil
}

// StopRaisesAlert says whether a stop reason alerts the PT at once (§7.6).
func StopRaisesAlert(reason string) bool { return slices.Contains(StopAlerts, reason) }

// PainStop says whether a stop reason counts as "stopped for pain".
func PainStop(reason string) bool { return slices.Contains(PainStops, reason) }

// ExerciseSession is a routine a patient did (or left unfinished), as
// stored: an exercise session, not a sign-in.
type ExerciseSession struct {
	ID          int64         `json:"id"`
	PatientID   int64         `json:"patient_id"`
	ClientID    string        `json:"client_id"`
	PlanID      int64         `json:"plan_id"`
	PlanVersion int           `json:"plan_version"`
	ScreeningID *int64        `json:"screening_id"`
	StartedAt   time.Time     `json:"started_at"`
	FinishedAt  time.Time     `json:"finished_at"`
	ReceivedAt  time.Time     `json:"received_at"`
	PainBefore  int           `json:"pain_before"`
	PainAfter   *int          `json:"pain_after"` // nil: left unfinished
	Fatigue     *int          `json:"fatigue"`
	Notes       string        `json:"notes"`
	Items       []SessionItem `json:"items"`
}

// SessionStop is a stored stop, as the tablet is answered.
type SessionStop struct {
	ID      int64  `json:"id"`
	AlertID *int64 `json:"alert_id"`
	// AfterStopUrgent: today's screening had already said to stop and get
	// medical help; the stop is kept all the same, so the PT hears of it.
	AfterStopUrgent bool `json:"after_stop_urgent"`
}

// StoppedForPainWindow and StoppedForPainMin: this many sessions stopped
// for pain within the window raise stopped_for_pain (a service rule of
// the PT's inbox, not a clinical threshold of RULES.md).
const (
	StoppedForPainWindow = 7 * 24 * time.Hour
	StoppedForPainMin    = 2
)

// SentStop is a stop the tablet sent on its own during a session, as the
// session's alerts need it: whether it already alerted the PT.
type SentStop struct {
	ItemID  int
	Reason  string
	Alerted bool
}

// SessionFacts is what the store reads before deciding a session's
// alerts: the session, the version it followed and the plan's current one,
// and the stops already sent for it.
type SessionFacts struct {
	In SessionInput
	// Followed is the version the session followed (nil: not readable; the
	// stop's message then names the item by its id).
	Followed *Plan
	// Current is the plan's current version and its number; read only when
	// it is not the one followed.
	Current        *Plan
	CurrentVersion int
	// Sent is the stops of this session already stored (read only when
	// SessionNeedsSentStops).
	Sent []SentStop
	// PainWeek is the StoppedForPainWindow before the session finished,
	// this session included (read only when SessionStoppedForPain).
	PainWeek *PainWeek
}

// SessionNeedsSentStops says whether a session has a stop that alerts, so
// the store must read the stops already sent for it.
func SessionNeedsSentStops(in SessionInput) bool {
	return slices.ContainsFunc(in.Items, func(it SessionItem) bool { return it.Status == "stopped" && StopRaisesAlert(it.Reason) })
}

// SessionStoppedForPain says whether a session has an item stopped for
// pain: then the store reads the last week (PainWeek) and asks
// StoppedForPain.
func SessionStoppedForPain(items []SessionItem) bool {
	return slices.ContainsFunc(items, func(it SessionItem) bool { return it.Status == "stopped" && PainStop(it.Reason) })
}

// SessionAlerts decides what a session tells the PT: a stop for a symptom
// that matters (unless the tablet already sent that stop and it alerted),
// pain PainRiseMin points or more higher after than before, sessions
// stopped for pain over the week (StoppedForPain), an item done that the
// plan has since withdrawn or locked.
func SessionAlerts(f SessionFacts) []AlertToRaise {
	in := f.In
	var out []AlertToRaise
	for _, it := range in.Items {
		if it.Status != "stopped" || !StopRaisesAlert(it.Reason) {
			continue
		}
		// The stop sent from the tablet already told the PT.
		if slices.ContainsFunc(f.Sent, func(s SentStop) bool {
			return s.ItemID == it.ItemID && (s.Alerted || s.Reason == it.Reason)
		}) {
			continue
		}
		item := Item{ID: it.ItemID}
		if f.Followed != nil {
			if i := slices.IndexFunc(f.Followed.Items, func(x Item) bool { return x.ID == it.ItemID }); i >= 0 {
				item = f.Followed.Items[i]
			}
		}
		out = append(out, AlertToRaise{Kind: "in_session_stop", Message: StopMessage(item, it.Reason), Key: StopAlertKey(it.ItemID, it.Reason)})
	}
	if PainRose(in.PainBefore, in.PainAfter) {
		// One open alert per rise: the same rise sent again and again (a
		// flood of sessions) tells the PT nothing new until they have read it.
		out = append(out, AlertToRaise{Kind: "pain_rise",
			Message: fmt.Sprintf("Pain rose from %d before to %d after a session.", *in.PainBefore, *in.PainAfter),
			Key:     fmt.Sprintf("pain_rise:%d:%d", *in.PainBefore, *in.PainAfter)})
	}
	if f.PainWeek != nil && SessionStoppedForPain(in.Items) {
		if a, ok := StoppedForPain(*f.PainWeek); ok {
			out = append(out, a)
		}
	}
	if in.PlanVersion != f.CurrentVersion && f.Current != nil {
		for _, it := range in.Items {
			if it.Status == "done" && !slices.ContainsFunc(f.Current.Items, func(x Item) bool { return x.ID == it.ItemID && !x.Locked }) {
				out = append(out, AlertToRaise{Kind: "profile_review", Message: fmt.Sprintf(
					"A session that followed plan version %d, sent late, did item %d, which the plan has since withdrawn or locked.", in.PlanVersion, it.ItemID)})
				break
			}
		}
	}
	return out
}

// PainWeek is what the store reads of the StoppedForPainWindow before a
// moment: the stops sent on their own, and the sessions finished.
type PainWeek struct {
	Stops    []WeekStop
	Sessions []WeekSession
}

// WeekStop is a stop sent on its own, as StoppedForPain counts it.
type WeekStop struct {
	SessionClientID string
	Reason          string
	// Corrected: the patient said they tapped the wrong one; it does not
	// count.
	Corrected bool
}

// WeekSession is a finished session, as StoppedForPain counts it.
type WeekSession struct {
	ClientID string
	Items    []SessionItem
}

// StoppedForPain decides the stopped_for_pain alert: StoppedForPainMin or
// more sessions of the week stopped for pain. A session counts once whether
// the stop came on its own from the tablet, inside the session, or both
// (they share the session's client id).
func StoppedForPain(w PainWeek) (AlertToRaise, bool) {
	sessions := map[string]bool{}
	for _, s := range w.Stops {
		if !s.Corrected && PainStop(s.Reason) {
			sessions[s.SessionClientID] = true
		}
	}
	for _, s := range w.Sessions {
		if SessionStoppedForPain(s.Items) {
			sessions[s.ClientID] = true
		}
	}
	n := len(sessions)
	if n < StoppedForPainMin {
		return AlertToRaise{}, false
	}
	return AlertToRaise{Kind: "stopped_for_pain", Message: fmt.Sprintf("%d sessions stopped for pain in the last 7 days.", n), Key: "stopped_for_pain"}, true
}

// StopMessage is a stop as the PT reads it: the exercise by name, where
// the patient was, and the reason in the words the patient tapped.
func StopMessage(it Item, reason string) string {
	name := it.Name
	if name == "" {
		name = fmt.Sprintf("an exercise (item %d)", it.ID)
	}
	if it.PositionLabel != "" {
		name += " (" + strings.ToLower(it.PositionLabel[:1]) + it.PositionLabel[1:] + ")"
	}
	return fmt.Sprintf("Stopped %s: %s.", name, StopLabel(reason))
}

// StopAlertKey is the dedupe key of the in_session_stop alert for a stop:
// one open alert per item and reason, whether it came from the stop or
// from the finished session.
func StopAlertKey(itemID int, reason string) string {
	return fmt.Sprintf("in_session_stop:%d:%s", itemID, reason)
}

// StopFacts is what the store reads before deciding a stop's alert.
type StopFacts struct {
	In   StopInput
	Item Item
	// Urgent: today's screening had already said to stop and get medical
	// help.
	Urgent bool
	// Corrects is the earlier stop this one corrects (nil: none).
	Corrects *CorrectedStop
	// SessionReason is the reason the finished session, stored first,
	// gave for stopping this item, when that reason alerted ("" otherwise).
	SessionReason string
}

// CorrectedStop is the earlier stop a correction names.
type CorrectedStop struct {
	Reason string
	// AlertOpen: its alert is still unread; HasAlert: it raised one.
	HasAlert, AlertOpen bool
	// SessionClientID is the session it was made in; AlreadyCorrected: a
	// later stop corrects it already (CheckCorrection).
	SessionClientID  string
	AlreadyCorrected bool
}

// StopDecision is what the store does for a stop.
type StopDecision struct {
	// Alert is whether the stop has an in_session_stop alert at all.
	Alert bool
	// UseCorrected: the alert is the corrected stop's, still open (the PT
	// reads both in one place).
	UseCorrected bool
	// SessionKey: the alert is the one the finished session raised under
	// this key (its text came from the session's own plan version).
	SessionKey string
	// Raise is the alert to raise otherwise (deduped by its key: a stream
	// of stops, a stuck button, must not bury other patients' alerts).
	Raise AlertToRaise
	// NoteOnCorrected is added to the corrected stop's alert ("" none).
	NoteOnCorrected string
	// StoppedForPain: the store reads the PainWeek and asks StoppedForPain.
	StoppedForPain bool
}

// DecideStop decides a stop's alerts (contract §7.6): an alerting reason
// alerts the PT once; a correction links to the earlier stop and its alert
// says what the patient meant.
func DecideStop(f StopFacts) StopDecision {
	d := StopDecision{Alert: StopRaisesAlert(f.In.Reason), StoppedForPain: PainStop(f.In.Reason)}
	msg := StopMessage(f.Item, f.In.Reason)
	if c := f.Corrects; c != nil {
		msg = fmt.Sprintf("%s (The patient corrected an earlier tap: %q.)", msg, StopLabel(c.Reason))
		if c.HasAlert {
			d.NoteOnCorrected = fmt.Sprintf(" Then the patient said they tapped the wrong one: it was %q.", StopLabel(f.In.Reason))
			if !d.Alert {
				d.NoteOnCorrected += " That reason alone would not have alerted you."
			}
		}
	}
	if !d.Alert {
		return d
	}
	switch {
	case f.Corrects != nil && f.Corrects.HasAlert && f.Corrects.AlertOpen:
		d.UseCorrected = true
	case f.SessionReason != "":
		d.SessionKey = StopAlertKey(f.In.ItemID, f.SessionReason)
	}
	key := StopAlertKey(f.In.ItemID, f.In.Reason)
	if f.Urgent {
		msg += " Today's screening had already said to stop and get medical help."
		key += ":urgent"
	}
	d.Raise = AlertToRaise{Kind: "in_session_stop", Message: msg, Key: key}
	return d
}
