package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

// apiError is the error body of contract §5: {"error":{code,message,field}}.
type apiError struct {
	Status  int            `json:"-"`
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Field   string         `json:"field,omitempty"`
	Reasons []*limber.Rule `json:"reasons,omitempty"`
}

func (e *apiError) Error() string { return e.Message }

func badRequest(field, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: "bad_request", Field: field, Message: fmt.Sprintf(format, args...)}
}

func invalid(field, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: field, Message: fmt.Sprintf(format, args...)}
}

var (
	errUnauthorized = &apiError{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "sign in first"}
	errForbidden    = &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "you may not do this"}
	errNotFound     = &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "not found"}
)

// statusOf maps domain error codes to HTTP statuses, in one place.
var statusOf = map[string]int{
	limber.EINVALID:     http.StatusUnprocessableEntity,
	limber.ENOTFOUND:    http.StatusNotFound,
	limber.ECONFLICT:    http.StatusConflict,
	limber.EFORBIDDEN:   http.StatusForbidden,
	limber.EUNAVAILABLE: http.StatusServiceUnavailable,
	limber.ETOOMANY:     http.StatusTooManyRequests,
	"unauthorized":      http.StatusUnauthorized,
}

// toAPIError turns any error into the contract's error shape. Anything
// unexpected is a 500 that says nothing of its cause to the client (the
// log has it, with the request id).
func toAPIError(err error) *apiError {
	var ae *apiError
	var de *limber.Error
	var ex *limber.ExcludedError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &ex):
		return &apiError{Status: http.StatusUnprocessableEntity, Code: "invalid", Field: "exercise_id", Message: "this exercise is excluded for this patient", Reasons: ex.Reasons}
	case errors.As(err, &de):
		status, ok := statusOf[de.Code]
		if !ok {
			break
		}
		code := de.Code
		if code == limber.EFORBIDDEN {
			code = "forbidden"
		}
		return &apiError{Status: status, Code: code, Field: de.Field, Message: de.Message}
	case errors.As(err, &he):
		switch he.Code {
		case http.StatusNotFound:
			return errNotFound
		case http.StatusMethodNotAllowed:
			return &apiError{Status: he.Code, Code: "bad_request", Message: "method not allowed"}
		case http.StatusRequestEntityTooLarge:
			return &apiError{Status: he.Code, Code: "too_large", Message: "the request body is too large"}
		case http.StatusTooManyRequests:
			return &apiError{Status: he.Code, Code: "rate_limited", Message: "too many attempts; wait and try again"}
		case http.StatusUnauthorized:
			return errUnauthorized
		case http.StatusForbidden:
			return &apiError{Status: he.Code, Code: "forbidden", Message: fmt.Sprint(he.Message)}
		}
		if he.Code < 500 {
			return &apiError{Status: he.Code, Code: "bad_request", Message: fmt.Sprint(he.Message)}
		}
	}
	return &apiError{Status: http.StatusInternalServerError, Code: "internal", Message: "something went wrong; it has been logged"}
}

// errorHandler writes every error as JSON, logging the unexpected ones.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	ae := toAPIError(err)
	if ae.Status == http.StatusServiceUnavailable && c.Response().Header().Get("Retry-After") == "" {
		c.Response().Header().Set("Retry-After", "30")
	}
	if ae.Status >= 500 && ae.Status != http.StatusServiceUnavailable {
		s.log.Error("request failed", slog.String("request_id", requestID(c)), slog.String("route", c.Path()), slog.Any("error", err))
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(ae.Status)
		return
	}
	if isPage(c.Request().URL.Path) {
		heading := map[int]string{http.StatusNotFound: "Not found", http.StatusForbidden: "Not allowed", http.StatusTooManyRequests: "Please wait"}[ae.Status]
		if heading == "" {
			heading = "Something went wrong"
		}
		page := struct {
			pageBase
			Heading, Message string
		}{pageBase{Title: heading, User: actor(c)}, heading, ae.Message}
		if err := s.render(c, ae.Status, "error", page); err == nil {
			return
		}
	}
	c.JSON(ae.Status, map[string]*apiError{"error": ae})
}

// bind decodes a JSON body strictly: unknown fields, wrong types and
// malformed JSON are 400s naming the field.
func bind(c echo.Context, v any) error {
	ct := c.Request().Header.Get(echo.HeaderContentType)
	if ct != "" && !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return &apiError{Status: http.StatusUnsupportedMediaType, Code: "bad_request", Message: "send JSON (Content-Type: application/json)"}
	}
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		var mbe *http.MaxBytesError
		switch {
		case errors.As(err, &mbe):
			return &apiError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: "the request body is too large"}
		case errors.As(err, &te):
			return badRequest(te.Field, "wrong type: got %s, expected %s", te.Value, jsonKind(te.Type.Kind().String()))
		case errors.As(err, &se):
			return badRequest("", "malformed JSON at byte %d", se.Offset)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return badRequest(field, "unknown field")
		case err.Error() == "EOF":
			return badRequest("", "the body is empty; send a JSON object")
		case errors.As(err, new(*time.ParseError)):
			return badRequest("", "a time is not RFC 3339: %v", err)
		}
		return badRequest("", "malformed JSON: %v", err)
	}
	if dec.More() {
		return badRequest("", "send one JSON object")
	}
	return nil
}

// jsonKind names a Go kind the way a JSON client thinks of it.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "true or false"
	case kind == "slice", kind == "array":
		return "a list"
	case kind == "struct", kind == "map":
		return "an object"
	}
	return kind
}

// isPage reports whether a path is a web page (errors as HTML) rather
// than the API or an asset (errors as JSON).
func isPage(p string) bool {
	return p == "/" || strings.HasPrefix(p, "/clinic") || strings.HasPrefix(p, "/patient") || strings.HasPrefix(p, "/enroll") || p == "/logout" || p == "/password"
}
