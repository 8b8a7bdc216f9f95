package figure

import (
	"math"
)

// slab is a prop part: a polygon profile in the side plane (x, y) extruded
// across z from z0 to z1. Axis-aligned views project it exactly: the side
// view sees the profile, the front and above views its bounding rectangle.
type slab struct {
	prof   [][2]float64
	z0, z1 float64
	class  string // CSS class: p (prop), pl (prop line), s (soft: pillow, mat)
	solid  bool   // the body must stay out of it
	kind   string
}

func rect(x0, y0, x1, y1, z0, z1 float64, class string, solid bool) slab {
	return slab{prof: [][2]float64{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, z0: z0, z1: z1, class: class, solid: solid}
}

func disc(cx, cy, r, z0, z1 float64, class string) slab {
	n := 20
	pts := make([][2]float64, n)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = [2]float64{cx + r*math.Cos(a), cy + r*math.Sin(a)}
	}
	return slab{prof: pts, z0: z0, z1: z1, class: class}
}

// shapes gives the slabs that draw a prop. The anchors (At):
//
//	bed        the head end of the mattress top, centre line; Size = length, height, half width
//	wedge      the low end of its slope on the bed; Size[0] = slope length; Angle = slope
//	pillow     the middle of its underside
//	mat        its end on the floor, behind the head or heels
//	chair, wheelchair  the front edge of the seat top, centre line
//	stool      the middle of the seat top
//	counter, chair_back  the near top edge
//	wall       its face, on the floor
func (p Prop) shapes() []slab {
	x, y, z := p.At[0], p.At[1], p.At[2]
	sz := func(i int, def float64) float64 {
		if p.Size[i] > 0 {
			return p.Size[i]
		}
		return def
	}
	var out []slab
	add := func(s ...slab) {
		for _, v := range s {
			v.kind = p.Kind
			out = append(out, v)
		}
	}
	switch p.Kind {
	case "bed":
		l, w := sz(0, 1.25), sz(2, 0.32)
		add(rect(x, y-0.09, x+l, y, z-w, z+w, "s", true),
			rect(x-0.02, y-0.14, x+l+0.02, y-0.09, z-w, z+w, "p", true),
			rect(x-0.02, 0, x+0.02, y+0.12, z-w, z+w, "p", true),
			rect(x+l-0.02, 0, x+l+0.02, y-0.09, z-w, z+w, "p", true))
	case "wedge":
		l, a := sz(0, 0.5), p.Angle
		if a == 0 {
			a = 40
		}
		c, s := math.Cos(rad(a)), math.Sin(rad(a))
		add(slab{prof: [][2]float64{{x, y}, {x - l*c, y + l*s}, {x - l*c, y}}, z0: z - 0.28, z1: z + 0.28, class: "s", solid: true})
	case "pillow":
		l, h, w := sz(0, 0.2), sz(1, 0.04), sz(2, 0.16)
		add(round(x-l/2, y, x+l/2, y+h, z-w, z+w, "s"))
	case "mat":
		l := sz(0, 1.2)
		add(rect(x, 0, x+l, 0.012, z-0.35, z+0.35, "s", false))
	case "chair", "wheelchair":
		h := y
		add(rect(x-0.27, h-0.035, x, h, z-0.17, z+0.17, "p", true)) // seat
		back := 0.32
		if p.Kind == "wheelchair" {
			back = 0.26
		}
		add(rect(x-0.3, h, x-0.27, h+back, z-0.17, z+0.17, "p", true)) // backrest
		for _, sd := range []float64{-1, 1} {
			zz := z + sd*0.2
			add(rect(x-0.27, h+0.14, x-0.05, h+0.165, zz-0.02, zz+0.02, "p", true)) // armrest
			if p.Kind == "chair" {
				add(rect(x-0.04, 0, x-0.015, h, zz-0.015, zz+0.015, "p", false),
					rect(x-0.3, 0, x-0.275, h+back, zz-0.015, zz+0.015, "p", false),
					rect(x-0.07, h, x-0.05, h+0.14, zz-0.01, zz+0.01, "p", false))
			}
		}
		if p.Kind == "wheelchair" {
			for _, sd := range []float64{-1, 1} {
				zz := z + sd*0.24
				add(disc(x-0.22, 0.2, 0.2, zz-0.01, zz+0.01, "w"),
					disc(x-0.22, 0.2, 0.17, zz-0.01, zz+0.01, "pl"),
					disc(x+0.02, 0.05, 0.05, zz-0.01, zz+0.01, "w"))
			}
			add(rect(x-0.02, 0.07, x+0.01, h-0.03, z-0.17, z+0.17, "p", false), // front post
				rect(x+0.02, 0.015, x+0.2, 0.035, z-0.15, z+0.15, "p", true),        // footplate
				rect(x-0.34, h+back-0.02, x-0.28, h+back, z-0.2, z+0.2, "p", false), // push handles
				rect(x-0.12, h-0.07, x-0.1, h+0.02, z+0.19, z+0.23, "pl", false),    // brake lever
			)
		}
	case "stool":
		add(rect(x-0.13, y-0.04, x+0.13, y, z-0.14, z+0.14, "p", true))
		for _, sd := range []float64{-1, 1} {
			add(rect(x+sd*0.1-0.015, 0, x+sd*0.1+0.015, y-0.04, z-0.12, z+0.12, "p", false))
		}
	case "counter":
		add(rect(x, 0, x+0.35, y, z-0.6, z+0.6, "p", true),
			rect(x-0.02, y-0.025, x+0.35, y, z-0.6, z+0.6, "p", true))
	case "chair_back":
		add(rect(x, y-0.3, x+0.03, y, z-0.17, z+0.17, "p", true),
			rect(x, 0.21, x+0.28, 0.245, z-0.17, z+0.17, "p", true),
			rect(x, 0, x+0.025, y, z-0.15, z+0.15, "p", false),
			rect(x+0.255, 0, x+0.28, 0.245, z-0.15, z+0.15, "p", false))
	case "wall":
		add(rect(x-0.05, 0, x, 1.15, z-0.7, z+0.7, "p", true))
	}
	return out
}

