package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/limber-health/limber/internal/httpapi"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/store"
	"golang.org/x/crypto/bcrypt"
)

func init() { store.BcryptCost = bcrypt.MinCost }

var (
	engineOnce sync.Once
	engine     *limber.Engine
)

func testEngine() *limber.Engine {
	engineOnce.Do(func() {
		var err error
		if engine, err = library.Shipped(); err != nil {
			panic(err)
		}
	})
	return engine
}

// harness is a real server on a real database: a SQLite file, or a fresh
// PostgreSQL database in the PostgreSQL half (stores_test.go).
type harness struct {
	t  testing.TB
	db *store.DB
	// reopen opens another store on the same database, as a second
	// node would.
	reopen func() (*store.DB, error)
	// pgURL is the PostgreSQL database's URL, "" on SQLite.
	pgURL string
	srv   *httptest.Server
	api   *httpapi.Server
	logs  *bytes.Buffer
	now   time.Time
	live  bool // on the real clock (newLiveHarness)
	mu    sync.Mutex
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	db, reopen, pgURL := openStore(t)
	h := &harness{t: t, db: db, reopen: reopen, pgURL: pgURL, logs: &bytes.Buffer{}, now: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { h.mu.Lock(); defer h.mu.Unlock(); return h.now }
	log := slog.New(slog.NewJSONHandler(&lockedWriter{w: h.logs, mu: &h.mu}, nil))
	h.api = httpapi.New(db, testEngine(), httpapi.Config{}, log)
	h.srv = httptest.NewServer(h.api.Echo)
	t.Cleanup(func() { h.srv.Close(); db.Close() })
	return h
}

// newLiveHarness is a harness on the real clock, for the browser tests: the
// tablet's pages decide "today" by the browser's clock, so the server's must
// be the same one, on whatever day and hour the tests run.
func newLiveHarness(t *testing.T) *harness {
	h := newHarness(t)
	h.mu.Lock()
	h.live = true
	h.mu.Unlock()
	h.db.Now = func() time.Time { return time.Now().UTC() }
	return h
}

// get reads one row with ? placeholders, on either store.
func (h *harness) get(dest any, query string, args ...any) error {
	return h.db.R.Get(dest, h.db.R.Rebind(query), args...)
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.live {
		return time.Now().UTC()
	}
	return h.now
}

// advance moves the test clock on; the real clock (newLiveHarness) moves on
// by itself.
func (h *harness) advance(d time.Duration) {
	h.mu.Lock()
	h.now = h.now.Add(d)
	h.mu.Unlock()
}

// response is what came back.
type response struct {
	status int
	body   []byte
	header http.Header
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("not a JSON object (%d): %s", r.status, r.body)
	}
	return m
}

func (r response) errCode() string {
	var e struct {
		Error struct {
			Code string
		}
	}
	json.Unmarshal(r.body, &e)
	return e.Error.Code
}

// do sends a request with a bearer token ("" for none); body may be a
// string (sent as is) or anything JSON can encode.
func (h *harness) do(method, path, token string, body any) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: data, header: resp.Header}
}

// must expects a status and returns the JSON object.
func (h *harness) must(status int, method, path, token string, body any) map[string]any {
	h.t.Helper()
	r := h.do(method, path, token, body)
	if r.status != status {
		h.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, status, r.body)
	}
	if len(r.body) == 0 {
		return nil
	}
	return r.json(h.t)
}

func (h *harness) login(email, password string) string {
	h.t.Helper()
	m := h.must(200, "POST", "/api/v1/auth/login", "", map[string]string{"email": email, "password": password})
	return m["token"].(string)
}

// clinic is a fixture: two therapists with a patient each, an admin, and
// both patients' tablets enrolled.
type clinic struct {
	therapistA, therapistB, admin string
	patientA, patientB            string // tablet tokens
	patientAID, patientBID        int64
	planA, planB                  int64
}

const password = "correct horse battery"

func (h *harness) clinic() clinic {
	h.t.Helper()
	ctx := context.Background()
	var c clinic
	for _, u := range []struct {
		email string
		role  limber.Role
	}{{"a@clinic.test", limber.RoleTherapist}, {"b@clinic.test", limber.RoleTherapist}, {"admin@clinic.test", limber.RoleAdmin}} {
		if _, err := h.db.CreateUser(ctx, u.email, "User "+u.email, u.role, password); err != nil {
			h.t.Fatal(err)
		}
	}
	c.therapistA, c.therapistB, c.admin = h.login("a@clinic.test", password), h.login("b@clinic.test", password), h.login("admin@clinic.test", password)
	mk := func(token, name string, conds []string) (int64, int64, string) {
		p := h.must(201, "POST", "/api/v1/patients", token, map[string]any{"name": name, "mobility": "M2", "conditions": conds})
		id := int64(p["id"].(float64))
		plan := h.must(201, "POST", "/api/v1/patients/"+itoa(id)+"/plans", token, map[string]any{"minutes": 20})
		planID := int64(plan["id"].(float64))
		h.must(200, "POST", "/api/v1/plans/"+itoa(planID)+"/activate", token, nil)
		code := h.must(201, "POST", "/api/v1/patients/"+itoa(id)+"/enrollment", token, nil)["code"].(string)
		tablet := h.must(200, "POST", "/api/v1/auth/enroll", "", map[string]string{"code": code})["token"].(string)
		return id, planID, tablet
	}
	c.patientAID, c.planA, c.patientA = mk(c.therapistA, "Alex Ames", []string{"lhermitte"})
	c.patientBID, c.planB, c.patientB = mk(c.therapistB, "Blair Burns", nil)
	// Sessions happen a while after the plans were made.
	h.advance(time.Hour)
	return c
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// screen answers the screening for a patient: every required "no",
// changed by answers.
func (h *harness) screen(token string, answers map[string]any) map[string]any {
	h.t.Helper()
	a := map[string]any{"RF-1": "no", "RF-2": "no", "RF-3": "no", "RF-4": "no", "RF-5": "no", "RF-6": "no", "RF-7": "no"}
	for k, v := range answers {
		a[k] = v
	}
	return h.must(201, "POST", "/api/v1/me/screenings", token, map[string]any{"answers": a})
}
