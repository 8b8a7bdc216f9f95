package postgres

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/limber-health/limber/internal/store"
)

// Classify turns a storage failure (the database down, restarting, out of
// room, or a read-only standby after a failover) into store.store.ErrUnavailable,
// wrapping the cause for the log, and leaves every other error (domain errors, constraint
// violations) as it is. It decides by SQLSTATE and by the error's type,
// never by its text.
func Classify(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) {
		return err
	}
	if unavailable(err) {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return err
}

func unavailable(err error) bool {
	// A connection that could not be made, whatever the reason inside it
	// (refused, timed out, the server starting up, a rotated password):
	// the service is down for this node, not the request wrong.
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code[:2] {
		case "08", // connection exception
			"53", // insufficient resources: disk full, out of memory, too many connections
			"58": // system error: an I/O error on the server
			return true
		}
		switch pe.Code {
		case "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
			"25006", // read-only transaction: a standby, or a primary set read-only
			// A transaction that lost to another one again and again: by
			// the time the error gets here the store's retries are spent,
			// and the client may well succeed a moment later.
			"40001", "40P01":
			return true
		}
		return false
	}
	// The connection broke under the driver: the server went away mid-way.
	return errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) ||
		isNetError(err)
}

func isNetError(err error) bool {
	var oe *net.OpError
	return errors.As(err, &oe)
}

// Retry reports whether a write transaction failed only because another
// one ran at the same time (serialization failure, deadlock): run again
// from the start, it sees the other's result.
func Retry(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
