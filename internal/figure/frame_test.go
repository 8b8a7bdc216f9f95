package figure_test

import (
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

var viewBoxRe = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)

func viewBox(t *testing.T, svg []byte) (w, h float64) {
	t.Helper()
	m := viewBoxRe.FindSubmatch(svg)
	if m == nil {
		t.Fatal("no viewBox")
	}
	w, _ = strconv.ParseFloat(string(m[1]), 64)
	h, _ = strconv.ParseFloat(string(m[2]), 64)
	return w, h
}

// A lying person fills the frame: the bed is cut a little beyond the body
// instead of being drawn whole, so the frame is hardly wider than the body.
func TestLyingFiguresAreCroppedToTheBody(t *testing.T) {
	d, xs := shippedData(t), shippedExercises(t)
	for _, c := range []struct {
		ex string
		p  limber.Position
	}{{"legs-straight-rest", limber.Supine}, {"belly-breathing", limber.SideLying}, {"leg-slide-out", limber.Supine}} {
		ex := xs[c.ex]
		v, err := d.Resolve(ex, c.p, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for k := range 2 {
			for _, p := range figure.DebugPointsKey(v, k) {
				lo, hi = math.Min(lo, p[0]), math.Max(hi, p[0])
			}
		}
		w, _ := viewBox(t, v.SVG(figure.Style{Layout: "still"}))
		// The body's length along the bed, its limbs' thickness, and the
		// props' margin each side.
		if limit := (hi - lo + 0.32) * 400; w > limit {
			t.Errorf("%s %s: frame %.0f wide for a body %.0f long (limit %.0f): the props are not cut", c.ex, c.p, w, (hi-lo)*400, limit)
		}
	}
}

var headRe = regexp.MustCompile(`<circle class="fgh[bw]" cx="-?\d+" cy="(-?\d+)" r="(\d+)"/>`)

// A seated head has clear room above it at the top edge.
func TestHeadsClearTheTopEdge(t *testing.T) {
	d, xs := shippedData(t), shippedExercises(t)
	for _, id := range []string{"look-up", "arm-raise-overhead", "longer-out-breath"} {
		svg, err := d.Render(xs[id], limber.SeatedChair, figure.Right, figure.Style{Layout: "still"})
		if err != nil {
			t.Fatal(err)
		}
		m := headRe.FindSubmatch(svg)
		if m == nil {
			t.Fatalf("%s: no head", id)
		}
		cy, _ := strconv.Atoi(string(m[1]))
		r, _ := strconv.Atoi(string(m[2]))
		if cy-r < 30 {
			t.Errorf("%s: the head's top is %d units from the top edge, want 30 or more", id, cy-r)
		}
	}
}

var pairScaleRe = regexp.MustCompile(`<g class="pair"><g transform="translate\(-?\d+ -?\d+\) scale\(([0-9.]+)\)"`)

// Paused or under reduced motion, a narrow (standing) figure's start and
// hold are drawn larger than two whole frames side by side would allow:
// the frame's widening is left out of each picture.
func TestStillPairUsesTheFrame(t *testing.T) {
	d, xs := shippedData(t), shippedExercises(t)
	svg, err := d.Render(xs["counter-calf-stretch"], limber.StandingSupported, figure.Right, figure.Style{})
	if err != nil {
		t.Fatal(err)
	}
	m := pairScaleRe.FindSubmatch(svg)
	if m == nil {
		t.Fatal("no still pair")
	}
	if k, _ := strconv.ParseFloat(string(m[1]), 64); k < 0.55 {
		t.Errorf("the pair is drawn at %.2f of the frame, want 0.55 or more", k)
	}
}
