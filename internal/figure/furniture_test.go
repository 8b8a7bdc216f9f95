package figure_test

import (
	"testing"

	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

// These shipped figures keep the body out of the furniture in every frame,
// each side, and the feet of a seated or standing figure on the floor or
// footplate (a list to grow as figures are written).
var outOfFurniture = []string{
	"elbow-bends-and-palm-turns", "finger-spreads-and-thumb-touches", "flatten-the-back-tilt",
	"front-lying-knee-bend", "front-lying-rest", "gentle-seated-turn", "half-kneeling-hip-stretch",
	"head-turns", "heel-slides", "helper-arm-raise", "helper-calf-stretch",
	"helper-hip-roll-and-leg-out", "knee-drops-full-twist", "leg-roll-in-and-out", "leg-slide-out",
}

func TestFiguresOutOfTheFurniture(t *testing.T) {
	d := shippedData(t)
	xs := shippedExercises(t)
	for _, id := range outOfFurniture {
		ex := xs[id]
		if ex == nil || ex.Figure == nil {
			t.Errorf("%s: no figure", id)
			continue
		}
		for _, p := range ex.Positions {
			for _, s := range figure.Sides(ex) {
				v, err := d.Resolve(ex, p, s)
				if err != nil {
					t.Fatal(err)
				}
				if c := figure.Collisions(v); len(c) > 0 {
					t.Errorf("%s %s %s: the body is in the furniture: %v", id, p, s, c)
				}
				if f := p.Family(); f == limber.FamilySeated || f == limber.FamilyStanding {
					for k := range v.Keys {
						for foot, gap := range figure.FeetDown(v, k) {
							if gap > 0.02 || gap < -0.03 {
								t.Errorf("%s %s %s frame %d: %s is %.0f cm from the floor", id, p, s, k, foot, gap*170)
							}
						}
					}
				}
			}
		}
	}
}
