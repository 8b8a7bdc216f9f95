// Command limber-load measures a running Limber server on this machine:
// GET /healthz, POST /api/v1/plan-preview, POST /api/v1/me/sessions (a
// session of 8 items, each request from a different patient with a new
// client id) and POST /api/v1/me/stops (a stop that alerts the PT, within
// each patient's daily limit of stops), each for a set time at a set number
// of connections, and each as a ratio to /healthz measured in the same run.
// It sets up its own patients through the API with a therapist's login.
// --mixed runs a clinic's mixed workload against a generated clinic
// (limber demo) instead.
//
//	limber user add --db load.db --email load@example.org --name Load <<< 'a long password'
//	limber serve --db load.db --addr 127.0.0.1:8080 &
//	go run ./cmd/limber-load --url http://127.0.0.1:8080 --email load@example.org --password 'a long password'
//
// --url takes several servers, comma-separated (nodes on one database):
// requests go to each in turn.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// endpoints are what the default run measures, in order (--only picks).
var endpoints = []string{"preview", "sessions", "stops"}

func main() {
	var (
		base        = flag.String("url", "http://127.0.0.1:8080", "the server, or several nodes comma-separated (loopback only)")
		email       = flag.String("email", "", "a therapist's email")
		password    = flag.String("password", "", "the therapist's password")
		conns       = flag.Int("connections", 32, "concurrent connections")
		duration    = flag.Duration("duration", 10*time.Second, "time per endpoint")
		patients    = flag.Int("patients", 64, "patients to create for the session load")
		maxRequests = flag.Int("max-requests", 2_000_000, "stop an endpoint after this many requests")
		only        = flag.String("only", strings.Join(endpoints, ","), "endpoints to measure after /healthz: "+strings.Join(endpoints, ", "))
		gzipOK      = flag.Bool("gzip", false, "ask for gzip answers (Accept-Encoding), as a browser does")
		tabletsOut  = flag.String("tablets-out", "", "write the patients set up (token, plan id, item ids a line) to this file for wrk, and stop")
		mixed       = flag.Bool("mixed", false, "a mixed clinic workload against a generated clinic (limber demo) instead")
		tokensFile  = flag.String("tokens", "", "with --mixed: the tablets' tokens written by limber demo --tokens")
		therapists  = flag.Int("therapists", 10, "with --mixed: how many therapists (therapistN@large.clinic) sign in")
	)
	flag.Parse()
	var bases []string
	for b := range strings.SplitSeq(*base, ",") {
		u, err := url.Parse(strings.TrimSpace(b))
		if err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
			fail("--url must be loopback addresses (got %q)", b)
		}
		bases = append(bases, strings.TrimRight(strings.TrimSpace(b), "/"))
	}
	want := map[string]bool{}
	for e := range strings.SplitSeq(*only, ",") {
		if e = strings.TrimSpace(e); !slices.Contains(endpoints, e) && e != "healthz" {
			fail("--only: unknown endpoint %q (known: healthz, %s)", e, strings.Join(endpoints, ", "))
		}
		want[e] = true
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: !*gzipOK},
		Timeout: 10 * time.Second}
	l := &loader{bases: bases, base: bases[0], client: client}
	if *mixed {
		l.mixed(*tokensFile, *therapists, *password, *conns, *duration)
		return
	}
	token := l.login(*email, *password)
	var tablets []tablet
	if want["sessions"] || want["stops"] || *tabletsOut != "" {
		tablets = l.setup(token, *patients)
	}
	if *tabletsOut != "" {
		var b strings.Builder
		for _, t := range tablets {
			ids := make([]string, len(t.items))
			for i, id := range t.items {
				ids[i] = fmt.Sprint(id)
			}
			fmt.Fprintf(&b, "%s %d %s\n", t.token, t.plan, strings.Join(ids, ","))
		}
		if err := os.WriteFile(*tabletsOut, []byte(b.String()), 0o600); err != nil {
			fail("--tablets-out: %v", err)
		}
		fmt.Printf("%d tablets written to %s; the therapist's token:\n%s\n", len(tablets), *tabletsOut, token)
		return
	}

	fmt.Printf("limber-load: %d connections, %s per endpoint, %d patients, %d node(s), gzip %v\n\n", *conns, *duration, len(tablets), len(bases), *gzipOK)
	fmt.Printf("%-28s %10s %9s %9s %9s %8s %8s\n", "endpoint", "requests", "req/s", "p50", "p99", "errors", "×healthz")
	health := l.run("GET /healthz", 0, *conns, *duration, *maxRequests, func(i int64) (*http.Request, int) {
		r, _ := http.NewRequest("GET", l.next(i)+"/healthz", nil)
		return r, 200
	})
	if want["preview"] {
		preview := []byte(`{"profile":{"mobility":"M3","conditions":["bone_fragility","stenosis_lumbar","spasticity"]},"minutes":20,"focus":["hips"]}`)
		l.run("POST /api/v1/plan-preview", health, *conns, *duration, *maxRequests, func(i int64) (*http.Request, int) {
			r, _ := http.NewRequest("POST", l.next(i)+"/api/v1/plan-preview", bytes.NewReader(preview))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+token)
			return r, 200
		})
	}
	if want["sessions"] {
		// Each tablet's body is made once; each request gets a new client
		// id, so the tool's own work stays small beside the server's.
		bodies := make([]sessionTemplate, len(tablets))
		now := time.Now().UTC()
		for i, t := range tablets {
			bodies[i] = newSessionTemplate(t.plan, t.items, now)
		}
		l.run("POST /api/v1/me/sessions", health, *conns, *duration, *maxRequests, func(i int64) (*http.Request, int) {
			k := int(i) % len(tablets)
			r, _ := http.NewRequest("POST", l.next(i)+"/api/v1/me/sessions", bytes.NewReader(bodies[k].with(uuid.NewString())))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+tablets[k].token)
			return r, 201
		})
	}
	if want["stops"] {
		// Each patient may send 100 new stops a day: stay under it, so what
		// is measured is storing stops (and their one open alert per item),
		// not 429s.
		stopLimit := min(*maxRequests, 90*len(tablets))
		l.run("POST /api/v1/me/stops", health, *conns, *duration, stopLimit, func(i int64) (*http.Request, int) {
			t := tablets[int(i)%len(tablets)]
			body, _ := json.Marshal(map[string]any{"client_id": uuid.NewString(), "session_client_id": uuid.NewString(), "plan_id": t.plan,
				"item_id": t.items[int(i/int64(len(tablets)))%len(t.items)], "reason": "electric_shock", "at": time.Now().UTC().Format(time.RFC3339)})
			r, _ := http.NewRequest("POST", l.next(i)+"/api/v1/me/stops", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+t.token)
			return r, 201
		})
	}
}

