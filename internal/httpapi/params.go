package httpapi

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// pathID reads a numeric id from the path; anything else is not found.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound
	}
	return id, nil
}

// page reads ?before=CURSOR&limit=N (default 50, at most 200).
func page(c echo.Context) (before int64, limit int, err error) {
	limit = 50
	if l := c.QueryParam("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 200 {
			return 0, 0, invalid("limit", "must be 1 to 200")
		}
		limit = n
	}
	if b := c.QueryParam("before"); b != "" {
		raw, err := base64.RawURLEncoding.DecodeString(b)
		if err == nil {
			before, err = strconv.ParseInt(string(raw), 10, 64)
		}
		if err != nil || before <= 0 {
			return 0, 0, invalid("before", "not a cursor from a previous page")
		}
	}
	return before, limit, nil
}

// cursor is the opaque cursor of the page after one ending at lastID, or
// nil when the page was not full.
func cursor(lastID int64, n, limit int) *string {
	if n < limit || lastID == 0 {
		return nil
	}
	s := base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(lastID, 10)))
	return &s
}

// listing answers a paged listing: {"<name>": [...], "next": cursor}. fetch
// reads one page; id gives a record's id for the next cursor.
func listing[T any](c echo.Context, name string, fetch func(before int64, limit int) ([]T, error), id func(T) int64) error {
	before, limit, err := page(c)
	if err != nil {
		return err
	}
	xs, err := fetch(before, limit)
	if err != nil {
		return err
	}
	if xs == nil {
		xs = []T{}
	}
	var last int64
	if len(xs) > 0 {
		last = id(xs[len(xs)-1])
	}
	return c.JSON(http.StatusOK, map[string]any{name: xs, "next": cursor(last, len(xs), limit)})
}
