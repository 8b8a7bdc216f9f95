package main

import (
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/limber-health/limber/internal/postgres"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
)

// proxy passes TCP connections to a database server, and can cut them all
// (the node behind it has lost its database) and take them again.
type proxy struct {
	t      *testing.T
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection through it.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *proxy) restore() { p.listen(p.addr) }

// node is a `limber serve` whose output is read while it runs.
type node struct {
	*server
	out *lockedBuffer
}

// startNodes starts a `limber serve` per database URL, all at once, and
// waits until each answers.
func startNodes(t *testing.T, dbs ...string) []node {
	t.Helper()
	var nodes []node
	for _, db := range dbs {
		s := node{&server{t: t, addr: freeAddr(t), db: db}, &lockedBuffer{}}
		s.cmd = exec.Command(binary(t), "serve", "--db", db, "--addr", s.addr)
		s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
		if err := s.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.stop(syscall.SIGTERM) })
		nodes = append(nodes, s)
	}
	for _, s := range nodes {
		up := false
		for i := 0; i < 200 && !up; i++ {
			if resp, err := http.Get("http://" + s.addr + "/healthz"); err == nil {
				resp.Body.Close()
				up = true
			} else {
				time.Sleep(50 * time.Millisecond)
			}
		}
		if !up {
			t.Fatalf("a node did not start:\n%s", s.out.String())
		}
	}
	return nodes
}

// logged counts the node's log lines with the message msg.
func (s node) logged(msg string) int {
	return strings.Count(s.out.String(), `"msg":"`+msg+`"`)
}

