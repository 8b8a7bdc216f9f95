package httpapi

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

const sessionCookie = "limber_session"

// limiter counts attempts in a sliding window per key (an account or an
// address) and refuses once a key has too many. An attempt is counted
// before it is checked (reserve), so attempts sent in parallel cannot all
// pass the count before any of them has failed; a success forgives it.
type limiter struct {
	mu       sync.Mutex
	attempts map[string][]time.Time
	now      func() time.Time
	// maxKeys bounds the memory the limiter may take; keys whose attempts
	// have all left the window are swept at most once a minute.
	maxKeys   int
	lastSweep time.Time
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{attempts: map[string][]time.Time{}, now: now, maxKeys: 20000}
}

const limitWindow = 15 * time.Minute

// limit is a key and the most attempts it may have in the window.
type limit struct {
	key string
	max int
}

// attempt is a counted attempt, to forgive when it succeeds or was never
// checked.
type attempt struct {
	l    *limiter
	keys []string
	at   time.Time
}

// reserve counts an attempt against every key, or against none when any
// key is at its limit or the limiter is full; then it says how long to wait.
func (l *limiter) reserve(limits ...limit) (*attempt, time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.lastSweep) > time.Minute {
		l.sweep(now)
	}
	fresh := 0
	for _, lim := range limits {
		fs := l.live(lim.key, now)
		if len(fs) >= lim.max {
			return nil, limitWindow - now.Sub(fs[0]), false
		}
		if len(fs) == 0 {
			fresh++
		}
	}
	if fresh > 0 && len(l.attempts)+fresh > l.maxKeys {
		l.sweep(now)
		if len(l.attempts)+fresh > l.maxKeys {
			// Full of live keys: someone is guessing at a rate far beyond
			// any clinic's; refusing new keys keeps memory bounded and
			// never lets a guess through uncounted.
			return nil, time.Minute, false
		}
	}
	a := &attempt{l: l, at: now}
	for _, lim := range limits {
		l.attempts[lim.key] = append(l.attempts[lim.key], now)
		a.keys = append(a.keys, lim.key)
	}
	return a, 0, true
}

// live drops a key's attempts older than the window and returns the rest.
func (l *limiter) live(key string, now time.Time) []time.Time {
	fs := l.attempts[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > limitWindow {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(l.attempts, key)
	} else {
		l.attempts[key] = fs
	}
	return fs
}

func (l *limiter) sweep(now time.Time) {
	l.lastSweep = now
	for k := range l.attempts {
		l.live(k, now)
	}
}

// forgive takes the attempt back from every key it was counted against.
func (a *attempt) forgive() {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	for _, k := range a.keys {
		fs := a.l.attempts[k]
		for i := len(fs) - 1; i >= 0; i-- {
			if fs[i].Equal(a.at) {
				fs = append(fs[:i:i], fs[i+1:]...)
				break
			}
		}
		if len(fs) == 0 {
			delete(a.l.attempts, k)
		} else {
			a.l.attempts[k] = fs
		}
	}
}

// count is the attempts of key in the window.
func (l *limiter) count(key string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.live(key, l.now()))
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.attempts, key)
}

// size is how many keys the limiter holds.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.attempts)
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

// maxEmailLength is the longest email address there can be (RFC 5321).
const maxEmailLength = 254

// accountKey is the limiter's key for an email as it is looked up.
func accountKey(email string) string { return "account:" + strings.ToLower(strings.TrimSpace(email)) }

// addressKey is the limiter's key for the client's address (bounded: with
// a proxy it comes from a header).
func addressKey(c echo.Context, prefix string) string {
	ip := c.RealIP()
	if a, err := netip.ParseAddr(ip); err == nil && a.Is6() && !a.Is4In6() {
		// One IPv6 subscriber gets a whole /64: counted per address, each
		// guess could come from a new one.
		p, _ := a.Prefix(64)
		return prefix + p.String()
	}
	if len(ip) > 64 {
		ip = ip[:64]
	}
	return prefix + ip
}

// checkEmail bounds an email before anything is stored or looked up.
func checkEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", invalid("email", "required")
	}
	if len(email) > maxEmailLength {
		return "", invalid("email", "at most %d characters", maxEmailLength)
	}
	return email, nil
}

// checkLogin checks an email and password under the rate limits: the
// attempt is counted before the password is checked, and once the account
// or the address has too many in the window it is refused with 429 and
// Retry-After; each failure after the second is answered more slowly.
func (s *Server) checkLogin(c echo.Context, email, password string) (limber.User, error) {
	email, err := checkEmail(email)
	if err != nil {
		return limber.User{}, err
	}
	account := accountKey(email)
	a, wait, ok := s.limiter.reserve(limit{account, maxAccountFailures}, limit{addressKey(c, "address:"), maxAddressFailures})
	if !ok {
		return limber.User{}, rateLimited(wait, c)
	}
	var user limber.User
	err = s.passwordCheck(c, func(ctx context.Context) (err error) {
		user, err = s.db.Authenticate(ctx, email, password)
		return err
	})
	switch {
	case err == limber.ErrBadLogin:
		if n := s.limiter.count(account); n > 2 {
			s.sleep(time.Duration(n-2) * failureDelay)
		}
		return limber.User{}, err
	case err != nil:
		// Not checked (busy, or the database failed): not a failure.
		a.forgive()
		return limber.User{}, err
	}
	a.forgive()
	s.limiter.reset(account)
	return user, nil
}

