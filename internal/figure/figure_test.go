package figure_test

import (
	"bytes"
	"compress/gzip"
	"flag"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

var update = flag.Bool("update", false, "rewrite the golden SVG files under testdata/")

func shippedData(t testing.TB) *figure.Data {
	t.Helper()
	d, err := library.ShippedFigureData()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func shippedExercises(t testing.TB) map[string]*limber.Exercise {
	t.Helper()
	xs, err := library.LoadExercises(exercises.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*limber.Exercise{}
	for _, x := range xs {
		out[x.ID] = x
	}
	return out
}

// examples are the exercises whose figures prove the format end to end,
// one or more per kind of position.
var examples = []string{
	"single-knee-to-chest", "open-book", "cat-cow", "seated-marching",
	"seated-side-bend", "counter-calf-stretch", "helper-hamstring-stretch",
}

func pose(kv ...any) limber.Pose {
	p := limber.Pose{}
	for i := 0; i+2 < len(kv); i += 3 {
		j, d := kv[i].(string), kv[i+1].(string)
		if p[j] == nil {
			p[j] = map[string]float64{}
		}
		p[j][d] = float64(kv[i+2].(int))
	}
	return p
}

type rowCase struct {
	pos         limber.Position
	start, hold limber.Pose
}

// TestDerivedTagTable checks every row of derived_tags.yaml with a pose
// that shows the tag and a close one that does not.
func TestDerivedTagTable(t *testing.T) {
	d := shippedData(t)
	none := limber.Pose{}
	cases := map[limber.Tag][2]rowCase{
		"neck_flexion": {
			{pos: limber.SeatedChair, hold: pose("neck", "flexion", 12)},
			{pos: limber.SeatedChair, hold: pose("neck", "flexion", 8)}},
		"neck_extension": {
			{pos: limber.SeatedChair, hold: pose("neck", "flexion", -12)},
			{pos: limber.SeatedChair, hold: pose("neck", "flexion", -8)}},
		"neck_rotation": {
			{pos: limber.SeatedChair, hold: pose("neck", "rotation", -20)},
			{pos: limber.SeatedChair, hold: pose("neck", "rotation", 12)}},
		"neck_lateral_flexion": {
			{pos: limber.SeatedChair, hold: pose("neck", "lateral", 12)},
			{pos: limber.SeatedChair, hold: pose("neck", "lateral", -8)}},
		"neck_retraction": {
			{pos: limber.SeatedChair, hold: pose("neck", "retraction", 2)},
			{pos: limber.SeatedChair, hold: pose("neck", "flexion", 5)}},
		"spinal_flexion": {
			{pos: limber.Supine, hold: pose("pelvis", "tilt", 12, "lumbar", "flexion", 12)},
			{pos: limber.Supine, hold: pose("pelvis", "tilt", 6, "lumbar", "flexion", 6)}},
		"spinal_flexion_end_range": {
			{pos: limber.Quadruped, hold: pose("lumbar", "flexion", 20, "thoracic", "flexion", 25)},
			{pos: limber.Quadruped, hold: pose("lumbar", "flexion", 20, "thoracic", "flexion", 20)}},
		"loaded_spinal_flexion": {
			{pos: limber.SeatedUnsupported, hold: pose("lumbar", "flexion", 10, "thoracic", "flexion", 10)},
			{pos: limber.Supine, hold: pose("pelvis", "tilt", 20, "lumbar", "flexion", 20)}},
		"spinal_extension": {
			{pos: limber.Prone, hold: pose("lumbar", "flexion", -12)},
			{pos: limber.Prone, hold: pose("lumbar", "flexion", -8)}},
		"spinal_extension_end_range": {
			{pos: limber.Prone, hold: pose("lumbar", "flexion", -15, "thoracic", "flexion", -12)},
			{pos: limber.Prone, hold: pose("lumbar", "flexion", -12, "thoracic", "flexion", -10)}},
		"thoracic_extension": {
			{pos: limber.SeatedChair, hold: pose("thoracic", "flexion", -12)},
			{pos: limber.SeatedChair, hold: pose("thoracic", "flexion", -12, "lumbar", "flexion", -12)}},
		"spinal_rotation": {
			{pos: limber.SeatedChair, hold: pose("thoracic", "rotation", 12)},
			{pos: limber.SeatedChair, hold: pose("thoracic", "rotation", 8)}},
		"spinal_rotation_end_range": {
			{pos: limber.SeatedChair, hold: pose("thoracic", "rotation", 25, "lumbar", "rotation", 12)},
			{pos: limber.SeatedChair, hold: pose("thoracic", "rotation", 25, "lumbar", "rotation", 5)}},
		"flexion_with_rotation": {
			{pos: limber.Supine, hold: pose("pelvis", "tilt", 12, "lumbar", "flexion", 12, "thoracic", "rotation", 12)},
			{pos: limber.Supine, start: pose("pelvis", "tilt", 12, "lumbar", "flexion", 12), hold: pose("pelvis", "tilt", 0, "lumbar", "flexion", 0, "thoracic", "rotation", 12)}},
		"spinal_lateral_flexion": {
			{pos: limber.SeatedChair, hold: pose("thoracic", "lateral", -12)},
			{pos: limber.SeatedChair, hold: pose("thoracic", "lateral", -8)}},
		"hip_rom": {
			{pos: limber.SeatedChair, hold: pose("hip_r", "flexion", 10)},
			{pos: limber.SeatedChair, hold: pose("hip_r", "flexion", -8)}},
		"hip_flexion_past_90": {
			{pos: limber.SeatedChair, hold: pose("hip_l", "flexion", 5)},
			{pos: limber.SeatedChair, hold: pose("hip_l", "flexion", -5)}},
		"hip_adduction_past_midline": {
			{pos: limber.Supine, hold: pose("hip_l", "abduction", -8)},
			{pos: limber.SideLying, hold: pose("hip_l", "abduction", 0)}},
		"hip_internal_rotation": {
			{pos: limber.SeatedChair, hold: pose("hip_r", "rotation", 12)},
			{pos: limber.SeatedChair, hold: pose("hip_r", "rotation", 8)}},
		"hip_external_rotation_end_range": {
			{pos: limber.Supine, hold: pose("hip_r", "rotation", -45)},
			{pos: limber.Supine, hold: pose("hip_r", "rotation", -35)}},
		"hip_extension_end_range": {
			{pos: limber.StandingSupported, hold: pose("hip_r", "flexion", -12)},
			{pos: limber.StandingSupported, hold: pose("hip_r", "flexion", -8)}},
		"sciatic_nerve_tension": {
			{pos: limber.Supine, hold: pose("hip_r", "flexion", 50)},
			{pos: limber.Supine, hold: pose("hip_r", "flexion", 50, "knee_r", "flexion", 30)}},
		"single_leg_stance": {
			{pos: limber.StandingSupported, hold: pose("hip_r", "flexion", 30, "knee_r", "flexion", 60, "ankle_r", "dorsiflexion", 30)},
			{pos: limber.StandingSupported, hold: pose("hip_r", "flexion", 30, "knee_r", "flexion", 60, "hip_l", "flexion", 30, "knee_l", "flexion", 60)}},
		"overhead_reach": {
			{pos: limber.SeatedChair, hold: pose("shoulder_r", "flexion", 150, "elbow_r", "flexion", -55)},
			{pos: limber.SeatedChair, hold: pose("shoulder_r", "flexion", 65, "elbow_r", "flexion", -55)}},
		"reach_outside_base": {
			{pos: limber.SeatedChair, hold: pose("lumbar", "lateral", 35, "thoracic", "lateral", 35)},
			{pos: limber.SeatedChair, hold: pose("lumbar", "lateral", 5, "thoracic", "lateral", 5)}},
		"abdominal_loading": {
			{pos: limber.Supine, hold: pose("hip_l", "flexion", 20, "hip_r", "flexion", 20)},
			{pos: limber.Supine, hold: pose("hip_r", "flexion", 20)}},
	}
	for _, row := range d.Rows {
		c, ok := cases[row.Tag]
		if !ok {
			t.Errorf("row %s has no test case", row.Tag)
			continue
		}
		for i, want := range []bool{true, false} {
			rc := c[i]
			if rc.start == nil {
				rc.start = none
			}
			ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{rc.pos},
				Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Start: rc.start, Hold: rc.hold}}
			v, err := d.Resolve(ex, rc.pos, figure.Right)
			if err != nil {
				t.Fatal(err)
			}
			var got *figure.Finding
			for _, f := range d.Derive(v) {
				if f.Tag == row.Tag {
					got = &f
				}
			}
			if (got != nil) != want {
				t.Errorf("%s, %s case in %s: derived %v, want %v (%v)", row.Tag, []string{"positive", "negative"}[i], rc.pos, got != nil, want, d.Derive(v))
			}
		}
	}
}

// TestBasePostures keeps every base posture honest: feet on the floor (or
// the footplate) when seated or standing, the body out of the furniture,
// every contact touching, and no tag shown by the posture alone beyond
// the ones the table names for it.
func TestBasePostures(t *testing.T) {
	d := shippedData(t)
	expected := map[limber.Position][]limber.Tag{
		limber.LongSittingFloor: {"sciatic_nerve_tension"},
		limber.Prone:            {"neck_flexion"},
	}
	for _, p := range limber.Positions {
		ex := &limber.Exercise{ID: "base", Name: "Base", Positions: []limber.Position{p}, Figure: &limber.FigureSpec{}}
		v, err := d.Resolve(ex, p, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		if c := figure.Collisions(v); len(c) > 0 {
			t.Errorf("%s: the body is in the furniture: %v", p, c)
		}
		if c := figure.DebugContacts(v); len(c) > 0 {
			t.Errorf("%s: contacts that do not touch (frame:part->prop:cm): %v", p, c)
		}
		if f := p.Family(); f == limber.FamilySeated || f == limber.FamilyStanding {
			for foot, gap := range figure.FeetDown(v, 0) {
				if gap > 0.02 || gap < -0.03 {
					t.Errorf("%s: %s is %.0f cm from the floor", p, foot, gap*170)
				}
			}
		}
		var got []limber.Tag
		for _, f := range d.Derive(v) {
			got = append(got, f.Tag)
		}
		if !slices.Equal(got, expected[p]) {
			t.Errorf("%s: the base posture shows %v, want %v", p, got, expected[p])
		}
	}
}

// TestShippedFigures: every shipped exercise with a figure (the examples
// among them) passes the check with its shipped tags, stays out of the
// furniture with its feet down, and removing any tag its figure derives
// makes the check refuse it, naming the tag, the frame and the angle.
func TestShippedFigures(t *testing.T) {
	d := shippedData(t)
	xs := shippedExercises(t)
	for _, id := range examples {
		if xs[id] == nil || xs[id].Figure == nil {
			t.Fatalf("%s: missing or without a figure", id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(xs)) {
		ex := xs[id]
		if ex.Figure == nil {
			continue
		}
		if probs, warns := d.CheckExercise(ex); len(probs)+len(warns) > 0 {
			t.Errorf("%s: %v %v", id, probs, warns)
		}
		derivable := map[limber.Tag]bool{}
		for _, p := range ex.Positions {
			for _, s := range figure.Sides(ex) {
				v, _ := d.Resolve(ex, p, s)
				if c := figure.Collisions(v); len(c) > 0 {
					t.Errorf("%s %s %s: %v", id, p, s, c)
				}
				if f := p.Family(); f == limber.FamilySeated || f == limber.FamilyStanding {
					gap := figure.FeetDown(v, 0)
					if gap["foot_l"] > 0.02 && gap["foot_r"] > 0.02 {
						t.Errorf("%s %s: both feet off the floor in the start", id, p)
					}
				}
				for _, f := range d.Derive(v) {
					derivable[f.Tag] = true
				}
			}
		}
		for _, tag := range ex.Tags {
			if !derivable[tag] {
				continue
			}
			cut := *ex
			cut.Tags = slices.DeleteFunc(slices.Clone(ex.Tags), func(x limber.Tag) bool { return x == tag })
			probs, _ := d.CheckExercise(&cut)
			found := false
			for _, m := range probs {
				if strings.Contains(m, "the figure shows "+string(tag)+" (") && strings.Contains(m, "in frame") || strings.Contains(m, "the figure shows "+string(tag)+" (") && strings.Contains(m, "between") || strings.Contains(m, "the figure shows "+string(tag)+" (position") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s without %s: not refused: %v", id, tag, probs)
			}
		}
	}
}

// TestLeaningBackOnTheChairStaysInsideTheBase: a trunk that arches back
// against a backrest is held by it, so the small lean behind the hips
// is not a reach outside the base; on a stool, with nothing behind, it is.
func TestLeaningBackOnTheChairStaysInsideTheBase(t *testing.T) {
	d := shippedData(t)
	arch := pose("lumbar", "flexion", -14, "thoracic", "flexion", -6)
	for pos, want := range map[limber.Position]bool{limber.SeatedChair: false, limber.SeatedUnsupported: true} {
		ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{pos},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Start: limber.Pose{}, Hold: arch}}
		v, err := d.Resolve(ex, pos, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(d.Derive(v), func(f figure.Finding) bool { return f.Tag == "reach_outside_base" })
		if got != want {
			t.Errorf("%s: arching back shows reach_outside_base %v, want %v", pos, got, want)
		}
	}
}

// TestALeanFromTheHipsLeavesTheLegsUnworked: a seated lean tips the pelvis
// over still thighs (the hip angles change with it); the legs do not move
// and are not drawn as the worked part, while a lifted knee is; the
// leaning trunk is outlined as the part that moves.
func TestALeanFromTheHipsLeavesTheLegsUnworked(t *testing.T) {
	d := shippedData(t)
	lean := pose("pelvis", "tilt", -20, "hip_l", "flexion", 20, "hip_r", "flexion", 20)
	for name, c := range map[string]struct {
		hold limber.Pose
		want bool
	}{"lean": {lean, false}, "knee lift": {pose("hip_r", "flexion", 20), true}} {
		ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.SeatedChair},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Start: limber.Pose{}, Hold: c.hold}}
		v, err := d.Resolve(ex, limber.SeatedChair, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		svg := v.SVG(figure.Style{})
		if got := figure.HasText(svg, `fgw"`); got != c.want {
			t.Errorf("%s: a limb drawn as worked %v, want %v", name, got, c.want)
		}
		if got := figure.HasText(svg, `fg5 fgo"`); got == c.want {
			t.Errorf("%s: the trunk outlined as moving %v, want %v", name, got, !c.want)
		}
	}
}

// TestFaceDownChestLiftIsNotACurl: face down, a chest lifted on the
// forearms raises the head and shoulders off the bed by extending the
// back; it is not the head lifted into flexion, nor an abdominal curl,
// which lifting the head and shoulders face up still is.
func TestFaceDownChestLiftIsNotACurl(t *testing.T) {
	d := shippedData(t)
	for _, c := range []struct {
		pos  limber.Position
		hold limber.Pose
		want bool
	}{
		{limber.Prone, pose("lumbar", "flexion", -16, "thoracic", "flexion", -8), false},
		{limber.Supine, pose("thoracic", "flexion", 30), true},
	} {
		ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{c.pos},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Start: limber.Pose{}, Hold: c.hold}}
		v, err := d.Resolve(ex, c.pos, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range d.Derive(v) {
			if f.Tag == "abdominal_loading" || f.Tag == "neck_flexion" && strings.Contains(f.Evidence, "above its rest") {
				got = append(got, string(f.Tag))
			}
		}
		if (len(got) == 2) != c.want || len(got) == 1 {
			t.Errorf("%s: lifting head and shoulders shows %v, want both %v", c.pos, got, c.want)
		}
	}
}

