package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	dbWrite  *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "limber_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route, method and status.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route", "method", "status"})
	m.dbWrite = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "limber_db_write_seconds",
		Help:    "Write transactions: time waiting for the one writer connection (phase=wait) and holding it (phase=hold).",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1},
	}, []string{"phase"})
	m.reg.MustRegister(m.requests, m.dbWrite, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// measure records each request's time by its route pattern (never the
// raw path, which would carry ids).
func (s *Server) measure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil {
			status = toAPIError(err).Status
		}
		s.metrics.requests.WithLabelValues(s.routeLabel(c), methodLabel(c.Request().Method), strconv.Itoa(status)).Observe(time.Since(start).Seconds())
		return err
	}
}

// methodLabel keeps the label set bounded: a client may send any token as
// a method, and each new label value is a new series kept for good.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// routeLabel is the route pattern a request matched (never the raw path,
// which would carry ids), or "unmatched": only registered patterns become
// labels.
func (s *Server) routeLabel(c echo.Context) string {
	if p := c.Path(); p != "" && s.routeSet[p] {
		return p
	}
	return "unmatched"
}

// registerDBMetrics exposes the database pools and the write transactions:
// on SQLite the write pool has one connection, so its wait count is the
// queue of transactions (the sessions waiting to join a group are not in
// it: the groups and the writes they carried are counted beside it).
func (s *Server) registerDBMetrics() {
	wait, hold := s.metrics.dbWrite.WithLabelValues("wait"), s.metrics.dbWrite.WithLabelValues("hold")
	s.db.ObserveWrites(func(waited, held time.Duration) {
		wait.Observe(waited.Seconds())
		hold.Observe(held.Seconds())
	})
	// Writes per group is how much group commit saves (store/group.go).
	s.metrics.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "limber_db_write_groups_total",
			Help: "Write transactions of SQLite's group commit, each carrying one write or several that arrived together."},
			func() float64 { g, _ := s.db.WriteGroups(); return float64(g) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "limber_db_grouped_writes_total",
			Help: "Writes carried by those transactions."},
			func() float64 { _, w := s.db.WriteGroups(); return float64(w) }))
	for name, pool := range s.db.Pools() {
		s.metrics.reg.MustRegister(collectors.NewDBStatsCollector(pool, name))
	}
}

func (s *Server) metricsHandler() echo.HandlerFunc {
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
	return echo.WrapHandler(h)
}
