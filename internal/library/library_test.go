package library_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

const goodExercise = `id: knee-rolls
name: Knee rolls
kind: mobility
summary: Roll both knees gently from side to side.
positions: [supine, semi_reclined]
tags: [spinal_rotation, hip_rom]
regions: [low_back, hips]
helper: false
dosage:
  hold_seconds: 5
  reps: 5
  sets: 1
  per_side: true
  rest_seconds: 15
steps:
  - Lie on your back with both knees bent.
  - Let both knees sway slowly to one side.
cues: [Keep both shoulders on the bed.]
sources: [NMSS stretching manual]
restricted: false
variant_tags:
  semi_reclined: []
`

func TestShippedLibrary(t *testing.T) {
	xs, err := library.LoadExercises(exercises.FS, ".")
	if err != nil {
		t.Fatalf("the shipped library has problems:\n%v", err)
	}
	if len(xs) < 70 {
		t.Errorf("%d exercises; the library needs at least 70", len(xs))
	}
	kinds, regions, positions := map[limber.Kind]bool{}, map[limber.Region]bool{}, map[limber.Position]bool{}
	restricted, helper := 0, 0
	for _, ex := range xs {
		kinds[ex.Kind] = true
		for _, r := range ex.Regions {
			regions[r] = true
		}
		for _, p := range ex.Positions {
			positions[p] = true
		}
		if ex.Restricted {
			restricted++
		}
		if ex.Helper {
			helper++
		}
		for i, s := range ex.Steps {
			if !strings.HasSuffix(s, ".") {
				t.Errorf("%s: steps[%d] %q: end each step with a full stop", ex.ID, i, s)
			}
		}
	}
	for _, k := range limber.Kinds {
		if !kinds[k] {
			t.Errorf("no exercise of kind %s", k)
		}
	}
	for _, r := range limber.Regions {
		if !regions[r] {
			t.Errorf("no exercise for region %s", r)
		}
	}
	// Every position family a patient meets: bed, side, front, chair,
	// wheelchair, standing with support, the floor.
	for _, p := range []limber.Position{limber.Supine, limber.SemiReclined, limber.SideLying, limber.Prone, limber.SeatedChair,
		limber.SeatedWheelchair, limber.SeatedUnsupported, limber.StandingSupported, limber.Quadruped, limber.Kneeling, limber.LongSittingFloor} {
		if !positions[p] {
			t.Errorf("no exercise in position %s", p)
		}
	}
	if restricted < 9 || helper < 4 {
		t.Errorf("%d restricted and %d helper exercises; want the 9 hand-out items and 4 helper stretches", restricted, helper)
	}
	for _, id := range []string{"body-scan", "tense-and-let-go"} {
		i := slices.IndexFunc(xs, func(ex *limber.Exercise) bool { return ex.ID == id })
		if i < 0 {
			t.Fatalf("relaxation %s is missing", id)
		}
		if !slices.Contains(xs[i].VariantTags[limber.SeatedChair], "neck_flexion") {
			t.Errorf("%s seated: the head drops forward when relaxing, so it needs neck_flexion", id)
		}
	}
}

func TestParseExerciseGood(t *testing.T) {
	ex, probs := library.ParseExercise("exercises/knee-rolls.yaml", []byte(goodExercise))
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if ex.ID != "knee-rolls" || ex.Dosage.HoldSeconds != 5 || !ex.Dosage.PerSide || len(ex.Steps) != 2 || len(ex.Positions) != 2 {
		t.Errorf("parsed %+v", ex)
	}
}

