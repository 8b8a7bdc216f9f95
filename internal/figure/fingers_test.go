package figure_test

import (
	"bytes"
	"testing"

	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

// Spread fingers draw a fan of five from the hand and curled ones a fist,
// so finger spreads and fists read as what they are; fingers at rest draw
// nothing extra (the golden figures stay as they were).
func TestFingersSpreadAndFist(t *testing.T) {
	d := shippedData(t)
	mk := func(start, hold limber.Pose) *limber.Exercise {
		return &limber.Exercise{ID: "hands", Name: "Hands", Positions: []limber.Position{limber.SeatedChair},
			Dosage: limber.Dosage{Reps: 5}, Figure: &limber.FigureSpec{Start: start, Hold: hold}}
	}
	count := func(ex *limber.Exercise, layout, what string) int {
		svg, err := d.Render(ex, limber.SeatedChair, figure.Right, figure.Style{Layout: layout})
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Count(svg, []byte(what))
	}
	// The still layout draws the hold frame alone.
	rest := mk(pose("elbow_r", "flexion", 35), pose("elbow_r", "flexion", 36))
	spread := mk(pose("elbow_r", "flexion", 35), pose("elbow_r", "flexion", 36, "wrist_r", "fingers", 110))
	fist := mk(pose("elbow_r", "flexion", 35), pose("elbow_r", "flexion", 36, "wrist_r", "fingers", -90))
	if got, base := count(spread, "still", `class="fgn `), count(rest, "still", `class="fgn `); got != base+1 {
		t.Errorf("spread fingers: %d thin paths, want the nose's %d and one fan", got, base)
	}
	if got := count(spread, "still", "<circle"); got != 1 {
		t.Errorf("spread fingers: %d circles, want the head alone", got)
	}
	if got, base := count(fist, "still", "<circle"), count(rest, "still", "<circle"); got != base+1 {
		t.Errorf("fist: %d circles, want the head's %d and one fist", got, base)
	}
	if got, base := count(fist, "still", `class="fgn `), count(rest, "still", `class="fgn `); got != base {
		t.Errorf("fist: %d thin paths, want the nose's %d alone", got, base)
	}
}
