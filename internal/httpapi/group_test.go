package httpapi_test

import (
	"sync"
	"testing"

	"github.com/google/uuid"
)

// Sessions sent at the same moment by many tablets may share a write
// transaction on SQLite (store/group.go; its tests hold the writer so that
// they do), and each is still its own: one
// refused (its patient's screening said to stop today) is refused alone,
// the same session sent five times at once is stored once, and every
// session answered as stored is stored.
func TestSessionsArrivingTogether(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	h.screen(c.patientA, map[string]any{"RF-3": "not_sure"}) // stop_urgent: A records nothing today
	itemsA, itemsB := h.planItems(c.patientA, c.planA), h.planItems(c.patientB, c.planB)
	twice := uuid.NewString()

	const n = 40
	status := make([]int, n)
	ids := make([]any, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token, body := c.patientB, sessionBody(h, c.planB, itemsB, uuid.NewString())
			switch {
			case i%4 == 0:
				token, body = c.patientA, sessionBody(h, c.planA, itemsA, uuid.NewString())
			case i%4 == 1 && i < 20:
				body = sessionBody(h, c.planB, itemsB, twice)
			}
			<-start
			r := h.do("POST", "/api/v1/me/sessions", token, body)
			status[i] = r.status
			if r.status < 300 {
				ids[i] = r.json(t)["id"]
			}
		}()
	}
	close(start)
	wg.Wait()

	created, again, refused := 0, 0, 0
	var twiceID any
	for i, s := range status {
		switch {
		case i%4 == 0:
			if s != 409 {
				t.Errorf("a session of a patient told to stop today: %d, want 409", s)
			}
			refused++
		case s == 201:
			created++
		case s == 200:
			again++
		default:
			t.Errorf("session %d: %d", i, s)
		}
		if i%4 == 1 && i < 20 {
			if twiceID != nil && ids[i] != twiceID {
				t.Errorf("the same session sent five times was answered as sessions %v and %v", twiceID, ids[i])
			}
			twiceID = ids[i]
		}
	}
	var storedA, storedB, storedTwice int
	h.get(&storedA, "SELECT COUNT(*) FROM exercise_sessions WHERE patient_id = ?", c.patientAID)
	h.get(&storedB, "SELECT COUNT(*) FROM exercise_sessions WHERE patient_id = ?", c.patientBID)
	h.get(&storedTwice, "SELECT COUNT(*) FROM exercise_sessions WHERE client_id = ?", twice)
	// B sent 30: 25 different sessions and one sent five times.
	if storedA != 0 || storedB != 26 || storedTwice != 1 || created != 26 || again != 4 || refused != 10 {
		t.Errorf("stored A %d (want 0), B %d (want 26), the repeated one %d times; answered created %d, again %d, refused %d",
			storedA, storedB, storedTwice, created, again, refused)
	}
}
