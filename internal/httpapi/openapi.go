package httpapi

import (
	"net/http"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"
)

// operation documents one route for the OpenAPI document. A test fails
// when a registered route has no entry here.
type operation struct {
	method, path, summary, who string
	body                       string // a schema name, or ""
	created                    bool
}

var operations = []operation{
	{"POST", "/api/v1/auth/login", "Sign in with email and password; returns a bearer token, a CSRF token and sets a session cookie.", "anyone", "Login", false},
	{"POST", "/api/v1/auth/enroll", "Enroll a patient's tablet with a one-time code.", "anyone", "Enroll", false},
	{"POST", "/api/v1/auth/logout", "End this session.", "signed in", "", false},
	{"GET", "/api/v1/openapi.json", "This document.", "anyone", "", false},
	{"GET", "/api/v1/exercises", "The library; with ?patient_id=N each variant's decision and reasons for that patient.", "signed in", "", false},
	{"GET", "/api/v1/exercises/{id}", "One exercise, decided for ?patient_id=N when given.", "signed in", "", false},
	{"GET", "/api/v1/patients", "Your patients with adherence and open alerts.", "therapist, admin", "", false},
	{"POST", "/api/v1/patients", "Add a patient.", "therapist", "PatientInput", true},
	{"GET", "/api/v1/patients/{id}", "One patient.", "therapist, admin", "", false},
	{"PATCH", "/api/v1/patients/{id}", "Change a profile; the active plan is decided again.", "therapist", "PatientInput", false},
	{"POST", "/api/v1/patients/{id}/enrollment", "A one-time code for the patient's tablet.", "therapist", "", true},
	{"POST", "/api/v1/patients/{id}/plans", "A draft plan from the engine.", "therapist", "PlanInput", true},
	{"GET", "/api/v1/patients/{id}/sessions", "The patient's sessions.", "therapist, admin", "", false},
	{"GET", "/api/v1/patients/{id}/journal", "The patient's pain journal.", "therapist, admin", "", false},
	{"GET", "/api/v1/patients/{id}/adherence", "Sessions done against prescribed, pain, days with data.", "therapist, admin", "", false},
	{"GET", "/api/v1/patients/{id}/audit", "The patient's audit trail.", "therapist, admin", "", false},
	{"GET", "/api/v1/plans/{id}", "A plan's current version. Each item carries its figures (schema ItemFigures), here and in every answer holding a plan document (creating, changing, activating, a preview, /me/plan).", "therapist, admin, the plan's patient", "", false},
	{"POST", "/api/v1/plans/{id}/items", "Add an exercise; an excluded one is refused with its reasons.", "therapist", "ItemInput", true},
	{"PATCH", "/api/v1/plans/{id}/items/{item}", "Change an item's dosage (within the limits) or its place.", "therapist", "ItemChange", false},
	{"DELETE", "/api/v1/plans/{id}/items/{item}", "Remove an item.", "therapist", "", false},
	{"POST", "/api/v1/plans/{id}/items/{item}/clearance", "Clear a locked item, with a note.", "therapist", "Clearance", false},
	{"POST", "/api/v1/plans/{id}/activate", "Make the plan the patient's active plan.", "therapist", "", false},
	{"GET", "/api/v1/alerts", "Alerts of your patients; ?open=true for unacknowledged ones.", "therapist, admin", "", false},
	{"POST", "/api/v1/alerts/{id}/acknowledge", "Acknowledge an alert. Optional body {mistaken: true, note}: a red_flag the patient answered by mistake (the PT has spoken to them); its screening then imposes nothing, so that day's stop_urgent is lifted and the patient screens again; audited with the note. 422 (field mistaken) for any other kind.", "therapist", "Acknowledge?", false},
	{"POST", "/api/v1/plan-preview", "A plan for a profile, not stored.", "therapist, admin", "Preview", false},
	{"GET", "/api/v1/me", "The patient's own profile.", "patient", "", false},
	{"GET", "/api/v1/me/plan", "The patient's active plan.", "patient", "", false},
	{"POST", "/api/v1/me/screenings", "Answer the red-flag screening before a session. At most 30 per patient in 24 hours (429 rate_limited).", "patient", "Screening", true},
	{"GET", "/api/v1/me/today", "What to follow today after the screening. Each item (and each waiting item) carries its figures (schema ItemFigures), as every item of a plan document does.", "patient", "", false},
	{"POST", "/api/v1/me/sessions", "Send a session, finished or left unfinished (no pain_after); the same client_id again returns the stored one. 409 after a stop_urgent screening that day, unless the session names an earlier screening (it was done before).", "patient", "Session", true},
	{"POST", "/api/v1/me/stops", "Send a stop the moment the patient stops an item: 201 {id, alert_id} (alert_id null for a reason that raises no alert); the same client_id again returns 200 and never a second alert. With corrects (the client_id of an earlier stop of the same session, not yet corrected) it says the patient tapped the wrong reason: both are kept and linked, the earlier alert says what the patient meant, and an alerting new reason alerts then. While the PT has not acknowledged it, the alert of an item and reason is shared by the stops after it. At most 100 new stops per patient in 24 hours (429 rate_limited; a stored stop sent again still answers).", "patient", "Stop", true},
	{"GET", "/api/v1/me/sessions", "The patient's sessions.", "patient", "", false},
	{"POST", "/api/v1/me/journal", "Add a pain journal entry.", "patient", "JournalEntry", true},
	{"GET", "/api/v1/me/journal", "The patient's pain journal.", "patient", "", false},
	{"POST", "/api/v1/auth/password", "Change your password (required after a one-time reset). The current password counts against the sign-in limit (429); every other session of the user ends, and this one goes on under the new token returned, as login returns it.", "staff", "PasswordChange", false},
	{"GET", "/api/v1/settings", "The clinic's settings: time zone and phone numbers.", "signed in", "", false},
	{"PATCH", "/api/v1/settings", "Change the clinic's settings.", "admin", "Settings", false},
	{"GET", "/api/v1/users", "Staff accounts.", "admin", "", false},
	{"POST", "/api/v1/users", "Add a therapist or admin.", "admin", "StaffInput", true},
	{"POST", "/api/v1/users/{id}/disable", "Disable a staff account and end its sessions.", "admin", "", false},
	{"POST", "/api/v1/users/{id}/password-reset", "A one-time password that must be changed at sign-in.", "admin", "", false},
	{"GET", "/api/v1/patients/{id}/devices", "The patient's enrolled tablets.", "therapist, admin", "", false},
	{"POST", "/api/v1/patients/{id}/devices/{device}/revoke", "Sign one tablet out for good.", "therapist, admin", "", false},
	{"GET", "/figures/{file}", "One exercise figure, {hash}.svg as an item's figure URLs name it: image/svg+xml, gzip when asked, Cache-Control public, max-age=31536000, immutable (the URL changes with the drawing); served under a policy that runs no script, same-origin only. An unknown hash is 404.", "anyone", "", false},
	{"GET", "/healthz", "Liveness.", "anyone", "", false},
	{"GET", "/readyz", "Readiness: checks the database.", "anyone", "", false},
	{"GET", "/metrics", "Prometheus metrics.", "anyone", "", false},
}

