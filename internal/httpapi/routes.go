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

// routes registers every route of the API, grouped by who may call it
// (contract §5), and of the pages (pageRoutes, below): every route is here.
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

	s.pageRoutes()
}

// pageRoutes registers the web pages (contract §6).
func (s *Server) pageRoutes() {
	e := s.Echo
	e.GET("/static/:hash/:name", s.static)
	e.GET("/sw.js", s.rootAsset("sw.js"))
	e.GET("/manifest.webmanifest", s.rootAsset("manifest.webmanifest"))
	e.GET("/favicon.svg", s.rootAsset("favicon.svg"))
	e.GET("/favicon.ico", s.rootAsset("favicon.svg"))
	e.GET("/figures/:file", s.serveFigure)

	e.GET("/", s.signInPage)
	e.POST("/", s.signIn, s.refuseCrossSite)
	e.GET("/enroll", s.enrollPage)
	e.POST("/enroll", s.enrollForm, s.refuseCrossSite)
	e.POST("/logout", s.signOut, s.pageAuth(therapist, admin, patient))
	e.GET("/password", s.passwordPage, s.pageAuth(therapist, admin))
	e.POST("/password", s.passwordForm, s.pageAuth(therapist, admin))

	p := e.Group("/patient", s.pageAuth(patient))
	p.GET("", s.patientHome)
	p.GET("/screening", s.screeningPage)
	p.POST("/screening", s.screeningForm)
	p.GET("/session", s.sessionPage)
	p.GET("/journal", s.journalPage)
	p.POST("/journal", s.journalForm)
	p.GET("/settings", s.settingsPage)

	cl := e.Group("/clinic", s.pageAuth(therapist, admin))
	cl.GET("", s.clinicPage)
	cl.POST("/patients", s.clinicAddPatient)
	cl.GET("/patients/:id", s.patientPage)
	cl.POST("/patients/:id", s.patientProfileForm)
	cl.POST("/patients/:id/plans", s.patientPlanForm)
	cl.POST("/patients/:id/enrollment", s.patientEnrollmentForm)
	cl.POST("/patients/:id/devices/:device/revoke", s.patientRevokeForm)
	cl.GET("/plans/:id", s.planPage)
	cl.GET("/plans/:id/print", s.printPage)
	cl.POST("/plans/:id/items", s.planAddForm)
	cl.POST("/plans/:id/items/:item", s.planDosageForm)
	cl.POST("/plans/:id/items/:item/move", s.planMoveForm)
	cl.POST("/plans/:id/items/:item/remove", s.planRemoveForm)
	cl.POST("/plans/:id/items/:item/clearance", s.planClearForm)
	cl.POST("/plans/:id/activate", s.planActivateForm)
	cl.GET("/alerts", s.alertsPage)
	cl.GET("/figures", s.figuresPage)
	cl.GET("/settings", s.clinicSettingsPage)
	cl.POST("/settings", s.clinicSettingsForm)
	cl.POST("/alerts/:id/acknowledge", s.alertAckForm)
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
