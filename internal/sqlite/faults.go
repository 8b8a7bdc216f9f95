package sqlite

import (
	"errors"

	"github.com/limber-health/limber/internal/limber"
	"github.com/mattn/go-sqlite3"
)

// ErrUnavailable is a write the database cannot take now (a full disk, an
// I/O error, a read-only file, a lock held too long): the request failed as
// a whole, nothing was half-written, and the client may try again.
var ErrUnavailable = &limber.Error{Code: limber.EUNAVAILABLE, Message: "the clinic's database cannot take changes right now; nothing was saved, try again in a little while"}

// classify turns a storage failure into ErrUnavailable, leaving every
// other error (domain errors first of all) as it is.
func classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrBusy, sqlite3.ErrLocked:
		return ErrUnavailable
	}
	return err
}