// sessionTemplate is a session's body split where its client id goes.
type sessionTemplate struct{ head, tail []byte }

const clientIDMark = "00000000-0000-0000-0000-000000000000"

func newSessionTemplate(plan int64, itemIDs []int64, now time.Time) sessionTemplate {
	items := make([]map[string]any, len(itemIDs))
	for j, id := range itemIDs {
		items[j] = map[string]any{"item_id": id, "status": "done", "at": now.Add(-time.Minute).Format(time.RFC3339)}
	}
	body, _ := json.Marshal(map[string]any{"client_id": clientIDMark, "plan_id": plan, "started_at": now.Add(-10 * time.Minute).Format(time.RFC3339),
		"finished_at": now.Format(time.RFC3339), "pain_before": 4, "pain_after": 3, "items": items})
	head, tail, _ := bytes.Cut(body, []byte(clientIDMark))
	return sessionTemplate{head, tail}
}

func (s sessionTemplate) with(clientID string) []byte {
	return slices.Concat(s.head, []byte(clientID), s.tail)
}

type loader struct {
	bases  []string // the nodes, each in turn
	base   string   // the first, for setting up
	client *http.Client
}

// next is the node the i-th request goes to.
func (l *loader) next(i int64) string { return l.bases[int(i)%len(l.bases)] }

type tablet struct {
	token string
	plan  int64
	items []int64
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "limber-load: "+format+"\n", args...)
	os.Exit(1)
}

func (l *loader) call(method, path, token string, body any, want int) map[string]any {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	r, _ := http.NewRequest(method, l.base+path, rd)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := l.client.Do(r)
	if err != nil {
		fail("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		fail("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	var m map[string]any
	json.Unmarshal(data, &m)
	return m
}

func (l *loader) login(email, password string) string {
	if email == "" {
		fail("give --email and --password of a therapist")
	}
	return l.call("POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password}, 200)["token"].(string)
}

// setup creates patients with active plans of at least 8 deliverable items
// and enrolls a tablet for each.
func (l *loader) setup(token string, n int) []tablet {
	var out []tablet
	for i := 0; i < n; i++ {
		p := l.call("POST", "/api/v1/patients", token, map[string]any{"name": fmt.Sprintf("Load patient %d", i), "mobility": "M1"}, 201)
		pid := int64(p["id"].(float64))
		plan := l.call("POST", fmt.Sprintf("/api/v1/patients/%d/plans", pid), token, map[string]any{"minutes": 40}, 201)
		planID := int64(plan["id"].(float64))
		l.call("POST", fmt.Sprintf("/api/v1/plans/%d/activate", planID), token, nil, 200)
		var items []int64
		for _, it := range plan["items"].([]any) {
			it := it.(map[string]any)
			if !it["locked"].(bool) && len(items) < 8 {
				items = append(items, int64(it["id"].(float64)))
			}
		}
		if len(items) < 8 {
			fail("plan %d has only %d deliverable items", planID, len(items))
		}
		code := l.call("POST", fmt.Sprintf("/api/v1/patients/%d/enrollment", pid), token, nil, 201)["code"].(string)
		tok := l.call("POST", "/api/v1/auth/enroll", "", map[string]string{"code": code}, 200)["token"].(string)
		out = append(out, tablet{token: tok, plan: planID, items: items})
	}
	// Sessions start a while after the plans were made.
	time.Sleep(1100 * time.Millisecond)
	return out
}

// run sends requests from conns workers for d and prints the figures, with
// the rate as a share of health's (0: this is /healthz); it returns the rate.
func (l *loader) run(name string, health float64, conns int, d time.Duration, max int, next func(i int64) (*http.Request, int)) float64 {
	var (
		count, errs atomic.Int64
		mu          sync.Mutex
		lat         []time.Duration
		wg          sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	start := time.Now()
	for w := 0; w < conns; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				i := count.Add(1)
				if i > int64(max) {
					break
				}
				req, want := next(i)
				t0 := time.Now()
				resp, err := l.client.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				mine = append(mine, time.Since(t0))
				if err != nil || resp.StatusCode != want {
					errs.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	rate := float64(len(lat)) / elapsed.Seconds()
	ratio := "1.00"
	if health > 0 {
		ratio = fmt.Sprintf("%.2f", rate/health)
	}
	fmt.Printf("%-28s %10d %9.0f %9s %9s %8d %8s\n", name, len(lat), rate, pct(0.50).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), errs.Load(), ratio)
	return rate
}
