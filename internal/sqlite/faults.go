package sqlite

import (
	"errors"

	"github.com/limber-health/limber/internal/store"
	"github.com/mattn/go-sqlite3"
)

// Classify turns a storage failure (a full disk, an I/O error, a read-only
// file, a lock held too long) into store.ErrUnavailable, leaving every
// other error (domain errors first of all) as it is.
func (f *file) Classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrBusy, sqlite3.ErrLocked:
		return store.ErrUnavailable
	}
	return err
}
