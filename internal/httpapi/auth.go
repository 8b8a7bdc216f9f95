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

// signInCookie keeps the name it has always had: browsers signed in hold it.
const signInCookie = "limber_session"

// limiter counts attempts in a window per key (an account or an address)
// and refuses once a key has too many. The counts are kept in the
// database, so every node of a clinic network counts the same attempts:
// five failures for one account spread over two nodes make the sixth a
// 429. An attempt is counted before it is checked (reserve), in one
// statement per attempt, so attempts sent in parallel to any node cannot
// all pass the count before any of them has failed; a success forgives it.
type limiter struct {
	store attempts
	now   func() time.Time
	// maxKeys bounds the rows the limiter may keep (in the database, for
	// the whole clinic); keys whose window has passed are pruned at most
	// once a minute by each node.
	maxKeys int

	mu        sync.Mutex
	lastPrune time.Time
}

func newLimiter(store attempts, now func() time.Time) *limiter {
	return &limiter{store: store, now: now, maxKeys: 20000}
}

// limitWindow is how long attempts count: a key's window starts at its
// first attempt and, once it has passed, starts again at the next.
const limitWindow = 15 * time.Minute

// limit is a key and the most attempts it may have in the window.
type limit struct {
	key string
	max int
}

// attempt is a counted attempt, to forgive when it succeeds or was never
// checked.
type attempt struct {
	l      *limiter
	counts []limber.AttemptCount
}

// reserve counts an attempt against every key, or against none when any
// key is at its limit or the limiter is full; then it says how long to
// wait. An error is the database's (the attempt is then not made).
func (l *limiter) reserve(ctx context.Context, limits ...limit) (*attempt, time.Duration, bool, error) {
	now := l.now()
	l.prune(ctx, now)
	ls := make([]limber.AttemptLimit, len(limits))
	for i, lim := range limits {
		ls[i] = limber.AttemptLimit{Key: lim.key, Max: lim.max}
	}
	counts, err := l.store.CountAttempt(ctx, now, limitWindow, ls)
	if err != nil {
		return nil, 0, false, err
	}
	a := &attempt{l: l, counts: counts}
	var wait time.Duration
	refused, fresh := false, false
	for _, c := range counts {
		if !c.Counted {
			refused, wait = true, max(wait, limitWindow-now.Sub(c.WindowStart))
		} else if c.Attempts == 1 {
			fresh = true
		}
	}
	if refused {
		// At its limit: the other keys' counts are taken back, as if the
		// attempt had never come.
		a.forgive()
		return nil, wait, false, nil
	}
	if fresh {
		if n, err := l.store.AttemptKeys(ctx); err != nil || n > l.maxKeys {
			l.prune(ctx, time.Time{})
			if n, err := l.store.AttemptKeys(ctx); err != nil || n > l.maxKeys {
				// Full of live keys: someone is guessing at a rate far
				// beyond any clinic's; refusing new keys keeps the table
				// bounded and never lets a guess through uncounted.
				a.forgive()
				return nil, time.Minute, false, nil
			}
		}
	}
	return a, 0, true, nil
}

// prune removes the keys whose window has passed, at most once a minute
// (any time when last is zero).
func (l *limiter) prune(ctx context.Context, now time.Time) {
	l.mu.Lock()
	if !now.IsZero() && now.Sub(l.lastPrune) <= time.Minute {
		l.mu.Unlock()
		return
	}
	if now.IsZero() {
		now = l.now()
	}
	l.lastPrune = now
	l.mu.Unlock()
	// Best effort: a prune that fails is tried again a minute on.
	l.store.PruneAttempts(ctx, now.Add(-limitWindow))
}

// forgive takes the attempt back from every key it was counted against,
// even when the request that made it has gone.
func (a *attempt) forgive() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Best effort: an attempt not taken back (the database gone) counts
	// until its window passes, which errs on the side of refusing.
	a.l.store.ForgiveAttempt(ctx, a.counts)
}

// count is the attempts of key in the window.
func (l *limiter) count(ctx context.Context, key string) int {
	n, _ := l.store.Attempts(ctx, key, l.now().Add(-limitWindow))
	return n
}

func (l *limiter) reset(ctx context.Context, key string) {
	l.store.ResetAttempts(ctx, key)
}