// TestHandsInFrontOfARaisedChestAreNotOverhead: face down with the chest
// pushed up, the hands on the bed lie beyond the head along the body's
// length but below it along the trunk: not an overhead reach. Arms
// reaching past the head face down still are.
func TestHandsInFrontOfARaisedChestAreNotOverhead(t *testing.T) {
	d := shippedData(t)
	press := pose("lumbar", "flexion", -30, "thoracic", "flexion", -18, "shoulder_l", "flexion", -70, "shoulder_r", "flexion", -70, "elbow_l", "flexion", -50, "elbow_r", "flexion", -50)
	reach := pose("shoulder_r", "flexion", 10, "shoulder_r", "abduction", -40, "elbow_r", "flexion", -120)
	for name, c := range map[string]struct {
		hold limber.Pose
		want bool
	}{"press-up": {press, false}, "arm past the head": {reach, true}} {
		ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.Prone},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Start: limber.Pose{}, Hold: c.hold}}
		v, err := d.Resolve(ex, limber.Prone, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(d.Derive(v), func(f figure.Finding) bool { return f.Tag == "overhead_reach" })
		if got != c.want {
			t.Errorf("%s: overhead_reach %v, want %v (%v)", name, got, c.want, d.Derive(v))
		}
	}
}

func TestStandingSupportedNeedsAHandOnASupport(t *testing.T) {
	d := shippedData(t)
	ex := &limber.Exercise{ID: "let-go", Name: "Let go", Positions: []limber.Position{limber.StandingSupported},
		Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1},
		Figure: &limber.FigureSpec{
			Start:    pose("shoulder_l", "flexion", -40, "shoulder_r", "flexion", -40, "elbow_l", "flexion", -5, "elbow_r", "flexion", -5),
			Contacts: map[string]string{"hand_l": "none", "hand_r": "none"}}}
	probs, _ := d.CheckExercise(ex)
	if len(probs) != 1 || !strings.Contains(probs[0], "the figure stands with nothing to hold in frame start") {
		t.Fatalf("got %v", probs)
	}
	ex.Figure.Contacts = nil
	if probs, _ := d.CheckExercise(ex); len(probs) != 0 {
		t.Fatalf("hands on the counter refused: %v", probs)
	}
}

