package figure

import (
	"math"
	"slices"
	"strings"

	"github.com/limber-health/limber/internal/limber"
)

// joints lists every joint and its degrees of freedom (FIGURES.md §1).
var joints = []struct {
	name string
	dofs []string
}{
	// pelvis tilt (+ posterior: the tailbone tucks under) turns the pelvis
	// about the hips, so lumbar flexion can come from the pelvis while
	// the chest stays down. pelvis roll (+ toward the right) turns it about
	// the body's long axis, so lying knees can drop to one side with the
	// pelvis while the spine turns back and the shoulders stay flat;
	// forward, up and side (cm, the room's x, y and z) move the whole body,
	// feet and all, from its base place: sitting back toward the heels.
	{"pelvis", []string{"tilt", "roll", "forward", "up", "side"}},
	{"lumbar", []string{"flexion", "lateral", "rotation"}},
	{"thoracic", []string{"flexion", "lateral", "rotation"}},
	{"neck", []string{"flexion", "lateral", "rotation", "retraction"}},
	// shoulder elevation (+ up, a shrug) and retraction (+ the shoulder
	// blade drawn back) move the shoulder point itself, in cm: a shrug or
	// a shoulder-blade squeeze has no other way to show.
	{"shoulder_l", []string{"flexion", "abduction", "rotation", "elevation", "retraction"}},
	{"shoulder_r", []string{"flexion", "abduction", "rotation", "elevation", "retraction"}},
	{"elbow_l", []string{"flexion"}},
	{"elbow_r", []string{"flexion"}},
	// wrist fingers: + spread apart (the fan's width in degrees), − curled
	// (−90 a soft fist); drawn only, no tag depends on it.
	{"wrist_l", []string{"flexion", "fingers"}},
	{"wrist_r", []string{"flexion", "fingers"}},
	{"hip_l", []string{"flexion", "abduction", "rotation"}},
	{"hip_r", []string{"flexion", "abduction", "rotation"}},
	{"knee_l", []string{"flexion"}},
	{"knee_r", []string{"flexion"}},
	{"ankle_l", []string{"dorsiflexion"}},
	{"ankle_r", []string{"dorsiflexion"}},
}

// Joints lists the joint names in skeleton order.
func Joints() []string {
	out := make([]string, len(joints))
	for i, j := range joints {
		out[i] = j.name
	}
	return out
}

// Dofs gives a joint's degrees of freedom, nil for an unknown joint.
func Dofs(joint string) []string {
	for _, j := range joints {
		if j.name == joint {
			return j.dofs
		}
	}
	return nil
}

// IsCm reports whether a degree of freedom is a glide in cm (neck
// retraction, shoulder elevation and retraction) rather than an angle.
func IsCm(dof string) bool { return dof == "retraction" || dof == "elevation" }

// Segment lengths as fractions of body height (Winter, Biomechanics and
// Motor Control of Human Movement, Table 4.1; source E until checked).
const (
	thigh     = 0.245
	shank     = 0.246
	upperArm  = 0.186
	forearm   = 0.146
	handLen   = 0.108
	lumbarLen = 0.10
	thorLen   = 0.188 // lumbar + thoracic = trunk, hip to shoulder, 0.288
	neckLen   = 0.05
	headR     = 0.062
	hipHalf   = 0.09 // half the distance between the hip joints
	shHalf    = 0.13 // half the shoulder width
	cmPerH    = 170.0
)

type vec [3]float64

