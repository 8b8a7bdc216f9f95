package limber

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Role is what a signed-in user may do.
type Role string

// The roles.
const (
	RoleAdmin     Role = "admin"
	RoleTherapist Role = "therapist"
	RolePatient   Role = "patient"
)

// User is a person who signs in: staff with a password, a patient with a
// tablet enrolled by their PT.
type User struct {
	ID    int64  `json:"id"`
	Role  Role   `json:"role"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	// PatientID is set for a patient's own account.
	PatientID int64 `json:"patient_id,omitempty"`
	Disabled  bool  `json:"disabled,omitempty"`
	// MustChangePassword is set after an admin's one-time reset.
	MustChangePassword bool `json:"must_change_password,omitempty"`
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Patient is one person a therapist looks after, with the profile the
// engine decides by. Dates turn time-bound facts into profile flags on the
// day they are read (contract §7.12).
type Patient struct {
	ID              int64       `json:"id"`
	TherapistID     int64       `json:"therapist_id"`
	Name            string      `json:"name"`
	Mobility        Mobility    `json:"mobility"`
	Conditions      []Condition `json:"conditions"`
	DueDate         *time.Time  `json:"due_date,omitempty"`
	PregnantUnknown bool        `json:"pregnant_unknown_week,omitempty"`
	LyingOnly       bool        `json:"lying_only"`
	HelperAvailable bool        `json:"helper_available"`
	RelapseSince    *time.Time  `json:"relapse_since,omitempty"`
	HipSince        *time.Time  `json:"hip_since,omitempty"`
	SurgerySince    *time.Time  `json:"surgery_since,omitempty"`
	CareTeamPhone   string      `json:"care_team_phone"`
	Notes           string      `json:"notes"`
	SessionsPerWeek int         `json:"sessions_per_week"`
	Enrolled        bool        `json:"enrolled"`
	CreatedAt       time.Time   `json:"created_at"`
	UpdatedAt       time.Time   `json:"updated_at"`
	// PregnancyWeek is worked out from the due date for the day asked.
	PregnancyWeek *int `json:"pregnancy_week"`
}

// Periods after which time-bound conditions need the PT's review.
const (
	RelapsePeriod = 30 * 24 * time.Hour
	HipPeriod     = 12 * 7 * 24 * time.Hour
	SurgeryPeriod = 365 * 24 * time.Hour
	// ClearancePeriod is how long a PT's clearance lasts.
	ClearancePeriod = 183 * 24 * time.Hour
	// OneTimePasswordPeriod is how long an admin's one-time password works,
	// as long as an enrollment code.
	OneTimePasswordPeriod = 72 * time.Hour
)

// DueDateFromWeek turns "week N as of today" into an estimated due date
// (40 weeks), so that the week moves on by itself.
func DueDateFromWeek(week int, today time.Time) time.Time {
	return day(today).AddDate(0, 0, (40-week)*7)
}

// WeekFromDueDate is the week of pregnancy on a day; nil once the due date
// is more than two weeks past (the pregnancy is over or needs review).
func WeekFromDueDate(due time.Time, today time.Time) *int {
	days := int(day(due).Sub(day(today)).Hours() / 24)
	w := 40 - (days+6)/7
	if days < 0 {
		w = 40 + (-days)/7
	}
	if w > 42 {
		return nil
	}
	w = max(w, 0)
	return &w
}

func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Profile is the engine's profile of a patient on a given day.
func (p Patient) Profile(today time.Time) Profile {
	prof := Profile{
		Mobility: p.Mobility, Conditions: slices.Clone(p.Conditions),
		LyingOnly: p.LyingOnly, HelperAvailable: p.HelperAvailable, Pregnant: p.PregnantUnknown,
	}
	if p.DueDate != nil {
		prof.PregnancyWeek = WeekFromDueDate(*p.DueDate, today)
	}
	return prof
}

// ExpiredPeriods lists the time-bound facts whose period has ended on
// today, each as a message for a profile_review alert.
func (p Patient) ExpiredPeriods(today time.Time) []string {
	var out []string
	check := func(since *time.Time, period time.Duration, c Condition, what string) {
		if since != nil && slices.Contains(p.Conditions, c) && !today.Before(since.Add(period)) {
			out = append(out, fmt.Sprintf("%s: %s since %s; the period has ended. Review the profile.", c, what, since.Format("2 Jan 2006")))
		}
	}
	check(p.RelapseSince, RelapsePeriod, RecentRelapse, "relapse")
	check(p.HipSince, HipPeriod, HipReplacementAny, "hip replacement precautions")
	for _, c := range []Condition{HipReplacementPosterior, HipReplacementAnterior} {
		if !slices.Contains(p.Conditions, HipReplacementAny) {
			check(p.HipSince, HipPeriod, c, "hip replacement precautions")
		}
	}
	check(p.SurgerySince, SurgeryPeriod, SpineSurgery12m, "spine surgery")
	return out
}

// ClearanceLapse says whether a change of profile ends every clearance
// (RULES.md §0: a new condition, a change of mobility, a relapse, a fall,
// surgery or a pregnancy band change), and why.
//
// Events are things recorded that end clearances even when the conditions
// stay the same (a fall at M3, where balance_falls is already on).
func ClearanceLapse(before, after Effective, events ...string) (bool, string) {
	why := slices.Clone(events)
	if before.Mobility != after.Mobility {
		why = append(why, fmt.Sprintf("mobility changed from %s to %s", before.Mobility, after.Mobility))
	}
	for _, c := range after.Conditions {
		if !before.Has(c) {
			why = append(why, "new condition "+string(c))
		}
	}
	if len(why) == 0 {
		return false, ""
	}
	return true, strings.Join(why, "; ")
}

// Clearance is a PT's say-so for one exercise in one position for one
// patient. It turns requires_pt_clearance into a deliverable item.
type Clearance struct {
	ID         int64     `json:"id"`
	PatientID  int64     `json:"patient_id"`
	ExerciseID string    `json:"exercise_id"`
	Position   Position  `json:"position"`
	Note       string    `json:"note"`
	ClearedBy  int64     `json:"cleared_by"`
	ClearedAt  time.Time `json:"cleared_at"`
	ExpiresAt  time.Time `json:"clearance_expires_at"`
}

// Active reports whether the clearance still holds at t.
func (c Clearance) Active(t time.Time) bool { return t.Before(c.ExpiresAt) }

// Plan statuses.
const (
	PlanDraft    = "draft"
	PlanActive   = "active"
	PlanArchived = "archived"
)

// StoredPlan is a plan kept for a patient: the plan document of its current
// version with its id, version and status.
type StoredPlan struct {
	Plan
	ID              int64      `json:"id"`
	PatientID       int64      `json:"patient_id"`
	Version         int        `json:"version"`
	Status          string     `json:"status"`
	SessionsPerWeek int        `json:"sessions_per_week"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	ActivatedAt     *time.Time `json:"activated_at"`
}

