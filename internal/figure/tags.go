package figure

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/limber-health/limber/internal/limber"
)

// Finding is a tag the pose shows, with the evidence in words: "hip_l
// abduction -8° in frame hold".
type Finding struct {
	Tag      limber.Tag
	Evidence string
}

// Derive evaluates the derived-tag table over the variant's keyframes and
// gives the first evidence for each tag the pose shows, in table order.
func (d *Data) Derive(v *Variant) []Finding {
	if v.Placeholder {
		return nil
	}
	var out []Finding
	for _, r := range d.Rows {
		for _, t := range r.Any {
			if ev, ok := v.test(t); ok {
				out = append(out, Finding{Tag: r.Tag, Evidence: ev})
				break
			}
		}
	}
	return out
}

// test checks one test over every keyframe; for a change, between them.
func (v *Variant) test(t Test) (string, bool) {
	if !v.applies(t) {
		return "", false
	}
	if t.Kind == "change" {
		if len(v.Keys) < 2 {
			return "", false
		}
		for _, j := range expand(t.Joint) {
			a, b := value(v.Keys[0].Pose, j, t.Dof), value(v.Keys[1].Pose, j, t.Dof)
			if t.Min != nil && math.Abs(b-a) >= *t.Min {
				return fmt.Sprintf("%s %s %s° in frame start, %s° in frame hold", j, t.Dof, deg(a), deg(b)), true
			}
		}
		return "", false
	}
	for _, k := range v.Keys {
		if ev, ok := v.testFrame(t, k, ""); ok {
			return ev + " in frame " + k.Name, true
		}
	}
	return "", false
}

// applies reports whether a test's position, family and prop limits let it
// apply to the variant.
func (v *Variant) applies(t Test) bool {
	if len(t.Positions) > 0 && !slices.Contains(t.Positions, v.Position) {
		return false
	}
	if len(t.Families) > 0 && !slices.Contains(t.Families, v.Position.Family()) {
		return false
	}
	return t.UnlessProp == "" || !slices.Contains(v.Attached, t.UnlessProp) && !v.hasProp(t.UnlessProp)
}

func (v *Variant) hasProp(kind string) bool {
	return slices.ContainsFunc(v.Props, func(p Prop) bool { return p.Kind == kind })
}

// testFrame checks a test in one keyframe; side narrows sided joints ("l"
// or "r") within an all-test.
func (v *Variant) testFrame(t Test, k Key, side string) (string, bool) {
	if !v.applies(t) {
		return "", false
	}
	if len(t.UnlessResting) > 0 {
		for _, part := range t.UnlessResting {
			if target, ok := v.Contacts[part]; ok {
				if on, _ := v.touches(k.body, part, target); on {
					return "", false
				}
			}
		}
	}
	b := k.body
	switch t.Kind {
	case "angle":
		for _, j := range expand(t.Joint) {
			if side != "" && (strings.HasSuffix(j, "_l") || strings.HasSuffix(j, "_r")) && !strings.HasSuffix(j, "_"+side) {
				continue
			}
			x := value(k.Pose, j, t.Dof)
			if compare(t, x) {
				unit := "°"
				if t.Dof == "retraction" {
					unit = " cm"
				}
				return fmt.Sprintf("%s %s %s%s", j, t.Dof, deg(x), unit), true
			}
		}
	case "all":
		for _, s := range []string{"l", "r"} {
			var evs []string
			ok := true
			for _, sub := range t.All {
				ev, good := v.testFrame(sub, k, s)
				if !good {
					ok = false
					break
				}
				evs = append(evs, ev)
			}
			if ok {
				return strings.Join(evs, " with "), true
			}
		}
	case "lifted":
		parts := []string{t.Part}
		if t.Part == "legs" {
			parts = []string{"ankle_l", "ankle_r"}
		}
		var evs []string
		for _, p := range parts {
			h := b.pt[p][1] - v.base.pt[p][1]
			if t.Min == nil || h < *t.Min {
				return "", false
			}
			evs = append(evs, fmt.Sprintf("%s %.0f cm above its rest", p, h*cmPerH))
		}
		return strings.Join(evs, ", "), true
	case "position":
		return "position " + string(v.Position), true
	case "contact":
		for _, on := range t.On {
			if ok, _ := v.touches(b, t.Part, on); ok {
				return fmt.Sprintf("%s resting on %s", t.Part, on), true
			}
		}
	case "pull":
		if slices.Contains(v.Pulls, t.Pull) {
			return "the figure pulls into " + t.Pull, true
		}
	case "foot_off_floor":
		low := func(s string) float64 { return math.Min(b.pt["heel_"+s][1], b.pt["toe_"+s][1]) - radius("heel") }
		for _, s := range []string{"l", "r"} {
			o := "r"
			if s == "r" {
				o = "l"
			}
			if low(s) > contactTol && low(o) <= contactTol {
				return fmt.Sprintf("foot_%s %.0f cm off the floor", s, low(s)*cmPerH), true
			}
		}
	case "above_head":
		// Above along the body's long axis, so lying counts too; and along
		// the trunk's, so hands on the bed in front of a chest raised face
		// down (a press-up) are not above the head.
		up := v.Pelvis.rot().apply(vec{0, 1, 0})
		tr := b.pt["neck_base"].sub(b.pt["waist"])
		tr = tr.scale(1 / tr.len())
		for _, h := range []string{"hand_l", "hand_r"} {
			x, top := b.pt[h].dot(up), b.pt["head_top"].dot(up)
			if x > top && b.pt[h].dot(tr) > b.pt["head_top"].dot(tr) {
				return fmt.Sprintf("%s %.0f cm above the head", h, (x-top)*cmPerH), true
			}
		}
	case "outside_base":
		return v.outsideBase(k, t)
	}
	return "", false
}

