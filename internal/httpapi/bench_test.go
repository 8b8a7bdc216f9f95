package httpapi_test

import (
	"bytes"
	"encoding/json"
	"github.com/google/uuid"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkPlanPreview measures one preview through the real router and
// middleware (authentication included), without the network.
func BenchmarkPlanPreview(b *testing.B) {
	h := newHarness(b)
	c := h.clinic()
	body := `{"profile":{"mobility":"M3","conditions":["bone_fragility","stenosis_lumbar","spasticity"]},"minutes":20,"focus":["hips"]}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/plan-preview", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.therapistA)
		rec := httptest.NewRecorder()
		h.api.Echo.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}

// BenchmarkSubmitSession measures storing one new exercise session (a new
// client id each time) through the real router, middleware and SQLite
// file, without the network.
func BenchmarkSubmitSession(b *testing.B) {
	h := newHarness(b)
	c := h.clinic()
	items := h.planItems(c.therapistA, c.planA)

	b.ReportAllocs()
	for b.Loop() {

		body, _ := json.Marshal(sessionBody(h, c.planA, items, uuid.NewString()))
		req := httptest.NewRequest("POST", "/api/v1/me/sessions", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.patientA)
		rec := httptest.NewRecorder()
		h.api.Echo.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatal(rec.Code, rec.Body.String())
		}
	}
}
