package httpapi_test

import (
	"fmt"
	"sync"
	"testing"
)

// Two PTs (or two tabs) change different dosage fields of one item at the
// same moment: both changes are kept, because each is merged into the plan
// inside the write transaction rather than into a copy read before it.
func TestConcurrentDosageEditsBothKept(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	plan := h.must(200, "GET", "/api/v1/plans/"+itoa(c.planA), c.therapistA, nil)
	var item int64
	for _, raw := range plan["items"].([]any) {
		it := raw.(map[string]any)
		if it["locked"] == false && it["hold_seconds"].(float64) > 0 && it["reps"].(float64) >= 2 {
			item = int64(it["id"].(float64))
			break
		}
	}
	if item == 0 {
		t.Fatal("no held, unlocked item in the fixture plan")
	}
	path := "/api/v1/plans/" + itoa(c.planA) + "/items/" + itoa(item)
	for round := range 12 {
		reps, rest := 2+round%2, 10+5*(round%3)
		var wg sync.WaitGroup
		for _, body := range []map[string]any{{"reps": reps}, {"rest_seconds": rest}} {
			wg.Go(func() {
				if r := h.do("PATCH", path, c.therapistA, body); r.status != 200 {
					t.Errorf("PATCH %v: %d %s", body, r.status, r.body)
				}
			})
		}
		wg.Wait()
		got := h.must(200, "GET", "/api/v1/plans/"+itoa(c.planA), c.therapistA, nil)
		for _, raw := range got["items"].([]any) {
			it := raw.(map[string]any)
			if int64(it["id"].(float64)) != item {
				continue
			}
			if fmt.Sprint(it["reps"]) != fmt.Sprint(reps) || fmt.Sprint(it["rest_seconds"]) != fmt.Sprint(rest) {
				t.Fatalf("round %d: an edit was lost: reps %v (want %d), rest %v (want %d)", round, it["reps"], reps, it["rest_seconds"], rest)
			}
		}
	}
}
