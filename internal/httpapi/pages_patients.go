package httpapi

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
	qrcode "github.com/skip2/go-qrcode"
)

type mobilityOption struct {
	ID    limber.Mobility
	Label string
}

func mobilityOptions() []mobilityOption {
	out := make([]mobilityOption, len(limber.Mobilities))
	for i, m := range limber.Mobilities {
		out[i] = mobilityOption{m, limber.MobilityLabels[m]}
	}
	return out
}

type patientRow struct {
	ID         int64
	Name       string
	Mobility   limber.Mobility
	Done       int
	Prescribed int
	Last       string
	lastAt     time.Time
	PainTrend  string
	Alerts     int
}

type clinicPage struct {
	pageBase
	Mobilities []mobilityOption
	Patients   []patientRow
	Sort       string
}

func (s *Server) clinicPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := actor(c)
	ps, err := s.db.ListPatients(ctx, u, 0, 200)
	if err != nil {
		return err
	}
	page := clinicPage{pageBase: s.base(c, "Patients"), Mobilities: mobilityOptions(), Sort: "name"}
	sums, err := s.db.Summaries(ctx, u, ps)
	if err != nil {
		return err
	}
	for _, p := range ps {
		sum := sums[p.ID]
		row := patientRow{ID: p.ID, Name: p.Name, Mobility: p.Mobility, Done: sum.DoneThisWeek, Prescribed: sum.Prescribed, Alerts: sum.OpenAlerts}
		if sum.LastSessionAt != nil {
			row.lastAt = *sum.LastSessionAt
			row.Last = sum.LastSessionAt.In(s.db.Location()).Format("Mon 2 Jan")
		}
		var trend []string
		for _, pt := range sum.RecentPain {
			trend = append(trend, fmt.Sprintf("%d→%s", pt.Before, painWord(pt.After)))
		}
		row.PainTrend = strings.Join(trend, ", ")
		page.Patients = append(page.Patients, row)
	}
	switch c.QueryParam("sort") {
	case "adherence":
		page.Sort = "sessions this week"
		slices.SortStableFunc(page.Patients, func(a, b patientRow) int { return a.Done*100/max(a.Prescribed, 1) - b.Done*100/max(b.Prescribed, 1) })
	case "last":
		page.Sort = "last session"
		slices.SortStableFunc(page.Patients, func(a, b patientRow) int { return a.lastAt.Compare(b.lastAt) })
	case "alerts":
		page.Sort = "open alerts"
		slices.SortStableFunc(page.Patients, func(a, b patientRow) int { return b.Alerts - a.Alerts })
	default:
		slices.SortStableFunc(page.Patients, func(a, b patientRow) int { return strings.Compare(a.Name, b.Name) })
	}
	return s.render(c, http.StatusOK, "clinic", page)
}

