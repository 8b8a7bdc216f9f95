package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/httpapi"
)

// secondNode is another server on the harness's database and clock,
// as a second Limber node would be.
func (h *harness) secondNode() *harness {
	h.t.Helper()
	db, err := h.reopen()
	if err != nil {
		h.t.Fatal(err)
	}
	db.Now = h.db.Now
	b := &harness{t: h.t, db: db, reopen: h.reopen, logs: &bytes.Buffer{}, now: h.now}
	b.api = httpapi.New(db, testEngine(), httpapi.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b.api.RecordSleeps(func(time.Duration) {})
	b.srv = httptest.NewServer(b.api.Echo)
	h.t.Cleanup(func() { b.srv.Close(); db.Close() })
	return b
}

// Sign-in limits are counted in the database: failures spread over two
// nodes add up, and guesses sent at once to both still cannot pass the
// count.
func TestSignInLimitsCountAcrossNodes(t *testing.T) {
	a := newHarness(t)
	a.clinic()
	a.api.RecordSleeps(func(time.Duration) {})
	b := a.secondNode()
	nodes := []*harness{a, b}
	wrong := map[string]string{"email": "a@clinic.test", "password": "wrong password!"}
	for i := 0; i < 5; i++ {
		if r := nodes[i%2].do("POST", "/api/v1/auth/login", "", wrong); r.status != 401 {
			t.Fatalf("failure %d on node %d: %d", i+1, i%2, r.status)
		}
	}
	for i, n := range nodes {
		r := n.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a@clinic.test", "password": password})
		if r.status != 429 || r.header.Get("Retry-After") == "" {
			t.Errorf("the right password on node %d after 5 failures spread over both: %d, Retry-After %q", i, r.status, r.header.Get("Retry-After"))
		}
	}
	// Another account, 40 guesses at once, half to each node.
	got := a.parallel(40, func(i int) response {
		return nodes[i%2].send("POST", "/api/v1/auth/login", `{"email":"b@clinic.test","password":"wrong password!"}`, nil)
	})
	if got[401] > 5 || got[401]+got[429] != 40 {
		t.Errorf("40 parallel guesses at one account over two nodes: %v, want at most 5 × 401 and the rest 429", got)
	}
	// Enrollment codes from one address, over both nodes.
	got = a.parallel(30, func(i int) response {
		return nodes[i%2].send("POST", "/api/v1/auth/enroll", fmt.Sprintf(`{"code":"ZZZZ%04d"}`, i), nil)
	})
	if got[401] > 10 || got[401]+got[429] != 30 {
		t.Errorf("30 parallel code guesses over two nodes: %v, want at most 10 × 401 and the rest 429", got)
	}
	// The window passes for both.
	a.advance(16 * time.Minute)
	if r := b.do("POST", "/api/v1/auth/login", "", map[string]string{"email": "a@clinic.test", "password": password}); r.status != 200 {
		t.Errorf("the right password after the window, on node 1: %d", r.status)
	}
}

// A logout on one node is refused by the other at the next request.
func TestLogoutOnOneNodeIsSeenByTheOther(t *testing.T) {
	a := newHarness(t)
	c := a.clinic()
	b := a.secondNode()
	b.must(200, "GET", "/api/v1/patients", c.therapistA, nil)
	a.must(204, "POST", "/api/v1/auth/logout", c.therapistA, nil)
	if r := b.do("GET", "/api/v1/patients", c.therapistA, nil); r.status != 401 {
		t.Errorf("after a logout on node 0, node 1 answers %d", r.status)
	}
}

// /readyz answers 503 once the node cannot read its database, while
// /healthz (the process is alive) goes on answering 200.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	h := newHarness(t)
	h.must(200, "GET", "/readyz", "", nil)
	h.db.R.Close()
	if r := h.do("GET", "/readyz", "", nil); r.status != 503 {
		t.Errorf("/readyz with the database closed: %d", r.status)
	}
	h.must(200, "GET", "/healthz", "", nil)
}
