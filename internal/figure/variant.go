package figure

import (
	"fmt"
	"math"
	"slices"

	"github.com/limber-health/limber/internal/limber"
)

// Side is the side being worked: Right (also for an exercise not done per
// side) or Left, the mirror.
type Side string

// The sides.
const (
	Right Side = "right"
	Left  Side = "left"
)

// Variant is one exercise in one position on one side, resolved: absolute
// keyframe poses, the props in the room, contacts.
type Variant struct {
	Ex          *limber.Exercise
	Position    limber.Position
	Side        Side
	View        string
	Props       []Prop   // furniture, placed
	Attached    []string // strap, towel, knee_pillow, towel_roll
	Contacts    map[string]string
	Pulls       []string
	HelperHolds []string
	HelperAt    vec
	Pelvis      Placement
	Keys        []Key
	// Placeholder is set when the exercise has no figure: the position's
	// props and base posture are drawn faintly instead.
	Placeholder bool
	base        body
	planted     []string // hands that stay where the base posture puts them
}

// Key is a keyframe: "start" and "hold" (the end of a repetition, or the
// breath in of a timed item).
type Key struct {
	Name string
	Pose limber.Pose
	body body
}

// Resolve builds the variant of ex in position p on side s.
func (d *Data) Resolve(ex *limber.Exercise, p limber.Position, s Side) (*Variant, error) {
	post := d.Postures[p]
	if post == nil {
		return nil, fmt.Errorf("no base posture for position %q", p)
	}
	if !slices.Contains(ex.Positions, p) {
		return nil, fmt.Errorf("%s is not done in position %q", ex.ID, p)
	}
	if s == "" {
		s = Right
	}
	v := &Variant{Ex: ex, Position: p, Side: s, View: post.View, Pelvis: post.Pelvis, Contacts: map[string]string{}}
	for k, c := range post.Contacts {
		v.Contacts[k] = c
	}
	v.Props = slices.Clone(post.Props)
	spec := ex.Figure.For(p)
	start, hold := limber.Pose{}, limber.Pose{}
	if spec == nil {
		v.Placeholder = true
	} else {
		if spec.View != "" {
			v.View = spec.View
		}
		// no_props leaves out the position's own props, before the
		// exercise adds its own, so a figure may put one elsewhere (a chair
		// moved back, the bed to one side).
		v.Props = slices.DeleteFunc(v.Props, func(pr Prop) bool { return slices.Contains(spec.NoProps, pr.Kind) })
		for _, fp := range spec.Props {
			if slices.Contains(Attached, fp.Kind) {
				v.Attached = append(v.Attached, fp.Kind)
				continue
			}
			pr := Prop{Kind: fp.Kind}
			if len(fp.At) > 0 {
				copy(pr.At[:], fp.At)
			} else {
				pr = defaultProp(fp.Kind, post)
			}
			v.Props = append(v.Props, pr)
		}
		for _, k := range spec.NoProps {
			v.Attached = slices.DeleteFunc(v.Attached, func(a string) bool { return a == k })
			for part, c := range v.Contacts {
				if c == k {
					delete(v.Contacts, part)
				}
			}
		}
		for part, c := range spec.Contacts {
			if c == "" || c == "none" {
				delete(v.Contacts, part)
				continue
			}
			v.Contacts[part] = c
		}
		v.Pulls = spec.Pulls
		v.HelperHolds = slices.Clone(spec.HelperHolds)
		if len(spec.HelperAt) == 2 {
			v.HelperAt = vec{spec.HelperAt[0], 0, spec.HelperAt[1]}
		}
		start, hold = spec.Start, spec.Hold
	}
	for _, a := range post.Props {
		if slices.Contains(Attached, a.Kind) && !slices.Contains(v.Attached, a.Kind) && (spec == nil || !slices.Contains(spec.NoProps, a.Kind)) {
			v.Attached = append(v.Attached, a.Kind)
		}
	}
	v.Props = slices.DeleteFunc(v.Props, func(pr Prop) bool { return slices.Contains(Attached, pr.Kind) })
	basePose := post.Pose
	keys := []Key{{Name: "start", Pose: add(basePose, start)}}
	if spec != nil && len(hold) > 0 {
		// The hold keeps the start's angles it does not give itself.
		keys = append(keys, Key{Name: "hold", Pose: add(basePose, limber.MergePose(start, hold))})
	}
	if s == Left {
		v.mirror()
		basePose = swapSides(basePose)
		for i := range keys {
			keys[i].Pose = swapSides(keys[i].Pose)
		}
	}
	v.base = v.solve(basePose, 0)
	v.planted = v.plantedHands(post, spec)
	for i := range keys {
		keys[i].body = v.solve(keys[i].Pose, float64(i))
	}
	v.Keys = keys
	return v, nil
}

