package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

const (
	therapist = limber.RoleTherapist
	admin     = limber.RoleAdmin
	patient   = limber.RolePatient
)

// routes registers every route, grouped by who may call it (contract §5).
func (s *Server) routes() {
	e := s.Echo
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/metrics", s.metricsHandler())
	s.registerDBMetrics()

	api := e.Group("/api/v1")
	api.GET("/openapi.json", s.openAPI)
	api.POST("/auth/login", s.login, s.refuseCrossSite)
	api.POST("/auth/enroll", s.enroll, s.refuseCrossSite)

	signedIn := api.Group("", s.authenticate)
	signedIn.POST("/auth/logout", s.logout)
	signedIn.POST("/auth/password", s.changePassword)
	signedIn.GET("/settings", s.getSettings)
	signedIn.GET("/exercises", s.listExercises)
	signedIn.GET("/exercises/:id", s.getExercise)

	staff := signedIn.Group("", allow(therapist, admin))
	staff.GET("/patients", s.listPatients)
	staff.POST("/patients", s.createPatient)
	staff.GET("/patients/:id", s.getPatient)
	staff.PATCH("/patients/:id", s.patchPatient)
	staff.POST("/patients/:id/enrollment", s.createEnrollment)
	staff.POST("/patients/:id/plans", s.createPlan)
	staff.GET("/patients/:id/sessions", s.patientSessions)
	staff.GET("/patients/:id/journal", s.patientJournal)
	staff.GET("/patients/:id/adherence", s.patientAdherence)
	staff.GET("/patients/:id/audit", s.patientAudit)
	staff.POST("/plans/:id/items", s.addPlanItem)
	staff.PATCH("/plans/:id/items/:item", s.changePlanItem)
	staff.DELETE("/plans/:id/items/:item", s.removePlanItem)
	staff.POST("/plans/:id/items/:item/clearance", s.clearPlanItem)
	staff.POST("/plans/:id/activate", s.activatePlan)
	staff.GET("/alerts", s.listAlerts)
	staff.POST("/alerts/:id/acknowledge", s.acknowledgeAlert)
	staff.POST("/plan-preview", s.planPreview)
	staff.GET("/patients/:id/devices", s.listDevices)
	staff.POST("/patients/:id/devices/:device/revoke", s.revokeDevice)

	admins := signedIn.Group("", allow(admin))
	admins.GET("/users", s.listStaff)
	admins.POST("/users", s.createStaff)
	admins.POST("/users/:id/disable", s.disableStaff)
	admins.POST("/users/:id/password-reset", s.resetPassword)
	admins.PATCH("/settings", s.patchSettings)

	// A plan is read by its therapist, an admin, or its patient.
	signedIn.GET("/plans/:id", s.getPlan)

	me := signedIn.Group("/me", allow(patient))
	me.GET("", s.getMe)
	me.GET("/plan", s.getMyPlan)
	me.POST("/screenings", s.submitScreening)
	me.GET("/today", s.getToday)
	me.POST("/sessions", s.submitSession)
	me.POST("/stops", s.submitStop)
	me.GET("/sessions", s.mySessions)
	me.POST("/journal", s.addJournal)
	me.GET("/journal", s.myJournal)
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyTimeout is how long /readyz waits for the database.
const readyTimeout = 2 * time.Second

func (s *Server) readyz(c echo.Context) error {
	if s.draining.Load() {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "stopping"})
	}
	// A database that does not answer within readyTimeout is as good as
	// gone: the load balancer needs the answer now, not when a TCP
	// connection to a lost server gives up.
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "database unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}
