package limber

import "time"

// WeekStart is the Monday, 00:00 in the clinic's time zone, of the week
// that holds t: weeks run Monday to Sunday where the clinic is.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, loc).AddDate(0, 0, -((int(l.Weekday()) + 6) % 7))
}

// ClinicDay is the clinic's calendar day of t, as YYYY-MM-DD.
func ClinicDay(t time.Time, loc *time.Location) string { return t.In(loc).Format(time.DateOnly) }

// DataDaysWindow is how far back DaysWithData counts (what remote
// monitoring billing counts: days of the last 30 with data).
const DataDaysWindow = 30

// AdherenceSince is the earliest finish AdherenceOf needs for weeks weeks
// at now: the first week's Monday less a month, so that the days of the
// DataDaysWindow are all there whatever the number of weeks.
func AdherenceSince(now time.Time, loc *time.Location, weeks int) time.Time {
	return WeekStart(now, loc).AddDate(0, 0, -7*(weeks-1)-(DataDaysWindow+1))
}

// AdherenceSession is a finished session as adherence counts it: when it
// finished, its clinic day, its pain before and after.
type AdherenceSession struct {
	FinishedAt time.Time
	Day        string
	PainBefore int
	PainAfter  *int
}

// AdherenceOf works out a patient's adherence over the last weeks weeks
// at now: sessions done per week (Monday to Sunday in loc, newest first)
// against perWeek prescribed, the pain of each session of those weeks, the
// last session, and the days of the last DataDaysWindow with a session or
// a journal entry. sessions are oldest first; journalDays are clinic days
// of journal entries of the window.
func AdherenceOf(patientID int64, now time.Time, loc *time.Location, weeks, perWeek int, sessions []AdherenceSession, journalDays []string) Adherence {
	now = now.In(loc)
	a := Adherence{PatientID: patientID, Weeks: []WeekAdherence{}, Pain: []PainPoint{}}
	monday := WeekStart(now, loc)
	since := monday.AddDate(0, 0, -7*(weeks-1))
	for w := 0; w < weeks; w++ {
		a.Weeks = append(a.Weeks, WeekAdherence{WeekStart: monday.AddDate(0, 0, -7*w).Format(time.DateOnly), Prescribed: perWeek})
	}
	days := map[string]bool{}
	cutoff := now.AddDate(0, 0, -DataDaysWindow)
	for _, s := range sessions {
		fin := s.FinishedAt
		if !fin.Before(since) {
			// Weeks back from this one, counted in whole days where the
			// clinic is (a day of 23 or 25 hours at a clock change).
			f := fin.In(loc)
			w := int(monday.Sub(time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)).Hours()/24+6) / 7
			if w >= 0 && w < weeks {
				a.Weeks[w].Done++
			}
			a.Pain = append(a.Pain, PainPoint{At: fin, Before: s.PainBefore, After: s.PainAfter})
		}
		if fin.After(cutoff) {
			days[s.Day] = true
		}
		last := fin
		a.LastSessionAt = &last
	}
	for _, d := range journalDays {
		days[d] = true
	}
	a.DaysWithData = len(days)
	return a
}

// The patient list's pain trend: the last RecentPainPoints sessions of the
// last RecentPainDays days.
const (
	RecentPainDays   = 10
	RecentPainPoints = 5
)

// RecentPain keeps the newest RecentPainPoints of a patient's pain points
// (oldest first), oldest first.
func RecentPain(points []PainPoint) []PainPoint {
	if len(points) > RecentPainPoints {
		points = points[len(points)-RecentPainPoints:]
	}
	return points
}

// DayEndsAt is when the clinic's day that holds t ends (midnight where the
// clinic is), in UTC.
func DayEndsAt(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, loc).UTC()
}