func (a vec) add(b vec) vec       { return vec{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }
func (a vec) sub(b vec) vec       { return vec{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func (a vec) scale(k float64) vec { return vec{a[0] * k, a[1] * k, a[2] * k} }
func (a vec) dot(b vec) float64   { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func (a vec) len() float64        { return math.Sqrt(a.dot(a)) }

// mat is a rotation matrix, rows first.
type mat [3][3]float64

func (m mat) mul(n mat) mat {
	var o mat
	for i := range 3 {
		for j := range 3 {
			for k := range 3 {
				o[i][j] += m[i][k] * n[k][j]
			}
		}
	}
	return o
}

func (m mat) apply(v vec) vec {
	return vec{
		m[0][0]*v[0] + m[0][1]*v[1] + m[0][2]*v[2],
		m[1][0]*v[0] + m[1][1]*v[1] + m[1][2]*v[2],
		m[2][0]*v[0] + m[2][1]*v[1] + m[2][2]*v[2],
	}
}

func rad(deg float64) float64 { return deg * math.Pi / 180 }

func rx(deg float64) mat {
	s, c := math.Sincos(rad(deg))
	return mat{{1, 0, 0}, {0, c, -s}, {0, s, c}}
}

func ry(deg float64) mat {
	s, c := math.Sincos(rad(deg))
	return mat{{c, 0, s}, {0, 1, 0}, {-s, 0, c}}
}

func rz(deg float64) mat {
	s, c := math.Sincos(rad(deg))
	return mat{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}
}

// Placement puts the pelvis in the room: At is the point midway between the
// hip joints (fractions of body height: x forward in the room, y up from the
// floor, z toward the viewer of a side view); the body first turns Turn
// degrees about its own long axis (+ toward its left), then tilts Tilt
// degrees about the room's z axis (+90 lies on the back with the head toward
// −x, −90 lies face down with the head toward +x).
type Placement struct {
	At   vec
	Tilt float64
	Turn float64
}

func (p Placement) rot() mat { return rz(p.Tilt).mul(ry(p.Turn)) }

// body is a solved pose: every named point in room coordinates.
type body struct {
	pt      map[string]vec
	headFwd vec // the way the face points
	headUp  vec
	fingers map[string]float64 // per hand (hand_l, hand_r): wrist fingers
}

func angle(p limber.Pose, joint, dof string) float64 { return p[joint][dof] }

// solve runs forward kinematics: the body's frames are x forward, y up
// (toward the head), z to its right, all at anatomical neutral (standing,
// arms by the sides, looking ahead) when every angle is 0.
func solve(pl Placement, p limber.Pose) body {
	b := body{pt: map[string]vec{}}
	r0 := pl.rot().mul(rz(angle(p, "pelvis", "tilt"))).mul(ry(-angle(p, "pelvis", "roll")))
	o := pl.At.add(vec{angle(p, "pelvis", "forward"), angle(p, "pelvis", "up"), angle(p, "pelvis", "side")}.scale(1 / cmPerH))
	b.pt["pelvis"] = o
	spine := func(j string) mat {
		return rz(-angle(p, j, "flexion")).mul(rx(angle(p, j, "lateral"))).mul(ry(-angle(p, j, "rotation")))
	}
	rl := r0.mul(spine("lumbar"))
	mid := o.add(rl.apply(vec{0, lumbarLen, 0}))
	rt := rl.mul(spine("thoracic"))
	neckBase := mid.add(rt.apply(vec{0, thorLen, 0}))
	b.pt["waist"] = mid
	b.pt["chest"] = mid.add(rt.apply(vec{0.03, thorLen * 0.45, 0}))
	b.pt["back"] = mid.add(rt.apply(vec{-0.03, thorLen * 0.3, 0}))
	b.pt["neck_base"] = neckBase
	rn := rt.mul(spine("neck"))
	retr := angle(p, "neck", "retraction") / cmPerH
	neckTop := neckBase.add(rt.apply(vec{-retr, 0, 0})).add(rn.apply(vec{0, neckLen, 0}))
	head := neckTop.add(rn.apply(vec{0.012, headR + 0.012, 0}))
	b.pt["neck"] = neckTop
	b.pt["head"] = head
	b.pt["head_top"] = head.add(rn.apply(vec{0, headR, 0}))
	b.pt["forehead"] = head.add(rn.apply(vec{headR * 0.8, headR * 0.4, 0}))
	b.headFwd = rn.apply(vec{1, 0, 0})
	b.headUp = rn.apply(vec{0, 1, 0})
	for _, side := range []string{"l", "r"} {
		s := 1.0
		if side == "l" {
			s = -1
		}
		j := func(name string) string { return name + "_" + side }
		up, back := angle(p, j("shoulder"), "elevation")/cmPerH, angle(p, j("shoulder"), "retraction")/cmPerH
		sh := neckBase.add(rt.apply(vec{-0.01 - back, -0.035 + up, s * shHalf}))
		rs := rt.mul(rz(angle(p, j("shoulder"), "flexion"))).mul(rx(-s * angle(p, j("shoulder"), "abduction"))).mul(ry(s * angle(p, j("shoulder"), "rotation")))
		el := sh.add(rs.apply(vec{0, -upperArm, 0}))
		re := rs.mul(rz(angle(p, j("elbow"), "flexion")))
		wr := el.add(re.apply(vec{0, -forearm, 0}))
		rw := re.mul(rz(-angle(p, j("wrist"), "flexion")))
		b.pt[j("shoulder")] = sh
		b.pt[j("elbow")] = el
		b.pt[j("wrist")] = wr
		b.pt[j("hand")] = wr.add(rw.apply(vec{0, -handLen * 0.75, 0}))
		if f := angle(p, j("wrist"), "fingers"); f != 0 {
			if b.fingers == nil {
				b.fingers = map[string]float64{}
			}
			b.fingers[j("hand")] = f
		}
		b.pt[j("forearm")] = el.add(wr).scale(0.5)
		hip := o.add(r0.apply(vec{0, 0, s * hipHalf}))
		rh := r0.mul(rz(angle(p, j("hip"), "flexion"))).mul(rx(-s * angle(p, j("hip"), "abduction"))).mul(ry(s * angle(p, j("hip"), "rotation")))
		kn := hip.add(rh.apply(vec{0, -thigh, 0}))
		rk := rh.mul(rz(-angle(p, j("knee"), "flexion")))
		an := kn.add(rk.apply(vec{0, -shank, 0}))
		ra := rk.mul(rz(angle(p, j("ankle"), "dorsiflexion")))
		b.pt[j("hip")] = hip
		b.pt[j("knee")] = kn
		b.pt[j("thigh")] = hip.add(kn).scale(0.5)
		b.pt[j("shin")] = kn.add(an).scale(0.5)
		b.pt[j("ankle")] = an
		b.pt[j("heel")] = an.add(ra.apply(vec{-0.035, -0.022, 0}))
		b.pt[j("toe")] = an.add(ra.apply(vec{0.11, -0.022, 0}))
		b.pt[j("foot")] = an.add(ra.apply(vec{0.04, -0.022, 0}))
	}
	return b
}

// radii are the half thicknesses of body parts, for contacts and collisions.
var radii = map[string]float64{
	"pelvis": 0.065, "waist": 0.065, "back": 0.065, "chest": 0.065, "neck_base": 0.03, "neck": 0.025,
	"head": headR, "head_top": 0, "forehead": 0.01,
	"shoulder": 0.03, "elbow": 0.022, "wrist": 0.018, "hand": 0.015, "forearm": 0.02,
	"hip": 0.04, "knee": 0.03, "thigh": 0.037, "shin": 0.028, "ankle": 0.022,
	"heel": 0.017, "toe": 0.017, "foot": 0.017,
}

func radius(part string) float64 {
	if r, ok := radii[part]; ok {
		return r
	}
	base, _, _ := strings.Cut(part, "_")
	if part == "hand_l" || part == "hand_r" || strings.HasSuffix(part, "_l") || strings.HasSuffix(part, "_r") {
		base = part[:len(part)-2]
	}
	return radii[base]
}

// Parts lists the body points a contact can name.
func Parts() []string {
	out := []string{"pelvis", "waist", "back", "chest", "neck", "head", "forehead"}
	for _, p := range []string{"shoulder", "elbow", "forearm", "wrist", "hand", "hip", "thigh", "knee", "shin", "ankle", "heel", "foot", "toe"} {
		out = append(out, p+"_l", p+"_r")
	}
	return out
}

// ValidPart reports whether a contact may name the body point.
func ValidPart(s string) bool { return slices.Contains(Parts(), s) }

// swapSides gives the pose of the other side: _l and _r values swapped, and
// the spine's and neck's lateral bend and rotation reversed, so the body is
// the exact anatomical mirror (the picture is drawn anew, never flipped).
func swapSides(p limber.Pose) limber.Pose {
	out := limber.Pose{}
	for j, dofs := range p {
		name := otherSide(j)
		m := map[string]float64{}
		for d, v := range dofs {
			if (j == "lumbar" || j == "thoracic" || j == "neck") && (d == "lateral" || d == "rotation") || j == "pelvis" && (d == "roll" || d == "side") {
				v = -v
			}
			m[d] = v
		}
		out[name] = m
	}
	return out
}

func otherSide(s string) string {
	switch {
	case strings.HasSuffix(s, "_l"):
		return s[:len(s)-2] + "_r"
	case strings.HasSuffix(s, "_r"):
		return s[:len(s)-2] + "_l"
	}
	return s
}
