package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// route is one kind of request of the mixed workload.
type route struct {
	name   string
	weight int
	make   func(rng *rand.Rand) (*http.Request, int)
}

type patientTablet struct {
	token string
	plan  int64
	items []int64
}

type staff struct {
	token    string
	patients []int64
}

// mixed runs a clinic's day against a generated clinic: tablets fetching
// their plan and sending sessions, therapists opening their patient list
// (200 patients), patient pages and adherence; /healthz measured first as
// the baseline of the same run.
func (l *loader) mixed(tokensFile string, nTherapists int, password string, conns int, d time.Duration) {
	raw, err := os.ReadFile(tokensFile)
	if err != nil {
		fail("--tokens: %v", err)
	}
	var tablets []patientTablet
	for _, tok := range strings.Fields(string(raw)) {
		plan := l.call("GET", "/api/v1/me/plan", tok, nil, 200)
		t := patientTablet{token: tok, plan: int64(plan["id"].(float64))}
		for _, it := range plan["items"].([]any) {
			it := it.(map[string]any)
			if !it["locked"].(bool) {
				t.items = append(t.items, int64(it["id"].(float64)))
			}
		}
		tablets = append(tablets, t)
	}
	var staffs []staff
	for i := 1; i <= nTherapists; i++ {
		tok := l.login(fmt.Sprintf("therapist%d@large.clinic", i), password)
		list := l.call("GET", "/api/v1/patients?limit=200", tok, nil, 200)
		s := staff{token: tok}
		for _, p := range list["patients"].([]any) {
			s.patients = append(s.patients, int64(p.(map[string]any)["id"].(float64)))
		}
		staffs = append(staffs, s)
	}
	// Each request goes to a node picked at random (several nodes behind
	// one database behave as one).
	node := func(rng *rand.Rand) string { return l.bases[rng.IntN(len(l.bases))] }
	get := func(rng *rand.Rand, path, token string, cookie bool) *http.Request {
		r, _ := http.NewRequest("GET", node(rng)+path, nil)
		if cookie {
			r.Header.Set("Cookie", "limber_session="+token)
		} else {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		return r
	}
	pick := func(rng *rand.Rand) (staff, int64) {
		s := staffs[rng.IntN(len(staffs))]
		return s, s.patients[rng.IntN(len(s.patients))]
	}
	routes := []route{
		{"GET /api/v1/me/plan (tablet)", 25, func(rng *rand.Rand) (*http.Request, int) {
			return get(rng, "/api/v1/me/plan", tablets[rng.IntN(len(tablets))].token, false), 200
		}},
		{"POST /api/v1/me/sessions (tablet)", 15, func(rng *rand.Rand) (*http.Request, int) {
			t := tablets[rng.IntN(len(tablets))]
			now := time.Now().UTC()
			items := make([]map[string]any, len(t.items))
			for j, id := range t.items {
				items[j] = map[string]any{"item_id": id, "status": "done"}
			}
			body, _ := json.Marshal(map[string]any{"client_id": uuid.NewString(), "plan_id": t.plan, "started_at": now.Add(-10 * time.Minute).Format(time.RFC3339),
				"finished_at": now.Format(time.RFC3339), "pain_before": 4, "pain_after": 3, "items": items})
			r, _ := http.NewRequest("POST", node(rng)+"/api/v1/me/sessions", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+t.token)
			return r, 201
		}},
		{"GET /api/v1/patients?limit=200", 15, func(rng *rand.Rand) (*http.Request, int) {
			s, _ := pick(rng)
			return get(rng, "/api/v1/patients?limit=200", s.token, false), 200
		}},
		{"GET /clinic (200 patients)", 10, func(rng *rand.Rand) (*http.Request, int) {
			s, _ := pick(rng)
			return get(rng, "/clinic", s.token, true), 200
		}},
		{"GET /api/v1/patients/{id}/adherence", 15, func(rng *rand.Rand) (*http.Request, int) {
			s, p := pick(rng)
			return get(rng, fmt.Sprintf("/api/v1/patients/%d/adherence", p), s.token, false), 200
		}},
		{"GET /clinic/patients/{id}", 10, func(rng *rand.Rand) (*http.Request, int) {
			s, p := pick(rng)
			return get(rng, fmt.Sprintf("/clinic/patients/%d", p), s.token, true), 200
		}},
		{"GET /api/v1/alerts", 10, func(rng *rand.Rand) (*http.Request, int) {
			s, _ := pick(rng)
			return get(rng, "/api/v1/alerts?open=true", s.token, false), 200
		}},
	}
	fmt.Printf("limber-load --mixed: %d connections, %s per phase, %d tablets, %d therapists, %d node(s)\n\n", conns, d, len(tablets), len(staffs), len(l.bases))
	fmt.Printf("%-38s %9s %8s %9s %9s %7s %8s\n", "route", "requests", "req/s", "p50", "p99", "errors", "×healthz")
	health := l.runMixedOne("GET /healthz (baseline)", conns, d, func(i int64) (*http.Request, int) {
		r, _ := http.NewRequest("GET", l.next(i)+"/healthz", nil)
		return r, 200
	})
	l.runMixed(routes, health, conns, d)
}

// runMixedOne measures one request alone, printed as the mixed rows are.
func (l *loader) runMixedOne(name string, conns int, d time.Duration, next func(i int64) (*http.Request, int)) float64 {
	var n atomic.Int64
	return l.runMixed([]route{{name, 1, func(*rand.Rand) (*http.Request, int) { return next(n.Add(1)) }}}, 0, conns, d)
}

// runMixed sends the weighted mix from conns workers for d and prints the
// figures per route, the whole mix's rate (its share of health's, when
// health is not 0) last; it returns that rate.
func (l *loader) runMixed(routes []route, health float64, conns int, d time.Duration) float64 {
	total := 0
	for _, r := range routes {
		total += r.weight
	}
	type sample struct {
		route int
		took  time.Duration
		ok    bool
	}
	var mu sync.Mutex
	var all []sample
	var wg sync.WaitGroup
	var n atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 99))
			var mine []sample
			for time.Now().Before(deadline) {
				k := rng.IntN(total)
				i := 0
				for k >= routes[i].weight {
					k -= routes[i].weight
					i++
				}
				req, want := routes[i].make(rng)
				t0 := time.Now()
				resp, err := l.client.Do(req)
				ok := err == nil && resp.StatusCode == want
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mine = append(mine, sample{i, time.Since(t0), ok})
				n.Add(1)
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}(uint64(w))
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	for i, r := range routes {
		var lat []time.Duration
		errs := 0
		for _, s := range all {
			if s.route == i {
				lat = append(lat, s.took)
				if !s.ok {
					errs++
				}
			}
		}
		slices.Sort(lat)
		pct := func(p float64) time.Duration {
			if len(lat) == 0 {
				return 0
			}
			return lat[min(len(lat)-1, int(p*float64(len(lat))))]
		}
		fmt.Printf("%-38s %9d %8.0f %9s %9s %7d %8s\n", r.name, len(lat), float64(len(lat))/elapsed, pct(.5).Round(10*time.Microsecond), pct(.99).Round(10*time.Microsecond), errs, share(float64(len(lat))/elapsed, health))
	}
	rate := float64(len(all)) / elapsed
	if len(routes) > 1 {
		fmt.Printf("%-38s %9d %8.0f %9s %9s %7s %8s\n", "all (mixed)", len(all), rate, "", "", "", share(rate, health))
	}
	return rate
}

// share is a rate as a share of /healthz's ("" when there is none).
func share(rate, health float64) string {
	if health == 0 {
		return ""
	}
	return fmt.Sprintf("%.3f", rate/health)
}
