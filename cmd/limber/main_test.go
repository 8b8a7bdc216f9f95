package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// limber runs the command as a user would and returns what it printed.
func runLimber(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestPlanText(t *testing.T) {
	out, errOut, code := runLimber(t, "plan", "--mobility", "M4", "--condition", "lhermitte")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Plan for M4 (I mostly use a wheelchair) with lhermitte",
		"Conditions in force: balance_falls, lhermitte",
		"EXERCISES", "-- Sitting in your wheelchair --", "Belly breathing",
		"[LOCKED: needs PT clearance]", "REQUIRES PT CLEARANCE [lhermitte-neck_retraction; condition:lhermitte; S1, S14]",
		"LEFT OUT", "EXCLUDE [lhermitte-neck_flexion; condition:lhermitte; S1, S14]",
		"CUES FOR EVERY SESSION", "Keep your chin level.",
		"Rules: sha256:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan text lacks %q:\n%s", want, out)
		}
	}
}

func TestPlanJSON(t *testing.T) {
	out, errOut, code := runLimber(t, "plan", "--mobility=m2", "--condition", "herniated_disc_radiating,fatigue",
		"--pregnancy-week", "24", "--minutes", "20", "--focus", "hamstrings,low_back", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Profile struct {
			Mobility            string   `json:"mobility"`
			Conditions          []string `json:"conditions"`
			EffectiveConditions []string `json:"effective_conditions"`
			PregnancyWeek       *int     `json:"pregnancy_week"`
		} `json:"profile"`
		RulesVersion string `json:"rules_version"`
		Minutes      int    `json:"minutes"`
		Items        []struct {
			ID              int    `json:"id"`
			ExerciseID      string `json:"exercise_id"`
			Decision        string `json:"decision"`
			Locked          bool   `json:"locked"`
			DurationSeconds int    `json:"duration_seconds"`
			Reasons         []struct {
				RuleID     string   `json:"rule_id"`
				Source     string   `json:"source"`
				TargetKind string   `json:"target_kind"`
				Refs       []string `json:"refs"`
			} `json:"reasons"`
		} `json:"items"`
		Excluded []struct {
			ExerciseID string `json:"exercise_id"`
			Position   string `json:"position"`
		} `json:"excluded"`
		Session struct {
			TotalSeconds int  `json:"total_seconds"`
			MaxSeconds   int  `json:"max_seconds"`
			MaxItems     *int `json:"max_items"`
		} `json:"session"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if doc.Profile.Mobility != "M2" || *doc.Profile.PregnancyWeek != 24 || doc.Minutes != 20 {
		t.Errorf("profile %+v minutes %d", doc.Profile, doc.Minutes)
	}
	eff := strings.Join(doc.Profile.EffectiveConditions, ",")
	for _, c := range []string{"balance_falls", "herniated_disc", "herniated_disc_radiating", "pregnancy_13_27", "fatigue"} {
		if !strings.Contains(eff, c) {
			t.Errorf("effective conditions %s lack %s", eff, c)
		}
	}
	if doc.Session.MaxSeconds != 900 || doc.Session.MaxItems == nil || *doc.Session.MaxItems != 8 || doc.Session.TotalSeconds > 900 {
		t.Errorf("session %+v", doc.Session)
	}
	if len(doc.Items) == 0 || len(doc.Excluded) == 0 || !strings.HasPrefix(doc.RulesVersion, "sha256:") {
		t.Fatalf("items %d excluded %d version %q", len(doc.Items), len(doc.Excluded), doc.RulesVersion)
	}
	for _, it := range doc.Items {
		if it.Decision == "exclude" || it.Locked != (it.Decision == "requires_pt_clearance") {
			t.Errorf("item %+v", it)
		}
	}
	// Same inputs, same plan.
	again, _, _ := runLimber(t, "plan", "--mobility=m2", "--condition", "herniated_disc_radiating,fatigue",
		"--pregnancy-week", "24", "--minutes", "20", "--focus", "hamstrings,low_back", "--format", "json")
	if again != out {
		t.Errorf("two runs differ")
	}
}

func TestPlanBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"plan"}, "--mobility is required: valid: M1, M2, M3, M4, M5"},
		{[]string{"plan", "--mobility", "M7"}, `--mobility: unknown mobility level "M7"; valid: M1, M2, M3, M4, M5`},
		{[]string{"plan", "--mobility", "M1", "--condition", "osteo"}, `--condition: unknown condition "osteo"; valid: back_pain_msk,`},
		{[]string{"plan", "--mobility", "M1", "--focus", "back"}, `--focus: unknown region "back"; valid: neck,`},
		{[]string{"plan", "--mobility", "M1", "--minutes", "90"}, "--minutes: must be between 5 and 60 (got 90)"},
		{[]string{"plan", "--mobility", "M1", "--minutes", "ten"}, `invalid value "ten" for flag -minutes`},
		{[]string{"plan", "--mobility", "M1", "--pregnancy-week", "x"}, `--pregnancy-week: "x" is not a week number`},
		{[]string{"plan", "--mobility", "M1", "--pregnancy-week", "50"}, "--pregnancy-week: pregnancy week must be between 0 and 42 (got 50)"},
		{[]string{"plan", "--mobility", "M3", "--lying-only"}, "--lying-only: lying only is valid only with mobility level M5"},
		{[]string{"plan", "--mobility", "M1", "--condition", "back_pain_msk,back_pain_unevaluated"}, "--condition: back_pain_msk and back_pain_unevaluated cannot both be set"},
		{[]string{"plan", "--mobility", "M1", "--format", "xml"}, `--format: unknown format "xml"; valid: text, json`},
		{[]string{"plan", "--mobility", "M1", "--colour", "red"}, "flag provided but not defined: -colour"},
		{[]string{"plan", "--mobility", "M1", "--library", "/nonexistent"}, "reading exercise folder"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"exercises", "list", "--mobility", "M1", "--condition", "x"}, `--condition: unknown condition "x"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := runLimber(t, tt.args...)
			wantCode := 2
			if strings.Contains(tt.want, "reading exercise folder") {
				wantCode = 1
			}
			if code != wantCode || !strings.Contains(errOut, tt.want) || out != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit %d and %q", code, errOut, out, wantCode, tt.want)
			}
		})
	}
}

