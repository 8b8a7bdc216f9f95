package library

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
	"go.yaml.in/yaml/v3"
)

// The figure data files of the rules folder: base postures and the
// derived-tag table. LoadRules leaves them to LoadFigureData.
const (
	PosturesFile    = "postures.yaml"
	DerivedTagsFile = "derived_tags.yaml"
)

var (
	figureFields  = []string{"view", "props", "no_props", "start", "hold", "contacts", "pulls", "helper", "positions"}
	overrideKeys  = []string{"view", "props", "no_props", "start", "hold", "contacts", "pulls", "helper"}
	helperFields  = []string{"holds", "at"}
	propFields    = []string{"prop", "at", "size", "angle"}
	postureFields = []string{"view", "pelvis", "pose", "props", "contacts"}
	pelvisFields  = []string{"at", "tilt", "turn"}
	rowFields     = []string{"tag", "source", "any"}
	testFields    = []string{"test", "joint", "dof", "min", "max", "below", "abs_min", "part", "on", "pull", "positions", "families", "unless_prop", "unless_resting", "all"}
)

// parseFigure reads an exercise's figure: block (exercises/README.md,
// "Figures").
func parseFigure(r report, name string, n *yaml.Node, keys []string) *limber.FigureSpec {
	f := &limber.FigureSpec{}
	for _, fl := range fields(r, name, n, keys) {
		field := name + "." + fl.key
		switch fl.key {
		case "view":
			if s, ok := text(r, field, fl.val); ok {
				if !slices.Contains(figure.Views, s) {
					r.add(field, "%q is not a view; valid: %s", s, strings.Join(figure.Views, ", "))
				}
				f.View = s
			}
		case "props":
			f.Props = []limber.FigureProp{}
			for i, p := range listOf(r, field, fl.val) {
				pr, _ := parseProp(r, fmt.Sprintf("%s[%d]", field, i), p)
				f.Props = append(f.Props, limber.FigureProp{Kind: pr.Kind, At: pr.At[:]})
				if pr.At == ([3]float64{}) {
					f.Props[len(f.Props)-1].At = nil
				}
			}
		case "no_props":
			f.NoProps, _ = texts(r, field, fl.val)
			for i, p := range f.NoProps {
				if p != "" && !slices.Contains(figure.PropKinds(), p) {
					r.add(fmt.Sprintf("%s[%d]", field, i), "%q is not a prop; valid: %s", p, strings.Join(figure.PropKinds(), ", "))
				}
			}
		case "start":
			f.Start = parsePose(r, field, fl.val)
		case "hold":
			f.Hold = parsePose(r, field, fl.val)
		case "contacts":
			f.Contacts = parseContacts(r, field, fl.val)
		case "pulls":
			f.Pulls, _ = texts(r, field, fl.val)
			for i, p := range f.Pulls {
				if p != "" && !slices.Contains(figure.Pulls, p) {
					r.add(fmt.Sprintf("%s[%d]", field, i), "%q is not a pull; valid: %s", p, strings.Join(figure.Pulls, ", "))
				}
			}
		case "helper":
			for _, h := range fields(r, field, fl.val, helperFields) {
				hf := field + "." + h.key
				switch h.key {
				case "holds":
					f.HelperHolds, _ = texts(r, hf, h.val)
					for i, p := range f.HelperHolds {
						if p != "" && !figure.ValidPart(p) {
							r.add(fmt.Sprintf("%s[%d]", hf, i), "%q is not a body point; valid: %s", p, strings.Join(figure.Parts(), ", "))
						}
					}
				case "at":
					f.HelperAt = numbers(r, hf, h.val, 2)
				}
			}
			if len(f.HelperHolds) == 0 {
				r.add(field+".holds", "missing: name the body points the helper's hands hold")
			}
		case "positions":
			f.Positions = map[limber.Position]*limber.FigureSpec{}
			for _, p := range fields(r, field, fl.val, nil) {
				pos, err := limber.ParsePosition(p.key)
				if err != nil {
					r.add(field+"."+p.key, "%s", message(err))
					continue
				}
				f.Positions[pos] = parseFigure(r, field+"."+p.key, p.val, overrideKeys)
			}
		}
	}
	return f
}

