package httpapi_test

import (
	"testing"
)

// The library as the server delivers it (issue 8, §2): counted repetitions
// reach the plan document with rep_seconds, restricted end-range items added
// by a PT are movements, open book is refused after a posterior hip
// replacement, and the legs-straight rest waits for the PT.
func TestLibraryTruthThroughTheServer(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	newPlan := func(conds []string) (string, string) {
		p := h.must(201, "POST", "/api/v1/patients", c.therapistA, map[string]any{"name": "Sam Stone", "mobility": "M1", "conditions": conds})
		pid := itoa(int64(p["id"].(float64)))
		pl := h.must(201, "POST", "/api/v1/patients/"+pid+"/plans", c.therapistA, map[string]any{"minutes": 30})
		return pid, itoa(int64(pl["id"].(float64)))
	}
	item := func(plan map[string]any, exerciseID string) map[string]any {
		for _, it := range plan["items"].([]any) {
			if m := it.(map[string]any); m["exercise_id"] == exerciseID {
				return m
			}
		}
		t.Fatalf("no %s in %v", exerciseID, plan["items"])
		return nil
	}
	num := func(m map[string]any, k string) int {
		v, ok := m[k].(float64)
		if !ok {
			t.Fatalf("%s missing in %v", k, m)
		}
		return int(v)
	}

	// Spasticity: stretches are held 30 s or more, but the press-up a PT
	// adds stays 8 counted repetitions, and a PT may change the count.
	_, plan := newPlan([]string{"spasticity"})
	doc := h.must(201, "POST", "/api/v1/plans/"+plan+"/items", c.therapistA, map[string]any{"exercise_id": "press-up"})
	press := item(doc, "press-up")
	if num(press, "hold_seconds") != 0 || num(press, "seconds") != 0 || num(press, "reps") != 8 || num(press, "rep_seconds") != 5 || press["kind"] != "mobility" {
		t.Errorf("press-up for a spastic patient: %v; want 8 counted repetitions", press)
	}
	doc = h.must(200, "PATCH", "/api/v1/plans/"+plan+"/items/"+itoa(int64(num(press, "id"))), c.therapistA, map[string]any{"reps": 10})
	press = item(doc, "press-up")
	if num(press, "reps") != 10 || num(press, "rep_seconds") != 5 || num(press, "hold_seconds") != 0 || num(press, "duration_seconds") != 50 {
		t.Errorf("press-up edited to 10: %v", press)
	}
	doc = h.must(200, "PATCH", "/api/v1/plans/"+plan+"/items/"+itoa(int64(num(press, "id"))), c.therapistA, map[string]any{"rep_seconds": 6})
	if press = item(doc, "press-up"); num(press, "rep_seconds") != 6 || num(press, "duration_seconds") != 60 {
		t.Errorf("press-up at 6 s a repetition: %v", press)
	}
	r := h.do("PATCH", "/api/v1/plans/"+plan+"/items/"+itoa(int64(num(press, "id"))), c.therapistA, map[string]any{"rep_seconds": 99})
	if e, _ := r.json(t)["error"].(map[string]any); r.status != 422 || e["field"] != "rep_seconds" {
		t.Errorf("rep_seconds 99: %d %s", r.status, r.body)
	}
	doc = h.must(201, "POST", "/api/v1/plans/"+plan+"/items", c.therapistA, map[string]any{"exercise_id": "ankle-pumps-and-circles", "position": "semi_reclined"})
	ankle := item(doc, "ankle-pumps-and-circles")
	if num(ankle, "hold_seconds") != 0 || num(ankle, "rep_seconds") != 4 || num(ankle, "duration_seconds") != 80 || ankle["dosage_words"] != "10 times, each side" {
		t.Errorf("ankle pumps: %v", ankle)
	}

	// Posterior hip replacement: open book (knees together, no pillow
	// between them) is excluded, with the reason; not clearable.
	_, plan = newPlan([]string{"hip_replacement_posterior"})
	r = h.do("POST", "/api/v1/plans/"+plan+"/items", c.therapistA, map[string]any{"exercise_id": "open-book"})
	body := r.json(t)
	errBody, _ := body["error"].(map[string]any)
	reasons, _ := errBody["reasons"].([]any)
	found := false
	for _, x := range reasons {
		if x.(map[string]any)["rule_id"] == "hip_replacement_posterior-hip_adduction_past_midline" {
			found = true
		}
	}
	if r.status != 422 || !found {
		t.Errorf("open book after a posterior hip replacement: %d %v; want 422 naming hip_replacement_posterior-hip_adduction_past_midline", r.status, body)
	}

	// The legs-straight rest: locked until the PT clears it for this
	// patient, then delivered.
	_, plan = newPlan(nil)
	doc = h.must(201, "POST", "/api/v1/plans/"+plan+"/items", c.therapistA, map[string]any{"exercise_id": "legs-straight-rest"})
	rest := item(doc, "legs-straight-rest")
	if rest["locked"] != true || rest["decision"] != "requires_pt_clearance" {
		t.Fatalf("legs-straight rest added: %v; want locked", rest)
	}
	cleared := h.must(200, "POST", "/api/v1/plans/"+plan+"/items/"+itoa(int64(num(rest, "id")))+"/clearance", c.therapistA, map[string]any{"note": "10 minutes, checked in clinic"})
	if cleared["locked"] != false || cleared["cleared_by"] == nil {
		t.Errorf("cleared: %v", cleared)
	}
}