// Device is an enrolled tablet.
type Device struct {
	ID        int64      `json:"id"`
	Device    string     `json:"device"`
	CreatedAt time.Time  `json:"created_at"`
	LastSeen  time.Time  `json:"last_seen_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// Settings are the clinic's: its time zone and the numbers the stop
// screens show.
type Settings struct {
	Timezone        string `json:"timezone"`
	ClinicPhone     string `json:"clinic_phone"`
	EmergencyNumber string `json:"emergency_number"`
}

// SettingsPatch changes the settings given.
type SettingsPatch struct {
	Timezone        *string `json:"timezone"`
	ClinicPhone     *string `json:"clinic_phone"`
	EmergencyNumber *string `json:"emergency_number"`
}

// CheckSettings checks a change of settings. zoneKnown says whether this
// machine's zone database has the time zone given: looking it up reads
// files, so the caller does it (time.LoadLocation). "" and "Local" load
// too, as UTC and as whatever this machine is set to, but name no zone a
// clinic is in. A phone number is shown on the stop screens, so it is
// short and holds nothing a page could read as markup.
func CheckSettings(p SettingsPatch, zoneKnown bool) error {
	if tz := p.Timezone; tz != nil && (!zoneKnown || *tz == "" || *tz == "Local") {
		return Invalidf("timezone", "unknown time zone %q; use an IANA name such as Europe/Oslo", *tz)
	}
	for _, f := range []struct {
		field string
		v     *string
	}{{"clinic_phone", p.ClinicPhone}, {"emergency_number", p.EmergencyNumber}} {
		if f.v != nil && (len(*f.v) > maxPhone || strings.ContainsAny(*f.v, "<>\"")) {
			return Invalidf(f.field, "must be a phone number of at most %d characters", maxPhone)
		}
	}
	return nil
}

// SweepResult counts what a sweep did.
type SweepResult struct {
	Rechecked, PeriodAlerts, InactiveAlerts int
}