// size is how many keys the limiter holds.
func (l *limiter) size() int {
	n, _ := l.store.AttemptKeys(context.Background())
	return n
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
	return s.beginSignIn(c, user, "staff", "")
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
	a, wait, ok, err := s.limiter.reserve(c.Request().Context(), limit{account, maxAccountFailures}, limit{addressKey(c, "address:"), maxAddressFailures})
	if err != nil {
		return limber.User{}, err
	}
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
		if n := s.limiter.count(c.Request().Context(), account); n > 2 {
			s.sleep(time.Duration(n-2) * failureDelay)
		}
		return limber.User{}, err
	case err != nil:
		// Not checked (busy, or the database failed): not a failure.
		a.forgive()
		return limber.User{}, err
	}
	a.forgive()
	s.limiter.reset(c.Request().Context(), account)
	return user, nil
}

// passwordCheckWait is how long a password check waits for its turn.
const passwordCheckWait = 3 * time.Second

var errBusy = &apiError{Status: http.StatusServiceUnavailable, Code: limber.EUNAVAILABLE, Message: "many people are signing in at once; try again in a few seconds"}

// passwordCheck runs fn (which checks a bcrypt hash) when one of the few
// check slots is free. Each check holds a core for a quarter of a second
// at cost 12, so a burst of sign-ins would otherwise take every core from
// the patients' requests; the slots leave half the cores free. The slots
// are per node, unlike the sign-in limits: they share out this machine's
// CPU, which other nodes do not use. A few
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

// beginSignIn begins a new sign-in (a new token: a sign-in is rotated at
// every login) and sets its cookie.
func (s *Server) beginSignIn(c echo.Context, user limber.User, kind, device string) error {
	token, err := s.setSignIn(c, user, kind, device)
	if err != nil {
		return err
	}
	sess := c.Get("signIn").(limber.SignIn)
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

// checkEnroll turns an enrollment code into a tablet sign-in under the
// enrollment rate limit (the attempt counted before the code is looked
// up), and sets the sign-in cookie; the sign-in the browser came with
// ends.
func (s *Server) checkEnroll(c echo.Context, code, device string) (limber.User, string, limber.SignIn, error) {
	if strings.TrimSpace(code) == "" {
		return limber.User{}, "", limber.SignIn{}, invalid("code", "required")
	}
	if len(code) > maxCodeLength {
		return limber.User{}, "", limber.SignIn{}, invalid("code", "at most %d characters", maxCodeLength)
	}
	a, wait, ok, err := s.limiter.reserve(c.Request().Context(), limit{addressKey(c, "enroll:"), maxEnrollFailures})
	if err != nil {
		return limber.User{}, "", limber.SignIn{}, err
	}
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
	s.endCookieSignIn(c)
	s.setCookie(c, token, sess.ExpiresAt)
	return user, token, sess, nil
}

// endCookieSignIn ends the sign-in of the cookie a request came with, if
// any: a new sign-in never leaves the previous one running.
func (s *Server) endCookieSignIn(c echo.Context) {
	if cookie, err := c.Cookie(signInCookie); err == nil && cookie.Value != "" {
		if _, old, err := s.db.SignedInUser(c.Request().Context(), cookie.Value); err == nil {
			s.db.EndSignIn(c.Request().Context(), old.ID)
		}
	}
}

func (s *Server) logout(c echo.Context) error {
	if err := s.endSignIn(c); err != nil {
		return err
	}
	signedOut(c)
	return c.NoContent(http.StatusNoContent)
}

// endSignIn ends the request's sign-in and clears its cookie.
func (s *Server) endSignIn(c echo.Context) error {
	sess := c.Get("signIn").(limber.SignIn)
	if err := s.db.EndSignIn(c.Request().Context(), sess.ID); err != nil {
		return err
	}
	s.setCookie(c, "", time.Time{})
	return nil
}

// setCookie sets the sign-in cookie, or clears it when token is empty.
// A staff sign-in's cookie ends with the browser (clinic computers are
// shared; the server also ends it after 12 idle hours): its callers give
// no expiry. A tablet's lasts as long as its sign-in.
func (s *Server) setCookie(c echo.Context, token string, expires time.Time) {
	ck := &http.Cookie{Name: signInCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, Expires: expires}
	if token == "" {
		ck.MaxAge = -1
	}
	c.SetCookie(ck)
}

// authenticate finds the user of a bearer token or a sign-in cookie. A
// cookie-authenticated unsafe request must carry the sign-in's CSRF token
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
		} else if cookie, err := c.Cookie(signInCookie); err == nil && cookie.Value != "" {
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
		c.Set("signIn", sess)
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