func TestExercisesCheckShippedLibrary(t *testing.T) {
	out, errOut, code := runLimber(t, "exercises", "check", "../../exercises")
	if code != 0 || !strings.Contains(out, "exercises, all valid") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestExercisesCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.yaml": "id: a\nname: A\nkind: stretchy\npositions: [supine]\nregions: [hips]\ndosage: {hold_seconds: 30, reps: 2}\nsteps: [Hold.]\ncolour: red\n",
		"b.yaml": "id: a\nname: B\nkind: stretch\npositions: [supine]\nregions: [hipz]\ndosage: {hold_seconds: 30, reps: 2}\nsteps: [Hold.]\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := runLimber(t, "exercises", "check", dir)
	if code != 1 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		dir + "/a.yaml: kind: unknown kind \"stretchy\"; valid: breathing, relaxation, mobility, stretch, posture, balance",
		dir + "/a.yaml: colour: unknown field; valid: id, name,",
		dir + "/b.yaml: regions[0]: unknown region \"hipz\"; valid: neck,",
		dir + "/b.yaml: id: \"a\" does not match the file name",
		dir + "/b.yaml: id: \"a\" is also the id in " + dir + "/a.yaml",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("missing %q in:\n%s", want, errOut)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
		if !strings.HasPrefix(line, dir+"/") || strings.Count(line, ": ") < 2 {
			t.Errorf("not FILE: FIELD: problem: %q", line)
		}
	}
}

func TestExercisesListWithProfile(t *testing.T) {
	out, errOut, code := runLimber(t, "exercises", "list", "--mobility", "M4", "--condition", "lhermitte", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Exercises []struct {
			ID       string `json:"id"`
			Variants []struct {
				Position string   `json:"position"`
				Tags     []string `json:"tags"`
				Decision string   `json:"decision"`
				Reasons  []struct {
					RuleID string `json:"rule_id"`
				} `json:"reasons"`
			} `json:"variants"`
		} `json:"exercises"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Exercises) < 70 {
		t.Fatalf("%d exercises", len(doc.Exercises))
	}
	found := false
	for _, ex := range doc.Exercises {
		for _, v := range ex.Variants {
			if v.Decision == "" {
				t.Errorf("%s %s has no decision", ex.ID, v.Position)
			}
			if ex.ID == "body-scan" && v.Position == "seated_wheelchair" {
				found = v.Decision == "exclude" && strings.Contains(strings.Join(v.Tags, ","), "neck_flexion") &&
					len(v.Reasons) > 0 && v.Reasons[0].RuleID == "lhermitte-neck_flexion"
			}
		}
	}
	if !found {
		t.Errorf("body-scan seated in a wheelchair must be excluded for lhermitte, with the variant's neck_flexion")
	}
	// Without a profile: no decisions, but the position-implied tags.
	out, _, _ = runLimber(t, "exercises", "list")
	if !strings.Contains(out, "front-lying-rest — Front-lying rest") || !strings.Contains(out, "prone                neck_flexion, prone_lying") ||
		!strings.Contains(out, "ankle-pumps-and-circles — Ankle pumps and circles (mobility; calves_ankles)\n    dosage: 10 times, each side (counted, 4 s a repetition)\n") ||
		!strings.Contains(out, "legs-straight-rest — Legs-straight rest position (stretch; hips, quads, hamstrings) [needs PT clearance]\n    dosage: 10 minutes\n") {
		t.Errorf("text list:\n%s", out[:min(len(out), 2000)])
	}
}

func TestRulesList(t *testing.T) {
	out, _, code := runLimber(t, "rules", "list")
	if code != 0 || !strings.Contains(out, "280 rules") || !strings.Contains(out, "lhermitte-neck_flexion") {
		t.Errorf("exit %d\n%s", code, out[:min(len(out), 500)])
	}
}

func TestHelp(t *testing.T) {
	out, _, code := runLimber(t, "plan", "-h")
	if code != 0 || !strings.Contains(out, "-mobility") || !strings.Contains(out, "-pregnancy-week") {
		t.Errorf("exit %d\n%s", code, out)
	}
}
