package limber

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// AlertKind is a kind of alert a PT reads, with its label.
type AlertKind struct {
	ID    string
	Label string
}

// AlertKinds lists the kinds of alert, the most serious first: a red flag
// in screening or a stop during a session can mean the patient needs help
// today; a pain rise or stops for pain ask for a look at the plan; a
// profile to review or a quiet week can wait. The inbox lists alerts in
// this order (AlertInboxOrder).
var AlertKinds = []AlertKind{
	{"red_flag", "Red flag in screening"},
	{"in_session_stop", "Stopped during a session"},
	{"pain_rise", "Pain rose after a session"},
	{"stopped_for_pain", "Stopped for pain twice"},
	{"profile_review", "Profile to review"},
	{"inactive", "No sessions"},
}

// AlertRank is the place of a kind in AlertKinds; a kind not listed comes
// after every listed one, so that a new kind is never hidden at the top.
func AlertRank(kind string) int {
	for i, k := range AlertKinds {
		if k.ID == kind {
			return i
		}
	}
	return len(AlertKinds)
}

// AlertLabel is the words for a kind of alert.
func AlertLabel(kind string) string {
	for _, k := range AlertKinds {
		if k.ID == kind {
			return k.Label
		}
	}
	return "Alert"
}

// AlertInboxOrder compares two alerts for the PT's inbox: open before
// acknowledged, then the most serious kind first, then the newest first.
func AlertInboxOrder(aKind string, aAt time.Time, aOpen bool, bKind string, bAt time.Time, bOpen bool) int {
	if aOpen != bOpen {
		if aOpen {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(AlertRank(aKind), AlertRank(bKind)); c != 0 {
		return c
	}
	return bAt.Compare(aAt)
}

// RedFlagMessage is a red-flag alert as the PT reads it: the outcome and
// what the answer means, in words; the question's id only last, as a
// detail to find it by.
func RedFlagMessage(fl ScreeningFlag) string {
	o := OutcomeForPT[fl.Outcome]
	if o != "" {
		o = strings.ToUpper(o[:1]) + o[1:]
	}
	return fmt.Sprintf("%s: %s (question %s)", o, fl.Text, fl.Question)
}

// OutcomeForPT is a screening outcome in the words of a red-flag alert.
var OutcomeForPT = map[Outcome]string{
	StopUrgent:      "urgent, no exercise today",
	ContactCareTeam: "to call the care team today",
	ModifyToday:     "a gentler session today",
	Proceed:         "ready",
}

// Alert is something the PT should look at.
type Alert struct {
	ID             int64      `json:"id" db:"id"`
	PatientID      int64      `json:"patient_id" db:"patient_id"`
	Kind           string     `json:"kind" db:"kind"`
	Message        string     `json:"message" db:"message"`
	CreatedAt      time.Time  `json:"created_at" db:"-"`
	AcknowledgedAt *time.Time `json:"acknowledged_at" db:"-"`
	// ScreeningID is the screening that raised a red_flag alert.
	ScreeningID *int64 `json:"screening_id,omitempty" db:"-"`
	// Mistaken is set when a PT found that screening answered by mistake.
	Mistaken bool `json:"mistaken,omitempty" db:"mistaken"`
	// MistakenNote is what the PT wrote when they lifted it.
	MistakenNote string `json:"mistaken_note,omitempty" db:"mistaken_note"`
}

// AuditEvent is one entry of the audit log.
type AuditEvent struct {
	ID        int64           `json:"id"`
	At        time.Time       `json:"at"`
	ActorID   *int64          `json:"actor_id"`
	PatientID *int64          `json:"patient_id"`
	Action    string          `json:"action"`
	Detail    json.RawMessage `json:"detail"`
}

// AlertToRaise is an alert the core decided to raise; the store writes it.
// Key, when set, dedupes: while an alert with the same key is open for the
// patient, another is not raised (the PT has not read the first yet).
type AlertToRaise struct {
	Kind    string
	Message string
	Key     string
}

// SortForInbox puts alerts in the PT's inbox order (AlertInboxOrder):
// open first, the most serious kind first, then the newest. The API keeps
// its newest-first order, which its cursor pages through.
func SortForInbox(as []Alert) {
	slices.SortStableFunc(as, func(a, b Alert) int {
		return AlertInboxOrder(a.Kind, a.CreatedAt, a.AcknowledgedAt == nil, b.Kind, b.CreatedAt, b.AcknowledgedAt == nil)
	})
}

// maxMistakenNote is the longest note a PT keeps with "answered by
// mistake".
const maxMistakenNote = 2000

// CheckMistaken checks a PT's "answered by mistake" on an alert: only a
// red flag's screening can be lifted, and only a screening the alert names
// (hasScreening); the PT says in the note what the patient told them, for
// the audit log, since lifting it lets the patient exercise again.
func CheckMistaken(kind, note string, hasScreening bool) error {
	switch {
	case kind != "red_flag":
		return Invalidf("mistaken", "only a red_flag alert can be answered by mistake; this one is %s", kind)
	case note == "":
		return Invalidf("note", "required: say what the patient told you")
	case len(note) > maxMistakenNote:
		return Invalidf("note", "at most %d characters", maxMistakenNote)
	case !hasScreening:
		return Invalidf("mistaken", "this alert names no screening")
	}
	return nil
}
