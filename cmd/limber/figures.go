package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

// runExercisesFigures writes one SVG per variant (and per side, where an
// exercise is done per side) and an index.html contact sheet: each figure
// beside its steps, its declared and its derived tags, for a PT's sign-off.
func runExercisesFigures(args []string, stdout io.Writer) error {
	fs := newFlagSet("exercises figures", stdout)
	var out, libraryDir, rulesDir, theme, layout string
	fs.StringVar(&out, "out", "", "folder to write the SVG files and index.html into (created if missing)")
	fs.StringVar(&libraryDir, "library", "", "folder of exercise files to use instead of the built-in library")
	fs.StringVar(&rulesDir, "rules", "", "folder of rule files to use instead of the built-in rules")
	fs.StringVar(&theme, "theme", "", "figure style: empty (colour), hc (high contrast) or print (black on white)")
	fs.StringVar(&layout, "layout", "", "empty (the moving figure), pair (start and hold side by side, for paper) or still (the hold alone)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if out == "" {
		return usagef("give the folder to write into with --out DIR")
	}
	if theme != "" && theme != "hc" && theme != "print" {
		return usagef("--theme %q: valid: hc, print (or leave it out)", theme)
	}
	if layout != "" && layout != "pair" && layout != "still" {
		return usagef("--layout %q: valid: pair, still (or leave it out)", layout)
	}
	var (
		xs  []*limber.Exercise
		err error
	)
	if libraryDir != "" {
		xs, err = library.LoadExercisesAs(os.DirFS(libraryDir), ".", libraryDir)
	} else {
		xs, err = library.LoadExercises(exercises.FS, ".")
	}
	if err != nil {
		return err
	}
	fd, err := figureData(rulesDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", out, err)
	}
	var sheet bytes.Buffer
	sheet.WriteString(sheetHead)
	n := 0
	for _, ex := range xs {
		for _, p := range ex.Positions {
			for _, side := range figure.Sides(ex) {
				v, err := fd.Resolve(ex, p, side)
				if err != nil {
					return err
				}
				name := ex.ID + "--" + string(p)
				if ex.Dosage.PerSide {
					name += "--" + string(side)
				}
				name += ".svg"
				svg := v.SVG(figure.Style{Theme: theme, Layout: layout})
				if err := os.WriteFile(filepath.Join(out, name), svg, 0o644); err != nil {
					return fmt.Errorf("writing %s: %w", name, err)
				}
				n++
				library.WriteSheetEntry(&sheet, fd, v, name)
			}
		}
	}
	sheet.WriteString("</main></body></html>\n")
	if err := os.WriteFile(filepath.Join(out, "index.html"), sheet.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing index.html: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %d figures and index.html\n", out, n)
	return nil
}

const sheetHead = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Limber figures: contact sheet</title>
<style>body{font:16px/1.4 system-ui,sans-serif;margin:1rem;color:#111}section{display:flex;gap:1rem;border-top:1px solid #ccc;padding:.75rem 0;break-inside:avoid}
img{flex:none;width:300px;height:auto;border:1px solid #ddd}h2{font-size:1.1rem;margin:0}ol{margin:.3rem 0}.warn{color:#a00}p{margin:.3rem 0}.dose{color:#444}</style></head>
<body><h1>Limber figures: contact sheet</h1><p>Each variant's figure beside its steps, the tags it declares and the tags its figure shows, for sign-off.</p><main>
`
