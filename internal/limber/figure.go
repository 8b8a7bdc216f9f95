package limber

// Pose is a set of joint angles: joint name → degree of freedom → degrees
// (neck retraction in cm). Package figure knows the joint names; the core
// only carries them.
type Pose map[string]map[string]float64

// FigureSpec is an exercise's pose description (exercises/README.md,
// "Figures"): deltas from its position's base posture for the start and hold
// keyframes, the props and contacts beyond the position's own, and
// per-position overrides. Package figure draws it and derives tags from it.
type FigureSpec struct {
	View     string
	Props    []FigureProp
	NoProps  []string
	Start    Pose
	Hold     Pose
	Contacts map[string]string
	// Pulls names what a hand, strap or body weight pushes or pulls the
	// spine into: flexion, extension or rotation.
	Pulls []string
	// HelperHolds lists the body points the helper's hands hold (left hand
	// first); empty when there is no helper.
	HelperHolds []string
	HelperAt    []float64
	Positions   map[Position]*FigureSpec
}

// FigureProp is a prop an exercise adds, at the prop's default place or at
// At (fractions of body height: forward, up, toward the right).
type FigureProp struct {
	Kind string
	At   []float64
}

// For gives the figure of one position: the exercise's own with that
// position's override laid over it (keyframe angles merged joint by joint,
// other fields replaced where given). Nil when the exercise has no figure.
func (f *FigureSpec) For(p Position) *FigureSpec {
	if f == nil {
		return nil
	}
	out := *f
	out.Positions = nil
	o := f.Positions[p]
	if o == nil {
		return &out
	}
	if o.View != "" {
		out.View = o.View
	}
	if o.Props != nil {
		out.Props = o.Props
	}
	if o.NoProps != nil {
		out.NoProps = o.NoProps
	}
	if o.Contacts != nil {
		out.Contacts = o.Contacts
	}
	if o.Pulls != nil {
		out.Pulls = o.Pulls
	}
	if o.HelperHolds != nil {
		out.HelperHolds = o.HelperHolds
	}
	if o.HelperAt != nil {
		out.HelperAt = o.HelperAt
	}
	out.Start = MergePose(f.Start, o.Start)
	out.Hold = MergePose(f.Hold, o.Hold)
	return &out
}

// MergePose is base with over's joint values laid on top (a per-position
// override, a hold over its start).
func MergePose(base, over Pose) Pose {
	out := Pose{}
	for _, p := range []Pose{base, over} {
		for j, dofs := range p {
			if out[j] == nil {
				out[j] = map[string]float64{}
			}
			for d, v := range dofs {
				out[j][d] = v
			}
		}
	}
	return out
}
