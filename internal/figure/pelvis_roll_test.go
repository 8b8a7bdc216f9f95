package figure_test

import (
	"slices"
	"testing"

	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

// A pelvis that rolls toward the right lifts the left hip and takes the
// bent knees over to the right; the spine turned back the same amount
// keeps the shoulders flat, and that turn is what the tags see (a full
// knee drop is an end-range spinal rotation). The other side rolls the
// other way.
func TestPelvisRollDropsTheKneesWithFlatShoulders(t *testing.T) {
	d := shippedData(t)
	bent := pose("hip_l", "flexion", 45, "knee_l", "flexion", 90, "hip_r", "flexion", 45, "knee_r", "flexion", 90)
	mk := func(start limber.Pose) *limber.Exercise {
		return &limber.Exercise{ID: "drop", Name: "Drop", Positions: []limber.Position{limber.Supine},
			Dosage: limber.Dosage{HoldSeconds: 5, Reps: 1, PerSide: true}, Figure: &limber.FigureSpec{Start: start}}
	}
	flat, err := d.Resolve(mk(bent), limber.Supine, figure.Right)
	if err != nil {
		t.Fatal(err)
	}
	dropped := limber.Pose{"pelvis": {"roll": 45}, "lumbar": {"rotation": -30}, "thoracic": {"rotation": -15}}
	for j, dofs := range bent {
		dropped[j] = dofs
	}
	for _, side := range []figure.Side{figure.Right, figure.Left} {
		v, err := d.Resolve(mk(dropped), limber.Supine, side)
		if err != nil {
			t.Fatal(err)
		}
		p, q := figure.DebugPoints(v), figure.DebugPoints(flat)
		up, down := "hip_l", "hip_r"
		if side == figure.Left {
			up, down = down, up
			q = figure.DebugPoints(mustResolve(t, d, mk(bent), figure.Left))
		}
		if p[up][1] < p[down][1]+0.08 {
			t.Errorf("%s: %s at %.3f, %s at %.3f: the pelvis did not roll", side, up, p[up][1], down, p[down][1])
		}
		for _, sh := range []string{"shoulder_l", "shoulder_r"} {
			for i := range 3 {
				if diff := p[sh][i] - q[sh][i]; diff > 0.005 || diff < -0.005 {
					t.Errorf("%s: %s moved %.3f on axis %d; the shoulders should stay flat", side, sh, diff, i)
				}
			}
		}
		knees := (p["knee_l"][2] + p["knee_r"][2]) / 2
		if side == figure.Right && knees < 0.1 || side == figure.Left && knees > -0.1 {
			t.Errorf("%s: the knees at z %.3f did not drop to that side", side, knees)
		}
		var tags []limber.Tag
		for _, f := range d.Derive(v) {
			tags = append(tags, f.Tag)
		}
		if !slices.Contains(tags, "spinal_rotation_end_range") {
			t.Errorf("%s: derived %v, want spinal_rotation_end_range from the spine turned back", side, tags)
		}
	}
}

func mustResolve(t *testing.T, d *figure.Data, ex *limber.Exercise, s figure.Side) *figure.Variant {
	t.Helper()
	v, err := d.Resolve(ex, ex.Positions[0], s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
