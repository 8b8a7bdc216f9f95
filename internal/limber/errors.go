package limber

import (
	"errors"
	"fmt"
)

// Error codes of the domain. The HTTP layer maps them to status codes in one
// place; the command line maps EINVALID to exit status 2.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	// EUNAVAILABLE is storage that cannot take a change now (a full disk):
	// nothing was saved, try again later.
	EUNAVAILABLE = "unavailable"
	// ETOOMANY is more of something than any real use sends: try later.
	ETOOMANY  = "rate_limited"
	EINTERNAL = "internal"
)

// Error is a domain error: a code, the field it is about (a flag, a JSON path
// or a file field) and a message a person can act on.
type Error struct {
	Code    string
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Invalidf makes an EINVALID error about one field.
func Invalidf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// WithField returns err with its field set, when err is a domain error
// without one; other errors are returned unchanged.
func WithField(err error, field string) error {
	var e *Error
	if errors.As(err, &e) && e.Field == "" {
		c := *e
		c.Field = field
		return &c
	}
	return err
}

// ErrorCode returns the code of a domain error, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