func TestDeclaredTagNotShownWarnsUnlessKept(t *testing.T) {
	d := shippedData(t)
	ex := shippedExercises(t)["helper-hamstring-stretch"]
	if _, warns := d.CheckExercise(ex); len(warns) != 0 {
		t.Fatalf("kept tag still warns: %v", warns)
	}
	cut := *ex
	cut.KeepTags = nil
	_, warns := d.CheckExercise(&cut)
	if len(warns) != 1 || !strings.Contains(warns[0], "hip_flexion_past_90 is declared but the figure does not show it") {
		t.Fatalf("got %v", warns)
	}
	none := *ex
	none.Figure = nil
	if _, warns := d.CheckExercise(&none); len(warns) != 1 || !strings.Contains(warns[0], "no figure") {
		t.Fatalf("got %v", warns)
	}
}

// The other side is the same pose with left and right swapped and the
// spine's turn reversed, drawn anew from the other side.
func TestOtherSideSwapsValues(t *testing.T) {
	d := shippedData(t)
	ex := shippedExercises(t)["open-book"]
	r, _ := d.Resolve(ex, limber.SideLying, figure.Right)
	l, _ := d.Resolve(ex, limber.SideLying, figure.Left)
	pr, pl := figure.PoseOf(r, 1), figure.PoseOf(l, 1)
	if pr["shoulder_r"]["abduction"] != pl["shoulder_l"]["abduction"] || pl["shoulder_r"]["abduction"] == pr["shoulder_r"]["abduction"] {
		t.Errorf("shoulders not swapped: %v / %v", pr["shoulder_r"], pl["shoulder_l"])
	}
	if pr["thoracic"]["rotation"] != -pl["thoracic"]["rotation"] {
		t.Errorf("rotation not reversed: %v / %v", pr["thoracic"], pl["thoracic"])
	}
	sr, _ := d.Render(ex, limber.SideLying, figure.Right, figure.Style{})
	sl, _ := d.Render(ex, limber.SideLying, figure.Left, figure.Style{})
	if bytes.Equal(sr, sl) || !figure.HasText(sl, "left side") || !figure.HasText(sr, "right side") {
		t.Error("the two sides draw the same picture or the title lacks the side")
	}
}

