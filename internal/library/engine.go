package library

import (
	"io/fs"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/limber"
)

// LoadEngine reads an exercise folder and a rules folder and builds the
// engine from them.
func LoadEngine(exFS fs.FS, exDir string, rulesFS fs.FS, rulesDir string) (*limber.Engine, error) {
	xs, err := LoadExercises(exFS, exDir)
	if err != nil {
		return nil, err
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
