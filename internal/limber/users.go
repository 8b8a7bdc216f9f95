package limber

import "strings"

// Limits of a staff account.
const (
	maxEmail     = 200
	maxStaffName = 120
	// maxPassword is what bcrypt reads: a longer password would be cut
	// short without a word, so it is refused instead.
	maxPassword = 72
)

// NewStaff checks a new staff account and gives it with its email and
// name trimmed; its password is CheckPassword's. Patients' accounts are
// made by enrolling a tablet, never here.
func NewStaff(email, name string, role Role) (User, error) {
	email, name = strings.TrimSpace(email), strings.TrimSpace(name)
	if role != RoleAdmin && role != RoleTherapist {
		return User{}, Invalidf("role", "must be therapist or admin")
	}
	if !strings.Contains(email, "@") || len(email) > maxEmail {
		return User{}, Invalidf("email", "is not an email address")
	}
	if name == "" || len(name) > maxStaffName {
		return User{}, Invalidf("name", "must be 1 to %d characters", maxStaffName)
	}
	return User{Email: email, Name: name, Role: role}, nil
}

// CheckPassword checks a password a person chose: at least
// MinPasswordLength characters, at most the 72 bytes bcrypt reads.
func CheckPassword(password string) error { return checkPassword("password", password) }

// CheckNewPassword checks a change of password, once the current one is
// known to be right: the new one differs from it and is one CheckPassword
// accepts (its refusals then name new_password).
func CheckNewPassword(current, next string) error {
	if current == next {
		return Invalidf("new_password", "must differ from the current one")
	}
	return checkPassword("new_password", next)
}

func checkPassword(field, password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return Invalidf(field, "must be at least %d characters", MinPasswordLength)
	}
	if len(password) > maxPassword {
		return Invalidf(field, "must be at most %d bytes", maxPassword)
	}
	return nil
}

// MustHavePassword refuses a password change to a tablet: it signs in by
// its enrollment code, and has no password to change.
func MustHavePassword(actor User) error {
	if actor.Role == RolePatient {
		return &Error{Code: EFORBIDDEN, Message: "tablets have no password"}
	}
	return nil
}

// CheckDisable refuses an admin disabling their own account: the clinic
// could be left with no admin to undo it.
func CheckDisable(actor User, id int64) error {
	if id == actor.ID {
		return &Error{Code: ECONFLICT, Message: "you cannot disable your own account"}
	}
	return nil
}
