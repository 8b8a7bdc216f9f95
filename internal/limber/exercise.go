package limber

import (
	"slices"
	"strconv"
	"strings"
)

// Dosage is how much of an exercise to do. A held item has HoldSeconds and
// Reps; a timed item (breathing, relaxation) has Seconds; an item of counted
// repetitions ("10 ankle pumps") has Reps and neither, and RepSeconds, the
// time one repetition takes, for the plan's timing.
type Dosage struct {
	HoldSeconds int  `json:"hold_seconds"`
	Seconds     int  `json:"seconds"`
	Reps        int  `json:"reps"`
	Sets        int  `json:"sets"`
	PerSide     bool `json:"per_side"`
	RestSeconds int  `json:"rest_seconds"`
	// RepSeconds is set on counted items only (0 on held and timed ones);
	// 0 on a counted item means DefaultRepSeconds.
	RepSeconds int `json:"rep_seconds"`
}

// DefaultRepSeconds is the time per repetition of a counted item when
// neither its file nor the dosage table (rep_seconds) gives one.
const DefaultRepSeconds = 4

// Timed reports whether the item runs for a set time rather than by holds.
func (d Dosage) Timed() bool { return d.Seconds > 0 }

func (d Dosage) repSeconds() int {
	if d.RepSeconds > 0 {
		return d.RepSeconds
	}
	return DefaultRepSeconds
}

// Counted reports whether the item is counted repetitions with no hold.
func (d Dosage) Counted() bool { return d.Seconds == 0 && d.HoldSeconds == 0 }

// DurationSeconds is the time an item takes: for a held item, every hold
// plus the rests between them (contract §4); for a timed item, its seconds;
// for counted repetitions, every repetition at RepSeconds plus a rest
// between rounds and between sides (none between repetitions, which follow
// each other at the person's pace).
func (d Dosage) DurationSeconds() int {
	if d.Timed() {
		return d.Seconds
	}
	sides := 1
	if d.PerSide {
		sides = 2
	}
	if d.Counted() {
		blocks := max(d.Sets, 1) * sides
		return blocks*max(d.Reps, 1)*d.repSeconds() + (blocks-1)*d.RestSeconds
	}
	n := max(d.Sets, 1) * max(d.Reps, 1) * sides
	return n*d.HoldSeconds + (n-1)*d.RestSeconds
}

// Exercise is one entry of the library, in all its positions.
type Exercise struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	Kind        Kind               `json:"kind"`
	Summary     string             `json:"summary"`
	Positions   []Position         `json:"positions"`
	Tags        []Tag              `json:"tags"`
	Regions     []Region           `json:"regions"`
	Helper      bool               `json:"helper"`
	Dosage      Dosage             `json:"dosage"`
	Steps       []string           `json:"steps"`
	Cues        []string           `json:"cues"`
	Sources     []string           `json:"sources"`
	Restricted  bool               `json:"restricted"`
	VariantTags map[Position][]Tag `json:"variant_tags,omitempty"`
	// PTClearance, when set, makes every variant wait for a PT's clearance
	// whatever the profile: for an item the clinical rules say a PT must
	// confirm for each patient (RULES.md E24, the legs-straight rest).
	PTClearance *Gate `json:"pt_clearance,omitempty"`
	// Figure is the pose description the picture is drawn from and the
	// geometric tags are checked against; nil when the file has none.
	Figure *FigureSpec `json:"-"`
	// KeepTags gives, per tag, why a declared geometric tag stays although
	// the figure does not show it (a conservative choice, written down).
	KeepTags map[Tag]string `json:"-"`
	// File is where the exercise was read from, for messages.
	File string `json:"-"`
}

// Gate is an exercise's own need for a PT's clearance: the reason a patient
// reads and its sources (S1..S41, S24b, S28b or E).
type Gate struct {
	Reason string   `json:"reason"`
	Refs   []string `json:"refs"`
}

// Variant is an exercise in one position with every tag it carries there.
type Variant struct {
	Position Position `json:"position"`
	Tags     []Tag    `json:"tags"`
}

// Variants lists the exercise's variants, one per position, with the tags
// the position and dosage imply added.
func (ex *Exercise) Variants() []Variant {
	vs := make([]Variant, len(ex.Positions))
	for i, p := range ex.Positions {
		vs[i] = Variant{Position: p, Tags: ex.TagsAt(p, ex.Dosage)}
	}
	return vs
}

// TagsAt gives every tag of the exercise done in position p with dosage d:
// its own tags, the tags of that variant, and those the engine implies
// (contract §2): front-lying, floor and kneeling loads, a helper, and lying
// flat on the back for more than 60 s in one go (one hold, the timed item,
// or one side's run of counted repetitions). Sorted, no repeats.
func (ex *Exercise) TagsAt(p Position, d Dosage) []Tag {
	tags := make([]Tag, 0, len(ex.Tags)+4)
	tags = append(tags, ex.Tags...)
	tags = append(tags, ex.VariantTags[p]...)
	switch p {
	case Prone:
		tags = append(tags, TagProneLying)
	case Quadruped, Kneeling:
		tags = append(tags, TagFloorTransfer, TagQuadrupedLoad)
	case LongSittingFloor:
		tags = append(tags, TagFloorTransfer)
	case Supine:
		if d.HoldSeconds > 60 || d.Seconds > 60 || (d.Counted() && max(d.Reps, 1)*d.repSeconds() > 60) {
			tags = append(tags, TagProlongedSupine)
		}
	}
	if ex.Helper {
		tags = append(tags, TagHelperPassive)
	}
	slices.Sort(tags)
	return slices.Compact(tags)
}

// Covers reports whether the exercise works region r.
func (ex *Exercise) Covers(r Region) bool { return slices.Contains(ex.Regions, r) }

// Words says the dosage in plain words: "2 times, hold 30 seconds, each
// side", "10 times, each side" for counted repetitions, or "1 minute 30
// seconds" for a timed item.
func (d Dosage) Words() string {
	if d.Timed() {
		return Duration(d.Seconds)
	}
	var parts []string
	times := max(d.Reps, 1)
	if times == 1 {
		parts = append(parts, "once")
	} else {
		parts = append(parts, strconv.Itoa(times)+" times")
	}
	if d.Sets > 1 {
		parts[0] += ", " + strconv.Itoa(d.Sets) + " rounds"
	}
	if d.HoldSeconds > 0 {
		parts = append(parts, "hold "+Duration(d.HoldSeconds))
	}
	if d.PerSide {
		parts = append(parts, "each side")
	}
	switch {
	case d.Counted():
		if d.RestSeconds > 0 && (d.Sets > 1 || d.PerSide) {
			parts = append(parts, "rest "+Duration(d.RestSeconds)+" between")
		}
	case d.RestSeconds > 0 && times*max(d.Sets, 1) > 1:
		parts = append(parts, "rest "+Duration(d.RestSeconds)+" between")
	}
	return strings.Join(parts, ", ")
}

// Duration says a number of seconds in words: "45 seconds", "2 minutes",
// "1 minute 30 seconds".
func Duration(seconds int) string {
	m, s := seconds/60, seconds%60
	unit := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	}
	switch {
	case m == 0:
		return unit(s, "second", "seconds")
	case s == 0:
		return unit(m, "minute", "minutes")
	}
	return unit(m, "minute", "minutes") + " " + unit(s, "second", "seconds")
}
