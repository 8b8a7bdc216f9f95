package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyExercise copies a shipped exercise file into dir, edited by fix.
func copyExercise(t *testing.T, dir, id string, fix func(string) string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../exercises", id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, id+".yaml"), []byte(fix(string(data))), 0o600); err != nil {
		t.Fatal(err)
	}
}

// withoutFigure drops the figure: block (and keep_tags:) from an exercise
// file, for a clinic's file that has no figure yet.
func withoutFigure(s string) string {
	var out []string
	skip := false
	for _, line := range strings.Split(s, "\n") {
		if line != "" && line[0] != ' ' && line[0] != '-' {
			skip = strings.HasPrefix(line, "figure:") || strings.HasPrefix(line, "keep_tags:")
		}
		if !skip {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// A file without a figure is a warning (exit 0), a problem with --strict;
// a file with a figure does not warn. The folder is made here, so the test
// holds however many shipped files have figures.
func TestExercisesCheckListsWarningsAndStrictFails(t *testing.T) {
	dir := t.TempDir()
	copyExercise(t, dir, "open-book", func(s string) string { return s })
	copyExercise(t, dir, "body-scan", withoutFigure)
	out, errOut, code := runLimber(t, "exercises", "check", dir)
	if code != 0 || !strings.Contains(out, "warnings (--strict makes them problems):") ||
		!strings.Contains(out, "warning: "+dir+"/body-scan.yaml: figure: no figure: the exercise is drawn as a placeholder") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out, "open-book.yaml") {
		t.Errorf("an exercise with a figure warns:\n%s", out)
	}
	_, errOut, code = runLimber(t, "exercises", "check", "--strict", dir)
	if code != 1 || !strings.Contains(errOut, dir+"/body-scan.yaml: figure: no figure") {
		t.Fatalf("--strict: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runLimber(t, "exercises", "check", "../../exercises"); code != 0 {
		t.Fatalf("the shipped library: exit %d\n%s", code, errOut)
	}
}

// A figure that shows a tag the file lacks is refused, naming the frame,
// the joint and the angle; a declared tag the figure does not show warns.
func TestExercisesCheckRefusesAnUndertaggedFigure(t *testing.T) {
	dir := t.TempDir()
	copyExercise(t, dir, "open-book", func(s string) string {
		return strings.Replace(s, "tags: [spinal_rotation, neck_rotation, hip_adduction_past_midline]", "tags: [spinal_rotation, neck_rotation]", 1)
	})
	_, errOut, code := runLimber(t, "exercises", "check", dir)
	want := dir + "/open-book.yaml: figure: side_lying: the figure shows hip_adduction_past_midline (position side_lying in frame start, no pillow between the knees); tags lack it"
	if code != 1 || !strings.Contains(errOut, want) {
		t.Fatalf("exit %d, want %q in\n%s", code, want, errOut)
	}
	copyExercise(t, dir, "open-book", func(s string) string {
		return strings.Replace(s, "tags: [spinal_rotation, neck_rotation, hip_adduction_past_midline]", "tags: [spinal_rotation, neck_rotation, hip_adduction_past_midline, neck_flexion]", 1)
	})
	out, errOut, code := runLimber(t, "exercises", "check", dir)
	if code != 0 || !strings.Contains(out, "warning: "+dir+"/open-book.yaml: tags: neck_flexion is declared but the figure does not show it") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

func TestExercisesFiguresWritesTheContactSheet(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runLimber(t, "exercises", "figures", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, name := range []string{"open-book--side_lying--right.svg", "open-book--side_lying--left.svg", "cat-cow--quadruped.svg", "body-scan--side_lying.svg"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.HasPrefix(string(data), "<svg") {
			t.Errorf("%s: %v", name, err)
		}
	}
	sheet, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<img src="open-book--side_lying--right.svg"`, "Declared tags:", "Derived from the figure:", "hip_adduction_past_midline — position side_lying"} {
		if !strings.Contains(string(sheet), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// A clinic's file without a figure gets a placeholder on the sheet.
	lib, out2 := t.TempDir(), t.TempDir()
	copyExercise(t, lib, "body-scan", withoutFigure)
	if _, errOut, code := runLimber(t, "exercises", "figures", "--library", lib, "--out", out2); code != 0 {
		t.Fatalf("--library: exit %d\n%s", code, errOut)
	}
	if sheet, err := os.ReadFile(filepath.Join(out2, "index.html")); err != nil || !strings.Contains(string(sheet), "No figure yet") {
		t.Errorf("a file without a figure: the sheet lacks \"No figure yet\" (%v)", err)
	}
	if _, _, code := runLimber(t, "exercises", "figures"); code != 2 {
		t.Errorf("no --out: exit %d", code)
	}
}
