package figure

import (
	"fmt"
	"slices"

	"github.com/limber-health/limber/internal/limber"
)

// Data is what figures are made from, read from the rule folder: the base
// posture of each position and the derived-tag table.
type Data struct {
	Postures map[limber.Position]*Posture
	Rows     []Row
}

// Posture is a position's base posture: where the pelvis is, the joint
// angles, the props and what rests on or holds what.
type Posture struct {
	Position limber.Position
	View     string
	Pelvis   Placement
	Pose     limber.Pose
	Props    []Prop
	Contacts map[string]string
}

// Prop is a piece of furniture or kit placed in the room. At is the prop's
// anchor (see PropKinds); Size and Angle, where the kind uses them, its
// length, height and half width, and a tilt in degrees.
type Prop struct {
	Kind  string
	At    vec
	Size  vec
	Angle float64
}

// NewProp builds a prop from data (the loader's constructor).
func NewProp(kind string, at, size []float64, angle float64) Prop {
	p := Prop{Kind: kind, Angle: angle}
	copy(p.At[:], at)
	copy(p.Size[:], size)
	return p
}

// NewPlacement builds a pelvis placement from data.
func NewPlacement(at []float64, tilt, turn float64) Placement {
	p := Placement{Tilt: tilt, Turn: turn}
	copy(p.At[:], at)
	return p
}

// Views are the projections a figure can be drawn in.
var Views = []string{"side", "front", "above"}

// Furniture are the props placed in the room; Attached are those that go
// with the body (a strap from the hands to the foot, a pillow between the
// knees, a rolled towel under a body part named by a contact).
var (
	Furniture = []string{"bed", "pillow", "wedge", "mat", "chair", "wheelchair", "stool", "counter", "chair_back", "wall"}
	Attached  = []string{"strap", "towel", "knee_pillow", "towel_roll"}
)

// PropKinds lists every prop an exercise or posture may name.
func PropKinds() []string { return append(slices.Clone(Furniture), Attached...) }

// Row is one line of the derived-tag table (FIGURES.md §4): the tag is
// derived when any of its tests holds in any frame.
type Row struct {
	Tag    limber.Tag
	Source string
	Any    []Test
}

// Test is one condition on a frame. Kind is one of TestKinds; an angle test
// names a joint ("spine" is lumbar plus thoracic; "hip", "knee", "shoulder"
// either side) and a dof and compares with Min (≥), Max (≤), Below (<) or
// AbsMin (|v| ≥). All holds when every sub-test holds in the same frame (on
// the same side, for sided joints). Positions and Families limit where a
// test applies; UnlessProp and UnlessResting lift it.
type Test struct {
	Kind          string
	Joint, Dof    string
	Min, Max      *float64
	Below, AbsMin *float64
	Part          string
	On            []string
	Pull          string
	Positions     []limber.Position
	Families      []limber.PositionFamily
	UnlessProp    string
	UnlessResting []string
	All           []Test
}

// TestKinds are the tests a row can use.
var TestKinds = []string{"angle", "change", "lifted", "position", "contact", "foot_off_floor", "above_head", "outside_base", "pull", "all"}

// Pulls are what a contact can pull or push the spine into.
var Pulls = []string{"flexion", "extension", "rotation"}

// Validate checks that data is complete: one posture per position, each
// joint and prop known, every row's tag in the vocabulary.
func (d *Data) Validate() []error {
	var errs []error
	for _, p := range limber.Positions {
		if d.Postures[p] == nil {
			errs = append(errs, fmt.Errorf("postures: %s: missing: every position needs a base posture", p))
		}
	}
	return errs
}

// Geometric reports whether a tag is one the table derives.
func (d *Data) Geometric(t limber.Tag) bool {
	for _, r := range d.Rows {
		if r.Tag == t {
			return true
		}
	}
	return false
}
