// Package httpapi is Limber's HTTP layer: the JSON API of contract §5 over
// Echo. It is the only package that imports Echo; it holds no clinical
// logic, only the mapping of requests to the store and the core.
package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/limber"
)

// Config is what the server needs to know of its surroundings.
type Config struct {
	// TrustProxy takes the client address from X-Forwarded-For; only set it
	// behind a proxy you run, or a login rate limit can be fooled.
	TrustProxy bool
	// SecureCookies marks the session cookie Secure (HTTPS).
	SecureCookies bool
	// PublicURL is the address printed in QR codes and links.
	PublicURL string
	// Drain is how long the server keeps serving after it is told to stop
	// (readyz says so meanwhile), so requests already on their way are
	// accepted and answered before the listener closes.
	Drain time.Duration
	// Figures is the figure data (base postures) of the library the engine
	// was loaded from; nil uses the built-in data.
	Figures *figure.Data
}

// Server is the HTTP service.
type Server struct {
	Echo     *echo.Echo
	db       Store
	engine   *limber.Engine
	cfg      Config
	log      *slog.Logger
	limiter  *limiter
	metrics  *metrics
	pages    *renderer
	figures  figureStore
	previews *previewCache
	draining atomic.Bool
	// sleep slows failed sign-ins; tests replace it to record the pauses.
	sleep func(time.Duration)
	// routeSet holds the registered route patterns (the metrics' labels).
	routeSet map[string]bool
	// checks bounds the password checks running at once (passwordCheck);
	// checkWait is how long one waits for its turn. checkHook, set only by
	// tests, runs inside a check's turn.
	checks    chan struct{}
	checkWait time.Duration
	checkHook func()
}

// bodyLimit is the largest request body accepted (contract §5: 256 KiB).
const bodyLimit = 256 << 10

// New builds the server with every route.
func New(db Store, engine *limber.Engine, cfg Config, log *slog.Logger) *Server {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	pages, err := newRenderer()
	if err != nil {
		// The templates are embedded: a broken one is a build mistake that
		// every test catches.
		panic(err)
	}
	s := &Server{Echo: e, db: db, engine: engine, cfg: cfg, log: log, limiter: newLimiter(db, db.Clock), metrics: newMetrics(), pages: pages, sleep: time.Sleep,
		checks: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2)), checkWait: passwordCheckWait}
	s.figures.data = cfg.Figures
	s.previews = newPreviewCache(previewCacheBytes, libraryIdentity(engine))
	// The client address comes from the connection unless a proxy is
	// configured: a header anyone can send must not choose the address a
	// rate limit counts.
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	e.HTTPErrorHandler = s.errorHandler
	e.Use(s.requestIDAndLog, s.securityHeaders, s.recoverPanics, s.limitBody, s.measure)
	// Pages and assets go compressed to tablets on weak Wi-Fi; the API's
	// answers are small and CPU is better spent on them.
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Skipper: func(c echo.Context) bool {
		p := c.Request().URL.Path
		return strings.HasPrefix(p, "/api/") || p == "/metrics"
	}}))
	s.routes()
	s.routeSet = map[string]bool{}
	for _, r := range e.Routes() {
		s.routeSet[r.Path] = true
	}
	return s
}

func requestID(c echo.Context) string {
	id, _ := c.Get("request_id").(string)
	return id
}

// requestIDAndLog gives each request an id (echoed in X-Request-Id) and
// logs it with its route, status and time: never a body, a name or a token.
func (s *Server) requestIDAndLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		c.Set("request_id", id)
		c.Response().Header().Set("X-Request-Id", id)
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		s.log.Info("request", slog.String("request_id", id), slog.String("method", c.Request().Method),
			slog.String("route", c.Path()), slog.Int("status", c.Response().Status), slog.Duration("took", time.Since(start)))
		return nil
	}
}

// securityHeaders sets the headers every response carries, in one place.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		// Staff pages and data are never stored (clinic computers are shared).
		// A patient's own tablet may keep its pages privately, revalidated
		// on every use: that lets the back button and offline use work.
		p := c.Request().URL.Path
		if strings.HasPrefix(p, "/patient") || strings.HasPrefix(p, "/api/v1/me") {
			h.Set("Cache-Control", "private, no-cache")
		} else {
			h.Set("Cache-Control", "no-store")
		}
		if s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// recoverPanics turns a panic into a 500 that is logged, never a dropped
// connection.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic", slog.String("request_id", requestID(c)), slog.Any("panic", r))
				err = &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "something went wrong; it has been logged"}
			}
		}()
		return next(c)
	}
}

func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > bodyLimit {
			return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "the request body is too large"}
		}
		req.Body = http.MaxBytesReader(c.Response(), req.Body, bodyLimit)
		// A form is read here, once: a body cut short by the limit (sent
		// without a length) is then a 413, not a form with fields missing.
		ct := req.Header.Get(echo.HeaderContentType)
		var err error
		switch {
		case strings.HasPrefix(ct, echo.MIMEApplicationForm):
			err = req.ParseForm()
		case strings.HasPrefix(ct, echo.MIMEMultipartForm):
			err = req.ParseMultipartForm(bodyLimit)
		}
		if err != nil {
			if errors.As(err, new(*http.MaxBytesError)) {
				return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "the request body is too large"}
			}
			return badRequest("", "not a form: %v", err)
		}
		return next(c)
	}
}

// Serve runs the server on a listener until ctx ends, then lets requests
// in flight finish (up to 20 s).
func (s *Server) Serve(ctx context.Context, ln net.Listener, certFile, keyFile string) error {
	srv := &http.Server{Handler: s.Echo, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- srv.ServeTLS(ln, certFile, keyFile)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	time.Sleep(s.cfg.Drain)
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
