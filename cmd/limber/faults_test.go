package main

import (
	"context"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/limber-health/limber/internal/sqlite"
)

// TestStartupFaults: a database the server cannot use stops it at start
// with a clear message and a non-zero exit.
func TestStartupFaults(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	os.WriteFile(notDB, []byte("these are not the records you are looking for"), 0o600)
	newer := filepath.Join(dir, "newer.db")
	d, err := sqlite.Open(context.Background(), newer)
	if err != nil {
		t.Fatal(err)
	}
	d.W.Exec(`INSERT INTO schema_migrations VALUES (99, '0099_future.sql', '2030-01-01T00:00:00Z')`)
	d.Close()
	cases := []struct {
		name, db, want string
	}{
		{"missing folder", filepath.Join(dir, "no", "such", "folder", "limber.db"), "creating database"},
		{"not SQLite", notDB, "not a database"},
		{"newer schema", newer, "newer than this Limber knows"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := exec.Command(bin, "serve", "--db", tc.db, "--addr", freeAddr(t)).CombinedOutput()
			if err == nil || !strings.Contains(string(out), tc.want) {
				t.Errorf("exit %v, output %q; want a failure saying %q", err, out, tc.want)
			}
		})
	}
}

// TestReadOnlyFolder runs the server as an unprivileged user (root ignores
// file permissions) on a folder it cannot write.
func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the server as another user")
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skip("no user nobody")
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	dir, err := os.MkdirTemp("", "limber-ro")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	os.Chmod(dir, 0o755)
	ro := filepath.Join(dir, "readonly")
	os.Mkdir(ro, 0o555)
	// The binary must be reachable by nobody too.
	bin := filepath.Join(dir, "limber")
	data, _ := os.ReadFile(binary(t))
	os.WriteFile(bin, data, 0o755)
	cmd := exec.Command(bin, "serve", "--db", filepath.Join(ro, "limber.db"), "--addr", freeAddr(t))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "permission denied") {
		t.Errorf("exit %v, output %q; want a failure saying permission denied", err, out)
	}
}
