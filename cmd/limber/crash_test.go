package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/sqlite"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the real limber command once for the tests that run it as
// a child process.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "limber-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "limber")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// server is the real binary serving a database file.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	addr string
	db   string
	log  bytes.Buffer
}

func startServer(t *testing.T, db, addr string) *server {
	t.Helper()
	s := &server{t: t, addr: addr, db: db}
	s.cmd = exec.Command(binary(t), "serve", "--db", db, "--addr", addr)
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return s
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the server did not start:\n%s", s.log.String())
	return nil
}

func (s *server) stop(sig syscall.Signal) error {
	s.cmd.Process.Signal(sig)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		return errors.New("did not stop within 30 s")
	}
}

// client talks to the server with a fresh connection per request, so a
// request is either accepted by the server or refused, never sent onto a
// connection the server is closing.
var client = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}

func call(addr, method, path, token string, body any) (int, map[string]any, error) {
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, "http://"+addr+path, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	json.Unmarshal(raw, &m)
	return resp.StatusCode, m, nil
}

type tabletFixture struct {
	token string
	plan  float64
	items []any
}

// clinicFixture makes patients with active plans and enrolled tablets.
func clinicFixture(t *testing.T, addr string, n int) []tabletFixture {
	t.Helper()
	_, m, err := call(addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": "pt@clinic.test", "password": "a long enough password"})
	if err != nil || m["token"] == nil {
		t.Fatalf("login: %v %v", err, m)
	}
	pt := m["token"].(string)
	var out []tabletFixture
	for i := 0; i < n; i++ {
		_, p, _ := call(addr, "POST", "/api/v1/patients", pt, map[string]any{"name": fmt.Sprintf("Crash %d", i), "mobility": "M1"})
		pid := p["id"].(float64)
		_, plan, _ := call(addr, "POST", fmt.Sprintf("/api/v1/patients/%.0f/plans", pid), pt, map[string]any{"minutes": 15})
		call(addr, "POST", fmt.Sprintf("/api/v1/plans/%.0f/activate", plan["id"].(float64)), pt, nil)
		_, code, _ := call(addr, "POST", fmt.Sprintf("/api/v1/patients/%.0f/enrollment", pid), pt, nil)
		_, tab, _ := call(addr, "POST", "/api/v1/auth/enroll", "", map[string]string{"code": code["code"].(string)})
		var items []any
		for _, it := range plan["items"].([]any) {
			if !it.(map[string]any)["locked"].(bool) {
				items = append(items, map[string]any{"item_id": it.(map[string]any)["id"], "status": "done"})
			}
		}
		out = append(out, tabletFixture{token: tab["token"].(string), plan: plan["id"].(float64), items: items})
	}
	return out
}

// accepted records what the server answered 2xx to.
type accepted struct {
	mu       sync.Mutex
	sessions []string
	journal  []float64
}

// drive submits sessions and journal entries from every tablet until stop
// closes; it returns the transport errors that were not a refused
// connection (a request the server accepted and then dropped).
func drive(addr string, tablets []tabletFixture, acc *accepted, stop <-chan struct{}) []error {
	var mu sync.Mutex
	var dropped []error
	var wg sync.WaitGroup
	for i, tab := range tablets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				var status int
				var m map[string]any
				var err error
				if (n+i)%3 == 0 {
					status, m, err = call(addr, "POST", "/api/v1/me/journal", tab.token, map[string]any{"region": "hips", "intensity": n % 11})
					if err == nil && status == 201 {
						acc.mu.Lock()
						acc.journal = append(acc.journal, m["id"].(float64))
						acc.mu.Unlock()
					}
				} else {
					id := uuid.NewString()
					now := time.Now().UTC()
					status, _, err = call(addr, "POST", "/api/v1/me/sessions", tab.token, map[string]any{"client_id": id, "plan_id": tab.plan,
						"started_at": now.Add(-5 * time.Minute).Format(time.RFC3339), "finished_at": now.Format(time.RFC3339),
						"pain_before": 3, "pain_after": 3, "items": tab.items})
					if err == nil && (status == 201 || status == 200) {
						acc.mu.Lock()
						acc.sessions = append(acc.sessions, id)
						acc.mu.Unlock()
					}
				}
				if err != nil {
					if !strings.Contains(err.Error(), "connection refused") {
						mu.Lock()
						dropped = append(dropped, err)
						mu.Unlock()
					}
					time.Sleep(20 * time.Millisecond)
				} else if status >= 500 {
					mu.Lock()
					dropped = append(dropped, fmt.Errorf("status %d", status))
					mu.Unlock()
				}
			}
		}()
	}
	<-stop
	wg.Wait()
	return dropped
}

