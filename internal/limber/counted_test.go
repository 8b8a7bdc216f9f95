package limber_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

// Counted repetitions ("10 ankle pumps"): reps with neither a hold nor a
// time. Their timing is every repetition at rep_seconds plus a rest between
// rounds and sides; held items keep contract §4's formula.
func TestCountedDosageTiming(t *testing.T) {
	tests := []struct {
		name  string
		d     limber.Dosage
		secs  int
		words string
	}{
		{"counted, each side", limber.Dosage{Reps: 10, Sets: 1, PerSide: true, RepSeconds: 4}, 80, "10 times, each side"},
		{"counted, rest between sides", limber.Dosage{Reps: 5, Sets: 1, PerSide: true, RestSeconds: 10, RepSeconds: 5}, 60, "5 times, each side, rest 10 seconds between"},
		{"counted, two rounds", limber.Dosage{Reps: 8, Sets: 2, RestSeconds: 15, RepSeconds: 3}, 63, "8 times, 2 rounds, rest 15 seconds between"},
		{"counted, two rounds each side", limber.Dosage{Reps: 6, Sets: 2, PerSide: true, RestSeconds: 5, RepSeconds: 4}, 6*4*4 + 3*5, "6 times, 2 rounds, each side, rest 5 seconds between"},
		{"counted with no pace uses the default", limber.Dosage{Reps: 10, Sets: 1}, 10 * limber.DefaultRepSeconds, "10 times"},
		{"held (contract §4)", limber.Dosage{HoldSeconds: 5, Reps: 3, Sets: 1, PerSide: true, RestSeconds: 15}, 105, "3 times, hold 5 seconds, each side, rest 15 seconds between"},
		{"timed", limber.Dosage{Seconds: 90}, 90, "1 minute 30 seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.DurationSeconds(); got != tt.secs {
				t.Errorf("DurationSeconds = %d, want %d", got, tt.secs)
			}
			if got := tt.d.Words(); got != tt.words {
				t.Errorf("Words = %q, want %q", got, tt.words)
			}
		})
	}
}

// The dosage limits of every kind of person leave counted repetitions as
// they are (no hold forced on them, no count cut), and the plans built
// with them still keep every time and item cap.
func TestCountedItemsUnderEveryLimit(t *testing.T) {
	e := shippedEngine(t)
	ankle, err := e.Exercise("ankle-pumps-and-circles")
	if err != nil {
		t.Fatal(err)
	}
	if !ankle.Dosage.Counted() || ankle.Dosage.RepSeconds != 4 {
		t.Fatalf("ankle pumps are counted at the rules' 4 s a repetition: %+v", ankle.Dosage)
	}
	profiles := []struct {
		name string
		p    limber.Profile
	}{
		{"baseline", limber.Profile{Mobility: limber.M1}},
		{"fatigue", limber.Profile{Mobility: limber.M2, Conditions: conds("fatigue")}},
		{"spasticity", limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}},
		{"fibromyalgia (at most 2 repetitions of a stretch)", limber.Profile{Mobility: limber.M1, Conditions: conds("fibromyalgia")}},
		{"recent relapse", limber.Profile{Mobility: limber.M3, Conditions: conds("recent_relapse")}},
		{"wheelchair", limber.Profile{Mobility: limber.M4, Conditions: conds("spasticity", "fatigue")}},
		{"bed, lying only", limber.Profile{Mobility: limber.M5, LyingOnly: true, Conditions: conds("spasticity")}},
	}
	for _, tc := range profiles {
		t.Run(tc.name, func(t *testing.T) {
			a := assess(t, tc.p)
			if d := a.Limits.Dose(ankle); d != ankle.Dosage {
				t.Errorf("Dose changed counted repetitions: %+v, file %+v", d, ankle.Dosage)
			}
			for _, minutes := range []int{5, 15, 30} {
				p := plan(t, limber.PlanRequest{Profile: tc.p, Minutes: minutes})
				for _, it := range p.Items {
					ex, _ := e.Exercise(it.ExerciseID)
					if !ex.Dosage.Counted() {
						if it.Counted() {
							t.Errorf("%s: held or timed in the file, counted in the plan", it.ExerciseID)
						}
						continue
					}
					if it.HoldSeconds != 0 || it.Seconds != 0 || it.RepSeconds <= 0 || it.Reps != ex.Dosage.Reps || it.Sets != max(ex.Dosage.Sets, 1) {
						t.Errorf("%s: counted repetitions changed by the limits: %+v, file %+v", it.ExerciseID, it.Dosage, ex.Dosage)
					}
					if it.DurationSeconds != it.Dosage.DurationSeconds() || it.DurationSeconds <= 0 {
						t.Errorf("%s: duration %d for %+v", it.ExerciseID, it.DurationSeconds, it.Dosage)
					}
				}
				if p.Routine.TotalSeconds > p.Routine.MaxSeconds {
					t.Errorf("%d min: total %d over the cap %d", minutes, p.Routine.TotalSeconds, p.Routine.MaxSeconds)
				}
				// A PT adding ankle pumps gets them as the file counts them.
				if findItem(p, ankle.ID) == nil {
					it, err := e.AddItem(p, limber.PlanContext{Profile: tc.p, Now: now}, ankle.ID, "", 99)
					if err != nil {
						t.Fatalf("adding ankle pumps: %v", err)
					}
					if it.Dosage != ankle.Dosage || it.DurationSeconds != 80 || it.Locked {
						t.Errorf("ankle pumps added as %+v (%d s, locked %v)", it.Dosage, it.DurationSeconds, it.Locked)
					}
				}
			}
		})
	}
}

