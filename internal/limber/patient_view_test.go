package limber_test

import (
	"slices"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func TestForPatient(t *testing.T) {
	gate := &limber.Rule{ID: "lhermitte-neck_rotation", Decision: limber.RequiresPTClearance, Text: "Do these only after your PT has said yes."}
	caution := &limber.Rule{ID: "balance_falls-standing", Decision: limber.Caution, Text: "Hold on with both hands."}
	by := int64(7)
	base := limber.Item{Steps: []string{"Turn your head."}, Reasons: []*limber.Rule{gate, caution}, Cues: []string{gate.Text, caution.Text}, ClearanceNote: "frank clinic note"}
	locked, cleared := base, base
	locked.Locked = true
	cleared.ClearedBy = &by
	for _, tc := range []struct {
		name    string
		in      limber.Item
		steps   int
		reasons []string
		cues    []string
	}{
		{"locked: no steps, the wait is still true", locked, 0, []string{gate.ID, caution.ID}, []string{gate.Text, caution.Text}},
		{"cleared: the wait is gone, the caution stays", cleared, 1, []string{caution.ID}, []string{caution.Text}},
	} {
		got := tc.in.ForPatient()
		var ids []string
		for _, r := range got.Reasons {
			ids = append(ids, r.ID)
		}
		if len(got.Steps) != tc.steps || !slices.Equal(ids, tc.reasons) || !slices.Equal(got.Cues, tc.cues) || got.ClearanceNote != "" {
			t.Errorf("%s: steps %v reasons %v cues %v note %q", tc.name, got.Steps, ids, got.Cues, got.ClearanceNote)
		}
		if len(tc.in.Steps) != 1 || len(tc.in.Cues) != 2 {
			t.Errorf("%s: ForPatient changed the stored item", tc.name)
		}
	}
	if p := (limber.Patient{Name: "Jo", Notes: "PT only"}).ForPatient(); p.Notes != "" || p.Name != "Jo" {
		t.Errorf("patient view %+v", p)
	}
}
