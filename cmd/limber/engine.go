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
	return library.LoadEngine(exFS, ".", rulesFS, rulesRoot)
}
