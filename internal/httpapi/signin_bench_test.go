package httpapi_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/httpapi"
	"github.com/limber-health/limber/internal/store"
	"golang.org/x/crypto/bcrypt"
)

// BenchmarkPatientDuringSignInFlood measures a patient's GET /me/today
// while 32 clients send wrong passwords at the real bcrypt cost (12), each
// from its own address (behind a trusted proxy) so no limit refuses them:
// with the password checks bounded (the server's default) and unbounded.
func BenchmarkPatientDuringSignInFlood(b *testing.B) {
	for _, bc := range []struct {
		name  string
		slots int
	}{{"bounded", 0}, {"unbounded", 64}} {
		b.Run(bc.name, func(b *testing.B) {
			old := store.BcryptCost
			store.BcryptCost = bcrypt.DefaultCost + 2
			defer func() { store.BcryptCost = old }()
			h := newHarness(b)
			c := h.clinic()
			api := httpapi.New(h.db, testEngine(), httpapi.Config{TrustProxy: true}, slog.New(slog.NewTextHandler(io.Discard, nil)))
			api.RecordSleeps(func(time.Duration) {})
			if bc.slots > 0 {
				api.SetPasswordCheckSlots(bc.slots)
			}
			srv := httptest.NewServer(api.Echo)
			defer srv.Close()
			var stop atomic.Bool
			var wg sync.WaitGroup
			var n atomic.Int64
			for g := 0; g < 32; g++ {
				wg.Add(1)
				go func(g int) {
					defer wg.Done()
					for !stop.Load() {
						i := n.Add(1)
						req, _ := http.NewRequest("POST", srv.URL+"/api/v1/auth/login", strings.NewReader(fmt.Sprintf(`{"email":"flood%d@clinic.test","password":"wrong password!"}`, i)))
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
						if resp, err := http.DefaultClient.Do(req); err == nil {
							resp.Body.Close()
						}
					}
				}(g)
			}
			b.ResetTimer()
			for b.Loop() {
				req, _ := http.NewRequest("GET", srv.URL+"/api/v1/me/today", nil)
				req.Header.Set("Authorization", "Bearer "+c.patientA)
				resp, err := http.DefaultClient.Do(req)
				if err != nil || resp.StatusCode != 200 {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
			b.StopTimer()
			stop.Store(true)
			wg.Wait()
		})
	}
}
