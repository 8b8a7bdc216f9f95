package figure_test

import (
	"bytes"
	"compress/gzip"
	"flag"
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
			{pos: limber.SeatedChair, hold: pose("lumbar", "lateral", 30, "thoracic", "lateral", 30)},
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

// TestExampleFigures: each example's figure passes the check with its
// shipped tags, stays out of the furniture with its feet down, and
// removing any tag its figure derives makes the check refuse it, naming
// the tag, the frame and the angle.
func TestExampleFigures(t *testing.T) {
	d := shippedData(t)
	xs := shippedExercises(t)
	for _, id := range examples {
		ex := xs[id]
		if ex == nil || ex.Figure == nil {
			t.Fatalf("%s: missing or without a figure", id)
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
		job{"placeholder--ankle-pumps-and-circles", xs["ankle-pumps-and-circles"], xs["ankle-pumps-and-circles"].Positions[0], figure.Right, figure.Style{}},
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