// mirror reflects the room across the body's midline plane (z → −z) and
// swaps the sided names of contacts: the other side, drawn anew.
func (v *Variant) mirror() {
	v.Pelvis.At[2] = -v.Pelvis.At[2]
	v.Pelvis.Turn = -v.Pelvis.Turn
	for i := range v.Props {
		v.Props[i].At[2] = -v.Props[i].At[2]
	}
	v.HelperAt[2] = -v.HelperAt[2]
	c := map[string]string{}
	for k, x := range v.Contacts {
		c[otherSide(k)] = otherSide(x)
	}
	v.Contacts = c
	for i, h := range v.HelperHolds {
		v.HelperHolds[i] = otherSide(h)
	}
}

// solve runs the forward kinematics for a pose of the variant; standing,
// the body is lowered or raised so the lower foot stands on the floor (a
// bent knee or a foot stepped back keeps the feet down, not in the air).
func (v *Variant) solve(p limber.Pose, w float64) body {
	b := solve(v.Pelvis, p)
	if v.Position.Family() == limber.FamilyStanding {
		low := math.Inf(1)
		for _, n := range []string{"heel_l", "heel_r", "toe_l", "toe_r"} {
			low = math.Min(low, b.pt[n][1]-radius(n))
		}
		pl := v.Pelvis
		pl.At[1] -= low
		b = solve(pl, p)
	}
	v.plant(&b, w)
	return b
}

// plantedHands lists the hands the base posture rests on a prop or the
// floor (on the mat, on the counter) and the exercise leaves there.
func (v *Variant) plantedHands(post *Posture, spec *limber.FigureSpec) []string {
	var out []string
	for _, h := range []string{"hand_l", "hand_r"} {
		// The figure's contacts and the base posture name the right side
		// worked; on the left side this hand is their other hand.
		own := h
		if v.Side == Left {
			own = otherSide(h)
		}
		target := post.Contacts[own]
		if target == "" || !slices.Contains(Furniture, target) && target != "floor" {
			continue
		}
		if spec != nil {
			if c, ok := spec.Contacts[own]; ok && c != target {
				continue
			}
		}
		out = append(out, h)
	}
	return out
}