// parsePose reads joint deltas: {hip_r: {flexion: 70}, neck: {retraction: 2}}.
func parsePose(r report, name string, n *yaml.Node) limber.Pose {
	p := limber.Pose{}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return p
	}
	for _, j := range fields(r, name, n, figure.Joints()) {
		p[j.key] = map[string]float64{}
		for _, d := range fields(r, name+"."+j.key, j.val, figure.Dofs(j.key)) {
			lo, hi := -180.0, 180.0
			if figure.IsCm(d.key) {
				lo, hi = -5, 10
			}
			if v, ok := float(r, name+"."+j.key+"."+d.key, d.val, lo, hi); ok {
				p[j.key][d.key] = v
			}
		}
	}
	return p
}

func parseContacts(r report, name string, n *yaml.Node) map[string]string {
	out := map[string]string{}
	for _, c := range fields(r, name, n, nil) {
		field := name + "." + c.key
		if !figure.ValidPart(c.key) && !slices.Contains(figure.Attached, c.key) {
			r.add(field, "%q is not a body point or a prop that goes with the body; valid: %s, %s", c.key, strings.Join(figure.Parts(), ", "), strings.Join(figure.Attached, ", "))
			continue
		}
		s, ok := text(r, field, c.val)
		if !ok {
			continue
		}
		if s != "none" && s != "floor" && !figure.ValidPart(s) && !slices.Contains(figure.PropKinds(), s) {
			r.add(field, "%q is not a prop, a body point, floor or none", s)
			continue
		}
		out[c.key] = s
	}
	return out
}

// parseProp reads a prop: a name, or {prop: wall, at: [x, y, z], size: [...], angle: 40}.
func parseProp(r report, name string, n *yaml.Node) (figure.Prop, bool) {
	var kind string
	var at, size []float64
	var angle float64
	if n.Kind == yaml.ScalarNode {
		kind, _ = text(r, name, n)
	} else {
		for _, f := range fields(r, name, n, propFields) {
			field := name + "." + f.key
			switch f.key {
			case "prop":
				kind, _ = text(r, field, f.val)
			case "at":
				at = numbers(r, field, f.val, 3)
			case "size":
				size = numbers(r, field, f.val, 3)
			case "angle":
				angle, _ = float(r, field, f.val, -90, 90)
			}
		}
	}
	if !slices.Contains(figure.PropKinds(), kind) {
		r.add(name, "%q is not a prop; valid: %s", kind, strings.Join(figure.PropKinds(), ", "))
		return figure.Prop{}, false
	}
	return figure.NewProp(kind, at, size, angle), true
}

// numbers reads a list of exactly n numbers (fractions of body height).
func numbers(r report, name string, n *yaml.Node, count int) []float64 {
	if n.Kind != yaml.SequenceNode || len(n.Content) != count {
		r.add(name, "line %d: expected a list of %d numbers", n.Line, count)
		return nil
	}
	out := make([]float64, count)
	for i, c := range n.Content {
		out[i], _ = float(r, fmt.Sprintf("%s[%d]", name, i), c, -5, 5)
	}
	return out
}

// float reads a number in [lo, hi].
func float(r report, name string, n *yaml.Node, lo, hi float64) (float64, bool) {
	var v float64
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil || v != v {
		r.add(name, "line %d: expected a number", n.Line)
		return 0, false
	}
	if v < lo || v > hi {
		r.add(name, "%g is out of range %g to %g", v, lo, hi)
		return 0, false
	}
	return v, true
}

func parseKeepTags(r report, n *yaml.Node) map[limber.Tag]string {
	out := map[limber.Tag]string{}
	for _, f := range fields(r, "keep_tags", n, nil) {
		t, err := limber.ParseTag(f.key)
		if err != nil {
			r.add("keep_tags."+f.key, "%s", message(err))
			continue
		}
		s, ok := text(r, "keep_tags."+f.key, f.val)
		if ok && s == "" {
			r.add("keep_tags."+f.key, "is empty: say why the tag stays")
		}
		out[t] = s
	}
	return out
}

