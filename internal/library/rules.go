package library

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/limber-health/limber/internal/limber"
	"go.yaml.in/yaml/v3"
)

var (
	ruleFileFields  = []string{"rules", "cues", "limits"}
	ruleGroupFields = []string{"applies_to", "decision", "tags", "positions", "reason", "refs"}
	cueFields       = []string{"id", "applies_to", "text", "refs"}
	limitFields     = []string{
		"id", "applies_to", "min_hold_seconds", "max_hold_seconds", "min_reps", "max_reps",
		"max_minutes", "max_items", "min_rest_seconds", "position_change_rest_seconds",
		"prefer_kinds", "environment", "notes", "refs", "rep_seconds",
	}
)

// LoadRules reads every *.yaml file under dir (sub-folders too) as rules,
// cues and dosage limits, checks them all, and stamps the set with a version
// that is the SHA-256 of the files' names and contents.
func LoadRules(fsys fs.FS, dir string) (limber.RuleSet, error) {
	var (
		rs    limber.RuleSet
		probs Problems
		sum   = sha256.New()
		files int
	)
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(name, ".yaml") {
			return nil
		}
		if base := path.Base(name); base == PosturesFile || base == DerivedTagsFile {
			return nil // figure data, read by LoadFigureData
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		files++
		// WalkDir visits files in lexical order, so the version is stable.
		fmt.Fprintf(sum, "%s\x00%d\x00", strings.TrimPrefix(name, dir+"/"), len(data))
		sum.Write(data)
		probs = append(probs, parseRuleFile(name, data, &rs)...)
		return nil
	})
	if err != nil {
		return rs, fmt.Errorf("reading rules folder: %w", err)
	}
	if files == 0 {
		probs = append(probs, Problem{File: dir, Message: "no rule files (*.yaml) found"})
	}
	for _, err := range rs.Validate() {
		e := err.(*limber.Error)
		file, field, _ := strings.Cut(e.Field, ": ")
		probs = append(probs, Problem{File: file, Field: field, Message: e.Message})
	}
	if len(probs) > 0 {
		return limber.RuleSet{}, probs
	}
	rs.Version = "sha256:" + hex.EncodeToString(sum.Sum(nil))
	return rs, nil
}

// parseRuleFile reads one file of rule groups, cues and limits into rs.
func parseRuleFile(file string, data []byte, rs *limber.RuleSet) Problems {
	var probs Problems
	r := report{file: file, probs: &probs}
	root, ok := parseDocument(r, data)
	if !ok {
		return probs
	}
	for _, f := range fields(r, "", root, ruleFileFields) {
		items := listOf(r, f.key, f.val)
		for i, item := range items {
			name := fmt.Sprintf("%s[%d]", f.key, i)
			switch f.key {
			case "rules":
				rs.Rules = append(rs.Rules, parseRuleGroup(r, name, item)...)
			case "cues":
				rs.Cues = append(rs.Cues, parseCue(r, name, item))
			case "limits":
				rs.Limits = append(rs.Limits, parseLimit(r, name, item))
			}
		}
	}
	return probs
}

func listOf(r report, name string, n *yaml.Node) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		r.add(name, "line %d: expected a list", n.Line)
		return nil
	}
	return n.Content
}

// parseRuleGroup expands one group (subjects × targets sharing a decision, a
// reason and sources) into one rule per subject and target, each with the
// id "<subject>-<target>": lhermitte-neck_flexion, M4-supine, global-impact.
func parseRuleGroup(r report, name string, n *yaml.Node) []limber.Rule {
	var (
		subjects, refs  []string
		decision        limber.Decision
		tags, positions []string
		reason          string
	)
	present := map[string]bool{}
	for _, f := range fields(r, name, n, ruleGroupFields) {
		present[f.key] = true
		field := name + "." + f.key
		switch f.key {
		case "applies_to":
			subjects, _ = texts(r, field, f.val)
		case "decision":
			// Checked with the rest of the rule by RuleSet.Validate.
			if s, ok := text(r, field, f.val); ok {
				decision = limber.Decision(s)
			}
		case "tags":
			tags, _ = texts(r, field, f.val)
		case "positions":
			positions, _ = texts(r, field, f.val)
		case "reason":
			reason, _ = text(r, field, f.val)
		case "refs":
			refs, _ = texts(r, field, f.val)
		}
	}
	for _, req := range []string{"applies_to", "decision", "reason", "refs"} {
		if !present[req] {
			r.add(name+"."+req, "missing (required)")
		}
	}
	if len(tags)+len(positions) == 0 {
		r.add(name, "a rule group needs tags or positions to target")
	}
	var out []limber.Rule
	for _, s := range subjects {
		short := s
		for _, p := range []string{"mobility:", "condition:", "profile:"} {
			short = strings.TrimPrefix(short, p)
		}
		add := func(target string, kind limber.TargetKind) {
			out = append(out, limber.Rule{
				ID: short + "-" + target, Source: s, Decision: decision, Target: target,
				TargetKind: kind, Text: reason, Refs: refs, File: r.file,
			})
		}
		for _, t := range positions {
			add(t, limber.TargetPosition)
		}
		for _, t := range tags {
			add(t, limber.TargetTag)
		}
	}
	return out
}

func parseCue(r report, name string, n *yaml.Node) limber.Cue {
	c := limber.Cue{File: r.file}
	for _, f := range fields(r, name, n, cueFields) {
		field := name + "." + f.key
		switch f.key {
		case "id":
			c.ID, _ = text(r, field, f.val)
		case "applies_to":
			c.AppliesTo, _ = texts(r, field, f.val)
		case "text":
			c.Text, _ = text(r, field, f.val)
		case "refs":
			c.Refs, _ = texts(r, field, f.val)
		}
	}
	return c
}

func parseLimit(r report, name string, n *yaml.Node) limber.Limit {
	l := limber.Limit{File: r.file}
	ints := map[string]*int{
		"min_hold_seconds": &l.MinHoldSeconds, "max_hold_seconds": &l.MaxHoldSeconds,
		"min_reps": &l.MinReps, "max_reps": &l.MaxReps, "max_minutes": &l.MaxMinutes,
		"max_items": &l.MaxItems, "min_rest_seconds": &l.MinRestSeconds,
		"position_change_rest_seconds": &l.PositionChangeRestSeconds,
		"rep_seconds":                  &l.RepSeconds,
	}
	for _, f := range fields(r, name, n, limitFields) {
		field := name + "." + f.key
		if p, ok := ints[f.key]; ok {
			*p, _ = number(r, field, f.val, 3600)
			continue
		}
		switch f.key {
		case "id":
			l.ID, _ = text(r, field, f.val)
		case "applies_to":
			l.AppliesTo, _ = texts(r, field, f.val)
		case "prefer_kinds":
			l.PreferKinds = identifiers(r, field, f.val, limber.ParseKind)
		case "environment":
			l.Environment, _ = texts(r, field, f.val)
		case "notes":
			l.Notes, _ = texts(r, field, f.val)
		case "refs":
			l.Refs, _ = texts(r, field, f.val)
		}
	}
	return l
}
