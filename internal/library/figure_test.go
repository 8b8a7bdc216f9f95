package library_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

const figureBlock = `figure:
  view: side
  props: [strap, {prop: wall, at: [-0.2, 0, 0]}]
  start: {hip_l: {flexion: 45}, knee_l: {flexion: 90}, hip_r: {flexion: 45}, knee_r: {flexion: 90}}
  hold: {hip_l: {abduction: 5}, hip_r: {abduction: -5}, lumbar: {rotation: 15}}
  contacts: {hand_r: strap, strap: foot_r}
  positions:
    semi_reclined: {hold: {lumbar: {rotation: 12}}}
keep_tags:
  spinal_rotation: Kept while the PT checks the range.
`

func TestFigureBlockIsRead(t *testing.T) {
	ex, probs := library.ParseExercise("knee-rolls.yaml", []byte(goodExercise+figureBlock))
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	f := ex.Figure
	if f == nil || f.View != "side" || len(f.Props) != 2 || f.Props[1].Kind != "wall" || f.Props[1].At[0] != -0.2 {
		t.Fatalf("figure %+v", f)
	}
	if f.Start["knee_r"]["flexion"] != 90 || f.Hold["hip_r"]["abduction"] != -5 || f.Contacts["strap"] != "foot_r" {
		t.Fatalf("keyframes %+v %+v", f.Start, f.Hold)
	}
	semi := f.For(limber.SemiReclined)
	if semi.Hold["lumbar"]["rotation"] != 12 || semi.Hold["hip_r"]["abduction"] != -5 {
		t.Fatalf("override not laid over the figure: %+v", semi.Hold)
	}
	if ex.KeepTags["spinal_rotation"] == "" {
		t.Fatal("keep_tags not read")
	}
}

func TestFigureBlockProblems(t *testing.T) {
	bad := `figure:
  view: sideways
  props: [trampoline]
  start: {hip_x: {flexion: 10}, knee_l: {abduction: 5}, neck: {flexion: 400}}
  contacts: {elbow_x: bed, hand_l: sofa}
  pulls: [twist]
  helper: {holds: [toe_x]}
  positions:
    prone: {start: {}}
keep_tags:
  spinal_twist: because
  hip_rom: ""
`
	_, probs := library.ParseExercise("knee-rolls.yaml", []byte(goodExercise+bad))
	got := probs.Error()
	for _, want := range []string{
		`knee-rolls.yaml: figure.view: "sideways" is not a view; valid: side, front, above`,
		`knee-rolls.yaml: figure.props[0]: "trampoline" is not a prop; valid: bed,`,
		`knee-rolls.yaml: figure.start.hip_x: unknown field; valid: pelvis, lumbar,`,
		`knee-rolls.yaml: figure.start.knee_l.abduction: unknown field; valid: flexion`,
		`knee-rolls.yaml: figure.start.neck.flexion: 400 is out of range -180 to 180`,
		`knee-rolls.yaml: figure.contacts.elbow_x: "elbow_x" is not a body point`,
		`knee-rolls.yaml: figure.contacts.hand_l: "sofa" is not a prop, a body point, floor or none`,
		`knee-rolls.yaml: figure.pulls[0]: "twist" is not a pull; valid: flexion, extension, rotation`,
		`knee-rolls.yaml: figure.helper.holds[0]: "toe_x" is not a body point`,
		`knee-rolls.yaml: figure.helper: the figure shows a helper but the exercise has helper: false`,
		`knee-rolls.yaml: figure.positions.prone: position "prone" is not one of this exercise's positions`,
		`knee-rolls.yaml: keep_tags.spinal_twist: unknown tag`,
		`knee-rolls.yaml: keep_tags.hip_rom: is empty: say why the tag stays`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestHelperExerciseNeedsAHelperInItsFigure(t *testing.T) {
	src := strings.Replace(goodExercise, "helper: false", "helper: true", 1) + "figure:\n  hold: {hip_r: {flexion: 40}}\n"
	_, probs := library.ParseExercise("knee-rolls.yaml", []byte(src))
	if !strings.Contains(probs.Error(), "figure.helper: missing: a helper exercise's figure shows the helper") {
		t.Fatal(probs)
	}
}

func TestFigureDataIsChecked(t *testing.T) {
	if _, err := library.ShippedFigureData(); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"postures.yaml":     {Data: []byte("postures:\n  supine:\n    pelvis: {at: [0, 0.3], tilt: 90}\n    props: [{prop: sofa}]\n  lying: {}\n")},
		"derived_tags.yaml": {Data: []byte("derived_tags:\n  - tag: neck_flexion\n    source: Z9\n    any: [{joint: neck, dof: twist, min: 10}, {test: wobble}]\n")},
	}
	_, err := library.LoadFigureData(fsys, ".")
	got := err.Error()
	for _, want := range []string{
		"postures.yaml: postures.supine.pelvis.at: line 3: expected a list of 3 numbers",
		`postures.yaml: postures.supine.props[0]: "sofa" is not a prop`,
		`postures.yaml: postures.lying: unknown position "lying"`,
		"postures.yaml: postures: seated_chair: missing: every position needs a base posture",
		`derived_tags.yaml: derived_tags[0].source: "Z9" is not a source id`,
		`derived_tags.yaml: derived_tags[0].any[0]: joint "neck" with dof "twist" is not in the skeleton`,
		`derived_tags.yaml: derived_tags[0].any[1].test: "wobble" is not a test`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

// The rules loader leaves the figure files to the figure loader, and a
// clinic's rules folder without them gets the built-in figure data.
func TestRulesFolderHoldsFigureData(t *testing.T) {
	if _, err := library.LoadRules(exercises.FS, exercises.RulesDir); err != nil {
		t.Fatal(err)
	}
	rules, _ := exercises.FS.ReadFile("rules/global.yaml")
	own := fstest.MapFS{"global.yaml": {Data: rules}}
	d, err := library.LoadFigureDataOrShipped(own, ".")
	if err != nil || len(d.Rows) == 0 {
		t.Fatalf("%v %v", d, err)
	}
}

// The engine refuses a library whose figure shows a tag it lacks, as
// `limber exercises check` does.
func TestEngineRefusesAnUndertaggedFigure(t *testing.T) {
	src := strings.Replace(goodExercise, "tags: [spinal_rotation, hip_rom]", "tags: [hip_rom]", 1) +
		"figure:\n  start: {hip_l: {flexion: 45}, knee_l: {flexion: 90}, hip_r: {flexion: 45}, knee_r: {flexion: 90}}\n  hold: {hip_r: {flexion: 60}, thoracic: {rotation: 20}}\n"
	_, err := library.LoadEngine(fstest.MapFS{"knee-rolls.yaml": {Data: []byte(src)}}, ".", exercises.FS, exercises.RulesDir)
	if err == nil || !strings.Contains(err.Error(), "knee-rolls.yaml: figure: supine: the figure shows spinal_rotation (spine rotation 20° in frame hold); tags lack it") {
		t.Fatalf("got %v", err)
	}
}
