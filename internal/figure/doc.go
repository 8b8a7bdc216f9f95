// Package figure is Limber's pose model and drawing: from an exercise's
// small pose description it draws the figure a patient follows, and it
// derives the geometric movement tags the safety engine relies on, so a
// picture never shows a movement the engine does not know about
// (FIGURES.md).
//
// # Body and coordinates
//
// The skeleton (Joints, Dofs) has named joints with anatomical degrees of
// freedom in degrees, 0 = anatomical neutral (standing, arms by the sides,
// palms in, looking ahead); left and right are the patient's own; neck
// retraction and shoulder elevation and retraction are in cm. pelvis.tilt
// (+ posterior) turns the pelvis on the hips, so a low back can round while
// the chest stays on the bed. Every
// body frame is x forward, y up (toward the head), z to the body's right.
// Segment lengths are fractions of body height (Winter, Table 4.1), so the
// room is measured in body heights: x along the picture of a side view, y
// up from the floor (0), z toward the viewer of a side view. Forward
// kinematics composes rotation matrices from the pelvis placement outward
// (math only).
//
// # Data and format
//
// The base posture of each position (pelvis placement, joint angles, props
// and contacts) and the derived-tag table are data in the rules folder
// (exercises/rules/postures.yaml and derived_tags.yaml), read by package
// library into Data. An exercise's figure (limber.FigureSpec, the figure:
// block documented in exercises/README.md) gives start and hold keyframes
// as deltas from the base posture (the hold keeps the start's deltas it
// does not give), props and contacts beyond the position's own, and
// per-position overrides. The other side swaps _l and _r values and
// reverses the spine's and neck's side bend and turn: the body is solved
// again and drawn from its other side, never mirrored as a picture.
//
// Hands that rest on a prop in the base posture (the mat, the counter)
// stay there, and a hand that holds a body point (hand_l: knee_r) reaches
// it in the hold: both by a two-joint inverse-kinematics solve from the
// shoulder, as are the helper's arms. Standing figures are lowered or
// raised so the lower foot is on the floor.
//
// # Drawing
//
// Variant.SVG (or Data.Render) writes a deterministic SVG: orthographic
// projection for the view (side, front, above), painter's order by depth,
// far limbs lighter, worked limbs outlined and coloured, colours from CSS
// variables (classes hc and print switch to high contrast or black on
// white). The moving figure is a flipbook: frames interpolated in joint
// angles, laid out in a strip that CSS steps() slides one frame at a time
// (Chromium and Safari both run it); the player may instead set ph-start,
// ph-move, ph-hold or ph-return on the svg, and paused or static (or
// prefers-reduced-motion) shows the start and hold frames side by side with
// an arrow. Every class inside a frame is a plain class selector: the
// frames are drawn through <use>, whose copies match no descendant
// selector.
//
// For the web layer: Data.Render(ex, position, side, style) gives the SVG
// bytes, and Hash(svg) its content hash for an immutable URL
// (/figures/<hash>.svg, served with a long cache life).
package figure