// Two real `limber serve` processes on one PostgreSQL database behave as
// one Limber (issue 10 §3): the hour's sweep runs once; a session sent to
// both at once is stored once; a sign-in ended, a tablet revoked or a user
// disabled on one is refused by the other at the next request; failed
// sign-ins and wrong enrollment codes spread over both add up; and
// a node that cannot reach the database says so on /readyz, and recovers.
func TestTwoNodesOnOnePostgreSQL(t *testing.T) {
	dbURL := postgrestest.NewDatabase(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	check, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := check.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	// Node A reaches the database through a proxy the test can cut.
	px := newProxy(t, u.Host)
	viaProxy := *u
	viaProxy.Host = px.addr
	nodes := startNodes(t, viaProxy.String(), dbURL)
	a, b := nodes[0], nodes[1]

	// The two started on an empty database at once, racing to migrate it
	// (under PostgreSQL's advisory lock): both serve, and the schema is at
	// this binary's version.
	if n, want := count(`SELECT COUNT(*) FROM schema_migrations`), postgres.SchemaVersion(); n != want {
		t.Errorf("%d migrations recorded, want all %d", n, want)
	}
	add := exec.Command(binary(t), "user", "add", "--db", dbURL, "--email", "pt@clinic.test", "--name", "PT")
	add.Stdin = strings.NewReader("a long enough password\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}

	// The sweep at start: one node sweeps the hour, the other skips it.
	deadline := time.Now().Add(20 * time.Second)
	for a.logged("sweep")+a.logged("sweep skipped")+b.logged("sweep")+b.logged("sweep skipped") < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if swept, skipped := a.logged("sweep")+b.logged("sweep"), a.logged("sweep skipped")+b.logged("sweep skipped"); swept != 1 || skipped != 1 {
		t.Errorf("the start-up sweep ran %d times and was skipped %d times, want once each:\nA: %s\nB: %s", swept, skipped, a.out.String(), b.out.String())
	}
	if n := count(`SELECT COUNT(*) FROM sweeps`); n != 1 {
		t.Errorf("%d sweeps claimed", n)
	}

	// A patient with an active plan and an enrolled tablet, made on node A.
	_, m, err := call(a.addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": "pt@clinic.test", "password": "a long enough password"})
	if err != nil || m["token"] == nil {
		t.Fatalf("login on A: %v %v", err, m)
	}
	pt := m["token"].(string)
	_, p, _ := call(a.addr, "POST", "/api/v1/patients", pt, map[string]any{"name": "Two Nodes", "mobility": "M1"})
	pid := p["id"].(float64)
	_, plan, _ := call(a.addr, "POST", fmt.Sprintf("/api/v1/patients/%.0f/plans", pid), pt, map[string]any{"minutes": 15})
	if st, _, _ := call(a.addr, "POST", fmt.Sprintf("/api/v1/plans/%.0f/activate", plan["id"].(float64)), pt, nil); st != 200 {
		t.Fatalf("activate: %d", st)
	}
	var items []any
	for _, it := range plan["items"].([]any) {
		if !it.(map[string]any)["locked"].(bool) {
			items = append(items, map[string]any{"item_id": it.(map[string]any)["id"], "status": "done"})
		}
	}
	_, code, _ := call(a.addr, "POST", fmt.Sprintf("/api/v1/patients/%.0f/enrollment", pid), pt, nil)
	_, tab, _ := call(b.addr, "POST", "/api/v1/auth/enroll", "", map[string]string{"code": code["code"].(string)})
	tablet, _ := tab["token"].(string)
	if tablet == "" {
		t.Fatalf("enroll on B: %v", tab)
	}

	// The same session, sent to both nodes at once, ten times over.
	for round := 0; round < 10; round++ {
		id := uuid.NewString()
		now := time.Now().UTC()
		body := map[string]any{"client_id": id, "plan_id": plan["id"], "started_at": now.Add(-5 * time.Minute).Format(time.RFC3339),
			"finished_at": now.Format(time.RFC3339), "pain_before": 3, "pain_after": 3, "items": items}
		statuses := make([]int, 2)
		var wg sync.WaitGroup
		for i, n := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, m, err := call(n.addr, "POST", "/api/v1/me/sessions", tablet, body)
				if err != nil {
					t.Error(err)
				}
				if st != 200 && st != 201 {
					t.Errorf("round %d, node %d: %d %v", round, i, st, m)
				}
				statuses[i] = st
			}()
		}
		wg.Wait()
		if statuses[0]+statuses[1] != 401 {
			t.Errorf("round %d: the nodes answered %v, want one 201 (stored) and one 200 (already stored)", round, statuses)
		}
		if n := count(`SELECT COUNT(*) FROM exercise_sessions WHERE client_id = $1`, id); n != 1 {
			t.Errorf("round %d: the session sent to both nodes is stored %d times", round, n)
		}
	}

	// A tablet revoked on A is refused by B at its next request; so is a
	// PT signed out on A.
	if st, _, _ := call(b.addr, "GET", "/api/v1/me/today", tablet, nil); st != 200 {
		t.Fatalf("the tablet on B before the revocation: %d", st)
	}
	_, ds, _ := call(a.addr, "GET", fmt.Sprintf("/api/v1/patients/%.0f/devices", pid), pt, nil)
	device := ds["devices"].([]any)[0].(map[string]any)["id"].(float64)
	if st, _, _ := call(a.addr, "POST", fmt.Sprintf("/api/v1/patients/%.0f/devices/%.0f/revoke", pid, device), pt, nil); st/100 != 2 {
		t.Fatalf("revoke on A: %d", st)
	}
	if st, _, _ := call(b.addr, "GET", "/api/v1/me/today", tablet, nil); st != 401 {
		t.Errorf("the tablet revoked on A, on B: %d", st)
	}
	if st, _, _ := call(b.addr, "GET", "/api/v1/patients", pt, nil); st != 200 {
		t.Fatalf("the PT on B: %d", st)
	}
	if st, _, _ := call(a.addr, "POST", "/api/v1/auth/logout", pt, nil); st != 204 {
		t.Fatalf("logout on A: %d", st)
	}
	if st, _, _ := call(b.addr, "GET", "/api/v1/patients", pt, nil); st != 401 {
		t.Errorf("the PT signed out on A, on B: %d", st)
	}

	// A therapist disabled by an admin on A is refused by B at once.
	addAdmin := exec.Command(binary(t), "user", "add", "--db", dbURL, "--email", "admin@clinic.test", "--name", "Admin", "--role", "admin")
	addAdmin.Stdin = strings.NewReader("a long enough password\n")
	if out, err := addAdmin.CombinedOutput(); err != nil {
		t.Fatalf("user add --role admin: %v %s", err, out)
	}
	_, m, _ = call(a.addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": "admin@clinic.test", "password": "a long enough password"})
	adminToken, _ := m["token"].(string)
	_, staff, _ := call(a.addr, "POST", "/api/v1/users", adminToken, map[string]any{"email": "pt2@clinic.test", "name": "PT Two",
		"role": "therapist", "password": "another long password"})
	staffID, _ := staff["id"].(float64)
	_, m, _ = call(b.addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": "pt2@clinic.test", "password": "another long password"})
	pt2, _ := m["token"].(string)
	if st, _, _ := call(b.addr, "GET", "/api/v1/patients", pt2, nil); st != 200 {
		t.Fatalf("the second PT on B before being disabled: %d (%v)", st, staff)
	}
	if st, _, _ := call(a.addr, "POST", fmt.Sprintf("/api/v1/users/%.0f/disable", staffID), adminToken, nil); st != 200 {
		t.Fatalf("disable on A: %d", st)
	}
	if st, _, _ := call(b.addr, "GET", "/api/v1/patients", pt2, nil); st != 401 {
		t.Errorf("the PT disabled on A, on B: %d", st)
	}

	// Ten wrong enrollment codes from one address spread over both: the
	// eleventh, on either, is 429.
	for i := 0; i < 10; i++ {
		if st, _, _ := call(nodes[i%2].addr, "POST", "/api/v1/auth/enroll", "", map[string]string{"code": "WRONG-CODE-" + fmt.Sprint(i)}); st/100 != 4 || st == 429 {
			t.Fatalf("wrong code %d: %d", i+1, st)
		}
	}
	for i, n := range nodes {
		if st, _, _ := call(n.addr, "POST", "/api/v1/auth/enroll", "", map[string]string{"code": "WRONG-CODE-X"}); st != 429 {
			t.Errorf("the eleventh wrong enrollment code, on node %d: %d", i, st)
		}
	}

	// Five failed sign-ins spread over both: the sixth, on either, is 429.
	for i := 0; i < 5; i++ {
		if st, _, _ := call(nodes[i%2].addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": "pt@clinic.test", "password": "not the password"}); st != 401 {
			t.Fatalf("failure %d: %d", i+1, st)
		}
	}
	for i, n := range nodes {
		if st, _, _ := call(n.addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": "pt@clinic.test", "password": "a long enough password"}); st != 429 {
			t.Errorf("the sixth sign-in, on node %d: %d", i, st)
		}
	}

	// A loses its database: its /readyz says 503, B's still 200; A
	// recovers when the database is back, without a restart.
	ready := func(s node) int {
		st, _, err := call(s.addr, "GET", "/readyz", "", nil)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if ra, rb := ready(a), ready(b); ra != 200 || rb != 200 {
		t.Fatalf("/readyz before: A %d, B %d", ra, rb)
	}
	px.cut()
	if ra, rb := ready(a), ready(b); ra != 503 || rb != 200 {
		t.Errorf("/readyz with A cut off from the database: A %d, B %d", ra, rb)
	}
	px.restore()
	// A connection the cut left broken may fail one check; then it is
	// replaced.
	ra := ready(a)
	for i := 0; i < 50 && ra != 200; i++ {
		time.Sleep(100 * time.Millisecond)
		ra = ready(a)
	}
	if ra != 200 {
		t.Errorf("/readyz of A once the database is back: %d", ra)
	}
}