// schemas are the request bodies, briefly.
var schemas = map[string]any{
	"Login":          obj(map[string]any{"email": str(), "password": str()}, "email", "password"),
	"Enroll":         obj(map[string]any{"code": str(), "device": str()}, "code"),
	"PatientInput":   obj(map[string]any{"name": str(), "mobility": str(), "conditions": arr(str()), "pregnancy_week": integer(), "lying_only": boolean(), "helper_available": boolean(), "notes": str(), "care_team_phone": str(), "sessions_per_week": integer()}),
	"PlanInput":      obj(map[string]any{"minutes": integer(), "focus": arr(str()), "sessions_per_week": integer()}),
	"ItemInput":      obj(map[string]any{"exercise_id": str(), "position": str()}, "exercise_id"),
	"ItemChange":     obj(map[string]any{"hold_seconds": integer(), "seconds": integer(), "reps": integer(), "sets": integer(), "per_side": boolean(), "rest_seconds": integer(), "rep_seconds": integer(), "index": integer()}),
	"Clearance":      obj(map[string]any{"note": str()}, "note"),
	"Acknowledge":    obj(map[string]any{"mistaken": boolean(), "note": str()}),
	"Preview":        obj(map[string]any{"profile": obj(map[string]any{"mobility": str(), "conditions": arr(str()), "pregnancy_week": integer(), "lying_only": boolean(), "helper_available": boolean()}, "mobility"), "minutes": integer(), "focus": arr(str())}, "profile"),
	"Screening":      obj(map[string]any{"answers": map[string]any{"type": "object", "additionalProperties": map[string]any{"oneOf": []any{str(), integer()}}}}, "answers"),
	"Session":        obj(map[string]any{"client_id": str(), "plan_id": integer(), "plan_version": integer(), "screening_id": integer(), "started_at": str(), "finished_at": str(), "pain_before": integer(), "pain_after": integer(), "fatigue": integer(), "notes": str(), "items": arr(obj(map[string]any{"item_id": integer(), "status": str(), "reason": str(), "at": str()}))}, "client_id", "plan_id", "started_at", "finished_at", "pain_before"),
	"Stop":           obj(map[string]any{"client_id": str(), "session_client_id": str(), "plan_id": integer(), "item_id": integer(), "reason": str(), "at": str(), "corrects": str()}, "client_id", "session_client_id", "plan_id", "item_id", "reason", "at"),
	"JournalEntry":   obj(map[string]any{"at": str(), "region": str(), "intensity": integer(), "quality": str(), "trigger": str(), "note": str()}, "region", "intensity"),
	"PasswordChange": obj(map[string]any{"current_password": str(), "new_password": str()}, "current_password", "new_password"),
	"Settings":       obj(map[string]any{"timezone": str(), "clinic_phone": str(), "emergency_number": str()}),
	"StaffInput":     obj(map[string]any{"email": str(), "name": str(), "role": str(), "password": str()}, "email", "name", "role", "password"),
	// ItemFigures are the fields every plan item and /me/today item carries
	// (a response, documented here for its meaning): figure_url, the moving
	// figure of the item's position (the right side when per_side);
	// figure_url_left, only when per_side, the left side drawn from its own
	// side; figure_print_url, the black-on-white start and hold pair for
	// the handout; thumbnail_url, the hold alone. An exercise without a
	// figure of its own gets a placeholder at the same fields.
	"ItemFigures": obj(map[string]any{"figure_url": str(), "figure_url_left": str(), "figure_print_url": str(), "thumbnail_url": str()}, "figure_url", "figure_print_url", "thumbnail_url"),
	"Error":       obj(map[string]any{"error": obj(map[string]any{"code": str(), "message": str(), "field": str()})}),
}