// round is a soft rectangle (a pillow), its corners cut.
func round(x0, y0, x1, y1, z0, z1 float64, class string) slab {
	c := math.Min(x1-x0, y1-y0) * 0.45
	return slab{prof: [][2]float64{{x0 + c, y0}, {x1 - c, y0}, {x1, y0 + c}, {x1, y1 - c}, {x1 - c, y1}, {x0 + c, y1}, {x0, y1 - c}, {x0, y0 + c}}, z0: z0, z1: z1, class: class}
}

// inside reports whether a point is inside the slab by more than margin.
func (s slab) inside(p vec, margin float64) bool {
	if p[2] < s.z0+margin || p[2] > s.z1-margin {
		return false
	}
	if !inPoly(s.prof, p[0], p[1]) {
		return false
	}
	return polyDist(s.prof, p[0], p[1]) > margin
}

// dist is how far a point is from the slab's surface (0 inside).
func (s slab) dist(p vec) float64 {
	dz := math.Max(0, math.Max(s.z0-p[2], p[2]-s.z1))
	dxy := 0.0
	if !inPoly(s.prof, p[0], p[1]) {
		dxy = polyDist(s.prof, p[0], p[1])
	}
	return math.Hypot(dz, dxy)
}

func inPoly(pts [][2]float64, x, y float64) bool {
	in := false
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		a, b := pts[i], pts[j]
		if (a[1] > y) != (b[1] > y) && x < (b[0]-a[0])*(y-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}

func polyDist(pts [][2]float64, x, y float64) float64 {
	best := math.Inf(1)
	for i, j := 0, len(pts)-1; i < len(pts); j, i = i, i+1 {
		best = math.Min(best, segDist(pts[j], pts[i], x, y))
	}
	return best
}

func segDist(a, b [2]float64, x, y float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((x-a[0])*dx+(y-a[1])*dy)/l))
	}
	return math.Hypot(x-a[0]-t*dx, y-a[1]-t*dy)
}

// slabs lists every prop part of the variant.
func (v *Variant) slabs() []slab {
	var out []slab
	for _, p := range v.Props {
		out = append(out, p.shapes()...)
	}
	return out
}

// floor is the room's floor, for contacts.
var floor = slab{prof: [][2]float64{{-50, -1}, {50, -1}, {50, 0}, {-50, 0}}, z0: -50, z1: 50, kind: "floor", solid: true}

// contactTol is how close (fractions of body height, about 5 cm) a body
// part must come to what it rests on.
const contactTol = 0.03

// touches reports whether part is in contact with target (a prop kind,
// "floor", "support" for anything solid, or another body part) in body b.
func (v *Variant) touches(b body, part, target string) (bool, float64) {
	p, ok := b.pt[part]
	if !ok {
		return false, math.Inf(1)
	}
	r := radius(part)
	if q, ok := b.pt[target]; ok {
		d := p.sub(q).len() - r - radius(target)
		return d <= contactTol, d
	}
	best := math.Inf(1)
	cands := v.slabs()
	cands = append(cands, floor)
	for _, s := range cands {
		if s.kind == target || target == "support" && s.solid {
			best = math.Min(best, s.dist(p)-r)
		}
	}
	return best <= contactTol, best
}