func TestPhasesFollowTheDosage(t *testing.T) {
	names := func(tl figure.Timeline) string {
		var s []string
		for _, p := range tl.Loop {
			s = append(s, p.Name)
		}
		return strings.Join(s, " ")
	}
	held := figure.Phases(limber.Dosage{HoldSeconds: 30, Reps: 2}, false)
	if names(held) != "move hold return rest" || held.Loop[1].Seconds != 30 {
		t.Errorf("held: %+v", held)
	}
	if figure.Phases(limber.Dosage{HoldSeconds: 30, Reps: 2}, true).Loop[1].Seconds != 4 {
		t.Error("a looping figure does not shorten a long hold")
	}
	counted := figure.Phases(limber.Dosage{Reps: 8, RepSeconds: 6}, false)
	if names(counted) != "up top down rest" || counted.Loop[0].Seconds != 3 {
		t.Errorf("counted: %+v", counted)
	}
	if names(figure.Phases(limber.Dosage{Reps: 8}, false)) != "up top down rest" {
		t.Error("counted without rep_seconds")
	}
	if names(figure.Phases(limber.Dosage{Seconds: 120}, false)) != "in top out rest" {
		t.Error("timed")
	}
}

// TestGoldenSVGs draws every variant of the examples (and a placeholder,
// the pair and the print style) and compares with testdata/; go test
// -run Golden -update rewrites them after a deliberate change.
func TestGoldenSVGs(t *testing.T) {
	d := shippedData(t)
	xs := shippedExercises(t)
	type job struct {
		name string
		ex   *limber.Exercise
		p    limber.Position
		s    figure.Side
		st   figure.Style
	}
	var jobs []job
	// The placeholder: a shipped exercise with its figure taken away.
	bare := *xs["ankle-pumps-and-circles"]
	bare.Figure = nil
	for _, id := range examples {
		ex := xs[id]
		for _, p := range ex.Positions {
			for _, s := range figure.Sides(ex) {
				jobs = append(jobs, job{id + "--" + string(p) + "--" + string(s), ex, p, s, figure.Style{}})
			}
		}
	}
	jobs = append(jobs,
		job{"single-knee-to-chest--pair--print", xs["single-knee-to-chest"], limber.Supine, figure.Right, figure.Style{Theme: "print", Layout: "pair"}},
		job{"cat-cow--still--hc", xs["cat-cow"], limber.Quadruped, figure.Right, figure.Style{Theme: "hc", Layout: "still"}},
		job{"placeholder--ankle-pumps-and-circles", &bare, bare.Positions[0], figure.Right, figure.Style{}},
	)
	for _, j := range jobs {
		got, err := d.Render(j.ex, j.p, j.s, j.st)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := d.Render(j.ex, j.p, j.s, j.st)
		if !bytes.Equal(got, again) {
			t.Errorf("%s: two drawings differ", j.name)
		}
		for _, want := range []string{`role="img"`, "<title", "<desc"} {
			if !bytes.Contains(got, []byte(want)) {
				t.Errorf("%s: lacks %s", j.name, want)
			}
		}
		file := filepath.Join("testdata", j.name+".svg")
		if *update {
			if err := os.WriteFile(file, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/figure -run Golden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update after a deliberate change)", j.name, file)
		}
	}
}

