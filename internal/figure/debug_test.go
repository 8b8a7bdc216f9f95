package figure_test

import (
	"fmt"
	"os"
	"sort"
	"testing"

	"github.com/limber-health/limber/exercises"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

func TestDebugPostures(t *testing.T) {
	if os.Getenv("FIGDEBUG") == "" {
		t.Skip()
	}
	d, err := library.LoadFigureData(exercises.FS, exercises.RulesDir)
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll("/tmp/figdbg", 0o755)
	if ex := os.Getenv("FIGEX"); ex != "" {
		xs, _ := library.LoadExercises(exercises.FS, ".")
		for _, x := range xs {
			if x.ID == ex {
				for _, p := range x.Positions {
					v, _ := d.Resolve(x, p, figure.Right)
					fmt.Println(p, figure.DebugContacts(v))
					pts := figure.DebugPoints(v)
					for _, k := range []string{"hand_l", "hand_r", "shoulder_r", "heel_l", "toe_l", "knee_l", "ankle_l", "head", "pelvis"} {
						fmt.Printf("  %-12s %.3f %.3f %.3f\n", k, pts[k][0], pts[k][1], pts[k][2])
					}
				}
			}
		}
		return
	}
	for _, p := range limber.Positions {
		ex := &limber.Exercise{ID: "base", Name: "Base " + string(p), Positions: []limber.Position{p}, Figure: &limber.FigureSpec{}}
		v, err := d.Resolve(ex, p, figure.Right)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile("/tmp/figdbg/"+string(p)+".svg", v.SVG(figure.Style{Layout: "still"}), 0o644)
		fmt.Println(p, d.Derive(v), figure.DebugContacts(v))
		pts := figure.DebugPoints(v)
		keys := make([]string, 0)
		for k := range pts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if os.Getenv("FIGDEBUG") == string(p) {
				fmt.Printf("  %-12s %.3f %.3f %.3f\n", k, pts[k][0], pts[k][1], pts[k][2])
			}
		}
	}
}