// TestParseExerciseReportsEveryProblem: a bad file gets one line per
// problem, each naming the file and the field.
func TestParseExerciseReportsEveryProblem(t *testing.T) {
	bad := `id: Knee_Rolls
name: ""
kind: yoga
positions: [supine, sitting]
tags: [spinal_rotation, twist, spinal_rotation]
regions: []
helper: maybe
dosage:
  hold_seconds: -1
  reps: lots
  colour: red
steps: [Lie down., {a: b}]
colour: blue
variant_tags:
  prone: [prone_lying]
`
	_, probs := library.ParseExercise("exercises/knee-rolls.yaml", []byte(bad))
	want := []string{
		`exercises/knee-rolls.yaml: kind: unknown kind "yoga"; valid: breathing, relaxation, mobility, stretch, posture, balance`,
		`exercises/knee-rolls.yaml: positions[1]: unknown position "sitting"; valid: `,
		`exercises/knee-rolls.yaml: tags[1]: unknown tag "twist"; valid: `,
		`exercises/knee-rolls.yaml: tags[2]: "spinal_rotation" is listed twice`,
		`exercises/knee-rolls.yaml: helper: line 7: expected true or false`,
		`exercises/knee-rolls.yaml: dosage.hold_seconds: -1 is out of range 0 to 600`,
		`exercises/knee-rolls.yaml: dosage.reps: line 10: expected a whole number`,
		`exercises/knee-rolls.yaml: dosage.colour: unknown field; valid: hold_seconds, seconds, reps, sets, per_side, rest_seconds`,
		`exercises/knee-rolls.yaml: steps[1]: line 12: expected text`,
		`exercises/knee-rolls.yaml: colour: unknown field; valid: id, name, kind`,
		`exercises/knee-rolls.yaml: variant_tags.prone: position "prone" is not one of this exercise's positions`,
		`exercises/knee-rolls.yaml: id: "Knee_Rolls" must be lowercase kebab-case`,
		`exercises/knee-rolls.yaml: name: is empty`,
		`exercises/knee-rolls.yaml: regions: needs at least one region`,
	}
	got := probs.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing problem %q in:\n%s", w, got)
		}
	}
	for _, line := range strings.Split(got, "\n") {
		if !strings.HasPrefix(line, "exercises/knee-rolls.yaml: ") {
			t.Errorf("line does not name the file: %q", line)
		}
	}
}

func TestParseExerciseChecks(t *testing.T) {
	tests := []struct {
		name, file, edit, want string
	}{
		{"file name must match the id", "exercises/other.yaml", "", "id: \"knee-rolls\" does not match the file name"},
		{"missing required field", "knee-rolls.yaml", "strip:steps", "steps: missing (required)"},
		{"held and timed at once", "knee-rolls.yaml", "dosage:\n  hold_seconds: 5\n  seconds: 60\n  reps: 1", "give either hold_seconds"},
		{"no dosage amount", "knee-rolls.yaml", "dosage:\n  sets: 2", "needs hold_seconds (a held exercise), seconds (a timed one) or reps alone"},
		{"rep_seconds on a held item", "knee-rolls.yaml", "dosage:\n  hold_seconds: 5\n  reps: 3\n  rep_seconds: 4", "dosage.rep_seconds: is the time per repetition of counted repetitions"},
		{"rep_seconds out of range", "knee-rolls.yaml", "dosage:\n  reps: 3\n  rep_seconds: 90", "dosage.rep_seconds: 90 is out of range 0 to 60"},
		{"pt_clearance without sources", "knee-rolls.yaml", "pt_clearance:\n  reason: Your PT checks this first.", "pt_clearance.refs: missing (required)"},
		{"pt_clearance with a bad source", "knee-rolls.yaml", "pt_clearance:\n  reason: Your PT checks this first.\n  refs: [S99x]", "pt_clearance.refs[0]: \"S99x\" is not a source id"},
		{"pt_clearance with no reason", "knee-rolls.yaml", "pt_clearance:\n  reason: \"\"\n  refs: [E]", "pt_clearance.reason: is empty"},
		{"helper tag without helper", "knee-rolls.yaml", "tags: [helper_assisted_passive]", "helper: must be true"},
		{"long step", "knee-rolls.yaml", "steps: [" + strings.Repeat("word ", 50) + "]", "keep each step to one short action"},
		{"not yaml", "knee-rolls.yaml", "replace:id: [unclosed", "not valid YAML"},
		{"not a mapping", "knee-rolls.yaml", "replace:- just\n- a list\n", "expected a mapping"},
		{"empty file", "knee-rolls.yaml", "replace:", "the file is empty"},
		{"key given twice", "knee-rolls.yaml", "name: Again", "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := goodExercise
			switch {
			case strings.HasPrefix(tt.edit, "strip:"):
				key := strings.TrimPrefix(tt.edit, "strip:")
				doc = stripKey(doc, key)
			case strings.HasPrefix(tt.edit, "replace:"):
				doc = strings.TrimPrefix(tt.edit, "replace:")
			case tt.edit != "":
				key, _, _ := strings.Cut(tt.edit, ":")
				if key != "name" {
					doc = stripKey(doc, key)
				}
				doc += tt.edit + "\n"
			}
			ex, probs := library.ParseExercise(tt.file, []byte(doc))
			if ex != nil || !strings.Contains(probs.Error(), tt.want) {
				t.Errorf("got %v; want a problem saying %q", probs, tt.want)
			}
		})
	}
}