// A variant's figure, every frame, stays a few KB once compressed.
func TestFigureSize(t *testing.T) {
	d := shippedData(t)
	xs := shippedExercises(t)
	for _, id := range examples {
		ex := xs[id]
		for _, p := range ex.Positions {
			svg, _ := d.Render(ex, p, figure.Right, figure.Style{})
			if n := gzipLen(svg); n > 6000 {
				t.Errorf("%s %s: %d bytes gzipped", id, p, n)
			}
		}
	}
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// BenchmarkDrawExamples draws every variant (each side) of the examples.
func BenchmarkDrawExamples(b *testing.B) {
	d := shippedData(b)
	xs := shippedExercises(b)
	raw, gz, n := 0, 0, 0
	for i := 0; i < b.N; i++ {
		n = 0
		for _, id := range examples {
			ex := xs[id]
			for _, p := range ex.Positions {
				for _, s := range figure.Sides(ex) {
					svg, err := d.Render(ex, p, s, figure.Style{})
					if err != nil {
						b.Fatal(err)
					}
					if i == 0 {
						raw += len(svg)
						gz += gzipLen(svg)
					}
					n++
				}
			}
		}
	}
	b.ReportMetric(float64(n), "figures/op")
	b.ReportMetric(float64(raw)/float64(n), "rawB/figure")
	b.ReportMetric(float64(gz)/float64(n), "gzipB/figure")
}

// BenchmarkDrawLibrary draws every variant of the shipped library, each
// side (placeholders where an exercise has no figure yet).
func BenchmarkDrawLibrary(b *testing.B) {
	d := shippedData(b)
	xs := shippedExercises(b)
	for i := 0; i < b.N; i++ {
		for _, ex := range xs {
			for _, p := range ex.Positions {
				for _, s := range figure.Sides(ex) {
					if _, err := d.Render(ex, p, s, figure.Style{}); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
}

// TestShoulderGlides checks a shrug and a shoulder-blade squeeze move the
// shoulder point itself (cm), so they can be drawn, and mark the arm worked.
func TestShoulderGlides(t *testing.T) {
	d := shippedData(t)
	ex := *shippedExercises(t)["seated-marching"]
	ex.Dosage.PerSide = false
	rest := ex
	rest.Figure = &limber.FigureSpec{View: "front", Start: limber.Pose{}, Hold: limber.Pose{}}
	up := ex
	up.Figure = &limber.FigureSpec{View: "front", Start: limber.Pose{}, Hold: pose("shoulder_r", "elevation", 4, "shoulder_l", "retraction", 3)}
	vr, _ := d.Resolve(&rest, limber.SeatedChair, figure.Right)
	vu, _ := d.Resolve(&up, limber.SeatedChair, figure.Right)
	a, b := figure.DebugPoints(vr), figure.DebugPointsKey(vu, 1)
	if dy := (b["shoulder_r"][1] - a["shoulder_r"][1]) * 170; dy < 3.5 || dy > 4.5 {
		t.Errorf("a 4 cm shrug raised the shoulder %.1f cm", dy)
	}
	if dx := (a["shoulder_l"][0] - b["shoulder_l"][0]) * 170; dx < 2.5 || dx > 3.5 {
		t.Errorf("a 3 cm retraction drew the shoulder back %.1f cm", dx)
	}
	svg, err := d.Render(&up, limber.SeatedChair, figure.Right, figure.Style{})
	if err != nil || !figure.HasText(svg, `class="fg2 fgw"`) {
		t.Errorf("a shrug does not mark the arm worked (err %v)", err)
	}
}

// A chin tuck moves the head a few cm, not degrees: a retraction of 1 cm
// or more draws the head as the worked part, less does not.
func TestRetractionDrawsTheHeadWorked(t *testing.T) {
	d := shippedData(t)
	for _, c := range []struct {
		cm   int
		want bool
	}{{3, true}, {0, false}} {
		ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.SeatedChair},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Hold: pose("neck", "retraction", c.cm)}}
		svg, err := d.Render(ex, limber.SeatedChair, figure.Right, figure.Style{})
		if err != nil {
			t.Fatal(err)
		}
		if got := figure.HasText(svg, `class="fghw"`); got != c.want {
			t.Errorf("retraction %d cm: head drawn worked %v, want %v", c.cm, got, c.want)
		}
	}
}

// A hand the figure takes off the counter (to hold the ankle) leaves it on
// both sides: on the left side it is the left hand that holds the left
// ankle, and the right hand stays on the counter.
func TestAHandThatHoldsLeavesItsSupportOnBothSides(t *testing.T) {
	d := shippedData(t)
	ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.StandingSupported},
		Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1, PerSide: true},
		Figure: &limber.FigureSpec{Hold: pose("hip_r", "flexion", -8, "knee_r", "flexion", 115, "ankle_r", "dorsiflexion", -30), Contacts: map[string]string{"hand_r": "ankle_r"}}}
	for _, s := range figure.Sides(ex) {
		v, err := d.Resolve(ex, limber.StandingSupported, s)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range figure.DebugContacts(v) {
			if strings.HasPrefix(c, "hold:hand") {
				t.Errorf("%s side: a hand misses what it holds: %s", s, c)
			}
		}
	}
}

