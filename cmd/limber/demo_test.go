package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/sqlite"
)

// serve --demo on an empty database seeds the clinic and prints a code for
// each patient's tablet (a PT's edit limit once made the seed fail, and the
// server exited before listening).
func TestSeedDemo(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	e, err := loadEngine("", "")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := seedDemo(ctx, db, e, &out); err != nil {
		t.Fatalf("seedDemo: %v\n%s", err, out.String())
	}
	if n := strings.Count(out.String(), "tablet code:"); n != 3 {
		t.Errorf("%d tablet codes printed:\n%s", n, out.String())
	}
}