// A PT edits counted repetitions like any other item: more or fewer, a
// different pace, or a hold; a held stretch cannot lose its hold.
func TestSetDosageCounted(t *testing.T) {
	e := shippedEngine(t)
	prof := limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}
	ctx := limber.PlanContext{Profile: prof, Now: now}
	fresh := func(t *testing.T) (*limber.Plan, int, int) {
		doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: 30})
		ankle := findItem(doc, "ankle-pumps-and-circles")
		if ankle == nil {
			a, err := e.AddItem(doc, ctx, "ankle-pumps-and-circles", limber.SeatedChair, 90)
			if err != nil {
				t.Fatal(err)
			}
			ankle = &a
		}
		hinge := findItem(doc, "seated-hamstring-hinge")
		if hinge == nil {
			h, err := e.AddItem(doc, ctx, "seated-hamstring-hinge", limber.SeatedChair, 91)
			if err != nil {
				t.Fatal(err)
			}
			hinge = &h
		}
		return doc, ankle.ID, hinge.ID
	}
	tests := []struct {
		name   string
		hinge  bool // edit the held stretch instead of the ankle pumps
		d      limber.Dosage
		field  string
		want   limber.Dosage
		wantSe int
	}{
		{"more repetitions, pace kept", false, limber.Dosage{Reps: 15, Sets: 1, PerSide: true}, "",
			limber.Dosage{Reps: 15, Sets: 1, PerSide: true, RepSeconds: 4}, 120},
		{"two rounds at a slower pace", false, limber.Dosage{Reps: 10, Sets: 2, PerSide: true, RestSeconds: 20, RepSeconds: 6}, "",
			limber.Dosage{Reps: 10, Sets: 2, PerSide: true, RestSeconds: 20, RepSeconds: 6}, 4*10*6 + 3*20},
		{"a hold turns it into a held item", false, limber.Dosage{HoldSeconds: 3, Reps: 8, Sets: 1, RepSeconds: 4}, "",
			limber.Dosage{HoldSeconds: 3, Reps: 8, Sets: 1}, 8 * 3},
		{"no repetitions", false, limber.Dosage{Reps: 0, Sets: 1}, "reps", limber.Dosage{}, 0},
		{"too slow", false, limber.Dosage{Reps: 10, Sets: 1, RepSeconds: 61}, "rep_seconds", limber.Dosage{}, 0},
		{"negative pace", false, limber.Dosage{Reps: 10, Sets: 1, RepSeconds: -1}, "rep_seconds", limber.Dosage{}, 0},
		{"a held stretch keeps its hold", true, limber.Dosage{Reps: 10, Sets: 1}, "hold_seconds", limber.Dosage{}, 0},
		{"a held stretch still takes spasticity's 30 s", true, limber.Dosage{HoldSeconds: 30, Reps: 3, Sets: 1}, "",
			limber.Dosage{HoldSeconds: 30, Reps: 3, Sets: 1}, 90},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ankle, hinge := fresh(t)
			id := ankle
			if tt.hinge {
				id = hinge
			}
			it, err := e.SetDosage(doc, ctx, id, tt.d)
			if tt.field != "" {
				if limber.ErrorCode(err) != limber.EINVALID {
					t.Fatalf("got %v, want a refusal naming %s", err, tt.field)
				}
				if le := err.(*limber.Error); le.Field != tt.field {
					t.Errorf("field %q, want %q (%v)", le.Field, tt.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if it.Dosage != tt.want || it.DurationSeconds != tt.wantSe {
				t.Errorf("dosage %+v (%d s), want %+v (%d s)", it.Dosage, it.DurationSeconds, tt.want, tt.wantSe)
			}
			if it.DosageWords != it.Dosage.Words() {
				t.Errorf("words %q", it.DosageWords)
			}
			// The stored plan still re-decides cleanly under the same limits.
			changes, err := e.Recheck(doc, ctx)
			if err != nil || len(changes) != 0 {
				t.Errorf("recheck after the edit: %v %v", changes, err)
			}
		})
	}
}