// The pelvis's forward, up and side (cm) move the whole body in the room,
// and side goes to the other side with the other side.
func TestPelvisShiftMovesTheBody(t *testing.T) {
	d := shippedData(t)
	ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.Kneeling},
		Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1, PerSide: true},
		Figure: &limber.FigureSpec{Start: pose("pelvis", "forward", -17, "pelvis", "up", -34, "pelvis", "side", 17)}}
	base := &limber.Exercise{ID: "b", Name: "B", Positions: []limber.Position{limber.Kneeling}, Figure: &limber.FigureSpec{}}
	b0, _ := d.Resolve(base, limber.Kneeling, figure.Right)
	want := figure.DebugPoints(b0)["pelvis"]
	for s, z := range map[figure.Side]float64{figure.Right: 0.1, figure.Left: -0.1} {
		v, err := d.Resolve(ex, limber.Kneeling, s)
		if err != nil {
			t.Fatal(err)
		}
		got := figure.DebugPoints(v)["pelvis"]
		if math.Abs(got[0]-(want[0]-0.1)) > 1e-9 || math.Abs(got[1]-(want[1]-0.2)) > 1e-9 || math.Abs(got[2]-(want[2]+z)) > 1e-9 {
			t.Errorf("%s side: pelvis at %v, base %v", s, got, want)
		}
	}
}

