package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
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

// A PT's addition that would take the session past the person's limit
// (recent relapse: 10 minutes) is refused naming the field, and the plan is
// left as it was.
func TestAdditionPastTheTimeLimitRefused(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	p := h.must(201, "POST", "/api/v1/patients", c.therapistA, map[string]any{"name": "Rae", "mobility": "M1", "conditions": []string{"recent_relapse"}})
	plan := h.must(201, "POST", "/api/v1/patients/"+itoa(int64(p["id"].(float64)))+"/plans", c.therapistA, map[string]any{"minutes": 10})
	path := "/api/v1/plans/" + itoa(int64(plan["id"].(float64)))
	var last response
	for _, id := range []string{"body-scan", "let-go-relaxation", "calm-place", "longer-out-breath", "constructive-rest", "tense-and-let-go"} {
		if last = h.do("POST", path+"/items", c.therapistA, map[string]any{"exercise_id": id}); last.status == 422 {
			break
		}
	}
	if last.status != 422 || !strings.Contains(string(last.body), `"field":"item"`) || !strings.Contains(string(last.body), "at most 10 minutes") {
		t.Fatalf("an addition past the limit: %d %s", last.status, last.body)
	}
	after := h.must(200, "GET", path, c.therapistA, nil)
	session := after["session"].(map[string]any)
	if session["total_seconds"].(float64) > session["max_seconds"].(float64) {
		t.Errorf("the refused addition was stored: %v", session)
	}
}

// The plan builder's dosage form works for counted repetitions: times and
// seconds each, no hold to fill in.
func TestDosageFormCountedItem(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	add := h.must(200, "GET", "/api/v1/plans/"+itoa(c.planA), c.therapistA, nil)
	var item int64
	for _, raw := range add["items"].([]any) {
		if it := raw.(map[string]any); it["exercise_id"] == "ankle-pumps-and-circles" {
			item = int64(it["id"].(float64))
		}
	}
	if item == 0 {
		p := h.must(201, "POST", "/api/v1/plans/"+itoa(c.planA)+"/items", c.therapistA, map[string]any{"exercise_id": "ankle-pumps-and-circles"})
		for _, raw := range p["items"].([]any) {
			if it := raw.(map[string]any); it["exercise_id"] == "ankle-pumps-and-circles" {
				item = int64(it["id"].(float64))
			}
		}
	}
	pt := h.browser()
	pt.get("/", 200)
	pt.post("/", url.Values{"email": {"a@clinic.test"}, "password": {password}}, 200)
	page := pt.get("/clinic/plans/"+itoa(c.planA), 200)
	if !strings.Contains(page, `id="pace-`+itoa(item)+`" name="rep_seconds"`) {
		t.Fatalf("no seconds-each field for the counted item")
	}
	pt.post("/clinic/plans/"+itoa(c.planA)+"/items/"+itoa(item), url.Values{"reps": {"8"}, "rep_seconds": {"5"}}, 200)
	got := h.must(200, "GET", "/api/v1/plans/"+itoa(c.planA), c.therapistA, nil)
	for _, raw := range got["items"].([]any) {
		if it := raw.(map[string]any); int64(it["id"].(float64)) == item {
			if it["reps"].(float64) != 8 || it["rep_seconds"].(float64) != 5 || it["hold_seconds"].(float64) != 0 {
				t.Errorf("after the form: %v", it)
			}
		}
	}
}
