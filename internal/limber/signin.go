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

// ErrBadLogin is a wrong email or password (never saying which).
var ErrBadLogin = &Error{Code: "unauthorized", Message: "wrong email or password"}

// ErrNoSignIn is a missing, expired, idle or revoked sign-in.
var ErrNoSignIn = &Error{Code: "unauthorized", Message: "not signed in, or the session has ended"}

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