// Both legs lifted while lying load the abdomen, unless the hands hold
// them up (a thigh resting on a hand).
func TestLegsHeldByTheHandsAreNotAbdominalLoading(t *testing.T) {
	d := shippedData(t)
	lift := pose("hip_l", "flexion", 110, "knee_l", "flexion", 120, "hip_r", "flexion", 110, "knee_r", "flexion", 120,
		"shoulder_l", "flexion", 60, "shoulder_r", "flexion", 60)
	for _, c := range []struct {
		contacts map[string]string
		want     bool
	}{
		{map[string]string{"hand_l": "thigh_l", "hand_r": "thigh_r", "thigh_l": "hand_l", "thigh_r": "hand_r"}, false},
		{map[string]string{}, true},
	} {
		ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.Supine},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1}, Figure: &limber.FigureSpec{Hold: lift, Contacts: c.contacts}}
		v, err := d.Resolve(ex, limber.Supine, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(d.Derive(v), func(f figure.Finding) bool { return f.Tag == "abdominal_loading" })
		if got != c.want {
			t.Errorf("contacts %v: abdominal_loading %v, want %v (%v)", c.contacts, got, c.want, d.Derive(v))
		}
	}
}

// A foot is as wide as a foot: standing on the left leg, the trunk leaning
// a little over it and the foot turned in a little, the trunk's centre is
// over the base of support (heel and toe are on the foot's centre line).
func TestTheBaseOfSupportHasTheFootsWidth(t *testing.T) {
	d := shippedData(t)
	ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.StandingSupported},
		Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1},
		Figure: &limber.FigureSpec{Hold: pose("lumbar", "lateral", -9, "hip_l", "rotation", 9, "hip_r", "flexion", -8, "knee_r", "flexion", 115, "ankle_r", "dorsiflexion", -30),
			Contacts: map[string]string{"hand_r": "ankle_r"}}}
	v, err := d.Resolve(ex, limber.StandingSupported, figure.Right)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(d.Derive(v), func(f figure.Finding) bool { return f.Tag == "reach_outside_base" }) {
		t.Errorf("standing over one foot derives reach_outside_base: %v", d.Derive(v))
	}
}

// no_props leaves out the position's own prop, not the one the figure puts
// in its place (the bed moved to one side, so a leg can hang over its edge).
func TestNoPropsKeepsTheFiguresOwn(t *testing.T) {
	d := shippedData(t)
	ex := &limber.Exercise{ID: "t", Name: "T", Positions: []limber.Position{limber.Supine},
		Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1},
		Figure: &limber.FigureSpec{NoProps: []string{"bed"}, Props: []limber.FigureProp{{Kind: "bed", At: []float64{-0.62, 0.3, -0.26}}}}}
	v, err := d.Resolve(ex, limber.Supine, figure.Right)
	if err != nil {
		t.Fatal(err)
	}
	var beds []float64
	for _, p := range v.Props {
		if p.Kind == "bed" {
			beds = append(beds, p.At[2])
		}
	}
	if len(beds) != 1 || beds[0] != -0.26 {
		t.Errorf("beds at z %v, want one at -0.26", beds)
	}
}
