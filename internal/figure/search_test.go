package figure

import (
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

// TestSearchArm is a tool for writing postures: FIGSEARCH=1.
func TestSearchArm(t *testing.T) {
	if os.Getenv("FIGSEARCH") == "" {
		t.Skip()
	}
	pl := Placement{At: vec{0, 0.365, 0}, Tilt: -90}
	target := vec{0.44, 0.318, 0.03}
	best, bp := math.Inf(1), ""
	for f := -30.0; f <= 180; f += 10 {
		for a := 0.0; a <= 120; a += 10 {
			for r := -90.0; r <= 90; r += 10 {
				for e := 0.0; e <= 150; e += 10 {
					p := limber.Pose{"shoulder_r": {"flexion": f, "abduction": a, "rotation": r}, "elbow_r": {"flexion": e}}
					b := solve(pl, p)
					d := b.pt["hand_r"].sub(target).len()
					// keep the elbow on or above the bed
					if b.pt["elbow_r"][1] < 0.32 || b.pt["wrist_r"][1] < 0.315 {
						continue
					}
					if d < best {
						best, bp = d, fmt.Sprint(f, a, r, e, b.pt["elbow_r"], b.pt["hand_r"])
					}
				}
			}
		}
	}
	fmt.Println(best, bp)
}
