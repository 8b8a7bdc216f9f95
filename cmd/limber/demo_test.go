package main

import (
	"bytes"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The README's first command: `limber serve --demo` seeds a demo clinic and
// serves it. Run as the real binary, it must stay up, print working logins,
// and hold three patients with active plans.
func TestServeDemo(t *testing.T) {
	addr := freeAddr(t)
	log := &lockedBuffer{}
	cmd := exec.Command(binary(t), "serve", "--demo", "--db", filepath.Join(t.TempDir(), "demo.db"), "--addr", addr)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	up := false
	for i := 0; i < 200 && !up; i++ {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			up = true
		} else {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !up {
		t.Fatalf("the demo server did not start:\n%s", log.String())
	}
	m := regexp.MustCompile(`therapist: (\S+)\s+password: (\S+)`).FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("no login printed:\n%s", log.String())
	}
	_, body, err := call(addr, "POST", "/api/v1/auth/login", "", map[string]string{"email": m[1], "password": m[2]})
	if err != nil || body["token"] == nil {
		t.Fatalf("signing in with the printed login: %v %v", body, err)
	}
	_, list, err := call(addr, "GET", "/api/v1/patients", body["token"].(string), nil)
	if err != nil {
		t.Fatal(err)
	}
	if patients, _ := list["patients"].([]any); len(patients) != 3 {
		t.Errorf("the demo clinic holds %d patients, want 3: %v", len(patients), list)
	}
	// The stop screens show the clinic's numbers: the demo sets both.
	_, st, err := call(addr, "GET", "/api/v1/settings", body["token"].(string), nil)
	if err != nil {
		t.Fatal(err)
	}
	if st["clinic_phone"] == "" || st["emergency_number"] == "" || st["clinic_phone"] == nil || st["emergency_number"] == nil {
		t.Errorf("the demo clinic's numbers: %v", st)
	}
}

// lockedBuffer is what the server prints, read while it runs.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
