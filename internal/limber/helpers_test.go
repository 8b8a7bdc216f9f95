package limber_test

import (
	"errors"
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

// sameError fails unless err is want, code, field and message alike (want
// nil: no error). The API shows all three, so a moved rule keeps them.
func sameError(t *testing.T, err error, want *limber.Error) {
	t.Helper()
	var got *limber.Error
	switch {
	case want == nil:
		if err != nil {
			t.Errorf("got %v, want no error", err)
		}
	case !errors.As(err, &got):
		t.Errorf("got %v, want %+v", err, *want)
	case *got != *want:
		t.Errorf("got %+v, want %+v", *got, *want)
	}
}

func forbidden(msg string) *limber.Error { return &limber.Error{Code: limber.EFORBIDDEN, Message: msg} }

func invalid(field, msg string) *limber.Error {
	return &limber.Error{Code: limber.EINVALID, Field: field, Message: msg}
}

func conflict(msg string) *limber.Error { return &limber.Error{Code: limber.ECONFLICT, Message: msg} }
