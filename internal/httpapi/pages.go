package httpapi

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
)

// pageBase is what every page shows: who is signed in, the CSRF token
// for its forms, and a message.
type pageBase struct {
	Title  string
	User   limber.User
	CSRF   string
	Error  string
	Notice string
}

func (s *Server) base(c echo.Context, title string) pageBase {
	b := pageBase{Title: title, User: actor(c), Error: c.QueryParam("error"), Notice: c.QueryParam("notice")}
	if sess, ok := c.Get("session").(sqlite.AuthSession); ok {
		b.CSRF = sess.CSRFToken
	}
	return b
}

// pageAuth lets a signed-in user of one of the roles through; others are
// sent to sign in (staff) or to enroll (patients). A form post must carry
// the session's CSRF token.
func (s *Server) pageAuth(roles ...limber.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			signin := "/"
			if len(roles) == 1 && roles[0] == limber.RolePatient {
				signin = "/enroll"
			}
			cookie, err := c.Cookie(sessionCookie)
			if err != nil || cookie.Value == "" {
				return c.Redirect(http.StatusSeeOther, signin)
			}
			user, sess, err := s.db.SessionUser(c.Request().Context(), cookie.Value)
			if err != nil {
				return c.Redirect(http.StatusSeeOther, signin)
			}
			allowed := false
			for _, r := range roles {
				allowed = allowed || user.Role == r
			}
			if !allowed {
				return c.Redirect(http.StatusSeeOther, home(user))
			}
			if !safeMethod(c.Request().Method) {
				sent := c.FormValue("csrf")
				if subtle.ConstantTimeCompare([]byte(sent), []byte(sess.CSRFToken)) != 1 {
					return &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "this form has expired; go back, reload the page and try again"}
				}
			}
			c.Set("user", user)
			c.Set("session", sess)
			return next(c)
		}
	}
}

func home(u limber.User) string {
	if u.Role == limber.RolePatient {
		return "/patient"
	}
	return "/clinic"
}

// pageRoutes registers the web pages (contract §6).
func (s *Server) pageRoutes() {
	e := s.Echo
	e.GET("/static/:hash/:name", s.static)
	e.GET("/sw.js", s.rootAsset("sw.js"))
	e.GET("/manifest.webmanifest", s.rootAsset("manifest.webmanifest"))
	e.GET("/favicon.svg", s.rootAsset("favicon.svg"))
	e.GET("/favicon.ico", s.rootAsset("favicon.svg"))

	e.GET("/", s.signInPage)
	e.POST("/", s.signIn)
	e.GET("/enroll", s.enrollPage)
	e.POST("/enroll", s.enrollForm)
	e.POST("/logout", s.signOut, s.pageAuth(therapist, admin, patient))

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
	cl.POST("/alerts/:id/acknowledge", s.alertAckForm)
}

// back redirects to a page with a message for the person.
func back(c echo.Context, to string, err error) error {
	if err == nil {
		return c.Redirect(http.StatusSeeOther, to)
	}
	ae := toAPIError(err)
	if ae.Status >= 500 {
		return err
	}
	msg := ae.Message
	if ae.Field != "" {
		msg = strings.ReplaceAll(ae.Field, "_", " ") + ": " + msg
	}
	for _, r := range ae.Reasons {
		msg += " " + r.Text
	}
	sep := "?"
	if strings.Contains(to, "?") {
		sep = "&"
	}
	return c.Redirect(http.StatusSeeOther, to+sep+"error="+urlEscape(msg))
}

func urlEscape(s string) string { return url.QueryEscape(s) }

func formInt(c echo.Context, name string) (int, bool) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
