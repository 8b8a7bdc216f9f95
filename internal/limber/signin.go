package limber

import "time"

// SignIn is a staff member signed in on a browser, or an enrolled tablet:
// a sign-in session, not an exercise session.
type SignIn struct {
	ID        int64
	UserID    int64
	CSRFToken string
	Kind      string
	Device    string
	ExpiresAt time.Time
}

// Sign-in lifetimes (contract §7.11): security policy, the same on every
// store. A staff browser ends after StaffIdle unused and after StaffMax
// whatever happens; a tablet, which a patient cannot be asked to sign in
// on again, lasts TabletLife unless revoked; an enrollment code works for
// EnrollLife.
const (
	StaffIdle  = 12 * time.Hour
	StaffMax   = 7 * 24 * time.Hour
	TabletLife = 180 * 24 * time.Hour
	EnrollLife = 72 * time.Hour
)

// SignInLife is how long a new sign-in of a kind lasts ("tablet" or
// "staff").
func SignInLife(kind string) time.Duration {
	if kind == "tablet" {
		return TabletLife
	}
	return StaffMax
}

// LetsIn reports whether a sign-in, last seen at lastSeen, still lets its
// user in at now: the user not disabled, the sign-in not expired, a staff
// sign-in not idle for more than StaffIdle (a tablet is never idle: it
// waits for the next session).
func (s SignIn) LetsIn(u User, lastSeen, now time.Time) bool {
	return !u.Disabled && now.Before(s.ExpiresAt) && !(s.Kind == "staff" && now.Sub(lastSeen) > StaffIdle)
}

// ErrBadLogin is a wrong email or password (never saying which).
var ErrBadLogin = &Error{Code: "unauthorized", Message: "wrong email or password"}

// ErrNoSignIn is a missing, expired, idle or revoked sign-in.
var ErrNoSignIn = &Error{Code: "unauthorized", Message: "not signed in, or the session has ended"}

// ErrOneTimePasswordExpired is the right one-time password, given too late.
var ErrOneTimePasswordExpired = &Error{Code: "unauthorized", Message: "this one-time password has expired: ask your clinic's admin for a new one"}

// ErrWrongPassword is a wrong current password given to change it.
var ErrWrongPassword = &Error{Code: EINVALID, Field: "current_password", Message: "is wrong"}

// ErrBadCode is an unknown, used or expired enrollment code.
var ErrBadCode = &Error{Code: "unauthorized", Field: "code", Message: "this code is not valid; ask your PT for a new one"}

// AttemptLimit is a key (an account, an address) and the most sign-in
// attempts it may have in a window.
type AttemptLimit struct {
	Key string
	Max int
}

// AttemptCount is what counting a sign-in attempt did to one key: whether
// the attempt was counted (the key had room), the key's attempts in its
// window afterwards and when that window started.
type AttemptCount struct {
	Key         string
	Counted     bool
	Attempts    int
	WindowStart time.Time
}
