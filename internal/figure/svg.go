package figure

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/limber-health/limber/internal/limber"
)

// Style chooses how a figure looks: Theme "" (colour), "hc" (high
// contrast) or "print" (black on white); Layout "" (the flipbook, with the
// start–hold pair shown under reduced motion or when paused), "pair" (start
// and hold side by side with an arrow, for paper) or "still" (the hold
// frame alone, a thumbnail).
type Style struct {
	Theme  string
	Layout string
}

// scale is drawing units per body height: a limb's width is then a
// whole number of units.
const scale = 400

// moveFrames is how many frames the flipbook has from start to hold.
const moveFrames = 5

// propMargin is how far, in body heights, a prop is drawn beyond the body
// before it is cut.
const propMargin = 0.05

type prim struct {
	depth float64
	svg   string
}

// projector maps room points to the drawing for a view.
type projector struct {
	view string
	left bool
}

func (pj projector) uvd(p vec) (u, v, d float64) {
	switch pj.view {
	case "front":
		return -p[2], p[1], p[0]
	case "above":
		return p[0], -p[2], p[1]
	}
	if pj.left {
		return -p[0], p[1], -p[2]
	}
	return p[0], p[1], p[2]
}

// bounds collects the drawing's extent in view units.
type bounds struct{ minU, maxU, minV, maxV float64 }

func (b *bounds) add(u, v, r float64) {
	b.minU, b.maxU = math.Min(b.minU, u-r), math.Max(b.maxU, u+r)
	b.minV, b.maxV = math.Min(b.minV, v-r), math.Max(b.maxV, v+r)
}

// scene is everything needed to write a variant's drawing.
type scene struct {
	v      *Variant
	pj     projector
	b      bounds
	frames []body
	id     string
	moving map[string]bool
	// per-frame helper and body-attached props
}

func num(x float64) string { return strconv.Itoa(int(math.Round(x))) }

func (s *scene) xy(p vec) (string, string) {
	u, v, _ := s.pj.uvd(p)
	return num((u - s.b.minU) * scale), num((s.b.maxV - v) * scale)
}

func (s *scene) line(pts ...vec) string {
	var sb strings.Builder
	for i, p := range pts {
		x, y := s.xy(p)
		if i == 0 {
			sb.WriteString("M" + x + " " + y)
		} else {
			sb.WriteString("L" + x + " " + y)
		}
	}
	return sb.String()
}

// segments of the body: from, to, width class, side ("" for the trunk).
var segments = []struct {
	from, to string
	w        int
	side     bool
}{
	{"hip", "knee", 3, true}, {"knee", "ankle", 2, true}, {"heel", "toe", 1, true},
	{"shoulder", "elbow", 2, true}, {"elbow", "wrist", 1, true}, {"wrist", "hand", 0, true},
}

// Render draws exercise ex in position p on side s (Right for an exercise
// not done per side) as a standalone SVG document: deterministic, so its
// Hash makes an immutable URL. An exercise without a figure gets a
// placeholder (its position's props, the base posture drawn faintly).
func (d *Data) Render(ex *limber.Exercise, p limber.Position, s Side, st Style) ([]byte, error) {
	v, err := d.Resolve(ex, p, s)
	if err != nil {
		return nil, err
	}
	return v.SVG(st), nil
}

// Hash is the content hash of a drawn figure, for an immutable URL such
// as /figures/<hash>.svg: 16 hex digits of its SHA-256.
func Hash(svg []byte) string {
	sum := sha256.Sum256(svg)
	return hex.EncodeToString(sum[:8])
}

