package library

import (
	"io/fs"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/limber"
)

// LoadEngine reads an exercise folder and a rules folder and builds the
// engine from them. A figure whose pose shows a tag its exercise lacks
// refuses the library, as in `limber exercises check`.
func LoadEngine(exFS fs.FS, exDir string, rulesFS fs.FS, rulesDir string) (*limber.Engine, error) {
	xs, err := LoadExercises(exFS, exDir)
	if err != nil {
		return nil, err
	}
	fd, err := LoadFigureDataOrShipped(rulesFS, rulesDir)
	if err != nil {
		return nil, err
	}
	if probs, _ := CheckFigures(xs, fd); len(probs) > 0 {
		return nil, probs
	}
	rs, err := LoadRules(rulesFS, rulesDir)
	if err != nil {
		return nil, err
	}
	return limber.NewEngine(rs, xs)
}

// Shipped builds the engine from the built-in library and rules.
func Shipped() (*limber.Engine, error) {
	return LoadEngine(exercises.FS, ".", exercises.FS, exercises.RulesDir)
}
