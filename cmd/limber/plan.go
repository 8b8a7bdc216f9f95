package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/limber-health/limber/internal/limber"
)

func runPlan(args []string, stdout io.Writer) error {
	fs := newFlagSet("plan", stdout)
	var (
		pf         profileFlags
		minutes    int
		focus      listFlag
		libraryDir string
		rulesDir   string
		format     string
	)
	pf.register(fs)
	fs.IntVar(&minutes, "minutes", limber.DefaultMinutes, "session length in minutes, 5 to 60")
	fs.Var(&focus, "focus", "body regions to cover first (comma-separated)")
	fs.StringVar(&libraryDir, "library", "", "folder of exercise files to use instead of the built-in library")
	fs.StringVar(&rulesDir, "rules", "", "folder of rule files to use instead of the built-in rules")
	fs.StringVar(&format, "format", "text", "output format: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := checkFormat(format); err != nil {
		return err
	}
	prof, err := pf.profile()
	if err != nil {
		return err
	}
	req := limber.PlanRequest{Profile: prof, Minutes: minutes}
	for _, s := range focus {
		r, err := limber.ParseRegion(s)
		if err != nil {
			return usagef("--focus: %s", err.(*limber.Error).Message)
		}
		req.Focus = append(req.Focus, r)
	}
	if minutes < limber.MinMinutes || minutes > limber.MaxMinutes {
		return usagef("--minutes: must be between %d and %d (got %d)", limber.MinMinutes, limber.MaxMinutes, minutes)
	}
	engine, err := loadEngine(libraryDir, rulesDir)
	if err != nil {
		return err
	}
	plan, err := engine.Plan(req)
	if err != nil {
		return err
	}
	if format == "json" {
		return writeJSON(stdout, plan)
	}
	writePlanText(stdout, plan)
	return nil
}

func checkFormat(f string) error {
	if f != "text" && f != "json" {
		return usagef("--format: unknown format %q; valid: text, json", f)
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writePlanText prints a plan the way a PT wants it on screen: the items
// with their dosage, what is locked and why, what was left out and why,
// and the cues.
func writePlanText(w io.Writer, p *limber.Plan) {
	pr := p.Profile
	fmt.Fprintf(w, "Plan for %s (%s)", pr.Mobility, limber.MobilityLabels[pr.Mobility])
	if len(pr.Conditions) > 0 {
		fmt.Fprintf(w, " with %s", joinIDs(pr.Conditions))
	}
	fmt.Fprintln(w)
	var facts []string
	if pr.PregnancyWeek != nil {
		facts = append(facts, fmt.Sprintf("pregnancy week %d", *pr.PregnancyWeek))
	}
	if pr.LyingOnly {
		facts = append(facts, "lying only")
	}
	if pr.HelperAvailable {
		facts = append(facts, "helper available")
	} else {
		facts = append(facts, "no helper")
	}
	fmt.Fprintf(w, "Conditions in force: %s; %s\n", orNone(joinIDs(pr.EffectiveConditions)), strings.Join(facts, ", "))
	s := p.Routine
	fmt.Fprintf(w, "Time: %s of %s allowed (%d minutes asked)", clock(s.TotalSeconds), clock(s.MaxSeconds), p.Minutes)
	if s.MaxItems != nil {
		fmt.Fprintf(w, "; at most %d exercises", *s.MaxItems)
	}
	fmt.Fprintf(w, "; %s\n", plural(s.PositionChanges, "position change", "position changes"))
	if len(p.Focus) > 0 {
		fmt.Fprintf(w, "Focus: %s\n", joinIDs(p.Focus))
	}
	fmt.Fprintf(w, "Rules: %s\n\n", p.RulesVersion)

	fmt.Fprintln(w, "EXERCISES")
	var prev limber.Position
	for _, it := range p.Items {
		if it.Position != prev {
			fmt.Fprintf(w, "  -- %s --\n", it.Position.Label())
			prev = it.Position
		}
		status := ""
		switch {
		case it.Locked:
			status = "  [LOCKED: needs PT clearance]"
		case it.Decision == limber.Caution:
			status = "  [caution]"
		}
		if it.Preferred {
			status += "  [preferred]"
		}
		fmt.Fprintf(w, "  %2d. %s (%s, %s)%s\n", it.ID, it.Name, it.Kind, it.Position, status)
		fmt.Fprintf(w, "      %s — %s\n", it.Words(), clock(it.DurationSeconds))
		for _, r := range it.Reasons {
			fmt.Fprintf(w, "      %s %s\n", reasonLabel(r), r.Text)
		}
	}
	if len(p.Items) == 0 {
		fmt.Fprintln(w, "  (none)")
	}

	fmt.Fprintf(w, "\nLEFT OUT (%d variants)\n", len(p.Excluded))
	for _, x := range p.Excluded {
		fmt.Fprintf(w, "  %s (%s)\n", x.Name, x.Position)
		for _, r := range x.Reasons {
			fmt.Fprintf(w, "      %s %s\n", reasonLabel(r), r.Text)
		}
	}
	section(w, "CUES FOR EVERY SESSION", s.Cues)
	section(w, "ENVIRONMENT", s.Environment)
	section(w, "NOTES", s.Notes)
}

func section(w io.Writer, title string, lines []string) {
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s\n", title)
	for _, l := range lines {
		fmt.Fprintf(w, "  - %s\n", l)
	}
}

func reasonLabel(r *limber.Rule) string {
	return fmt.Sprintf("%s [%s; %s; %s]", strings.ToUpper(strings.ReplaceAll(string(r.Decision), "_", " ")), r.ID, r.Source, strings.Join(r.Refs, ", "))
}

func joinIDs[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// clock writes seconds as m:ss.
func clock(seconds int) string {
	return fmt.Sprintf("%d:%02d", seconds/60, seconds%60)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