// plant keeps a planted hand where the base posture put it, and puts a
// hand that holds a body point (hand_l: knee_r) on that point: the arm is
// placed by a two-joint solve from the shoulder, the elbow bending toward
// the hips, so a spine that rounds or dips keeps the hands on the mat.
func (v *Variant) plant(b *body, w float64) {
	for _, h := range []string{"hand_l", "hand_r"} {
		sd := h[len(h)-2:]
		sh := b.pt["shoulder"+sd]
		var wr0, hand0 vec
		switch target := v.Contacts[h]; {
		case slices.Contains(v.planted, h):
			wr0, hand0 = v.base.pt["wrist"+sd], v.base.pt["hand"+sd]
			// Out of reach (the chest lifted), the hand slides along its
			// support toward the shoulder rather than leave it.
			if reach := (upperArm + forearm) * 0.999; sh.sub(wr0).len() > reach {
				dy := sh[1] - wr0[1]
				if dy < reach {
					flat := vec{wr0[0] - sh[0], 0, wr0[2] - sh[2]}
					want := math.Sqrt(reach*reach - dy*dy)
					moved := vec{sh[0], wr0[1], sh[2]}.add(flat.scale(want / flat.len()))
					hand0 = hand0.add(moved.sub(wr0))
					wr0 = moved
				}
			}
		case ValidPart(target) && target != h && w > 0:
			// The hand wraps the point in the hold, the wrist just off it
			// toward the shoulder; on the way there it moves from where
			// the arm's angles put it.
			p := b.pt[target]
			d := sh.sub(p)
			grip := p.add(d.scale((radius(target) + 0.03) / d.len()))
			free := b.pt["wrist"+sd]
			wr0 = free.add(grip.sub(free).scale(w))
			hand0 = wr0.add(p.sub(grip))
		default:
			continue
		}
		// The elbow bends back toward the hips and a little out.
		out := b.pt["shoulder"+sd].sub(b.pt["neck_base"])
		el, wr := ik(sh, wr0, upperArm, forearm, b.pt["pelvis"].sub(sh).add(out.scale(2)))
		b.pt["elbow"+sd] = el
		b.pt["wrist"+sd] = wr
		b.pt["forearm"+sd] = el.add(wr).scale(0.5)
		b.pt["hand"+sd] = wr.add(hand0.sub(wr0))
	}
}

// add lays deltas over a base pose.
func add(base, delta limber.Pose) limber.Pose {
	out := limber.Pose{}
	for _, p := range []limber.Pose{base, delta} {
		for j, dofs := range p {
			if out[j] == nil {
				out[j] = map[string]float64{}
			}
			for d, x := range dofs {
				out[j][d] += x
			}
		}
	}
	return out
}

// lerp interpolates two poses in joint angles (never in coordinates, so a
// limb keeps its length mid-move).
func lerp(a, b limber.Pose, t float64) limber.Pose {
	out := limber.Pose{}
	for _, p := range []limber.Pose{a, b} {
		for j, dofs := range p {
			if out[j] == nil {
				out[j] = map[string]float64{}
			}
			for d := range dofs {
				out[j][d] = a[j][d] + (b[j][d]-a[j][d])*t
			}
		}
	}
	return out
}

// ease makes a move start and end gently.
func ease(t float64) float64 { return t * t * (3 - 2*t) }

// defaultProp places a prop an exercise adds without saying where: a wall
// just behind the body, a counter or chair back in front of it, a chair
// behind a kneeling person's side.
func defaultProp(kind string, post *Posture) Prop {
	b := solve(post.Pelvis, post.Pose)
	minX, maxX := math.Inf(1), math.Inf(-1)
	for name, p := range b.pt {
		r := radius(name)
		minX = math.Min(minX, p[0]-r)
		maxX = math.Max(maxX, p[0]+r)
	}
	pr := Prop{Kind: kind}
	switch kind {
	case "wall":
		pr.At = vec{minX, 0, 0}
	case "counter", "chair_back":
		pr.At = vec{maxX + 0.12, 0.53, 0}
	case "chair":
		pr.At = vec{maxX + 0.3, 0.245, 0}
	case "mat":
		pr.At = vec{minX - 0.1, 0, 0}
	case "pillow":
		h := b.pt["head"]
		pr.At = vec{h[0], h[1] - headR - 0.02, 0}
	default:
		pr.At = vec{post.Pelvis.At[0], 0, 0}
	}
	return pr
}

// Frames gives n poses from start to hold, interpolated in joint angles with
// an eased pace; one frame when the variant has no hold.
func (v *Variant) Frames(n int) []limber.Pose {
	if len(v.Keys) == 1 || n < 2 {
		return []limber.Pose{v.Keys[0].Pose}
	}
	out := make([]limber.Pose, n)
	for i := range n {
		out[i] = lerp(v.Keys[0].Pose, v.Keys[1].Pose, ease(float64(i)/float64(n-1)))
	}
	return out
}
