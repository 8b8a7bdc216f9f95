package figure

import (
	"fmt"
	"slices"
	"strings"
)

func DebugPoints(v *Variant) map[string][3]float64 {
	out := map[string][3]float64{}
	for k, p := range v.Keys[0].body.pt {
		out[k] = p
	}
	return out
}

func DebugContacts(v *Variant) []string {
	var out []string
	for _, k := range v.Keys {
		for part, target := range v.Contacts {
			if slices.Contains(Attached, part) {
				continue
			}
			ok, d := v.touches(k.body, part, target)
			if !ok {
				out = append(out, k.Name+":"+part+"->"+target+":"+deg(d*100))
			}
		}
	}
	return out
}

// Collisions lists, per keyframe, body points sunk into a solid prop by
// more than 3 cm beyond their thickness (soft props, pillows and mats,
// give way and are left out).
func Collisions(v *Variant) []string {
	var out []string
	for _, k := range v.Keys {
		for name, p := range k.body.pt {
			for _, s := range v.slabs() {
				if s.solid && s.class != "s" && s.inside(p, radius(name)*0.5+0.03) {
					out = append(out, fmt.Sprintf("%s: %s inside the %s", k.Name, name, s.kind))
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// FeetDown reports, for a seated or standing keyframe, how far the lower
// part of each foot is from the floor or footplate under it (fractions of
// body height).
func FeetDown(v *Variant, key int) map[string]float64 {
	out := map[string]float64{}
	b := v.Keys[key].body
	for _, sd := range []string{"_l", "_r"} {
		best := 1.0
		for _, n := range []string{"heel" + sd, "toe" + sd} {
			_, d := v.touches(b, n, "support")
			best = min(best, d)
		}
		out["foot"+sd] = best
	}
	return out
}

func PoseOf(v *Variant, key int) map[string]map[string]float64 { return v.Keys[key].Pose }

func HasText(svg []byte, s string) bool { return strings.Contains(string(svg), s) }

func DebugPointsKey(v *Variant, key int) map[string][3]float64 {
	out := map[string][3]float64{}
	for k, p := range v.Keys[key].body.pt {
		out[k] = p
	}
	return out
}
