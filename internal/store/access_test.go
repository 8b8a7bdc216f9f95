package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
)

// TestListsAgreeWithCanSee: the lists page in SQL, so their filters are
// limber.CanSee written again as queries; for every kind of user, a list
// (walked page by page) holds exactly the patients CanSee lets them see,
// and one patient read alone is found exactly when CanSee says so.
func TestListsAgreeWithCanSee(t *testing.T) { eachStore(t, testListsAgreeWithCanSee) }

func testListsAgreeWithCanSee(t *testing.T, db *store.DB) {
	ctx := context.Background()
	e := testEngine(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	admin, _ := db.CreateUser(ctx, "admin@example.org", "Admin", limber.RoleAdmin, "a long password")
	a, _ := db.CreateUser(ctx, "a@example.org", "PT A", limber.RoleTherapist, "a long password")
	b, _ := db.CreateUser(ctx, "b@example.org", "PT B", limber.RoleTherapist, "a long password")
	c, _ := db.CreateUser(ctx, "c@example.org", "PT C, no patients", limber.RoleTherapist, "a long password")
	var all []limber.Patient
	for _, pt := range []limber.User{a, b, a, b, a} {
		p, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: ptr("P"), Mobility: ptr(limber.M1), Conditions: &[]limber.Condition{"recent_relapse"}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p)
	}
	// A month on, every relapse period has ended: each patient has an alert.
	now = now.Add(31 * 24 * time.Hour)
	if res, err := db.Sweep(ctx, e); err != nil || res.PeriodAlerts != len(all) {
		t.Fatalf("sweep: %+v %v", res, err)
	}
	tablet := limber.User{ID: 99, Role: limber.RolePatient, PatientID: all[1].ID}
	for _, u := range []limber.User{admin, a, b, c, tablet, {ID: a.ID}} {
		var want []int64
		for _, p := range all {
			if limber.CanSee(u, p) {
				want = append(want, p.ID)
			}
			_, err := db.Patient(ctx, u, p.ID)
			if found := err == nil; found != limber.CanSee(u, p) {
				t.Errorf("%s %d reading patient %d: err %v, CanSee %v", u.Role, u.ID, p.ID, err, limber.CanSee(u, p))
			}
		}
		slices.Sort(want)
		var listed, alerted []int64
		var before int64
		for {
			page, err := db.ListPatients(ctx, u, before, 2)
			if err != nil {
				if limber.IsStaff(u) {
					t.Fatalf("%s %d listing: %v", u.Role, u.ID, err)
				}
				break
			}
			if len(page) == 0 {
				break
			}
			for _, p := range page {
				listed = append(listed, p.ID)
			}
			before = page[len(page)-1].ID
		}
		before = 0
		for {
			page, err := db.Alerts(ctx, u, 0, false, before, 2)
			if err != nil {
				if limber.IsStaff(u) {
					t.Fatalf("%s %d alerts: %v", u.Role, u.ID, err)
				}
				break
			}
			if len(page) == 0 {
				break
			}
			for _, al := range page {
				alerted = append(alerted, al.PatientID)
			}
			before = page[len(page)-1].ID
		}
		if !limber.IsStaff(u) {
			// A tablet or a user with no role gets no list at all.
			if listed != nil || alerted != nil {
				t.Errorf("%s %d was given a list: %v %v", u.Role, u.ID, listed, alerted)
			}
			continue
		}
		slices.Sort(listed)
		slices.Sort(alerted)
		if !slices.Equal(listed, want) || !slices.Equal(alerted, want) {
			t.Errorf("%s %d: patients listed %v, alerts of %v; CanSee lets them see %v", u.Role, u.ID, listed, alerted, want)
		}
		if _, err := db.Summaries(ctx, u, all); (err == nil) != (len(want) == len(all)) {
			t.Errorf("%s %d: summaries of every patient: %v", u.Role, u.ID, err)
		}
	}
}
