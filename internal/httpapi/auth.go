package httpapi

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/sqlite"
)

const sessionCookie = "limber_session"

// limiter counts failed attempts in a sliding window per key (an account
// or an address) and refuses once a key has too many.
type limiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
	now      func() time.Time
}

func newLimiter() *limiter {
	return &limiter{failures: map[string][]time.Time{}, now: time.Now}
}

const limitWindow = 15 * time.Minute

// blocked reports whether key has reached max failures in the window, and
// when the oldest of them leaves it.
func (l *limiter) blocked(key string, max int) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	fs := l.failures[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > limitWindow {
		i++
	}
	fs = fs[i:]
	l.failures[key] = fs
	if len(fs) >= max {
		return true, limitWindow - now.Sub(fs[0])
	}
	return false, 0
}

func (l *limiter) fail(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for _, k := range keys {
		l.failures[k] = append(l.failures[k], now)
	}
}

// count is the failures of key in the window.
func (l *limiter) count(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.failures[key])
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func rateLimited(wait time.Duration, c echo.Context) error {
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	return &apiError{Status: http.StatusTooManyRequests, Code: "rate_limited", Message: "too many attempts; wait and try again"}
}

// Contract §5: 5 failed logins for one account, or 20 from one address,
// within 15 minutes.
const (
	maxAccountFailures = 5
	maxAddressFailures = 20
	maxEnrollFailures  = 10
)

type loginResponse struct {
	Token     string      `json:"token"`
	CSRFToken string      `json:"csrf_token"`
	User      limber.User `json:"user"`
	ExpiresAt time.Time   `json:"expires_at"`
}

func (s *Server) login(c echo.Context) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if in.Email == "" {
		return invalid("email", "required")
	}
	user, err := s.checkLogin(c, in.Email, in.Password)
	if err != nil {
		return err
	}
	return s.startSession(c, user, "staff", "")
}

// failureDelay is the pause added to each failed sign-in after the second
// one for an account, growing with each: guessing is slowed first, then
// refused (429) at the fifth.
const failureDelay = 500 * time.Millisecond

// checkLogin checks an email and password under the rate limits: too many
// failures for the account or the address are refused with 429 and
// Retry-After; each failure after the second is answered more slowly.
func (s *Server) checkLogin(c echo.Context, email, password string) (limber.User, error) {
	account := "account:" + strings.ToLower(strings.TrimSpace(email))
	address := "address:" + c.RealIP()
	for key, max := range map[string]int{account: maxAccountFailures, address: maxAddressFailures} {
		if blocked, wait := s.limiter.blocked(key, max); blocked {
			return limber.User{}, rateLimited(wait, c)
		}
	}
	user, err := s.db.Authenticate(c.Request().Context(), email, password)
	if err != nil {
		if err == sqlite.ErrBadLogin {
			s.limiter.fail(account, address)
			if n := s.limiter.count(account); n > 2 {
				s.sleep(time.Duration(n-2) * failureDelay)
			}
		}
		return limber.User{}, err
	}
	s.limiter.reset(account)
	return user, nil
}

// startSession begins a new session (a new token: the session is rotated
// at every login) and sets its cookie.
func (s *Server) startSession(c echo.Context, user limber.User, kind, device string) error {
	token, err := s.setSession(c, user, kind, device)
	if err != nil {
		return err
	}
	sess := c.Get("session").(sqlite.AuthSession)
	return c.JSON(http.StatusOK, loginResponse{Token: token, CSRFToken: sess.CSRFToken, User: user, ExpiresAt: sess.ExpiresAt})
}

func (s *Server) enroll(c echo.Context) error {
	var in struct {
		Code   string `json:"code"`
		Device string `json:"device"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	if len(in.Device) > 100 {
		return invalid("device", "at most 100 characters")
	}
	user, token, sess, err := s.checkEnroll(c, in.Code, in.Device)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, loginResponse{Token: token, CSRFToken: sess.CSRFToken, User: user, ExpiresAt: sess.ExpiresAt})
}

// checkEnroll turns an enrollment code into a tablet session under the
// enrollment rate limit, and sets the session cookie.
func (s *Server) checkEnroll(c echo.Context, code, device string) (limber.User, string, sqlite.AuthSession, error) {
	address := "enroll:" + c.RealIP()
	if blocked, wait := s.limiter.blocked(address, maxEnrollFailures); blocked {
		return limber.User{}, "", sqlite.AuthSession{}, rateLimited(wait, c)
	}
	if strings.TrimSpace(code) == "" {
		return limber.User{}, "", sqlite.AuthSession{}, invalid("code", "required")
	}
	user, token, sess, err := s.db.Enroll(c.Request().Context(), code, device)
	if err != nil {
		if err == sqlite.ErrBadCode {
			s.limiter.fail(address)
		}
		return limber.User{}, "", sqlite.AuthSession{}, err
	}
	s.setCookie(c, token, sess.ExpiresAt)
	return user, token, sess, nil
}

func (s *Server) logout(c echo.Context) error {
	if err := s.endSession(c); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// endSession ends the request's session and clears its cookie.
func (s *Server) endSession(c echo.Context) error {
	sess := c.Get("session").(sqlite.AuthSession)
	if err := s.db.EndSession(c.Request().Context(), sess.ID); err != nil {
		return err
	}
	s.setCookie(c, "", time.Time{})
	return nil
}

// setCookie sets the session cookie, or clears it when token is empty.
func (s *Server) setCookie(c echo.Context, token string, expires time.Time) {
	ck := &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, Expires: expires}
	if token == "" {
		ck.MaxAge = -1
	}
	c.SetCookie(ck)
}

// authenticate finds the user of a bearer token or a session cookie. A
// cookie-authenticated unsafe request must carry the session's CSRF token
// (X-CSRF-Token header or csrf form field); a bearer token cannot be sent
// by another site, so it needs none.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, viaCookie := "", false
		if h := c.Request().Header.Get("Authorization"); h != "" {
			t, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || t == "" {
				return errUnauthorized
			}
			token = t
		} else if cookie, err := c.Cookie(sessionCookie); err == nil && cookie.Value != "" {
			token, viaCookie = cookie.Value, true
		} else {
			return errUnauthorized
		}
		user, sess, err := s.db.SessionUser(c.Request().Context(), token)
		if err != nil {
			return err
		}
		if viaCookie && !safeMethod(c.Request().Method) {
			sent := c.Request().Header.Get("X-CSRF-Token")
			if sent == "" {
				sent = c.FormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(sent), []byte(sess.CSRFToken)) != 1 {
				return &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "missing or wrong CSRF token"}
			}
		}
		// After a one-time reset, only changing the password (or leaving)
		// is possible.
		if user.MustChangePassword && c.Path() != "/api/v1/auth/password" && c.Path() != "/api/v1/auth/logout" {
			return &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "change your one-time password first (POST /api/v1/auth/password)"}
		}
		c.Set("user", user)
		c.Set("session", sess)
		return next(c)
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// allow lets only the given roles through; anyone else gets 403.
func allow(roles ...limber.Role) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			u := actor(c)
			for _, r := range roles {
				if u.Role == r {
					return next(c)
				}
			}
			return errForbidden
		}
	}
}

func actor(c echo.Context) limber.User {
	u, _ := c.Get("user").(limber.User)
	return u
}