// stripKey removes a top-level key and its indented or listed lines.
func stripKey(doc, key string) string {
	var out []string
	skipping := false
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, key+":") {
			skipping = true
			continue
		}
		if skipping && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "-")) {
			continue
		}
		skipping = false
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

func TestLoadExercisesDuplicateIDsNameBothFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "knee-rolls.yaml"), goodExercise)
	write(t, filepath.Join(dir, "knee-rolls-copy.yaml"), goodExercise)
	write(t, filepath.Join(dir, "README.md"), "not an exercise: ignored")
	_, err := library.LoadExercises(os.DirFS(dir), ".")
	if err == nil {
		t.Fatal("want problems")
	}
	for _, w := range []string{
		`knee-rolls-copy.yaml: id: "knee-rolls" does not match the file name`,
		`knee-rolls.yaml: id: "knee-rolls" is also the id in knee-rolls-copy.yaml`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("missing %q in:\n%v", w, err)
		}
	}
}

func TestLoadExercisesIgnoresOtherFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"knee-rolls.yaml":     {Data: []byte(goodExercise)},
		"knee-rolls.yaml.bak": {Data: []byte("ignored")},
		"notes/x.yaml":        {Data: []byte("sub-folders are not read")},
		"README.md":           {Data: []byte("ignored")},
	}
	xs, err := library.LoadExercises(fsys, ".")
	if err != nil || len(xs) != 1 {
		t.Fatalf("got %d exercises, %v", len(xs), err)
	}
	if _, err := library.LoadExercises(fstest.MapFS{"README.md": {Data: []byte("x")}}, "."); err == nil || !strings.Contains(err.Error(), "no exercise files") {
		t.Errorf("an empty folder: %v", err)
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestShippedRules(t *testing.T) {
	rs, err := library.LoadRules(exercises.FS, exercises.RulesDir)
	if err != nil {
		t.Fatalf("the shipped rules have problems:\n%v", err)
	}
	if !strings.HasPrefix(rs.Version, "sha256:") || len(rs.Version) != 71 {
		t.Errorf("version %q", rs.Version)
	}
	again, _ := library.LoadRules(exercises.FS, exercises.RulesDir)
	if again.Version != rs.Version {
		t.Errorf("the version must not change between loads")
	}
	if len(rs.Cues) == 0 || len(rs.Limits) == 0 {
		t.Errorf("%d cues, %d limits", len(rs.Cues), len(rs.Limits))
	}
}

func TestLoadRulesReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"rules/a.yaml": {Data: []byte(`rules:
  - applies_to: [condition:lhermite, mobility:M9]
    decision: forbid
    tags: [neck_bend]
    reason: Because.
    refs: [S1, X9]
  - applies_to: [global]
    decision: exclude
    reason: No target.
    refs: [S1]
  - applies_to: [global]
    decision: exclude
    tags: [impact]
    refs: [S1]
colours: []
`)},
		"rules/b.yaml": {Data: []byte(`rules:
  - applies_to: [global]
    decision: caution
    tags: [impact]
    reason: Again.
    refs: [E]
cues:
  - id: c1
    applies_to: [condition:nope]
    text: ""
    refs: [E]
limits:
  - id: l1
    applies_to: [global]
    min_reps: 4
    max_reps: 2
    max_minutes: lots
    refs: [E]
`)},
	}
	_, err := library.LoadRules(fsys, "rules")
	if err == nil {
		t.Fatal("want problems")
	}
	got := err.Error()
	for _, w := range []string{
		`rules/a.yaml: lhermite-neck_bend: decision: unknown decision "forbid"`,
		`rules/a.yaml: colours: unknown field; valid: rules, cues, limits`,
		`rules/a.yaml: rules[1]: a rule group needs tags or positions`,
		`rules/a.yaml: rules[2].reason: missing (required)`,
		`rules/a.yaml: lhermite-neck_bend: applies_to: unknown subject "condition:lhermite"`,
		`rules/a.yaml: M9-neck_bend: applies_to: unknown subject "mobility:M9"`,
		`rules/a.yaml: lhermite-neck_bend: tags: unknown tag "neck_bend"`,
		`rules/a.yaml: lhermite-neck_bend: refs: "X9" is not a source id`,
		`rules/b.yaml: id: "global-impact" is also used in rules/a.yaml`,
		`rules/b.yaml: c1: applies_to: unknown subject "condition:nope"`,
		`rules/b.yaml: c1: text: missing`,
		`rules/b.yaml: limits[0].max_minutes: line 17: expected a whole number`,
		`rules/b.yaml: l1: min_reps: is above max_reps`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

// FuzzParseExercise feeds the loader arbitrary bytes: it must never panic,
// and whatever it accepts must be a usable exercise.
func FuzzParseExercise(f *testing.F) {
	entries, err := exercises.FS.ReadDir(".")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			data, _ := exercises.FS.ReadFile(e.Name())
			f.Add(e.Name(), data)
		}
	}
	f.Add("knee-rolls.yaml", []byte(goodExercise))
	f.Add("x.yaml", []byte("id: x\nname: [\n"))
	f.Add("x.yaml", []byte("&a [*a, *a]"))
	f.Add("knee-rolls.yaml", []byte(goodExercise+figureBlock))
	fd, err := library.ShippedFigureData()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ex, probs := library.ParseExercise(name, data)
		if ex == nil {
			if len(probs) == 0 {
				t.Fatal("rejected without a problem")
			}
			for _, p := range probs {
				if p.File != name || p.Message == "" {
					t.Fatalf("problem %+v does not name the file %q", p, name)
				}
			}
			return
		}
		if len(probs) > 0 {
			t.Fatalf("accepted with problems %v", probs)
		}
		if ex.ID == "" || ex.Name == "" || len(ex.Positions) == 0 || len(ex.Regions) == 0 || len(ex.Steps) == 0 {
			t.Fatalf("accepted an incomplete exercise %+v", ex)
		}
		if ex.Dosage.DurationSeconds() <= 0 {
			t.Fatalf("accepted a dosage that takes no time: %+v", ex.Dosage)
		}
		// Whatever figure it accepts can be checked and drawn.
		fd.CheckExercise(ex)
		if _, err := fd.Render(ex, ex.Positions[0], figure.Right, figure.Style{}); err != nil {
			t.Fatalf("accepted a figure that cannot be drawn: %v", err)
		}
		for _, p := range ex.Positions {
			for _, tg := range ex.TagsAt(p, ex.Dosage) {
				if _, err := limber.ParseTag(string(tg)); err != nil {
					t.Fatalf("accepted unknown tag %q", tg)
				}
			}
		}
	})
}