func (s *Server) clinicAddPatient(c echo.Context) error {
	name, m := c.FormValue("name"), limber.Mobility(c.FormValue("mobility"))
	p, err := s.db.CreatePatient(c.Request().Context(), actor(c), limber.PatientPatch{Name: &name, Mobility: &m})
	if err != nil {
		return back(c, "/clinic", err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinic/patients/%d", p.ID))
}

type conditionOption struct {
	ID          limber.Condition
	Description string
	Checked     bool
}

type patientPage struct {
	pageBase
	Patient        limber.Patient
	MobilityLabel  string
	Effective      []limber.Condition
	Mobilities     []mobilityOption
	Conditions     []conditionOption
	Regions        []limber.Region
	Plans          []limber.StoredPlan
	Adherence      limber.Adherence
	AdherenceChart template.HTML
	PainChart      template.HTML
	Sessions       []limber.ExerciseSession
	Journal        []limber.JournalEntry
	Audit          []limber.AuditEvent
	Devices        []limber.Device
	Code           string
	CodeExpires    string
	QR             template.URL
	EnrollURL      string
	// Alerts are the patient's open alerts and recent red flags, in the
	// inbox's order; a red flag has the "answered by mistake" action.
	Alerts      []alertRow
	SessionRows []sessionLine
	AuditRows   []auditLine
}

// auditWords say the audit trail's actions in words; an action not listed
// shows as stored.
var auditWords = map[string]string{
	"alert.acknowledge": "Alert acknowledged", "alert.answered_by_mistake": "Red flag marked as answered by mistake",
	"clearance.lapse": "A clearance ran out", "device.revoke": "Tablet signed out", "enrollment.create": "Enrollment code made",
	"enrollment.use": "Tablet set up with the code", "patient.create": "Patient added", "patient.update": "Profile changed",
	"patient.update.screening": "Profile changed by a screening answer", "plan.activate": "Plan put in use", "plan.create": "Plan made",
	"plan.item.add": "Exercise added", "plan.item.change": "Exercise changed", "plan.item.clear": "Exercise cleared",
	"plan.item.remove": "Exercise removed", "plan.recheck": "Plan rechecked against the profile", "screening": "Screening answered",
}

// auditLine is an audit event as the PT reads it.
type auditLine struct {
	limber.AuditEvent
	What, Who string
}

// sessionLine is a session as the PT reads it: exercise names and reasons
// in words.
type sessionLine struct {
	limber.ExerciseSession
	Items []string
}

// actorWord names who did something the PT did not: the patient's tablet
// for what a tablet does, else a colleague by number.
func actorWord(id int64, action string) string {
	switch action {
	case "screening", "enrollment.use", "patient.update.screening":
		return "The patient (tablet)"
	}
	return fmt.Sprintf("Staff member no. %d", id)
}

func sessionRow(r limber.ExerciseSession, names map[int]string) sessionLine {
	out := sessionLine{ExerciseSession: r}
	for _, it := range r.Items {
		name := names[it.ItemID]
		if name == "" {
			name = fmt.Sprintf("exercise %d (no longer in the plan)", it.ItemID)
		}
		line := name + ": " + it.Status
		switch {
		case it.Status == "stopped" && it.Reason != "":
			line += " (" + strings.ToLower(limber.StopLabel(it.Reason)) + ")"
		case it.Reason != "":
			if w, ok := limber.SkipLabels[it.Reason]; ok {
				line += " (" + w + ")"
			} else {
				line += " (" + it.Reason + ")"
			}
		}
		out.Items = append(out.Items, line)
	}
	return out
}

func (s *Server) patientPageData(c echo.Context, id int64) (patientPage, error) {
	ctx := c.Request().Context()
	u := actor(c)
	p, err := s.db.Patient(ctx, u, id)
	if err != nil {
		return patientPage{}, err
	}
	page := patientPage{pageBase: s.base(c, p.Name), Patient: p, MobilityLabel: limber.MobilityLabels[p.Mobility],
		Mobilities: mobilityOptions(), Regions: limber.Regions}
	if eff, err := p.Profile(s.db.Clock()).Resolve(); err == nil {
		page.Effective = eff.Conditions
	}
	for _, cnd := range limber.Conditions {
		if cnd == limber.PregnancyLT13 || cnd == limber.Pregnancy13to27 || cnd == limber.Pregnancy28Plus {
			continue // pregnancy is given as a week
		}
		page.Conditions = append(page.Conditions, conditionOption{cnd, limber.ConditionDescriptions[cnd], slices.Contains(p.Conditions, cnd)})
	}
	if page.Plans, err = s.db.PatientPlans(ctx, u, id); err != nil {
		return page, err
	}
	if page.Adherence, err = s.db.AdherenceFor(ctx, u, id, 8); err != nil {
		return page, err
	}
	page.AdherenceChart = adherenceChart(page.Adherence)
	page.PainChart = painChart(page.Adherence)
	if page.Sessions, err = s.db.Sessions(ctx, u, id, 0, 20); err != nil {
		return page, err
	}
	if page.Journal, err = s.db.Journal(ctx, u, id, 0, 20); err != nil {
		return page, err
	}
	if page.Audit, err = s.db.Audit(ctx, u, id, 0, 30); err != nil {
		return page, err
	}
	if page.Devices, err = s.db.Devices(ctx, u, id); err != nil {
		return page, err
	}
	as, err := s.inboxAlerts(ctx, u, id, 50)
	if err != nil {
		return page, err
	}
	// Open alerts of every kind, and the recent red flags (open or not:
	// one lifted as answered by mistake shows the PT's note).
	limber.SortForInbox(as)
	for _, a := range as {
		if (a.AcknowledgedAt == nil || a.Kind == "red_flag") && len(page.Alerts) < 10 {
			page.Alerts = append(page.Alerts, s.alertRow(a, p.Name))
		}
	}
	for _, e := range page.Audit {
		line := auditLine{AuditEvent: e, What: e.Action, Who: "Limber"}
		if w, ok := auditWords[e.Action]; ok {
			line.What = w
		}
		switch {
		case e.ActorID == nil:
		case *e.ActorID == u.ID:
			line.Who = "You"
		case *e.ActorID == p.TherapistID:
			line.Who = "The patient's PT"
		default:
			line.Who = actorWord(*e.ActorID, e.Action)
		}
		page.AuditRows = append(page.AuditRows, line)
	}
	names := map[int64]map[int]string{}
	for _, pl := range page.Plans {
		names[pl.ID] = map[int]string{}
		for _, it := range pl.Items {
			names[pl.ID][it.ID] = it.Name
		}
	}
	for _, r := range page.Sessions {
		page.SessionRows = append(page.SessionRows, sessionRow(r, names[r.PlanID]))
	}
	return page, nil
}

func (s *Server) patientPage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	page, err := s.patientPageData(c, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "patient_page", page)
}

func (s *Server) patientProfileForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	to := fmt.Sprintf("/clinic/patients/%d", id)
	form, _ := c.FormParams()
	name, m, notes, phone := form.Get("name"), limber.Mobility(form.Get("mobility")), form.Get("notes"), form.Get("care_team_phone")
	conds := []limber.Condition{}
	for _, v := range form["conditions"] {
		conds = append(conds, limber.Condition(v))
	}
	lying, helper := form.Get("lying_only") == "true", form.Get("helper_available") == "true"
	patch := limber.PatientPatch{Name: &name, Mobility: &m, Conditions: &conds, LyingOnly: &lying, HelperAvailable: &helper,
		Notes: &notes, CareTeamPhone: &phone, PregnancyWeekSet: true}
	if w, ok := formInt(c, "pregnancy_week"); ok {
		patch.PregnancyWeek = &w
	} else if strings.TrimSpace(form.Get("pregnancy_week")) != "" {
		return back(c, to, limber.Invalidf("pregnancy_week", "must be a whole number of weeks"))
	}
	ch, err := s.db.UpdatePatient(c.Request().Context(), actor(c), s.engine, id, patch)
	if err != nil {
		return back(c, to, err)
	}
	notice := "Profile saved."
	if len(ch.PlanChanges) > 0 {
		notice += " The active plan was decided again: " + strings.Join(ch.PlanChanges, " ")
	}
	return redirectNotice(c, to, notice)
}

