package limber

import "strings"

// DecisionLabels are the decisions in the words a PT reads on a badge.
var DecisionLabels = map[Decision]string{
	Exclude:             "Excluded",
	RequiresPTClearance: "Needs your OK",
	Caution:             "Caution",
	Allow:               "OK",
	Prefer:              "Preferred",
}

// RegionLabels are the body regions in plain words.
var RegionLabels = map[Region]string{
	"neck": "Neck", "shoulders": "Shoulders", "upper_back": "Upper back", "chest": "Chest", "low_back": "Low back",
	"hips": "Hips", "hamstrings": "Back of the thighs", "quads": "Front of the thighs", "calves_ankles": "Calves and ankles",
	"hands_wrists": "Hands and wrists", "whole_body": "All over",
}

// SkipLabels are the reasons to skip an exercise in plain words.
var SkipLabels = map[string]string{
	"too_tired": "too tired", "pain": "pain", "no_helper": "no helper", "no_time": "no time", "other": "other reason",
}

// StopLabel is a stop reason's words, or the id itself if unknown.
func StopLabel(id string) string {
	for _, r := range StopTable {
		if r.ID == id {
			return r.Label
		}
	}
	return id
}

// PlanStatusLabels are the plan statuses in words.
var PlanStatusLabels = map[string]string{PlanDraft: "Draft: not yet in use", PlanActive: "In use", PlanArchived: "Archived"}

// paperWords turn a cue written for the tablet into one for paper: a
// printed handout has no Stop button.
var paperWords = []struct{ screen, paper string }{
	{"Stop and press Stop if", "Stop and tell your PT if"},
	{"and press Stop", "and tell your PT"},
	{"press Stop", "stop"},
}

// PaperCue is a cue as the printed handout says it.
func PaperCue(cue string) string {
	for _, w := range paperWords {
		cue = strings.ReplaceAll(cue, w.screen, w.paper)
	}
	return cue
}
