package figure

import "math"

// helperBody is the helper: a simpler standing figure whose hands hold the
// points the exercise names, each arm placed by a two-joint inverse
// kinematics solve from the shoulder.
type helperBody struct {
	segs [][2]vec
	ws   []int
	head vec
	fwd  vec
}

func (v *Variant) helper(f body) *helperBody {
	if len(v.HelperHolds) == 0 {
		return nil
	}
	var targets []vec
	for _, h := range v.HelperHolds {
		if p, ok := f.pt[h]; ok {
			targets = append(targets, p)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	if len(targets) == 1 {
		targets = append(targets, targets[0])
	}
	mid := targets[0].add(targets[1]).scale(0.5)
	at := v.HelperAt
	if at == (vec{}) {
		at = vec{mid[0] + 0.35, 0, -0.35}
		if v.Side == Left {
			at[2] = 0.35
		}
	}
	// Face the held point, leaning forward until both hands can reach it.
	d := mid.sub(at)
	turn := math.Atan2(-d[2], d[0]) * 180 / math.Pi
	reach := upperArm + forearm + handLen*0.4
	var b body
	for lean := 0.0; lean <= 70; lean += 5 {
		pose := map[string]map[string]float64{"lumbar": {"flexion": lean * 0.4}, "thoracic": {"flexion": lean * 0.6}}
		b = solve(Placement{At: vec{at[0], thigh + shank + 0.039, at[2]}, Turn: turn}, pose)
		if b.pt["shoulder_l"].sub(targets[0]).len() <= reach*0.97 && b.pt["shoulder_r"].sub(targets[1]).len() <= reach*0.97 {
			break
		}
	}
	hb := &helperBody{head: b.pt["head"], fwd: b.headFwd}
	addSeg := func(a, c vec, w int) { hb.segs = append(hb.segs, [2]vec{a, c}); hb.ws = append(hb.ws, w) }
	for _, sd := range []string{"_l", "_r"} {
		addSeg(b.pt["hip"+sd], b.pt["knee"+sd], 3)
		addSeg(b.pt["knee"+sd], b.pt["ankle"+sd], 2)
		addSeg(b.pt["heel"+sd], b.pt["toe"+sd], 1)
	}
	addSeg(b.pt["pelvis"], b.pt["waist"], 5)
	addSeg(b.pt["waist"], b.pt["neck_base"], 5)
	addSeg(b.pt["shoulder_l"], b.pt["shoulder_r"], 3)
	addSeg(b.pt["neck_base"], b.pt["neck"], 2)
	for i, sd := range []string{"_l", "_r"} {
		sh := b.pt["shoulder"+sd]
		el, hand := ik(sh, targets[i], upperArm, forearm+handLen*0.4, b.pt["pelvis"].sub(b.pt["neck_base"]))
		addSeg(sh, el, 2)
		addSeg(el, hand, 1)
	}
	return hb
}

// ik places an elbow and hand for a shoulder reaching toward target with
// segments l1 and l2, the elbow bending toward pole; a target out of reach
// gets the arm pointing straight at it.
func ik(s, target vec, l1, l2 float64, pole vec) (elbow, hand vec) {
	d := target.sub(s)
	dist := d.len()
	dir := d.scale(1 / dist)
	if dist >= l1+l2-1e-6 {
		return s.add(dir.scale(l1)), s.add(dir.scale(l1 + l2))
	}
	dist = math.Max(dist, math.Abs(l1-l2)+1e-6)
	a := (l1*l1 - l2*l2 + dist*dist) / (2 * dist)
	h := math.Sqrt(math.Max(0, l1*l1-a*a))
	perp := pole.sub(dir.scale(pole.dot(dir)))
	if perp.len() < 1e-9 {
		perp = vec{0, -1, 0}
	}
	perp = perp.scale(1 / perp.len())
	elbow = s.add(dir.scale(a)).add(perp.scale(h))
	return elbow, target
}

func (s *scene) helperPrims(f body, _ bool) []prim {
	hb := s.v.helper(f)
	if hb == nil {
		return nil
	}
	var out []prim
	for i, sg := range hb.segs {
		_, _, d1 := s.pj.uvd(sg[0])
		_, _, d2 := s.pj.uvd(sg[1])
		out = append(out, prim{(d1+d2)/2 - 0.3, `<path class="fg` + itoa(hb.ws[i]) + ` fgh" d="` + s.line(sg[0], sg[1]) + `"/>`})
	}
	x, y := s.xy(hb.head)
	_, _, d := s.pj.uvd(hb.head)
	out = append(out, prim{d - 0.3, `<circle class="fghh" cx="` + x + `" cy="` + y + `" r="` + num(headR*scale) + `"/>`})
	nose := hb.head.add(hb.fwd.scale(headR * 0.9))
	tip := hb.head.add(hb.fwd.scale(headR * 1.16))
	out = append(out, prim{d - 0.3 + 1e-6, `<path class="fgn fgh" d="` + s.line(nose, tip) + `"/>`})
	return out
}

func itoa(i int) string { return string(rune('0' + i)) }

// helperPoints lists the helper's points, for the drawing's bounds.
func (v *Variant) helperPoints(f body) []vec {
	hb := v.helper(f)
	if hb == nil {
		return nil
	}
	out := []vec{hb.head}
	for _, sg := range hb.segs {
		out = append(out, sg[0], sg[1])
	}
	return out
}