func (s *Server) patientPlanForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	minutes, _ := formInt(c, "minutes")
	perWeek, _ := formInt(c, "sessions_per_week")
	form, _ := c.FormParams()
	var focus []limber.Region
	for _, f := range form["focus"] {
		focus = append(focus, limber.Region(f))
	}
	p, err := s.db.CreatePlan(c.Request().Context(), actor(c), s.engine, id, minutes, focus, perWeek)
	if err != nil {
		return back(c, fmt.Sprintf("/clinic/patients/%d", id), err)
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/clinic/plans/%d", p.ID))
}

func (s *Server) patientEnrollmentForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	code, expires, err := s.db.CreateEnrollmentCode(c.Request().Context(), actor(c), id)
	if err != nil {
		return back(c, fmt.Sprintf("/clinic/patients/%d", id), err)
	}
	page, err := s.patientPageData(c, id)
	if err != nil {
		return err
	}
	page.Code, page.CodeExpires = code, expires.In(s.db.Location()).Format("Mon 2 Jan 15:04")
	base := s.cfg.PublicURL
	if base == "" {
		scheme := "http"
		if c.IsTLS() {
			scheme = "https"
		}
		base = scheme + "://" + c.Request().Host
	}
	page.EnrollURL = base + "/enroll?code=" + code
	if png, err := qrcode.Encode(page.EnrollURL, qrcode.Medium, 256); err == nil {
		page.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	return s.render(c, http.StatusOK, "patient_page", page)
}

func (s *Server) patientRevokeForm(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	device, err := pathID(c, "device")
	if err != nil {
		return err
	}
	to := fmt.Sprintf("/clinic/patients/%d", id)
	if err := s.db.RevokeDevice(c.Request().Context(), actor(c), id, device); err != nil {
		return back(c, to, err)
	}
	return redirectNotice(c, to, "The tablet is signed out.")
}