// passwordCheckWait is how long a password check waits for its turn.
const passwordCheckWait = 3 * time.Second

var errBusy = &apiError{Status: http.StatusServiceUnavailable, Code: limber.EUNAVAILABLE, Message: "many people are signing in at once; try again in a few seconds"}

// passwordCheck runs fn (which checks a bcrypt hash) when one of the few
// check slots is free. Each check holds a core for a quarter of a second
// at cost 12, so a burst of sign-ins would otherwise take every core from
// the patients' requests; the slots leave half the cores free. A few
// people signing in together at the start of a shift only wait a moment;
// a flood waits at most passwordCheckWait and then gets 503 with
// Retry-After, not counted as a failure.
func (s *Server) passwordCheck(c echo.Context, fn func(ctx context.Context) error) error {
	ctx := c.Request().Context()
	t := time.NewTimer(s.checkWait)
	defer t.Stop()
	select {
	case s.checks <- struct{}{}:
	case <-t.C:
		c.Response().Header().Set("Retry-After", "2")
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.checks }()
	if s.checkHook != nil {
		s.checkHook()
	}
	return fn(ctx)
}

// startSession begins a new session (a new token: the session is rotated
// at every login) and sets its cookie.
func (s *Server) startSession(c echo.Context, user limber.User, kind, device string) error {
	token, err := s.setSignIn(c, user, kind, device)
	if err != nil {
		return err
	}
	sess := c.Get("session").(limber.SignIn)
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

// maxCodeLength bounds a typed enrollment code (8 characters, with room
// for the spaces and hyphens people type).
const maxCodeLength = 32

// checkEnroll turns an enrollment code into a tablet session under the
// enrollment rate limit (the attempt counted before the code is looked
// up), and sets the session cookie; the session the browser came with
// ends.
func (s *Server) checkEnroll(c echo.Context, code, device string) (limber.User, string, limber.SignIn, error) {
	if strings.TrimSpace(code) == "" {
		return limber.User{}, "", limber.SignIn{}, invalid("code", "required")
	}
	if len(code) > maxCodeLength {
		return limber.User{}, "", limber.SignIn{}, invalid("code", "at most %d characters", maxCodeLength)
	}
	a, wait, ok := s.limiter.reserve(limit{addressKey(c, "enroll:"), maxEnrollFailures})
	if !ok {
		return limber.User{}, "", limber.SignIn{}, rateLimited(wait, c)
	}
	user, token, sess, err := s.db.Enroll(c.Request().Context(), code, device)
	if err != nil {
		if err != limber.ErrBadCode {
			a.forgive()
		}
		return limber.User{}, "", limber.SignIn{}, err
	}
	a.forgive()
	s.endCookieSession(c)
	s.setCookie(c, token, sess.ExpiresAt)
	return user, token, sess, nil
}

// endCookieSession ends the session of the cookie a request came with, if
// any: a new sign-in never leaves the previous one running.
func (s *Server) endCookieSession(c echo.Context) {
	if cookie, err := c.Cookie(sessionCookie); err == nil && cookie.Value != "" {
		if _, old, err := s.db.SignedInUser(c.Request().Context(), cookie.Value); err == nil {
			s.db.EndSignIn(c.Request().Context(), old.ID)
		}
	}
}

func (s *Server) logout(c echo.Context) error {
	if err := s.endSession(c); err != nil {
		return err
	}
	signedOut(c)
	return c.NoContent(http.StatusNoContent)
}

// endSession ends the request's session and clears its cookie.
func (s *Server) endSession(c echo.Context) error {
	sess := c.Get("session").(limber.SignIn)
	if err := s.db.EndSignIn(c.Request().Context(), sess.ID); err != nil {
		return err
	}
	s.setCookie(c, "", time.Time{})
	return nil
}

// setCookie sets the session cookie, or clears it when token is empty.
// A staff session's cookie ends with the browser (clinic computers are
// shared; the server also ends it after 12 idle hours): its callers give
// no expiry. A tablet's lasts as long as its session.
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
		user, sess, err := s.db.SignedInUser(c.Request().Context(), token)
		if err != nil {
			if err == limber.ErrNoSignIn {
				// Ended or revoked: the browser drops its copies too.
				signedOut(c)
				if viaCookie {
					s.setCookie(c, "", time.Time{})
				}
			}
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
		c.Set("via_cookie", viaCookie)
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