// A held item that is not a stretch may be made counted by a PT; it then
// takes the rules' time per repetition.
func TestSetDosageHeldToCounted(t *testing.T) {
	e := shippedEngine(t)
	prof := limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}
	ctx := limber.PlanContext{Profile: prof, Now: now}
	doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: 10})
	it := findItem(doc, "shoulder-blade-squeeze")
	if it == nil {
		added, err := e.AddItem(doc, ctx, "shoulder-blade-squeeze", limber.SeatedChair, 80)
		if err != nil {
			t.Fatal(err)
		}
		it = &added
	}
	got, err := e.SetDosage(doc, ctx, it.ID, limber.Dosage{Reps: 6, Sets: 1})
	if err != nil || !got.Counted() || got.RepSeconds != 4 || got.DurationSeconds != 24 || got.DosageWords != "6 times" {
		t.Errorf("posture item made counted: %+v %v", got, err)
	}
}

// The restricted end-range items (RULES.md §4: press-up, standing lean-back,
// seated diagonal reach) are movements: a PT who adds one gets counted
// repetitions, not the 20-30 s end-range holds stretches are given (the
// spasticity minimum, contract §7.2).
func TestRestrictedEndRangeItemsAreMovements(t *testing.T) {
	e := shippedEngine(t)
	for _, prof := range []limber.Profile{
		{Mobility: limber.M1},
		{Mobility: limber.M1, Conditions: conds("spasticity")},
		{Mobility: limber.M1, Conditions: conds("spasticity", "fibromyalgia")},
	} {
		ctx := limber.PlanContext{Profile: prof, Now: now}
		for _, id := range []string{"press-up", "standing-lean-back", "seated-diagonal-reach"} {
			ex, err := e.Exercise(id)
			if err != nil {
				t.Fatal(err)
			}
			doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: 20})
			it, err := e.AddItem(doc, ctx, id, "", 50)
			if err != nil {
				t.Fatalf("%v: adding %s: %v", prof.Conditions, id, err)
			}
			if it.HoldSeconds != 0 || it.Seconds != 0 || it.Reps != ex.Dosage.Reps || it.RepSeconds != ex.Dosage.RepSeconds || it.Kind == limber.KindStretch {
				t.Errorf("%v: %s added as %s %+v; want counted repetitions as the file gives them (%+v)", prof.Conditions, id, it.Kind, it.Dosage, ex.Dosage)
			}
			// A PT may still change the count, and the limits leave it be.
			it, err = e.SetDosage(doc, ctx, it.ID, limber.Dosage{Reps: 10, Sets: 1, RepSeconds: it.RepSeconds, PerSide: it.PerSide, RestSeconds: it.RestSeconds})
			if err != nil || it.HoldSeconds != 0 || it.Reps != 10 {
				t.Errorf("%v: %s edited to 10: %+v %v", prof.Conditions, id, it.Dosage, err)
			}
			if changes, err := e.Recheck(doc, ctx); err != nil || slices.ContainsFunc(changes, func(c string) bool { return strings.HasPrefix(c, ex.Name) }) {
				t.Errorf("recheck touched %s: %v %v", id, changes, err)
			}
		}
	}
}

// A held stretch cannot be made a timed item either: 10 s "timed" would slip
// past spasticity's 30 s minimum hold.
func TestSetDosageHeldStretchStaysHeld(t *testing.T) {
	e := shippedEngine(t)
	prof := limber.Profile{Mobility: limber.M1, Conditions: conds("spasticity")}
	ctx := limber.PlanContext{Profile: prof, Now: now}
	doc := plan(t, limber.PlanRequest{Profile: prof, Minutes: 15})
	for _, it := range doc.Items {
		if it.Kind != limber.KindStretch || it.Timed() || it.Locked {
			continue
		}
		_, err := e.SetDosage(doc, ctx, it.ID, limber.Dosage{Seconds: 10})
		var le *limber.Error
		if !errors.As(err, &le) || le.Field != "seconds" {
			t.Fatalf("%s made a 10 s timed item: %v", it.ExerciseID, err)
		}
		return
	}
	t.Fatal("no held stretch in the plan")
}
