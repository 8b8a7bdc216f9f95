package library

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/limber-health/limber/internal/limber"
	"go.yaml.in/yaml/v3"
)

var exerciseFields = []string{
	"id", "name", "kind", "summary", "positions", "tags", "regions", "helper",
	"dosage", "steps", "cues", "sources", "restricted", "variant_tags", "pt_clearance",
	"figure", "keep_tags",
}

var (
	dosageFields = []string{"hold_seconds", "seconds", "reps", "sets", "per_side", "rest_seconds", "rep_seconds"}
	gateFields   = []string{"reason", "refs"}
)

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Length limits that keep patient text short enough for a tablet screen.
const (
	maxNameLen = 80
	maxStepLen = 200
	maxTextLen = 400
)

// ParseExercise reads one exercise file. file is the name used in problems
// and checked against the id. It returns the exercise only when the file has
// no problem at all.
func ParseExercise(file string, data []byte) (*limber.Exercise, Problems) {
	ex, probs := parseExercise(file, data)
	if len(probs) > 0 {
		return nil, probs
	}
	return ex, nil
}

// parseExercise reads what it can of an exercise file, problems or not, so
// that a repeated id is found even in a file with other problems.
func parseExercise(file string, data []byte) (*limber.Exercise, Problems) {
	var probs Problems
	r := report{file: file, probs: &probs}
	root, ok := parseDocument(r, data)
	if !ok {
		return nil, probs
	}
	ex := &limber.Exercise{File: file}
	var haveDosage bool
	present := map[string]bool{}
	for _, f := range fields(r, "", root, exerciseFields) {
		present[f.key] = true
		switch f.key {
		case "id":
			ex.ID, _ = text(r, f.key, f.val)
		case "name":
			ex.Name, _ = text(r, f.key, f.val)
		case "kind":
			if s, ok := text(r, f.key, f.val); ok {
				k, err := limber.ParseKind(s)
				if err != nil {
					r.add(f.key, "%s", message(err))
				}
				ex.Kind = k
			}
		case "summary":
			ex.Summary, _ = text(r, f.key, f.val)
		case "positions":
			ex.Positions = identifiers(r, f.key, f.val, limber.ParsePosition)
			atLeastOne(r, f, "position")
		case "tags":
			ex.Tags = identifiers(r, f.key, f.val, limber.ParseTag)
		case "regions":
			ex.Regions = identifiers(r, f.key, f.val, limber.ParseRegion)
			atLeastOne(r, f, "region")
		case "helper":
			ex.Helper, _ = boolean(r, f.key, f.val)
		case "restricted":
			ex.Restricted, _ = boolean(r, f.key, f.val)
		case "dosage":
			ex.Dosage, haveDosage = parseDosage(r, f.val)
		case "steps":
			ex.Steps, _ = texts(r, f.key, f.val)
			atLeastOne(r, f, "step")
		case "cues":
			ex.Cues, _ = texts(r, f.key, f.val)
		case "sources":
			ex.Sources, _ = texts(r, f.key, f.val)
		case "variant_tags":
			ex.VariantTags = parseVariantTags(r, f.val)
		case "pt_clearance":
			ex.PTClearance = parseGate(r, f.val)
		case "figure":
			ex.Figure = parseFigure(r, "figure", f.val, figureFields)
		case "keep_tags":
			ex.KeepTags = parseKeepTags(r, f.val)
		}
	}
	for _, req := range []string{"id", "name", "kind", "positions", "regions", "steps", "dosage"} {
		if !present[req] {
			r.add(req, "missing (required)")
		}
	}
	checkExercise(r, ex, present, haveDosage)
	return ex, probs
}