// adherenceChart draws sessions done against prescribed per week, oldest
// on the left, as SVG. Only numbers go into it.
func adherenceChart(a limber.Adherence) template.HTML {
	const w, h, pad = 560, 180, 28
	weeks := slices.Clone(a.Weeks)
	slices.Reverse(weeks)
	top := 1
	for _, wk := range weeks {
		top = max(top, wk.Done, wk.Prescribed)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="adh-t adh-d"><title id="adh-t">Sessions per week</title><desc id="adh-d">`, w, h)
	for _, wk := range weeks {
		fmt.Fprintf(&b, "Week of %s: %d of %d. ", template.HTMLEscapeString(wk.WeekStart), wk.Done, wk.Prescribed)
	}
	b.WriteString(`</desc>`)
	slot := float64(w-2*pad) / float64(max(len(weeks), 1))
	scale := float64(h-2*pad) / float64(top)
	for i, wk := range weeks {
		x := float64(pad) + float64(i)*slot
		bh := float64(wk.Done) * scale
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#0b5563"/>`, x+slot*0.2, float64(h-pad)-bh, slot*0.6, bh)
		py := float64(h-pad) - float64(wk.Prescribed)*scale
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#a10d1f" stroke-width="3"/>`, x+slot*0.1, x+slot*0.9, py, py)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+slot/2, h-8, template.HTMLEscapeString(weekLabel(wk.WeekStart)))
	}
	b.WriteString(`<text x="4" y="16">Sessions done (bars) against prescribed (red line)</text></svg>`)
	return template.HTML(b.String())
}

// weekLabel is a week's first day as a PT reads it ("12 Oct").
func weekLabel(day string) string {
	if d, err := time.Parse("2006-01-02", day); err == nil {
		return d.Format("2 Jan")
	}
	return day
}

// painChart draws pain before (dashed) and after (solid) over time.
func painChart(a limber.Adherence) template.HTML {
	const w, h, pad = 560, 180, 28
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="pain-t pain-d"><title id="pain-t">Pain before and after sessions</title><desc id="pain-d">`, w, h)
	if len(a.Pain) == 0 {
		b.WriteString(`No sessions yet.</desc><text x="4" y="40">No sessions yet.</text></svg>`)
		return template.HTML(b.String())
	}
	last := a.Pain[len(a.Pain)-1]
	fmt.Fprintf(&b, "%d sessions; the last: pain %d before, %s after.</desc>", len(a.Pain), last.Before, painWord(last.After))
	step := float64(w-2*pad) / float64(max(len(a.Pain)-1, 1))
	x := func(i int) float64 {
		if len(a.Pain) == 1 {
			return float64(w) / 2 // one session: in the middle, not on the axis
		}
		return float64(pad) + float64(i)*step
	}
	y := func(v int) float64 { return float64(h-pad) - float64(v)*float64(h-2*pad)/10 }
	// A session left unfinished has no pain after: that line skips it. A
	// dot marks every session, so one session alone still shows (a line
	// needs two points).
	line := func(get func(limber.PainPoint) *int, dash string, colour string, hollow bool) {
		var pts []string
		for i, p := range a.Pain {
			if v := get(p); v != nil {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(*v)))
				fill := colour
				if hollow {
					fill = "#fff"
				}
				fmt.Fprintf(&b, `<circle class="pain-dot" cx="%.1f" cy="%.1f" r="5" fill="%s" stroke="%s" stroke-width="3"/>`, x(i), y(*v), fill, colour)
			}
		}
		if len(pts) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="3" stroke-dasharray="%s"/>`, strings.Join(pts, " "), colour, dash)
		}
	}
	line(func(p limber.PainPoint) *int { return &p.Before }, "6 4", "#7a4b00", true)
	line(func(p limber.PainPoint) *int { return p.After }, "0", "#0b5563", false)
	fmt.Fprintf(&b, `<text x="4" y="16">Pain 0 to 10: before (dashed, open dots), after (solid, filled dots)</text><text x="4" y="%.0f">10</text><text x="4" y="%.0f">0</text></svg>`, y(10)+4, y(0)+4)
	return template.HTML(b.String())
}

// painWord is a pain score in words for the PT's pages; an unfinished
// session has none.
func painWord(v *int) string {
	if v == nil {
		return "not given"
	}
	return fmt.Sprint(*v)
}
