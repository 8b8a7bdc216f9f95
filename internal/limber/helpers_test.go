package limber_test

import (
	"sync"
	"testing"

	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

var (
	engineOnce sync.Once
	engine     *limber.Engine
	engineErr  error
)

// shippedEngine is the engine with the built-in library and rules, read once.
func shippedEngine(t testing.TB) *limber.Engine {
	t.Helper()
	engineOnce.Do(func() { engine, engineErr = library.Shipped() })
	if engineErr != nil {
		t.Fatalf("loading the shipped library: %v", engineErr)
	}
	return engine
}

func assess(t testing.TB, p limber.Profile) *limber.Assessment {
	t.Helper()
	a, err := shippedEngine(t).Assess(p)
	if err != nil {
		t.Fatalf("assess %+v: %v", p, err)
	}
	return a
}

func week(n int) *int { return &n }

func conds(cs ...string) []limber.Condition {
	out := make([]limber.Condition, len(cs))
	for i, c := range cs {
		out[i] = limber.Condition(c)
	}
	return out
}