// LoadFigureData reads the base postures and the derived-tag table from the
// rules folder.
func LoadFigureData(fsys fs.FS, dir string) (*figure.Data, error) {
	d := &figure.Data{Postures: map[limber.Position]*figure.Posture{}}
	var probs Problems
	for _, file := range []string{PosturesFile, DerivedTagsFile} {
		name := path.Join(dir, file)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs = append(probs, Problem{File: name, Message: "missing: the figure data file is needed to draw figures and check their tags"})
			continue
		}
		r := report{file: name, probs: &probs}
		root, ok := parseDocument(r, data)
		if !ok {
			continue
		}
		if file == PosturesFile {
			parsePostures(r, root, d)
		} else {
			parseRows(r, root, d)
		}
	}
	for _, err := range d.Validate() {
		probs = append(probs, Problem{File: path.Join(dir, PosturesFile), Message: err.Error()})
	}
	if len(probs) > 0 {
		return nil, probs
	}
	return d, nil
}

func parsePostures(r report, root *yaml.Node, d *figure.Data) {
	for _, top := range fields(r, "", root, []string{"postures"}) {
		for _, pf := range fields(r, "postures", top.val, nil) {
			name := "postures." + pf.key
			pos, err := limber.ParsePosition(pf.key)
			if err != nil {
				r.add(name, "%s", message(err))
				continue
			}
			p := &figure.Posture{Position: pos, View: "side", Contacts: map[string]string{}}
			for _, f := range fields(r, name, pf.val, postureFields) {
				field := name + "." + f.key
				switch f.key {
				case "view":
					if s, ok := text(r, field, f.val); ok {
						if !slices.Contains(figure.Views, s) {
							r.add(field, "%q is not a view; valid: %s", s, strings.Join(figure.Views, ", "))
						}
						p.View = s
					}
				case "pelvis":
					var at []float64
					var tilt, turn float64
					for _, pl := range fields(r, field, f.val, pelvisFields) {
						switch pl.key {
						case "at":
							at = numbers(r, field+".at", pl.val, 3)
						case "tilt":
							tilt, _ = float(r, field+".tilt", pl.val, -180, 180)
						case "turn":
							turn, _ = float(r, field+".turn", pl.val, -180, 180)
						}
					}
					p.Pelvis = figure.NewPlacement(at, tilt, turn)
				case "pose":
					p.Pose = parsePose(r, field, f.val)
				case "props":
					for i, pn := range listOf(r, field, f.val) {
						if pr, ok := parseProp(r, fmt.Sprintf("%s[%d]", field, i), pn); ok {
							p.Props = append(p.Props, pr)
						}
					}
				case "contacts":
					p.Contacts = parseContacts(r, field, f.val)
				}
			}
			d.Postures[pos] = p
		}
	}
}

func parseRows(r report, root *yaml.Node, d *figure.Data) {
	for _, top := range fields(r, "", root, []string{"derived_tags"}) {
		for i, n := range listOf(r, "derived_tags", top.val) {
			name := fmt.Sprintf("derived_tags[%d]", i)
			var row figure.Row
			for _, f := range fields(r, name, n, rowFields) {
				field := name + "." + f.key
				switch f.key {
				case "tag":
					if s, ok := text(r, field, f.val); ok {
						t, err := limber.ParseTag(s)
						if err != nil {
							r.add(field, "%s", message(err))
						}
						row.Tag = t
					}
				case "source":
					row.Source, _ = text(r, field, f.val)
					if row.Source != "" && !limber.ValidRef(row.Source) {
						r.add(field, "%q is not a source id (S1..S41, S24b, S28b or E)", row.Source)
					}
				case "any":
					for j, t := range listOf(r, field, f.val) {
						row.Any = append(row.Any, parseTest(r, fmt.Sprintf("%s[%d]", field, j), t))
					}
				}
			}
			if row.Tag == "" || row.Source == "" || len(row.Any) == 0 {
				r.add(name, "needs tag, source and at least one test under any")
			}
			d.Rows = append(d.Rows, row)
		}
	}
}

