package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

type signInPage struct {
	pageBase
	Email string
}

func (s *Server) signInPage(c echo.Context) error {
	if cookie, err := c.Cookie(signInCookie); err == nil {
		if u, _, err := s.db.SignedInUser(c.Request().Context(), cookie.Value); err == nil {
			return c.Redirect(http.StatusSeeOther, home(u))
		}
	}
	page := signInPage{pageBase: s.base(c, "Sign in")}
	page.SignedOut = true
	return s.render(c, http.StatusOK, "index", page)
}

func (s *Server) signIn(c echo.Context) error {
	email, password := strings.TrimSpace(c.FormValue("email")), c.FormValue("password")
	page := signInPage{pageBase: s.base(c, "Sign in")}
	page.SignedOut = true
	if len(email) <= maxEmailLength {
		page.Email = email
	}
	user, err := s.checkLogin(c, email, password)
	switch ae := toAPIError(err); {
	case err == nil:
	case err == limber.ErrBadLogin:
		page.Error = "Wrong email or password."
		return s.render(c, http.StatusUnauthorized, "index", page)
	case ae.Status == http.StatusTooManyRequests:
		page.Error = "Too many attempts. Wait 15 minutes and try again."
		return s.render(c, ae.Status, "index", page)
	case ae.Status == http.StatusServiceUnavailable:
		page.Error = "Many people are signing in right now. Wait a few seconds and try again."
		return s.render(c, ae.Status, "index", page)
	case ae.Status < 500:
		page.Error = fieldMessage(ae)
		return s.render(c, ae.Status, "index", page)
	default:
		return err
	}
	if _, err := s.setSignIn(c, user, "staff", ""); err != nil {
		return err
	}
	if user.MustChangePassword {
		return c.Redirect(http.StatusSeeOther, "/password")
	}
	return c.Redirect(http.StatusSeeOther, "/clinic")
}

// fieldMessage is an error for a page: the field in words, then what is
// wrong with it.
func fieldMessage(ae *apiError) string {
	if ae.Field == "" {
		return ae.Message
	}
	f := strings.ReplaceAll(ae.Field, "_", " ")
	return strings.ToUpper(f[:1]) + f[1:] + ": " + ae.Message + "."
}

// signOut ends the session and clears what the browser kept of it (see
// signedOut); a tablet goes back to the enrollment page.
func (s *Server) signOut(c echo.Context) error {
	to := "/"
	if actor(c).Role == limber.RolePatient {
		to = "/enroll"
	}
	if err := s.endSignIn(c); err != nil {
		return err
	}
	signedOut(c)
	return redirectNotice(c, to, "You are signed out.")
}

type enrollPage struct {
	pageBase
	Code string
}

func (s *Server) enrollPage(c echo.Context) error {
	page := enrollPage{pageBase: s.base(c, "Set up this tablet"), Code: c.QueryParam("code")}
	if len(page.Code) > maxCodeLength {
		page.Code = ""
	}
	page.SignedOut = true
	if cookie, err := c.Cookie(signInCookie); err == nil {
		if u, _, err := s.db.SignedInUser(c.Request().Context(), cookie.Value); err == nil {
			page.SignedOut = false
			if u.Role != limber.RolePatient {
				// A link with a code may be sent to staff to turn their
				// browser into someone's tablet: say what it would do.
				page.Error = "This browser is signed in as " + u.Name + ". Setting it up as a patient's tablet signs you out here. Only go on if this is the patient's tablet."
			}
		}
	}
	return s.render(c, http.StatusOK, "enroll", page)
}

func (s *Server) enrollForm(c echo.Context) error {
	code := c.FormValue("code")
	page := enrollPage{pageBase: s.base(c, "Set up this tablet")}
	if len(code) <= maxCodeLength {
		page.Code = code
	}
	_, _, _, err := s.checkEnroll(c, code, "tablet")
	switch status := toAPIError(err).Status; {
	case err == nil:
		return c.Redirect(http.StatusSeeOther, "/patient")
	case status == http.StatusTooManyRequests:
		page.Error = "Too many tries. Wait 15 minutes, then try again."
	case status < 500:
		page.Error = "That code did not work. Check it, or ask your PT for a new one."
	default:
		return err
	}
	return s.render(c, toAPIError(err).Status, "enroll", page)
}

// setSignIn starts a new sign-in (a new token: sign-ins rotate at every
// login, and the one the browser came with ends) and sets its cookie.
func (s *Server) setSignIn(c echo.Context, user limber.User, kind, device string) (string, error) {
	s.endCookieSignIn(c)
	token, sess, err := s.db.StartSignIn(c.Request().Context(), user.ID, kind, device)
	if err != nil {
		return "", err
	}
	expires := sess.ExpiresAt
	if kind == "staff" {
		expires = time.Time{} // ends with the browser (setCookie)
	}
	s.setCookie(c, token, expires)
	c.Set("signIn", sess)
	return token, nil
}

type passwordPage struct {
	pageBase
	MinLength int
}

func (s *Server) passwordPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "password", passwordPage{s.base(c, "Change your password"), limber.MinPasswordLength})
}

// passwordForm changes the signed-in person's password; mistakes are shown
// on the page itself, never in a URL.
func (s *Server) passwordForm(c echo.Context) error {
	current, next := c.FormValue("current_password"), c.FormValue("new_password")
	page := passwordPage{s.base(c, "Change your password"), limber.MinPasswordLength}
	if next != c.FormValue("new_password_again") {
		page.Error = "The two new passwords are not the same. Type the new password twice."
		return s.render(c, http.StatusUnprocessableEntity, "password", page)
	}
	if _, _, err := s.updatePassword(c, current, next); err != nil {
		ae := toAPIError(err)
		if ae.Status >= 500 && ae.Status != http.StatusServiceUnavailable {
			return err
		}
		page.Error = fieldMessage(ae)
		if ae.Status == http.StatusTooManyRequests {
			page.Error = "Too many wrong passwords. Wait 15 minutes and try again."
		}
		return s.render(c, ae.Status, "password", page)
	}
	return redirectNotice(c, "/clinic", "Your password is changed. You are signed out on every other computer.")
}
