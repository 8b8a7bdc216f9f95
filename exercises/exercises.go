// Package exercises carries Limber's built-in exercise library (one YAML
// file per exercise, in this folder) and its clinical rules (rules/), both
// as data that a physical therapist can review and change without code.
package exercises

import "embed"

// FS holds the exercise files at its top level and the rule files under
// rules/.
//
//go:embed *.yaml rules/*.yaml
var FS embed.FS

// RulesDir is the folder of FS that holds the rules.
const RulesDir = "rules"