func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func str() map[string]any            { return map[string]any{"type": "string"} }
func integer() map[string]any        { return map[string]any{"type": "integer"} }
func boolean() map[string]any        { return map[string]any{"type": "boolean"} }
func arr(items any) map[string]any   { return map[string]any{"type": "array", "items": items} }
func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// openAPIDocument builds the OpenAPI 3 document from the table above.
func openAPIDocument() map[string]any {
	paths := map[string]any{}
	for _, op := range operations {
		item, _ := paths[op.path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.path] = item
		}
		ok := "200"
		if op.created {
			ok = "201"
		}
		switch op.path {
		case "/api/v1/auth/logout", "/api/v1/patients/{id}/devices/{device}/revoke":
			ok = "204"
		}
		responses := map[string]any{ok: map[string]any{"description": "success"}}
		for _, code := range []string{"400", "401", "403", "404", "409", "413", "422", "429"} {
			responses[code] = map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
		}
		o := map[string]any{"summary": op.summary, "description": "Who: " + op.who + ".", "responses": responses}
		var params []any
		for _, seg := range strings.Split(op.path, "/") {
			if strings.HasPrefix(seg, "{") {
				params = append(params, map[string]any{"name": strings.Trim(seg, "{}"), "in": "path", "required": true, "schema": str()})
			}
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.body != "" {
			// A name ending in "?" is an optional body.
			name, optional := strings.CutSuffix(op.body, "?")
			o["requestBody"] = map[string]any{"required": !optional, "content": map[string]any{"application/json": map[string]any{"schema": ref(name)}}}
		}
		item[strings.ToLower(op.method)] = o
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "Limber API", "version": "1", "description": "Gentle stretching and relaxation plans for people with MS and back pain."},
		"paths":   paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}, "cookie": map[string]any{"type": "apiKey", "in": "cookie", "name": signInCookie}},
		},
		"security": []any{map[string]any{"bearer": []any{}}, map[string]any{"cookie": []any{}}},
	}
}

func (s *Server) openAPI(c echo.Context) error {
	return c.JSON(http.StatusOK, openAPIDocument())
}

// undocumented lists registered routes missing from the document.
func undocumented(e *echo.Echo) []string {
	doc := map[string]bool{}
	for _, op := range operations {
		doc[op.method+" "+op.path] = true
	}
	var missing []string
	for _, r := range e.Routes() {
		if strings.HasPrefix(r.Name, "github.com/labstack/echo") || r.Method == "echo_route_any" {
			continue
		}
		// Web pages and assets are not part of the API.
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" && r.Path != "/metrics" {
			continue
		}
		p := r.Path
		segs := strings.Split(p, "/")
		for i, s := range segs {
			if strings.HasPrefix(s, ":") {
				segs[i] = "{" + s[1:] + "}"
			}
		}
		key := r.Method + " " + strings.Join(segs, "/")
		if !doc[key] {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	return missing
}
