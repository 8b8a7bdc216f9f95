package httpapi

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

// pageBase is what every page shows: who is signed in, the CSRF token
// for its forms, and a message.
type pageBase struct {
	Title  string
	User   limber.User
	CSRF   string
	Error  string
	Notice string
	// SignedOut pages clear what the tablet kept for offline use.
	SignedOut bool
	// NumbersMissing: staff are told, on every clinic page, that the
	// clinic's phone or emergency number is not set (the patients' stop
	// screens would show none).
	NumbersMissing bool
}

func (s *Server) base(c echo.Context, title string) pageBase {
	b := pageBase{Title: title, User: actor(c)}
	b.Error, b.Notice = takeFlash(c)
	if sess, ok := c.Get("signIn").(limber.SignIn); ok {
		b.CSRF = sess.CSRFToken
	}
	if limber.IsStaff(b.User) {
		// A failed read shows the banner: better a needless reminder than
		// silence about missing emergency numbers.
		st, err := s.db.ClinicSettings(c.Request().Context())
		b.NumbersMissing = err != nil || st.ClinicPhone == "" || st.EmergencyNumber == ""
	}
	return b
}

const flashCookie = "limber_flash"

// setFlash keeps a message for the next page in a short-lived cookie,
// never in the URL: a URL stays in the browser's history and in proxies'
// logs, and messages about a patient name conditions and rules. (A
// message in the URL could also be written by anyone who sends a link.)
func setFlash(c echo.Context, kind, msg string) {
	if len(msg) > 1500 {
		msg = strings.ToValidUTF8(msg[:1500], "") + "…"
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(kind + ":" + msg)), Path: "/",
		MaxAge: 120, HttpOnly: true, Secure: c.Scheme() == "https", SameSite: http.SameSiteStrictMode})
}

// takeFlash reads the message left for this page, and clears it.
func takeFlash(c echo.Context) (errMsg, notice string) {
	ck, err := c.Cookie(flashCookie)
	if err != nil {
		return "", ""
	}
	c.SetCookie(&http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: c.Scheme() == "https", SameSite: http.SameSiteStrictMode})
	raw, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil {
		return "", ""
	}
	kind, msg, _ := strings.Cut(string(raw), ":")
	switch kind {
	case "error":
		return msg, ""
	case "notice":
		return "", msg
	}
	return "", ""
}

// redirectNotice goes to a page that then shows notice.
func redirectNotice(c echo.Context, to, notice string) error {
	setFlash(c, "notice", notice)
	return c.Redirect(http.StatusSeeOther, to)
}

// pageAuth lets a signed-in user of one of the roles through; others are
// sent to sign in (staff) or to enroll (patients). A form post must carry
// the session's CSRF token. Staff whose password was reset may only change
// it (or sign out) until they have.
func (s *Server) pageAuth(roles ...limber.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			signin := "/"
			if len(roles) == 1 && roles[0] == limber.RolePatient {
				signin = "/enroll"
			}
			cookie, err := c.Cookie(signInCookie)
			if err != nil || cookie.Value == "" {
				return c.Redirect(http.StatusSeeOther, signin)
			}
			user, sess, err := s.db.SignedInUser(c.Request().Context(), cookie.Value)
			if err != nil {
				// Ended, revoked or expired: drop the cookie and what the
				// browser kept of the pages.
				signedOut(c)
				s.setCookie(c, "", time.Time{})
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
			if user.MustChangePassword && c.Path() != "/password" && c.Path() != "/logout" {
				return c.Redirect(http.StatusSeeOther, "/password")
			}
			c.Set("user", user)
			c.Set("signIn", sess)
			c.Set("via_cookie", true)
			return next(c)
		}
	}
}

// signedOut tells the browser to drop its HTTP cache of the pages. Only
// "cache": "storage" would also wipe the tablet's outbox of sessions not
// yet sent; the pages' script (signout.js) clears the service worker's
// copies and the offline plan and keeps the outbox.
func signedOut(c echo.Context) {
	c.Response().Header().Set("Clear-Site-Data", `"cache"`)
}

// refuseCrossSite refuses a sign-in or enrollment posted from another
// site: it would sign the browser in as someone else (login CSRF), or
// swap a therapist's session for a tablet's. Browsers say where a request
// comes from in Sec-Fetch-Site; older ones only in Origin. A request with
// neither (a script, curl) is no browser's and carries no victim's cookie.
func (s *Server) refuseCrossSite(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Request().Header
		refused := &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "this form was sent from another site; open Limber itself and try again"}
		switch h.Get("Sec-Fetch-Site") {
		case "same-origin", "none":
			return next(c)
		case "":
		default:
			return refused
		}
		if o := h.Get("Origin"); o != "" {
			u, err := url.Parse(o)
			if err != nil || o == "null" || !s.ownHost(c, u.Host) {
				return refused
			}
		}
		return next(c)
	}
}

// ownHost reports whether host is this server's: the host asked for, or
// the public URL's (behind a proxy that rewrites Host).
func (s *Server) ownHost(c echo.Context, host string) bool {
	if strings.EqualFold(host, c.Request().Host) {
		return true
	}
	if pu, err := url.Parse(s.cfg.PublicURL); err == nil && s.cfg.PublicURL != "" && strings.EqualFold(host, pu.Host) {
		return true
	}
	return false
}

func home(u limber.User) string {
	if u.Role == limber.RolePatient {
		return "/patient"
	}
	return "/clinic"
}

// back redirects to a page with a message for the person (kept out of
// the URL: setFlash).
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
	setFlash(c, "error", msg)
	return c.Redirect(http.StatusSeeOther, to)
}

func formInt(c echo.Context, name string) (int, bool) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
