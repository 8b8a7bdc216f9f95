package main

import (
	"fmt"
	"io"
)

// runRules lists every rule, so a PT reviewing the table sees exactly what
// the engine applies: id, subject, target, decision, reason and sources.
func runRules(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "list" {
		return usagef("which? list")
	}
	fs := newFlagSet("rules list", stdout)
	var rulesDir, format string
	fs.StringVar(&rulesDir, "rules", "", "folder of rule files to use instead of the built-in rules")
	fs.StringVar(&format, "format", "text", "output format: text or json")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if err := checkFormat(format); err != nil {
		return err
	}
	engine, err := loadEngine("", rulesDir)
	if err != nil {
		return err
	}
	rs := engine.Rules()
	if format == "json" {
		return writeJSON(stdout, map[string]any{"rules_version": rs.Version, "rules": rs.Rules, "cues": rs.Cues, "limits": rs.Limits})
	}
	fmt.Fprintf(stdout, "%d rules, %d cues, %d dosage rows (%s)\n", len(rs.Rules), len(rs.Cues), len(rs.Limits), rs.Version)
	for _, r := range rs.Rules {
		fmt.Fprintf(stdout, "%-45s %-24s %-9s %-32s %s\n    %s\n", r.ID, r.Source, r.TargetKind, r.Target, r.Decision, r.Text)
	}
	return nil
}
