package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
)

// The read-modify-write transactions are correct however many run at once:
// on PostgreSQL they are serializable and run again when they lose, with no
// single writer to line them up. Each test runs on both stores.

// clinic is a therapist, an enrolled patient and their active plan.
type clinic struct {
	pt, patient limber.User
	plan        limber.StoredPlan
}

func newClinic(t *testing.T, db *store.DB, now time.Time) clinic {
	t.Helper()
	ctx := context.Background()
	e := testEngine(t)
	db.Now = func() time.Time { return now }
	pt, err := db.CreateUser(ctx, "pt@example.org", "Pat Therapist", limber.RoleTherapist, "a long password")
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: ptr("Alex"), Mobility: ptr(limber.M1)})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := db.CreatePlan(ctx, pt, e, p.ID, 20, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if plan, err = db.ActivatePlan(ctx, pt, plan.ID); err != nil {
		t.Fatal(err)
	}
	code, _, err := db.CreateEnrollmentCode(ctx, pt, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	patient, _, _, err := db.Enroll(ctx, code, "tablet")
	if err != nil {
		t.Fatal(err)
	}
	return clinic{pt: pt, patient: patient, plan: plan}
}

// parallel runs fn(i) for i in [0, n) all at once and returns their errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// Dosage edits of different items of an active plan, sent at once, all
// count: each is merged into the version it finds, none is lost, and each
// makes its own version.
func TestParallelDosageEditsAllCount(t *testing.T) {
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newClinic(t, db, time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
		want := map[int]int{} // item -> repetitions after its edit
		var edits []limber.Item
		for _, it := range c.plan.Items {
			if !it.Locked && it.Reps >= 2 {
				want[it.ID] = it.Reps - 1
				edits = append(edits, it)
			}
		}
		if len(edits) < 2 {
			t.Fatalf("fixture: want two items with 2 repetitions or more, found %d", len(edits))
		}
		errs := parallel(len(edits), func(i int) error {
			reps := want[edits[i].ID]
			_, err := db.ChangePlanItem(ctx, c.pt, testEngine(t), c.plan.ID, edits[i].ID, limber.ItemChange{Dosage: limber.DosageChange{Reps: &reps}})
			return err
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		got, err := db.Plan(ctx, c.pt, c.plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != c.plan.Version+len(edits) {
			t.Errorf("version %d after %d edits of version %d", got.Version, len(edits), c.plan.Version)
		}
		for _, it := range got.Items {
			if w, ok := want[it.ID]; ok && it.Reps != w {
				t.Errorf("item %d has %d repetitions, want %d: an edit was lost", it.ID, it.Reps, w)
			}
		}
		var versions int
		if err := db.R.Get(&versions, db.R.Rebind(`SELECT COUNT(*) FROM plan_versions WHERE plan_id = ?`), c.plan.ID); err != nil || versions != got.Version {
			t.Errorf("%d versions stored for version %d (%v)", versions, got.Version, err)
		}
	})
}

// The same session sent 20 times at once (a tablet retrying over a bad
// connection, or two nodes each given a copy) is stored once and alerts
// once.
func TestParallelSubmissionsOfOneSession(t *testing.T) {
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		c := newClinic(t, db, now.Add(-time.Hour)) // the plan is older than the session
		db.Now = func() time.Time { return now }
		var items []limber.SessionItem
		for _, it := range c.plan.Items {
			if !it.Locked {
				items = append(items, limber.SessionItem{ItemID: it.ID, Status: "done", At: now.Add(-5 * time.Minute)})
			}
		}
		// Pain 2 → 6: a pain_rise alert for the PT.
		in := limber.SessionInput{ClientID: uuid.NewString(), PlanID: c.plan.ID, StartedAt: now.Add(-15 * time.Minute),
			FinishedAt: now.Add(-time.Minute), PainBefore: ptr(2), PainAfter: ptr(6), Items: items}
		ids := make([]int64, 20)
		created := make([]bool, 20)
		errs := parallel(20, func(i int) error {
			s, made, err := db.SubmitSession(ctx, c.patient, in)
			ids[i], created[i] = s.ID, made
			return err
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := range ids {
			if created[i] {
				n++
			}
			if ids[i] != ids[0] || ids[i] == 0 {
				t.Errorf("answers name different sessions: %v", ids)
				break
			}
		}
		if n != 1 {
			t.Errorf("%d of 20 submissions say they created the session", n)
		}
		var sessions, alerts int
		db.R.Get(&sessions, db.R.Rebind(`SELECT COUNT(*) FROM exercise_sessions WHERE client_id = ?`), in.ClientID)
		db.R.Get(&alerts, `SELECT COUNT(*) FROM alerts WHERE kind = 'pain_rise'`)
		if sessions != 1 || alerts != 1 {
			t.Errorf("20 parallel submissions: %d sessions, %d pain_rise alerts stored", sessions, alerts)
		}
	})
}

// Stops sent at once near the daily limit never pass it: exactly the room
// left is stored, and every other stop is refused as too many.
func TestParallelStopsKeepTheDailyLimit(t *testing.T) {
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		c := newClinic(t, db, now)
		item := 0
		for _, it := range c.plan.Items {
			if !it.Locked {
				item = it.ID
				break
			}
		}
		session := uuid.NewString()
		stop := func() error {
			_, _, err := db.SubmitStop(ctx, c.patient, limber.StopInput{ClientID: uuid.NewString(), SessionClientID: session,
				PlanID: c.plan.ID, ItemID: item, Reason: "other", At: now.Add(-time.Minute)})
			return err
		}
		const room, sent = 5, 20
		for i := 0; i < limber.MaxStopsPerDay-room; i++ {
			if err := stop(); err != nil {
				t.Fatalf("stop %d: %v", i+1, err)
			}
		}
		errs := parallel(sent, func(int) error { return stop() })
		stored, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				stored++
			case limber.ErrorCode(err) == limber.ETOOMANY:
				refused++
			default:
				t.Errorf("a parallel stop: %v", err)
			}
		}
		var n int
		db.R.Get(&n, `SELECT COUNT(*) FROM session_stops`)
		if n != limber.MaxStopsPerDay || stored != room || refused != sent-room {
			t.Errorf("%d stops stored (limit %d); of %d sent at once %d stored, %d refused", n, limber.MaxStopsPerDay, sent, stored, refused)
		}
	})
}
