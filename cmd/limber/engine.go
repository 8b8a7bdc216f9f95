package main

import (
	"io/fs"
	"os"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

// loadEngine reads the exercise library and the rules: the built-in ones,
// or the folders given with --library and --rules.
func loadEngine(libraryDir, rulesDir string) (*limber.Engine, error) {
	var exFS fs.FS = exercises.FS
	if libraryDir != "" {
		exFS = os.DirFS(libraryDir)
	}
	rulesFS, rulesRoot := fs.FS(exercises.FS), exercises.RulesDir
	if rulesDir != "" {
		rulesFS, rulesRoot = os.DirFS(rulesDir), "."
	}
	xs, err := library.LoadExercises(exFS, ".")
	if err != nil {
		return nil, err
	}
	rs, err := library.LoadRules(rulesFS, rulesRoot)
	if err != nil {
		return nil, err
	}
	return limber.NewEngine(rs, xs)
}