// outsideBase tests whether the trunk's centre of mass (midway up the
// trunk) leaves the base of support: the floor plan of every body point
// resting on the floor or a solid prop (a foot as wide as a foot), widened
// by Min (default 3 cm). The back counts where it rests on a backrest or
// wall: sitting back with a small arch leans on the chair, it does not
// leave the seat.
func (v *Variant) outsideBase(k Key, t Test) (string, bool) {
	margin := 0.02
	if t.Min != nil {
		margin = *t.Min
	}
	minX, maxX, minZ, maxZ := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	n := 0
	for _, part := range []string{"pelvis", "thigh_l", "thigh_r", "knee_l", "knee_r", "heel_l", "heel_r", "toe_l", "toe_r", "hand_l", "hand_r", "back"} {
		if ok, _ := v.touches(k.body, part, "support"); !ok {
			continue
		}
		p := k.body.pt[part]
		// A heel or toe point is on the foot's centre line; the foot
		// itself is about 9 cm wide.
		w := 0.0
		if strings.HasPrefix(part, "heel") || strings.HasPrefix(part, "toe") {
			w = footHalfWidth
		}
		minX, maxX = math.Min(minX, p[0]), math.Max(maxX, p[0])
		minZ, maxZ = math.Min(minZ, p[2]-w), math.Max(maxZ, p[2]+w)
		n++
	}
	if n == 0 {
		return "", false
	}
	c := k.body.pt["waist"].add(k.body.pt["neck_base"]).scale(0.5)
	out := math.Max(math.Max(minX-margin-c[0], c[0]-maxX-margin), math.Max(minZ-margin-c[2], c[2]-maxZ-margin))
	if out > 0 {
		return fmt.Sprintf("the trunk's centre %.0f cm outside the base of support", out*cmPerH), true
	}
	return "", false
}

// footHalfWidth is half a foot's width, in body heights (about 4.5 cm).
const footHalfWidth = 0.026

func compare(t Test, x float64) bool {
	const eps = 1e-9
	switch {
	case t.Min != nil:
		return x >= *t.Min-eps
	case t.Max != nil:
		return x <= *t.Max+eps
	case t.Below != nil:
		return x < *t.Below-eps
	case t.AbsMin != nil:
		return math.Abs(x) >= *t.AbsMin-eps
	}
	return false
}

// expand turns a joint of the table into the skeleton's joints: "hip" is
// hip_l and hip_r; "spine" stays (the sum of lumbar and thoracic).
func expand(j string) []string {
	if Dofs(j) != nil || j == "spine" {
		return []string{j}
	}
	return []string{j + "_l", j + "_r"}
}

func value(p limber.Pose, joint, dof string) float64 {
	if joint == "spine" {
		return p["lumbar"][dof] + p["thoracic"][dof]
	}
	return p[joint][dof]
}

