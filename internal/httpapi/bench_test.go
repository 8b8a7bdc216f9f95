package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// BenchmarkSignedInRequest measures small signed-in requests through the
// real router (a bearer token looked up each time), beside /healthz, so
// the cost of finding who is asking shows as a share of a request.
func BenchmarkSignedInRequest(b *testing.B) {
	h := newHarness(b)
	c := h.clinic()
	for _, bc := range []struct{ name, path, token string }{
		{"healthz", "/healthz", ""},
		{"settings", "/api/v1/settings", c.therapistA},
		{"me-today", "/api/v1/me/today", c.patientA},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", bc.path, nil)
				if bc.token != "" {
					req.Header.Set("Authorization", "Bearer "+bc.token)
				}
				rec := httptest.NewRecorder()
				h.api.Echo.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// BenchmarkSubmitSession measures storing one new exercise session (a new
// client id each time) through the real router, middleware and SQLite
// file, without the network; in parallel, many tablets at once, as a
// clinic's busiest minute has them: sessions arriving together share a
// write transaction on SQLite (store/group.go).
func BenchmarkSubmitSession(b *testing.B) {
	b.Run("one", func(b *testing.B) {
		submit := sessionSubmitter(b)
		for b.Loop() {
			if err := submit(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		submit := sessionSubmitter(b)
		b.SetParallelism(16)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := submit(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// sessionSubmitter is a clinic, and a call that stores one new session of
// its patient A.
func sessionSubmitter(b *testing.B) func() error {
	h := newHarness(b)
	c := h.clinic()
	items := h.planItems(c.therapistA, c.planA)
	b.ReportAllocs()
	return func() error {
		body, _ := json.Marshal(sessionBody(h, c.planA, items, uuid.NewString()))
		req := httptest.NewRequest("POST", "/api/v1/me/sessions", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.patientA)
		rec := httptest.NewRecorder()
		h.api.Echo.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			return fmt.Errorf("%d %s", rec.Code, rec.Body.String())
		}
		return nil
	}
}