func parseTest(r report, name string, n *yaml.Node) figure.Test {
	t := figure.Test{Kind: "angle"}
	num := func(field string, v *yaml.Node) *float64 {
		x, ok := float(r, field, v, -360, 360)
		if !ok {
			return nil
		}
		return &x
	}
	for _, f := range fields(r, name, n, testFields) {
		field := name + "." + f.key
		switch f.key {
		case "test":
			t.Kind, _ = text(r, field, f.val)
			if !slices.Contains(figure.TestKinds, t.Kind) {
				r.add(field, "%q is not a test; valid: %s", t.Kind, strings.Join(figure.TestKinds, ", "))
			}
		case "joint":
			t.Joint, _ = text(r, field, f.val)
		case "dof":
			t.Dof, _ = text(r, field, f.val)
		case "min":
			t.Min = num(field, f.val)
		case "max":
			t.Max = num(field, f.val)
		case "below":
			t.Below = num(field, f.val)
		case "abs_min":
			t.AbsMin = num(field, f.val)
		case "part":
			t.Part, _ = text(r, field, f.val)
		case "on":
			t.On, _ = texts(r, field, f.val)
		case "pull":
			t.Pull, _ = text(r, field, f.val)
		case "positions":
			t.Positions = identifiers(r, field, f.val, limber.ParsePosition)
		case "families":
			fams, _ := texts(r, field, f.val)
			for _, s := range fams {
				t.Families = append(t.Families, limber.PositionFamily(s))
			}
		case "unless_prop":
			t.UnlessProp, _ = text(r, field, f.val)
		case "unless_resting":
			t.UnlessResting, _ = texts(r, field, f.val)
		case "all":
			t.Kind = "all"
			for i, s := range listOf(r, field, f.val) {
				t.All = append(t.All, parseTest(r, fmt.Sprintf("%s[%d]", field, i), s))
			}
		}
	}
	if t.Kind == "angle" || t.Kind == "change" {
		j := strings.TrimSuffix(strings.TrimSuffix(t.Joint, "_l"), "_r")
		ok := t.Joint == "spine" && slices.Contains(figure.Dofs("lumbar"), t.Dof) ||
			slices.Contains(figure.Dofs(t.Joint), t.Dof) || slices.Contains(figure.Dofs(j+"_l"), t.Dof)
		if !ok {
			r.add(name, "joint %q with dof %q is not in the skeleton", t.Joint, t.Dof)
		}
	}
	return t
}

// LoadFigureDataOrShipped reads the figure data from a rules folder, or the
// built-in data when that folder has neither figure file (a clinic's own
// rules written before figures existed).
func LoadFigureDataOrShipped(fsys fs.FS, dir string) (*figure.Data, error) {
	_, e1 := fs.Stat(fsys, path.Join(dir, PosturesFile))
	_, e2 := fs.Stat(fsys, path.Join(dir, DerivedTagsFile))
	if e1 != nil && e2 != nil {
		return ShippedFigureData()
	}
	return LoadFigureData(fsys, dir)
}

// ShippedFigureData reads the built-in base postures and derived-tag table.
func ShippedFigureData() (*figure.Data, error) {
	return LoadFigureData(exercises.FS, exercises.RulesDir)
}

// CheckFigures checks every exercise's figure against its tags
// (figure.Data.CheckExercise): problems refuse the file; warnings (no
// figure, a declared tag the pose does not show) are listed, and refuse it
// too under --strict.
func CheckFigures(xs []*limber.Exercise, d *figure.Data) (problems, warnings Problems) {
	for _, ex := range xs {
		ps, ws := d.CheckExercise(ex)
		for _, m := range ps {
			problems = append(problems, Problem{File: ex.File, Field: "figure", Message: m})
		}
		for _, m := range ws {
			field := "figure"
			if f, rest, ok := strings.Cut(m, ": "); ok && (f == "tags" || strings.HasPrefix(f, "variant_tags.")) {
				field, m = f, rest
			}
			warnings = append(warnings, Problem{File: ex.File, Field: field, Message: m})
		}
	}
	return problems, warnings
}
