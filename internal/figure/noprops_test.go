package figure_test

import (
	"testing"

	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

// no_props leaves out the position's own prop; a prop of the same kind the
// exercise adds elsewhere stays (a kneeling chair moved back from the
// front foot).
func TestNoPropsKeepsTheExercisesOwn(t *testing.T) {
	d := shippedData(t)
	ex := &limber.Exercise{ID: "moved", Name: "Moved", Positions: []limber.Position{limber.Kneeling},
		Figure: &limber.FigureSpec{NoProps: []string{"chair"}, Props: []limber.FigureProp{{Kind: "chair", At: []float64{0.03, 0.245, -0.4}}}}}
	v, err := d.Resolve(ex, limber.Kneeling, figure.Right)
	if err != nil {
		t.Fatal(err)
	}
	var chairs []float64
	for _, p := range v.Props {
		if p.Kind == "chair" {
			chairs = append(chairs, p.At[0])
		}
	}
	if len(chairs) != 1 || chairs[0] != 0.03 {
		t.Errorf("chairs at x %v, want the exercise's one at 0.03", chairs)
	}
}