// deg writes an angle the way messages show it: whole degrees, a true
// minus sign.
func deg(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, "-", "−", 1)
}

// Check is what `limber exercises check` reports about one variant's
// figure: problems refuse the file, warnings are listed.
type Check struct {
	Problems []string
	Warnings []string
	Derived  []Finding
}

// Check compares the tags the pose shows with those the variant declares:
// a shown tag that is not declared is a problem; a declared geometric tag
// the pose shows in no variant is left to CheckExercise.
func (d *Data) Check(v *Variant) Check {
	var c Check
	if v.Placeholder {
		return c
	}
	c.Derived = d.Derive(v)
	declared := v.Ex.TagsAt(v.Position, v.Ex.Dosage)
	for _, f := range c.Derived {
		if !slices.Contains(declared, f.Tag) {
			c.Problems = append(c.Problems, fmt.Sprintf("the figure shows %s (%s%s); tags lack it", f.Tag, f.Evidence, v.context()))
		}
	}
	if v.Position == limber.StandingSupported {
		for _, k := range v.Keys {
			held := false
			for _, h := range []string{"hand_l", "hand_r"} {
				if ok, _ := v.touches(k.body, h, "support"); ok && v.Contacts[h] != "" {
					held = true
				}
			}
			if !held {
				c.Problems = append(c.Problems, fmt.Sprintf("the figure stands with nothing to hold in frame %s (no hand on the counter, chair back or wall): use standing_unsupported, or put a hand on a support", k.Name))
				break
			}
		}
	}
	return c
}

// context adds what explains an adduction finding in side-lying.
func (v *Variant) context() string {
	if v.Position == limber.SideLying && !slices.Contains(v.Attached, "knee_pillow") {
		return ", no pillow between the knees"
	}
	return ""
}

// CheckExercise checks every variant of an exercise with a figure (both
// sides where per_side): problems refuse the file, warnings are listed. A
// declared geometric tag the pose shows in no variant is a warning unless
// keep_tags gives the reason; so is a file without a figure.
func (d *Data) CheckExercise(ex *limber.Exercise) (problems, warnings []string) {
	if ex.Figure == nil {
		return nil, []string{"no figure: the exercise is drawn as a placeholder until a figure is written (see exercises/README.md, Figures)"}
	}
	shown := map[limber.Tag]map[limber.Position]bool{}
	for _, p := range ex.Positions {
		for _, s := range Sides(ex) {
			v, err := d.Resolve(ex, p, s)
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			c := d.Check(v)
			for _, m := range c.Problems {
				m = string(p) + ": " + m
				if s == Left {
					m = string(p) + " (left side): " + strings.TrimPrefix(m, string(p)+": ")
				}
				if !slices.Contains(problems, m) {
					problems = append(problems, m)
				}
			}
			for _, f := range c.Derived {
				if shown[f.Tag] == nil {
					shown[f.Tag] = map[limber.Position]bool{}
				}
				shown[f.Tag][p] = true
			}
		}
	}
	for _, t := range ex.Tags {
		if d.Geometric(t) && len(shown[t]) == 0 && ex.KeepTags[t] == "" {
			warnings = append(warnings, fmt.Sprintf("tags: %s is declared but the figure does not show it; draw it, remove the tag, or give the reason under keep_tags", t))
		}
	}
	for _, p := range ex.Positions {
		for _, t := range ex.VariantTags[p] {
			if d.Geometric(t) && !shown[t][p] && ex.KeepTags[t] == "" {
				warnings = append(warnings, fmt.Sprintf("variant_tags.%s: %s is declared but the figure does not show it there; draw it, remove the tag, or give the reason under keep_tags", p, t))
			}
		}
	}
	for t := range ex.KeepTags {
		if !slices.Contains(ex.Tags, t) && !slices.ContainsFunc(ex.Positions, func(p limber.Position) bool { return slices.Contains(ex.VariantTags[p], t) }) {
			problems = append(problems, fmt.Sprintf("keep_tags.%s: the exercise does not declare this tag", t))
		}
	}
	slices.Sort(warnings)
	return problems, warnings
}

// Sides lists the sides an exercise is drawn for: both where per_side.
func Sides(ex *limber.Exercise) []Side {
	if ex.Dosage.PerSide {
		return []Side{Right, Left}
	}
	return []Side{Right}
}
