package figure

import "github.com/limber-health/limber/internal/limber"

// Phase is one part of an exercise's movement: move (start to hold, about
// 2 s), hold, return, rest; up and down for a counted repetition; in and
// out for a breath; still for a resting position.
type Phase struct {
	Name    string
	Seconds float64
}

// Timeline is the cycle of phases the figure repeats.
type Timeline struct {
	Loop []Phase
}

// MoveSeconds is how long the move into a hold and the return take.
const MoveSeconds = 2

// Phases gives the cycle the dosage implies: a held item moves, holds for
// hold_seconds and returns; counted repetitions go up and down once per
// repetition at rep_seconds; a timed item breathes in and out slowly (the
// figure's start and hold frames are the breath out and in) or stays still.
// display caps a long hold at 4 s, for a figure that loops on its own (the
// player drives the real phases from its own clock).
func Phases(d limber.Dosage, display bool) Timeline {
	switch {
	case d.HoldSeconds > 0:
		h := float64(d.HoldSeconds)
		if display {
			h = min(h, 4)
		}
		return Timeline{[]Phase{{"move", MoveSeconds}, {"hold", h}, {"return", MoveSeconds}, {"rest", 1}}}
	case d.Seconds > 0:
		return Timeline{[]Phase{{"in", 4}, {"top", 0.5}, {"out", 5}, {"rest", 0.5}}}
	}
	r := float64(d.RepSeconds)
	if r == 0 {
		r = limber.DefaultRepSeconds
	}
	return Timeline{[]Phase{{"up", r / 2}, {"top", 0.3}, {"down", r / 2}, {"rest", 0.3}}}
}
