package httpapi_test

import (
	"strings"
	"testing"
	"time"
)

func TestAdminManagesAccounts(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	// Only an admin lists, adds and manages staff.
	for _, tok := range []string{c.therapistA, c.patientA} {
		if r := h.do("GET", "/api/v1/users", tok, nil); r.status != 403 {
			t.Errorf("non-admin lists users: %d", r.status)
		}
	}
	u := h.must(201, "POST", "/api/v1/users", c.admin, map[string]any{"email": "new@clinic.test", "name": "New PT", "role": "therapist", "password": "a new long password"})
	if r := h.do("POST", "/api/v1/users", c.admin, map[string]any{"email": "short@clinic.test", "name": "S", "role": "therapist", "password": "short"}); r.status != 422 {
		t.Errorf("a short password: %d", r.status)
	}
	newID := itoa(int64(u["id"].(float64)))
	tok := h.login("new@clinic.test", "a new long password")

	// A one-time reset: old sessions end, the new password must be changed
	// before anything else.
	reset := h.must(200, "POST", "/api/v1/users/"+newID+"/password-reset", c.admin, nil)
	if r := h.do("GET", "/api/v1/patients", tok, nil); r.status != 401 {
		t.Errorf("a session after the reset: %d", r.status)
	}
	temp := reset["one_time_password"].(string)
	tok = h.login("new@clinic.test", temp)
	if r := h.do("GET", "/api/v1/patients", tok, nil); r.status != 403 {
		t.Errorf("before changing the one-time password: %d", r.status)
	}
	if r := h.do("POST", "/api/v1/auth/password", tok, map[string]any{"current_password": "wrong", "new_password": "another long password"}); r.status != 422 {
		t.Errorf("wrong current password: %d", r.status)
	}
	// The session goes on under a new token.
	tok = h.must(200, "POST", "/api/v1/auth/password", tok, map[string]any{"current_password": temp, "new_password": "another long password"})["token"].(string)
	h.must(200, "GET", "/api/v1/patients", tok, nil)

	// Disabled: the sessions end and sign-in fails.
	h.must(200, "POST", "/api/v1/users/"+newID+"/disable", c.admin, nil)
	if r := h.do("GET", "/api/v1/patients", tok, nil); r.status != 401 {
		t.Errorf("a disabled user's session: %d", r.status)
	}
	if r := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "new@clinic.test", "password": "another long password"}); r.status != 401 {
		t.Errorf("a disabled user signs in: %d", r.status)
	}
}

func TestRevokeOneTablet(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	pa := itoa(c.patientAID)
	code := h.must(201, "POST", "/api/v1/patients/"+pa+"/enrollment", c.therapistA, nil)["code"].(string)
	// Typed loosely: lower case, with a hyphen.
	typed := strings.ToLower(code[:4] + "-" + code[4:])
	second := h.must(200, "POST", "/api/v1/auth/enroll", "", map[string]any{"code": typed, "device": "kitchen tablet"})["token"].(string)
	if r := h.do("POST", "/api/v1/auth/enroll", "", map[string]any{"code": code}); r.status != 401 {
		t.Errorf("a code used twice: %d", r.status)
	}
	devices := h.must(200, "GET", "/api/v1/patients/"+pa+"/devices", c.therapistA, nil)["devices"].([]any)
	if len(devices) != 2 {
		t.Fatalf("%d devices", len(devices))
	}
	if r := h.do("GET", "/api/v1/patients/"+pa+"/devices", c.therapistB, nil); r.status != 404 {
		t.Errorf("another therapist lists the devices: %d", r.status)
	}
	kitchen := itoa(int64(devices[0].(map[string]any)["id"].(float64)))
	if r := h.do("POST", "/api/v1/patients/"+pa+"/devices/"+kitchen+"/revoke", c.therapistB, nil); r.status != 404 {
		t.Errorf("another therapist revokes: %d", r.status)
	}
	h.must(204, "POST", "/api/v1/patients/"+pa+"/devices/"+kitchen+"/revoke", c.therapistA, nil)
	if r := h.do("GET", "/api/v1/me", second, nil); r.status != 401 {
		t.Errorf("the revoked tablet: %d", r.status)
	}
	h.must(200, "GET", "/api/v1/me", c.patientA, nil)
}

func TestSettingsAndContacts(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	if r := h.do("PATCH", "/api/v1/settings", c.therapistA, map[string]any{"clinic_phone": "1"}); r.status != 403 {
		t.Errorf("a therapist changes settings: %d", r.status)
	}
	if r := h.do("PATCH", "/api/v1/settings", c.admin, map[string]any{"timezone": "Mars/Olympus"}); r.status != 422 {
		t.Errorf("an unknown zone: %d", r.status)
	}
	h.must(200, "PATCH", "/api/v1/settings", c.admin, map[string]any{"timezone": "Europe/Oslo", "clinic_phone": "+47 22 00 00 00", "emergency_number": "113"})
	h.must(200, "PATCH", "/api/v1/patients/"+itoa(c.patientAID), c.therapistA, map[string]any{"care_team_phone": "+47 99 99 99 99"})
	s := h.screen(c.patientA, map[string]any{"RF-6": "yes"})
	who := s["contacts"].(map[string]any)
	if s["outcome"] != "stop_urgent" || who["emergency_number"] != "113" || who["clinic_phone"] != "+47 22 00 00 00" || who["care_team_phone"] != "+47 99 99 99 99" {
		t.Errorf("screening %v", s)
	}
	if st := h.must(200, "GET", "/api/v1/settings", c.patientA, nil); st["timezone"] != "Europe/Oslo" {
		t.Errorf("settings %v", st)
	}
}

// A one-time password left unused (in an email, on a note) stops working
// after three days; the right password then says so, a wrong one does not.
func TestOneTimePasswordExpires(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	u := h.must(201, "POST", "/api/v1/users", c.admin, map[string]any{"email": "late@clinic.test", "name": "Late PT", "role": "therapist", "password": "a new long password"})
	temp := h.must(200, "POST", "/api/v1/users/"+itoa(int64(u["id"].(float64)))+"/password-reset", c.admin, nil)["one_time_password"].(string)
	h.advance(73 * time.Hour)
	r := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "late@clinic.test", "password": temp})
	if r.status != 401 || !strings.Contains(string(r.body), "expired") {
		t.Fatalf("an expired one-time password: %d %s", r.status, r.body)
	}
	if r := h.do("POST", "/api/v1/auth/login", "", map[string]any{"email": "late@clinic.test", "password": "not the one"}); strings.Contains(string(r.body), "expired") {
		t.Errorf("a wrong password must not learn of the reset: %s", r.body)
	}
	// A new reset works at once (the admin signs in again: staff sessions
	// end after 12 idle hours).
	admin := h.login("admin@clinic.test", password)
	temp = h.must(200, "POST", "/api/v1/users/"+itoa(int64(u["id"].(float64)))+"/password-reset", admin, nil)["one_time_password"].(string)
	h.login("late@clinic.test", temp)
}