func parseDosage(r report, n *yaml.Node) (limber.Dosage, bool) {
	var d limber.Dosage
	before := len(*r.probs)
	for _, f := range fields(r, "dosage", n, dosageFields) {
		name := "dosage." + f.key
		switch f.key {
		case "hold_seconds":
			d.HoldSeconds, _ = number(r, name, f.val, 600)
		case "seconds":
			d.Seconds, _ = number(r, name, f.val, 3600)
		case "reps":
			d.Reps, _ = number(r, name, f.val, 50)
		case "sets":
			d.Sets, _ = number(r, name, f.val, 10)
		case "per_side":
			d.PerSide, _ = boolean(r, name, f.val)
		case "rest_seconds":
			d.RestSeconds, _ = number(r, name, f.val, 600)
		case "rep_seconds":
			d.RepSeconds, _ = number(r, name, f.val, 60)
		}
	}
	return d, len(*r.probs) == before
}

// parseGate reads an exercise's own need for a PT's clearance: the reason a
// patient reads and its sources.
func parseGate(r report, n *yaml.Node) *limber.Gate {
	g := &limber.Gate{}
	present := map[string]bool{}
	for _, f := range fields(r, "pt_clearance", n, gateFields) {
		present[f.key] = true
		name := "pt_clearance." + f.key
		switch f.key {
		case "reason":
			g.Reason, _ = text(r, name, f.val)
			if len(g.Reason) > maxTextLen {
				r.add(name, "is %d characters; keep it to %d", len(g.Reason), maxTextLen)
			}
		case "refs":
			g.Refs, _ = texts(r, name, f.val)
			for i, ref := range g.Refs {
				if ref != "" && !limber.ValidRef(ref) {
					r.add(fmt.Sprintf("%s[%d]", name, i), "%q is not a source id (S1..S41, S24b, S28b or E)", ref)
				}
			}
		}
	}
	for _, req := range gateFields {
		if !present[req] {
			r.add("pt_clearance."+req, "missing (required)")
		}
	}
	if present["reason"] && g.Reason == "" {
		r.add("pt_clearance.reason", "is empty: say why the PT must confirm this exercise")
	}
	if present["refs"] && len(g.Refs) == 0 {
		r.add("pt_clearance.refs", "needs at least one source")
	}
	return g
}

func parseVariantTags(r report, n *yaml.Node) map[limber.Position][]limber.Tag {
	out := map[limber.Position][]limber.Tag{}
	for _, f := range fields(r, "variant_tags", n, nil) {
		p, err := limber.ParsePosition(f.key)
		if err != nil {
			r.add("variant_tags."+f.key, "%s", message(err))
			continue
		}
		if f.val.Kind == yaml.ScalarNode && f.val.Tag == "!!null" {
			continue // "semi_reclined:" with nothing after it adds nothing
		}
		out[p] = identifiers(r, "variant_tags."+f.key, f.val, limber.ParseTag)
	}
	return out
}

// atLeastOne reports an empty list where one item is required.
func atLeastOne(r report, f field, what string) {
	if f.val.Kind == yaml.SequenceNode && len(f.val.Content) == 0 {
		r.add(f.key, "needs at least one %s", what)
	}
}

