package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

func runExercises(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("which? list, check DIR or figures --out DIR")
	}
	switch args[0] {
	case "list":
		return runExercisesList(args[1:], stdout)
	case "check":
		return runExercisesCheck(args[1:], stdout)
	case "figures":
		return runExercisesFigures(args[1:], stdout)
	}
	return usagef("unknown subcommand %q; valid: list, check, figures", args[0])
}

func runExercisesList(args []string, stdout io.Writer) error {
	fs := newFlagSet("exercises list", stdout)
	var (
		pf                   profileFlags
		libraryDir, rulesDir string
		format               string
	)
	pf.register(fs)
	fs.StringVar(&libraryDir, "library", "", "folder of exercise files to use instead of the built-in library")
	fs.StringVar(&rulesDir, "rules", "", "folder of rule files to use instead of the built-in rules")
	fs.StringVar(&format, "format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(format); err != nil {
		return err
	}
	var assess *limber.Assessment
	engine, err := loadEngine(libraryDir, rulesDir)
	if err != nil {
		return err
	}
	if pf.given() {
		prof, err := pf.profile()
		if err != nil {
			return err
		}
		if assess, err = engine.Assess(prof); err != nil {
			return err
		}
	}
	out := engine.Library(assess)
	if format == "json" {
		return writeJSON(stdout, map[string]any{"exercises": out})
	}
	for _, le := range out {
		flags := ""
		if le.Restricted {
			flags += " [restricted]"
		}
		if le.Helper {
			flags += " [helper]"
		}
		if le.PTClearance != nil {
			flags += " [needs PT clearance]"
		}
		fmt.Fprintf(stdout, "%s — %s (%s; %s)%s\n", le.ID, le.Name, le.Kind, joinIDs(le.Regions), flags)
		dose := le.Dosage.Words()
		if le.Dosage.Counted() {
			dose += fmt.Sprintf(" (counted, %d s a repetition)", le.Dosage.RepSeconds)
		}
		fmt.Fprintf(stdout, "    dosage: %s\n", dose)
		for _, v := range le.Variants {
			line := fmt.Sprintf("    %-20s %s", v.Position, orNone(joinIDs(v.Tags)))
			if v.Decision != "" {
				line = fmt.Sprintf("    %-20s %-22s %s", v.Position, v.Decision, orNone(joinIDs(v.Tags)))
			}
			fmt.Fprintln(stdout, strings.TrimRight(line, " "))
			for _, r := range v.Reasons {
				fmt.Fprintf(stdout, "        %s %s\n", reasonLabel(r), r.Text)
			}
		}
	}
	return nil
}

// runExercisesCheck validates a folder of exercise files: every problem on
// its own line, exit 1 if there is any. Warnings (a file without a figure,
// a declared tag the figure does not show) are listed after the count and
// leave the exit status 0, unless --strict makes them problems.
func runExercisesCheck(args []string, stdout io.Writer) error {
	fs := newFlagSet("exercises check", stdout)
	var (
		strict   bool
		rulesDir string
	)
	fs.BoolVar(&strict, "strict", false, "treat warnings (no figure, a declared tag the figure does not show) as problems")
	fs.StringVar(&rulesDir, "rules", "", "folder of rule files whose base postures and derived-tag table to use instead of the built-in ones")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("give exactly one folder to check")
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usagef("%s is not a folder", dir)
	}
	xs, err := library.LoadExercisesAs(os.DirFS(dir), ".", dir)
	if err != nil {
		return err
	}
	fd, err := figureData(rulesDir)
	if err != nil {
		return err
	}
	probs, warns := library.CheckFigures(xs, fd)
	if strict {
		probs = append(probs, warns...)
		warns = nil
	}
	if len(probs) > 0 {
		return probs
	}
	if len(warns) == 0 {
		fmt.Fprintf(stdout, "%s: %d exercises, all valid\n", dir, len(xs))
		return nil
	}
	fmt.Fprintf(stdout, "%s: %d exercises, all valid; %d warnings (--strict makes them problems):\n", dir, len(xs), len(warns))
	for _, w := range warns {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	return nil
}

// figureData reads the base postures and derived-tag table: the built-in
// ones, or those of --rules (falling back to the built-in ones when that
// folder has no figure files).
func figureData(rulesDir string) (*figure.Data, error) {
	if rulesDir == "" {
		return library.ShippedFigureData()
	}
	return library.LoadFigureDataOrShipped(os.DirFS(rulesDir), ".")
}