// checkStored opens the database after the servers stopped (or beside the
// ones still running, on PostgreSQL): every accepted submission is there
// exactly once, and a SQLite file is sound.
func checkStored(t *testing.T, db string, acc *accepted) {
	t.Helper()
	if !isPostgres(db) {
		if err := sqlite.IntegrityCheck(context.Background(), db); err != nil {
			t.Fatalf("integrity: %v", err)
		}
	}
	d, err := openDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	acc.mu.Lock()
	defer acc.mu.Unlock()
	for _, id := range acc.sessions {
		var n int
		if err := d.R.Get(&n, d.R.Rebind(`SELECT COUNT(*) FROM exercise_sessions WHERE client_id = ?`), id); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("session %s answered 2xx is stored %d times", id, n)
		}
	}
	for _, id := range acc.journal {
		var n int
		if err := d.R.Get(&n, d.R.Rebind(`SELECT COUNT(*) FROM journal_entries WHERE id = ?`), int64(id)); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("journal entry %v answered 201 is stored %d times", id, n)
		}
	}
}

// TestCrashSafety kills the real server in the middle of concurrent
// writes, five times with SIGKILL and five with SIGTERM: every submission
// that got a 2xx answer is there exactly once, and the file passes
// PRAGMA integrity_check. With SIGTERM, requests in flight also finish.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server many times")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "limber.db")
	add := exec.Command(binary(t), "user", "add", "--db", db, "--email", "pt@clinic.test", "--name", "PT")
	add.Stdin = strings.NewReader("a long enough password\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	addr := freeAddr(t)
	s := startServer(t, db, addr)
	tablets := clinicFixture(t, addr, 8)
	s.stop(syscall.SIGTERM)

	acc := &accepted{}
	for round := 0; round < 10; round++ {
		sig := syscall.SIGKILL
		if round >= 5 {
			sig = syscall.SIGTERM
		}
		s = startServer(t, db, addr)
		stop := make(chan struct{})
		result := make(chan []error, 1)
		go func() { result <- drive(addr, tablets, acc, stop) }()
		time.Sleep(400 * time.Millisecond)
		var exitErr error
		if sig == syscall.SIGKILL {
			exitErr = s.stop(sig)
			close(stop)
		} else {
			// The tablets stop sending shortly after the signal; what is
			// already on its way must still be answered.
			s.cmd.Process.Signal(sig)
			time.Sleep(150 * time.Millisecond)
			close(stop)
			exitErr = s.stop(sig)
		}
		dropped := <-result
		if sig == syscall.SIGTERM {
			if exitErr != nil {
				t.Errorf("round %d: SIGTERM exit: %v\n%s", round, exitErr, s.log.String())
			}
			if len(dropped) > 0 {
				t.Errorf("round %d: %d requests in flight were dropped on SIGTERM: %v", round, len(dropped), dropped[0])
			}
		}
		checkStored(t, db, acc)
	}
	if len(acc.sessions) < 50 || len(acc.journal) < 20 {
		t.Errorf("only %d sessions and %d journal entries were accepted in 10 rounds", len(acc.sessions), len(acc.journal))
	}
	t.Logf("%d sessions and %d journal entries accepted over 10 rounds, all stored once", len(acc.sessions), len(acc.journal))
}

// TestCrashSafetyTwoNodes is the crash test on PostgreSQL: two real
// `limber serve` nodes on one database take sessions and journal entries
// from the same tablets at once, and one of them is killed with SIGKILL in
// the middle, six times, each node in turn. Every write either node
// answered 2xx is stored exactly once, and the node left standing drops
// nothing while the other dies.
func TestCrashSafetyTwoNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the real server many times")
	}
	url := postgrestest.NewDatabase(t)
	add := exec.Command(binary(t), "user", "add", "--db", url, "--email", "pt@clinic.test", "--name", "PT")
	add.Stdin = strings.NewReader("a long enough password\n")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	addrs := [2]string{freeAddr(t), freeAddr(t)}
	nodes := [2]*server{startServer(t, url, addrs[0]), startServer(t, url, addrs[1])}
	tablets := clinicFixture(t, addrs[0], 8)
	defer func() {
		for _, n := range nodes {
			n.stop(syscall.SIGTERM)
		}
	}()

	acc := &accepted{}
	for round := 0; round < 6; round++ {
		victim, survivor := round%2, 1-round%2
		stop := make(chan struct{})
		results := [2]chan []error{make(chan []error, 1), make(chan []error, 1)}
		for i := range nodes {
			go func() { results[i] <- drive(addrs[i], tablets, acc, stop) }()
		}
		time.Sleep(400 * time.Millisecond)
		nodes[victim].stop(syscall.SIGKILL)
		// The survivor goes on taking writes after the other died.
		time.Sleep(300 * time.Millisecond)
		close(stop)
		<-results[victim]
		if dropped := <-results[survivor]; len(dropped) > 0 {
			t.Errorf("round %d: node %d, still running while node %d was killed, failed %d requests: %v\n%s",
				round, survivor, victim, len(dropped), dropped[0], nodes[survivor].log.String())
		}
		checkStored(t, url, acc)
		nodes[victim] = startServer(t, url, addrs[victim])
	}
	if len(acc.sessions) < 50 || len(acc.journal) < 20 {
		t.Errorf("only %d sessions and %d journal entries were accepted in 6 rounds", len(acc.sessions), len(acc.journal))
	}
	t.Logf("%d sessions and %d journal entries accepted by two nodes over 6 rounds (one node killed in each), all stored once",
		len(acc.sessions), len(acc.journal))
}