// checkExercise checks what the fields mean together.
func checkExercise(r report, ex *limber.Exercise, present map[string]bool, haveDosage bool) {
	if present["id"] && ex.ID != "" {
		if !kebab.MatchString(ex.ID) {
			r.add("id", "%q must be lowercase kebab-case (letters, digits and single hyphens)", ex.ID)
		} else if base := path.Base(r.file); base != ex.ID+".yaml" {
			r.add("id", "%q does not match the file name: the file must be called %s.yaml", ex.ID, ex.ID)
		}
	} else if present["id"] {
		r.add("id", "is empty")
	}
	if present["name"] && ex.Name == "" {
		r.add("name", "is empty")
	}
	if len(ex.Name) > maxNameLen {
		r.add("name", "is %d characters; keep it to %d", len(ex.Name), maxNameLen)
	}
	if len(ex.Summary) > maxTextLen {
		r.add("summary", "is %d characters; keep it to %d", len(ex.Summary), maxTextLen)
	}
	for i, s := range ex.Steps {
		if len(s) > maxStepLen {
			r.add(fmt.Sprintf("steps[%d]", i), "is %d characters; keep each step to one short action (at most %d)", len(s), maxStepLen)
		}
	}
	for i, s := range ex.Cues {
		if len(s) > maxTextLen {
			r.add(fmt.Sprintf("cues[%d]", i), "is %d characters; keep it to %d", len(s), maxTextLen)
		}
	}
	for p := range ex.VariantTags {
		if !slices.Contains(ex.Positions, p) {
			r.add("variant_tags."+string(p), "position %q is not one of this exercise's positions", p)
		}
	}
	if slices.Contains(ex.Tags, limber.TagHelperPassive) && !ex.Helper {
		r.add("helper", "must be true for an exercise tagged helper_assisted_passive")
	}
	if ex.Figure != nil {
		for p := range ex.Figure.Positions {
			if !slices.Contains(ex.Positions, p) {
				r.add("figure.positions."+string(p), "position %q is not one of this exercise's positions", p)
			}
		}
		if ex.Helper && len(ex.Figure.HelperHolds) == 0 {
			r.add("figure.helper", "missing: a helper exercise's figure shows the helper (helper: {holds: [ankle_r]})")
		}
		if !ex.Helper && len(ex.Figure.HelperHolds) > 0 {
			r.add("figure.helper", "the figure shows a helper but the exercise has helper: false")
		}
	}
	if present["dosage"] && haveDosage {
		d := ex.Dosage
		switch {
		case d.HoldSeconds > 0 && d.Seconds > 0:
			r.add("dosage", "give either hold_seconds (a held exercise) or seconds (a timed one), not both")
		case d.HoldSeconds == 0 && d.Seconds == 0 && d.Reps == 0:
			r.add("dosage", "needs hold_seconds (a held exercise), seconds (a timed one) or reps alone (counted repetitions, such as 10 ankle pumps)")
		case d.HoldSeconds > 0 && d.Reps == 0:
			r.add("dosage.reps", "a held exercise needs at least 1 repetition")
		case d.RepSeconds > 0 && !d.Counted():
			r.add("dosage.rep_seconds", "is the time per repetition of counted repetitions; leave it out with hold_seconds or seconds")
		}
	}
}

// LoadExercises reads every *.yaml file at the top of dir in fsys (other
// files are ignored) and returns the exercises sorted by id. It reports
// every problem of every file, and a repeated id names both files.
func LoadExercises(fsys fs.FS, dir string) ([]*limber.Exercise, error) {
	return LoadExercisesAs(fsys, dir, dir)
}

// LoadExercisesAs is LoadExercises naming the files under label instead of
// dir in problems: the folder as the user typed it.
func LoadExercisesAs(fsys fs.FS, dir, label string) ([]*limber.Exercise, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading exercise folder: %w", err)
	}
	var (
		out   []*limber.Exercise
		probs Problems
		byID  = map[string]string{}
	)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		name := path.Join(label, e.Name())
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			probs = append(probs, Problem{File: name, Message: err.Error()})
			continue
		}
		ex, ps := parseExercise(name, data)
		probs = append(probs, ps...)
		if ex == nil || ex.ID == "" {
			continue
		}
		if other, dup := byID[ex.ID]; dup {
			probs = append(probs, Problem{File: name, Field: "id", Message: fmt.Sprintf("%q is also the id in %s", ex.ID, other)})
			continue
		}
		byID[ex.ID] = name
		if len(ps) == 0 {
			out = append(out, ex)
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	if len(out) == 0 {
		return nil, Problems{{File: label, Message: "no exercise files (*.yaml) found"}}
	}
	slices.SortFunc(out, func(a, b *limber.Exercise) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// message gives the text of a domain error without its field.
func message(err error) string {
	var e *limber.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