// "10 ankle pumps": reps with neither hold_seconds nor seconds is counted
// repetitions, timed at the file's rep_seconds or else the rules' default.
func TestCountedRepetitions(t *testing.T) {
	counted := strings.Replace(goodExercise, "  hold_seconds: 5\n", "", 1)
	ex, probs := library.ParseExercise("knee-rolls.yaml", []byte(counted))
	if len(probs) > 0 {
		t.Fatalf("reps with no hold refused: %v", probs)
	}
	if !ex.Dosage.Counted() || ex.Dosage.Reps != 5 || ex.Dosage.RepSeconds != 0 {
		t.Fatalf("parsed %+v", ex.Dosage)
	}
	paced, probs := library.ParseExercise("knee-rolls.yaml", []byte(strings.Replace(counted, "  reps: 5\n", "  reps: 5\n  rep_seconds: 7\n", 1)))
	if len(probs) > 0 || paced.Dosage.RepSeconds != 7 {
		t.Fatalf("rep_seconds: %+v %v", paced, probs)
	}

	rules := func(rep string) fstest.MapFS {
		return fstest.MapFS{"rules/d.yaml": {Data: []byte("limits:\n  - id: baseline\n    applies_to: [global]\n" + rep + "    refs: [E]\n")}}
	}
	for _, tc := range []struct {
		name, rep string
		want      int
	}{
		{"the rules' default", "    rep_seconds: 6\n", 6},
		{"none in the rules", "", limber.DefaultRepSeconds},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lib := fstest.MapFS{"knee-rolls.yaml": {Data: []byte(counted)}, "paced.yaml": {Data: []byte(strings.Replace(strings.Replace(counted, "knee-rolls", "paced", 1), "  reps: 5\n", "  reps: 5\n  rep_seconds: 3\n", 1))}}
			e, err := library.LoadEngine(lib, ".", rules(tc.rep), "rules")
			if err != nil {
				t.Fatal(err)
			}
			kr, _ := e.Exercise("knee-rolls")
			if kr.Dosage.RepSeconds != tc.want || kr.Dosage.DurationSeconds() != 2*5*tc.want+15 {
				t.Errorf("knee-rolls %+v, %d s; want %d s a repetition", kr.Dosage, kr.Dosage.DurationSeconds(), tc.want)
			}
			if p, _ := e.Exercise("paced"); p.Dosage.RepSeconds != 3 {
				t.Errorf("the file's own rep_seconds must win: %+v", p.Dosage)
			}
		})
	}
	// The pace is library-wide: not a per-condition limit.
	_, err := library.LoadRules(fstest.MapFS{"rules/d.yaml": {Data: []byte("limits:\n  - id: s\n    applies_to: [condition:spasticity]\n    rep_seconds: 6\n    refs: [E]\n")}}, "rules")
	if err == nil || !strings.Contains(err.Error(), "rules/d.yaml: s: rep_seconds: is the library-wide time per repetition") {
		t.Errorf("rep_seconds on a condition row: %v", err)
	}
}

// RULES.md §1b: standing_supported means at least one hand on a counter,
// rail, wall or chair back. Every standing_supported exercise says so in
// its steps, so the text never has the person stand holding nothing.
func TestStandingSupportedHoldsOn(t *testing.T) {
	xs, err := library.LoadExercises(exercises.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	support := regexp.MustCompile(`(?i)\b(counter|chair|wall|rail)\b`)
	hand := regexp.MustCompile(`(?i)\b(hold|holding|hand|hands)\b`)
	for _, ex := range xs {
		if !slices.Contains(ex.Positions, limber.StandingSupported) {
			continue
		}
		if !slices.ContainsFunc(ex.Steps, func(s string) bool { return support.MatchString(s) && hand.MatchString(s) }) {
			t.Errorf("%s: standing_supported, but no step puts a hand on a support: %q", ex.ID, ex.Steps)
		}
	}
}