// SVG draws the variant as an SVG document.
func (v *Variant) SVG(st Style) []byte {
	s := &scene{v: v, pj: projector{view: v.View, left: v.Side == Left}}
	s.b = bounds{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	poses := v.Frames(moveFrames)
	if st.Layout == "still" {
		poses = poses[len(poses)-1:]
	}
	for i, p := range poses {
		w := 1.0
		if len(poses) > 1 {
			w = ease(float64(i) / float64(len(poses)-1))
		}
		s.frames = append(s.frames, v.solve(p, w))
	}
	s.moving = movingParts(v)
	for _, f := range s.frames {
		for name, p := range f.pt {
			u, vv, _ := s.pj.uvd(p)
			r := radius(name) + 0.02
			if f.fingers[name] > 0 {
				r = 0.085 // spread fingers reach past the hand
			}
			s.b.add(u, vv, r)
		}
		for _, p := range v.helperPoints(f) {
			u, vv, _ := s.pj.uvd(p)
			s.b.add(u, vv, 0.09)
		}
	}
	// The props count only near the body: a bed, mat or counter is cut a
	// little beyond the person, across the picture (the props are clipped
	// to the frame), so a lying person fills the picture instead of a thin
	// strip of it.
	body := s.b
	for _, sl := range v.slabs() {
		for _, p := range slabCorners(sl) {
			u, vv, _ := s.pj.uvd(p)
			u = math.Max(body.minU-propMargin, math.Min(body.maxU+propMargin, u))
			if v.View == "above" {
				// Seen from above the bed's width is cut too; seen from the
				// side a chair or wall keeps its height, so it reads whole.
				vv = math.Max(body.minV-propMargin, math.Min(body.maxV+propMargin, vv))
			}
			s.b.add(u, vv, 0.02)
		}
	}
	if v.View != "above" {
		s.b.minV = math.Min(s.b.minV, -0.02)
	}
	// Room round the edge (more over the head, so it never touches the
	// top), and never narrower than a square's three quarters, so
	// thumbnails line up.
	s.b.minU -= 0.03
	s.b.maxU += 0.03
	s.b.maxV += 0.06
	w, h := (s.b.maxU-s.b.minU)*scale, (s.b.maxV-s.b.minV)*scale
	// The drawing's own width, before any widening: the still pair puts
	// two of these side by side, so a narrow (standing) figure's pair is
	// drawn larger than two whole frames would allow.
	w0 := w
	if w < h*0.75 {
		extra := (h*0.75 - w) / scale / 2
		s.b.minU -= extra
		s.b.maxU += extra
		w = h * 0.75
	}
	W, H := math.Round(w), math.Round(h)

	var buf bytes.Buffer
	sum := sha256.New()
	fmt.Fprintf(sum, "%s|%s|%s|%s|%v", v.Ex.ID, v.Position, v.Side, st.Layout, poses)
	s.id = "f" + hex.EncodeToString(sum.Sum(nil))[:6]
	id := s.id

	totalW := W
	if st.Layout == "pair" {
		totalW = 2*W + 140
	}
	cls := "fig"
	if v.Placeholder {
		cls += " ph"
	}
	if st.Theme != "" {
		cls += " " + st.Theme
	}
	title := titleOf(v)
	fmt.Fprintf(&buf, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" class="%s" id="%s" role="img" aria-labelledby="%s-t %s-d">`, num(totalW), num(H), cls, id, id, id)
	fmt.Fprintf(&buf, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, html.EscapeString(title), id, html.EscapeString(strings.Join(v.Ex.Steps, " ")))
	buf.WriteString("<style>")
	buf.WriteString(css)
	if st.Layout == "" && len(s.frames) > 1 {
		buf.WriteString(s.animation(W))
	}
	buf.WriteString("</style><defs>")
	// The room's props, drawn once.
	fmt.Fprintf(&buf, `<clipPath id="%s-c"><rect width="%s" height="%s"/></clipPath><g id="%s-p" clip-path="url(#%s-c)">`, id, num(W), num(H), id, id)
	if v.View != "above" {
		fmt.Fprintf(&buf, `<path class="fgl" d="M0 %sH%s"/>`, num(s.b.maxV*scale), num(W))
	}
	for _, p := range s.propPrims() {
		buf.WriteString(p.svg)
	}
	buf.WriteString("</g>")
	for i, f := range s.frames {
		fmt.Fprintf(&buf, `<g id="%s-k%d">`, id, i)
		for _, p := range s.framePrims(f) {
			buf.WriteString(p.svg)
		}
		buf.WriteString("</g>")
	}
	buf.WriteString("</defs>")
	last := len(s.frames) - 1
	switch st.Layout {
	case "pair":
		fmt.Fprintf(&buf, `<use href="#%s-p"/><use href="#%s-k0"/>`, id, id)
		fmt.Fprintf(&buf, `<g transform="translate(%s 0)"><use href="#%s-p"/><use href="#%s-k%d"/></g>`, num(W+140), id, id, last)
		buf.WriteString(arrow(W+20, H/2, 100))
	case "still":
		fmt.Fprintf(&buf, `<use href="#%s-p"/><use href="#%s-k0"/>`, id, id)
	default:
		fmt.Fprintf(&buf, `<g class="anim"><use href="#%s-p"/><g class="strip">`, id)
		for i := range s.frames {
			if i == 0 {
				fmt.Fprintf(&buf, `<use href="#%s-k0"/>`, id)
				continue
			}
			fmt.Fprintf(&buf, `<use href="#%s-k%d" x="%s"/>`, id, i, num(float64(i)*W))
		}
		buf.WriteString("</g></g>")
		buf.WriteString(s.stillPair(W, H, math.Round(w0), last))
		buf.WriteString("</g>") // the pair's group
	}
	buf.WriteString("</svg>\n")
	return buf.Bytes()
}

// stillPair draws the start and hold side by side with an arrow between,
// inside one frame (W by H), for a paused player or reduced motion: each
// picture is the drawing's own width w0 (the widening of a narrow frame
// left out, the props cut at its edge), as large as two of them and the
// gap for the arrow allow.
func (s *scene) stillPair(W, H, w0 float64, last int) string {
	id := s.id
	gap := math.Max(0.07*W, 48)
	k := math.Floor(math.Min((W-gap)/(2*w0), 0.94)*100) / 100
	pad := (W - w0) / 2
	x0 := (W - 2*w0*k - gap) / 2
	top := H * (1 - k) / 2
	var sb strings.Builder
	fmt.Fprintf(&sb, `<clipPath id="%s-n"><rect x="%s" width="%s" height="%s"/></clipPath><g class="pair">`, id, num(pad), num(w0), num(H))
	for i, f := range []int{0, last} {
		x := x0 + float64(i)*(w0*k+gap) - pad*k
		fmt.Fprintf(&sb, `<g transform="translate(%s %s) scale(%s)"><g clip-path="url(#%s-n)"><use href="#%s-p"/><use href="#%s-k%d"/></g></g>`,
			num(x), num(top), strconv.FormatFloat(k, 'f', -1, 64), id, id, id, f)
	}
	if last > 0 {
		sb.WriteString(arrow(x0+w0*k+6, H/2, gap-12))
	}
	return sb.String()
}

func arrow(x, y, l float64) string {
	return fmt.Sprintf(`<path class="fga" d="M%s %sh%s"/><path class="fgah" d="M%s %sl-24 -16v32z"/>`, num(x), num(y), num(l-20), num(x+l), num(y))
}

func titleOf(v *Variant) string {
	t := v.Ex.Name + ", " + strings.ToLower(v.Position.Label()[:1]) + v.Position.Label()[1:]
	if v.Ex.Dosage.PerSide {
		t += ", " + string(v.Side) + " side"
	}
	return t
}

// animation writes the flipbook: the strip of frames slides one frame
// width at a time (CSS steps, which Chromium and Safari both run). The
// default loop follows the dosage; the player can set a phase class
// instead (ph-start, ph-move, ph-hold, ph-return).
func (s *scene) animation(W float64) string {
	id := s.id
	n := len(s.frames)
	last := float64(n - 1)
	tx := func(i int) string { return "transform:translateX(" + num(-float64(i)*W) + "px)" }
	type stop struct {
		at    float64
		frame int
	}
	var stops []stop
	var total float64
	ph := Phases(s.v.Ex.Dosage, true)
	for _, p := range ph.Loop {
		switch p.Name {
		case "move", "return", "up", "down", "in", "out":
			for i := range n - 1 {
				f := i
				if p.Name == "return" || p.Name == "down" || p.Name == "out" {
					f = n - 1 - i
				}
				stops = append(stops, stop{total + p.Seconds*float64(i)/last, f})
			}
		case "hold", "top":
			stops = append(stops, stop{total, n - 1})
		default:
			stops = append(stops, stop{total, 0})
		}
		total += p.Seconds
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "#%s .strip{animation:%s-a %ss step-end infinite}@keyframes %s-a{", id, id, strconv.FormatFloat(total, 'f', -1, 64), id)
	for _, st := range stops {
		fmt.Fprintf(&sb, "%s%%{%s}", strconv.FormatFloat(math.Round(st.at/total*1000)/10, 'f', -1, 64), tx(st.frame))
	}
	fmt.Fprintf(&sb, "100%%{%s}}", tx(stops[len(stops)-1].frame))
	fmt.Fprintf(&sb, "#%s.ph-start .strip{animation:none;transform:none}#%s.ph-hold .strip{animation:none;%s}", id, id, tx(n-1))
	fmt.Fprintf(&sb, "#%s.ph-move .strip{animation:%s-m 2s steps(%d,jump-none) forwards}#%s.ph-return .strip{animation:%s-m 2s steps(%d,jump-none) reverse forwards}", id, id, n-1, id, id, n-1)
	fmt.Fprintf(&sb, "@keyframes %s-m{from{transform:none}to{%s}}", id, tx(n-1))
	return sb.String()
}

// css is shared by every figure; colours are variables so a page (or the
// hc and print themes) can change them.
const css = `.fig{--ink:#1d2733;--body:#5d7fa3;--far:#b3c3d6;--work:#e0702e;--help:#98a2ad;--prop:#ebe5da;--soft:#f7f2e8;--line:#6b7480}` +
	`.fig.hc{--ink:#000;--body:#000;--far:#6b6b6b;--work:#fff;--help:#4a4a4a;--prop:#fff;--soft:#fff;--line:#000}` +
	`.fig.print{--ink:#000;--body:#555;--far:#bbb;--work:#fff;--help:#888;--prop:#fff;--soft:#fff;--line:#000}` +
	`@media (prefers-contrast:more){.fig{--ink:#000;--body:#000;--far:#6b6b6b;--work:#fff;--help:#4a4a4a;--prop:#fff;--soft:#fff;--line:#000}}` +
	// Plain class selectors only: the frames are drawn through <use>, whose
	// copies match no descendant selector (the variables do inherit).
	`.fgb,.fgf,.fgw,.fgo,.fgh,.fgl,.fgr,.fgs,.fgt,.fga{fill:none;stroke-linecap:round;stroke-linejoin:round}` +
	`.fgb{stroke:var(--body)}.fgf{stroke:var(--far)}.fgw{stroke:var(--work)}.fgo{stroke:var(--ink)}.fgh{stroke:var(--help)}` +
	`.fghb{fill:var(--body)}.fghw{fill:var(--work);stroke:var(--ink);stroke-width:10}.fghh{fill:var(--help)}` +
	`.fgp{fill:var(--prop);stroke:var(--line);stroke-width:5;stroke-linejoin:round}.fgs{fill:var(--soft);stroke:var(--line);stroke-width:5}` +
	`.fgl{stroke:var(--line);stroke-width:6}.fgr{stroke:var(--ink);stroke-width:10}.fgt{stroke:var(--ink);stroke-width:8}.fgtw{stroke:var(--line);stroke-width:18;fill:none;stroke-linecap:round}` +
	`.fga{stroke:var(--ink);stroke-width:10}.fgah{fill:var(--ink)}` +
	`.fgn{stroke-width:12;fill:none;stroke-linecap:round}.fg0{stroke-width:14}.fg1{stroke-width:19}.fg2{stroke-width:23}.fg3{stroke-width:31}.fg4{stroke-width:44}.fg5{stroke-width:52}` +
	`.fgo.fg0{stroke-width:26}.fgo.fg1{stroke-width:31}.fgo.fg2{stroke-width:35}.fgo.fg3{stroke-width:43}.fgo.fg4{stroke-width:56}.fgo.fg5{stroke-width:64}` +
	`.fig .pair{display:none}.fig.static .anim,.fig.paused .anim{display:none}.fig.static .pair,.fig.paused .pair{display:inline}` +
	`.fig.ph use[href$="-k0"]{opacity:.35}` +
	`@media (prefers-reduced-motion:reduce){.fig .anim{display:none}.fig .pair{display:inline}}`

func slabCorners(s slab) []vec {
	var out []vec
	for _, p := range s.prof {
		out = append(out, vec{p[0], p[1], s.z0}, vec{p[0], p[1], s.z1})
	}
	return out
}

// propPrims draws the room's props, far ones first.
func (s *scene) propPrims() []prim {
	var out []prim
	for _, sl := range s.v.slabs() {
		var d string
		if s.pj.view == "side" {
			pts := make([]vec, len(sl.prof))
			for i, p := range sl.prof {
				pts[i] = vec{p[0], p[1], (sl.z0 + sl.z1) / 2}
			}
			d = s.line(pts...) + "Z"
		} else {
			var b bounds = bounds{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
			for _, c := range slabCorners(sl) {
				u, v, _ := s.pj.uvd(c)
				b.add(u, v, 0)
			}
			x0, y0 := (b.minU-s.b.minU)*scale, (s.b.maxV-b.maxV)*scale
			d = "M" + num(x0) + " " + num(y0) + "h" + num((b.maxU-b.minU)*scale) + "v" + num((b.maxV-b.minV)*scale) + "h" + num(-(b.maxU-b.minU)*scale) + "Z"
		}
		_, _, dep := s.pj.uvd(vec{0, 0, (sl.z0 + sl.z1) / 2})
		if s.pj.view == "front" {
			_, _, dep = s.pj.uvd(vec{sl.prof[0][0], 0, 0})
		}
		cls := map[string]string{"p": "fgp", "s": "fgs", "pl": "fgl", "w": "fgr"}[sl.class]
		out = append(out, prim{dep, `<path class="` + cls + `" d="` + d + `"/>`})
	}
	slices.SortStableFunc(out, func(a, b prim) int { return cmp.Compare(a.depth, b.depth) })
	return out
}

// movingParts finds the limbs whose joint angles change between start
// and hold (by 10° or more; the neck's retraction, in cm, by 1 cm, the
// neck_retraction row's threshold): they are drawn as the worked part,
// whole. For a per-side exercise only the worked side's limbs count.
func movingParts(v *Variant) map[string]bool {
	out := map[string]bool{}
	if len(v.Keys) < 2 {
		return out
	}
	a, b := v.Keys[0].Pose, v.Keys[1].Pose
	// A thigh's flexion is judged in the room: a pelvis that tips forward
	// over still thighs (a seated lean from the hips) bends the hips, but
	// the legs do not move and are not drawn as worked.
	tilt := b["pelvis"]["tilt"] - a["pelvis"]["tilt"]
	moved := func(js ...string) bool {
		for _, j := range js {
			for _, d := range Dofs(j) {
				ch := b[j][d] - a[j][d]
				if d == "flexion" && strings.HasPrefix(j, "hip_") {
					ch += tilt
				}
				lim := 10.0
				if IsCm(d) {
					lim = 1
				}
				if math.Abs(ch) >= lim {
					return true
				}
			}
		}
		return false
	}
	work := "_r"
	if v.Side == Left {
		work = "_l"
	}
	for _, sd := range []string{"_l", "_r"} {
		if v.Ex.Dosage.PerSide && sd != work {
			continue
		}
		// A pelvis that rolls takes the legs with it (knees dropping to
		// one side), though the hips' own angles change little.
		rolled := math.Abs(a["pelvis"]["roll"]-b["pelvis"]["roll"]) >= 10
		if rolled || moved("hip"+sd, "knee"+sd, "ankle"+sd) {
			out["hip"+sd], out["knee"+sd], out["heel"+sd] = true, true, true
		}
		if moved("shoulder"+sd, "elbow"+sd, "wrist"+sd) {
			out["shoulder"+sd], out["elbow"+sd], out["wrist"+sd] = true, true, true
		}
	}
	out["trunk"] = moved("lumbar", "thoracic") || math.Abs(tilt) >= 10
	out["neck"] = moved("neck")
	return out
}

// framePrims draws one frame: the body, the helper and the props that go
// with the body, in painter's order (far first).
func (s *scene) framePrims(f body) []prim {
	var out []prim
	depth := func(p ...vec) float64 {
		var d float64
		for _, q := range p {
			_, _, dd := s.pj.uvd(q)
			d += dd
		}
		return d / float64(len(p))
	}
	// Which side is away from the viewer, drawn lighter.
	nearSide := "_r"
	if dl, dr := depth(f.pt["shoulder_l"], f.pt["hip_l"]), depth(f.pt["shoulder_r"], f.pt["hip_r"]); dl > dr {
		nearSide = "_l"
	}
	farByView := s.pj.view == "side"
	seg := func(a, b vec, w int, colour string, work bool, bias float64) {
		d := s.line(a, b)
		dep := depth(a, b) + bias
		if work {
			out = append(out, prim{dep, `<path class="fg` + strconv.Itoa(w) + ` fgo" d="` + d + `"/>`})
			dep += 1e-6
		}
		out = append(out, prim{dep, `<path class="fg` + strconv.Itoa(w) + " fg" + colour + `" d="` + d + `"/>`})
	}
	for _, sd := range []string{"_l", "_r"} {
		for _, sg := range segments {
			work := s.moving[sg.from+sd]
			colour := "b"
			switch {
			case work:
				colour = "w"
			case farByView && sd != nearSide:
				colour = "f"
			}
			seg(f.pt[sg.from+sd], f.pt[sg.to+sd], sg.w, colour, work, 0)
		}
	}
	out = append(out, s.fingerPrims(f, nearSide, farByView)...)
	trunkCol := "b"
	seg(f.pt["hip_l"], f.pt["hip_r"], 4, trunkCol, false, 0)
	// The trunk is one curve through the waist, so a rounded or hollow
	// back reads as one.
	{
		p, w, n := f.pt["pelvis"], f.pt["waist"], f.pt["neck_base"]
		ctl := w.scale(2).sub(p.add(n).scale(0.5))
		x0, y0 := s.xy(p)
		cx, cy := s.xy(ctl)
		x1, y1 := s.xy(n)
		d := "M" + x0 + " " + y0 + "Q" + cx + " " + cy + " " + x1 + " " + y1
		dep := depth(p, w, n)
		if s.moving["trunk"] {
			out = append(out, prim{dep, `<path class="fg5 fgo" d="` + d + `"/>`})
			dep += 1e-6
		}
		out = append(out, prim{dep, `<path class="fg5 fgb" d="` + d + `"/>`})
	}
	seg(f.pt["shoulder_l"], f.pt["shoulder_r"], 3, trunkCol, false, 0)
	seg(f.pt["neck_base"], f.pt["neck"], 3, trunkCol, s.moving["neck"], 0)
	// Head with a nose, so facing and the neck's angle read at a glance.
	hx, hy := s.xy(f.pt["head"])
	hc := "fghb"
	if s.moving["neck"] {
		hc = "fghw"
	}
	hd := depth(f.pt["head"])
	out = append(out, prim{hd, `<circle class="` + hc + `" cx="` + hx + `" cy="` + hy + `" r="` + num(headR*scale) + `"/>`})
	nose := f.pt["head"].add(f.headFwd.scale(headR * 0.9)).add(f.headUp.scale(-0.008))
	tip := f.pt["head"].add(f.headFwd.scale(headR * 1.16)).add(f.headUp.scale(-0.018))
	nc := "fgn fgb"
	if s.moving["neck"] {
		nc = "fgn fgo"
	}
	out = append(out, prim{hd + 1e-6, `<path class="` + nc + `" d="` + s.line(nose, tip) + `"/>`})
	// Props that go with the body.
	for _, a := range s.v.Attached {
		switch a {
		case "strap", "towel":
			end, ok := f.pt[s.v.Contacts[a]]
			if !ok {
				continue
			}
			cls := "fgt"
			if a == "towel" {
				cls = "fgtw"
			}
			for _, h := range []string{"hand_l", "hand_r"} {
				if s.v.Contacts[h] == a {
					out = append(out, prim{depth(f.pt[h], end) + 0.01, `<path class="` + cls + `" d="` + s.line(f.pt[h], end) + `"/>`})
				}
			}
		case "knee_pillow":
			m := f.pt["knee_l"].add(f.pt["knee_r"]).scale(0.5)
			x, y := s.xy(m)
			out = append(out, prim{depth(m), `<circle class="fgs" cx="` + x + `" cy="` + y + `" r="` + num(0.05*scale) + `"/>`})
		case "towel_roll":
			part := s.v.Contacts[a]
			p, ok := f.pt[part]
			if !ok {
				continue
			}
			p = p.add(vec{0, -radius(part) - 0.02, 0})
			x, y := s.xy(p)
			out = append(out, prim{depth(p) - 0.5, `<circle class="fgs" cx="` + x + `" cy="` + y + `" r="` + num(0.03*scale) + `"/>`})
		}
	}
	out = append(out, s.helperPrims(f, false)...)
	slices.SortStableFunc(out, func(a, b prim) int { return cmp.Compare(a.depth, b.depth) })
	return out
}

// Title gives the figure's title for ex in position p on side s.
func Title(ex *limber.Exercise, p limber.Position, s Side) string {
	return titleOf(&Variant{Ex: ex, Position: p, Side: s})
}

// fingerPrims draws spread fingers as a fan from the hand and curled ones
// as a fist, a little larger than life so they read at thumbnail size
// (finger spreads and fists); fingers at rest draw nothing extra.
func (s *scene) fingerPrims(f body, nearSide string, farByView bool) []prim {
	var out []prim
	for _, h := range []string{"hand_l", "hand_r"} {
		v := f.fingers[h]
		if v == 0 {
			continue
		}
		sd := h[len(h)-2:]
		work := s.moving["wrist"+sd]
		colour := "b"
		switch {
		case work:
			colour = "w"
		case farByView && sd != nearSide:
			colour = "f"
		}
		wr, hand := f.pt["wrist"+sd], f.pt[h]
		_, _, dep := s.pj.uvd(hand)
		dep += 2e-6
		if v < 0 {
			// A fist: a round knob over the hand.
			x, y := s.xy(hand)
			cls := map[string]string{"b": "fghb", "w": "fghw", "f": "fghb"}[colour]
			out = append(out, prim{dep, `<circle class="` + cls + `" cx="` + x + `" cy="` + y + `" r="` + num(0.04*scale) + `"/>`})
			continue
		}
		// Spread: five fingers fanned in the picture's plane about the
		// hand's direction as drawn.
		x0, y0 := s.xy(wr)
		x1, y1 := s.xy(hand)
		fx, _ := strconv.ParseFloat(x0, 64)
		fy, _ := strconv.ParseFloat(y0, 64)
		hx, _ := strconv.ParseFloat(x1, 64)
		hy, _ := strconv.ParseFloat(y1, 64)
		base := math.Atan2(hy-fy, hx-fx)
		if hx == fx && hy == fy {
			base = -math.Pi / 2
		}
		fan := rad(math.Min(v, 150))
		l := 0.075 * scale
		var d strings.Builder
		for i := range 5 {
			a := base - fan/2 + fan*float64(i)/4
			d.WriteString("M" + x1 + " " + y1 + "l" + num(l*math.Cos(a)) + " " + num(l*math.Sin(a)))
		}
		// Thin lines, ink on the worked hand, so the gaps between the
		// fingers show.
		cls := "fgn fg" + colour
		if work {
			cls = "fgn fgo"
		}
		out = append(out, prim{dep, `<path class="` + cls + `" d="` + d.String() + `"/>`})
	}
	return out
}
