package httpapi

import (
	"testing"

	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

// A changed library (another rule set or exercise) changes every key, so
// a preview made with the old one is never served.
func TestPreviewKeyFollowsTheLibrary(t *testing.T) {
	e, err := library.Shipped()
	if err != nil {
		t.Fatal(err)
	}
	rules := e.Rules()
	rules.Version += "-changed"
	other, err := limber.NewEngine(rules, e.Exercises())
	if err != nil {
		t.Fatal(err)
	}
	exs := e.Exercises()
	c := *exs[0]
	c.Name += " (renamed)"
	changed := append([]*limber.Exercise{&c}, exs[1:]...)
	renamed, err := limber.NewEngine(e.Rules(), changed)
	if err != nil {
		t.Fatal(err)
	}
	req := map[string]any{"profile": map[string]any{"mobility": "M1"}, "minutes": 20}
	keys := map[previewKey]string{}
	for name, eng := range map[string]*limber.Engine{"shipped": e, "other rules": other, "renamed exercise": renamed} {
		k, err := newPreviewCache(1<<20, libraryIdentity(eng)).key(req)
		if err != nil {
			t.Fatal(err)
		}
		if prev, dup := keys[k]; dup {
			t.Errorf("%s and %s share a key", name, prev)
		}
		keys[k] = name
	}
	again, _ := newPreviewCache(1<<20, libraryIdentity(e)).key(req)
	if keys[again] != "shipped" {
		t.Error("the same library and request give another key")
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"": false, "gzip": true, "br, gzip": true, "GZIP;q=0.5": true, "gzip;q=0": false,
		"gzip; q=0.000": false, "identity": false, "x-gzip": false, "deflate, gzip;q=1.0": true} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v", h, got)
		}
	}
}
