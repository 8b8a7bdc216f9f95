package httpapi

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

func (s *Server) listStaff(c echo.Context) error {
	us, err := s.db.Staff(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"users": us, "next": nil})
}

func (s *Server) createStaff(c echo.Context) error {
	if actor(c).Role != limber.RoleAdmin {
		return errForbidden
	}
	var in struct {
		Email    string      `json:"email"`
		Name     string      `json:"name"`
		Role     limber.Role `json:"role"`
		Password string      `json:"password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	u, err := s.db.CreateUser(c.Request().Context(), in.Email, in.Name, in.Role, in.Password)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, u)
}

func (s *Server) disableStaff(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	u, err := s.db.DisableUser(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, u)
}

func (s *Server) resetPassword(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	temp, err := s.db.ResetPassword(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"one_time_password": temp, "must_change_password": true})
}

// changePassword answers like a sign-in: the session goes on under a new
// token (its other sessions have ended), which the body carries.
func (s *Server) changePassword(c echo.Context) error {
	var in struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	if err := bind(c, &in); err != nil {
		return err
	}
	token, sess, err := s.updatePassword(c, in.CurrentPassword, in.NewPassword)
	if err != nil {
		return err
	}
	u := actor(c)
	u.MustChangePassword = false
	return c.JSON(http.StatusOK, loginResponse{Token: token, CSRFToken: sess.CSRFToken, User: u, ExpiresAt: sess.ExpiresAt})
}

// updatePassword changes the signed-in user's password. The current
// password is checked as a sign-in is (counted against the account before
// the check, in a check slot), so a session left open cannot be used to
// guess it. The user's other sessions end; this one goes on under a new
// token, set in the cookie when it came by cookie.
func (s *Server) updatePassword(c echo.Context, current, next string) (string, limber.SignIn, error) {
	u := actor(c)
	if u.Role == limber.RolePatient {
		return "", limber.SignIn{}, &apiError{Status: http.StatusForbidden, Code: "forbidden", Message: "tablets have no password"}
	}
	account := accountKey(u.Email)
	a, wait, ok, err := s.limiter.reserve(c.Request().Context(), limit{account, maxAccountFailures})
	if err != nil {
		return "", limber.SignIn{}, err
	}
	if !ok {
		return "", limber.SignIn{}, rateLimited(wait, c)
	}
	var token string
	var sess limber.SignIn
	err = s.passwordCheck(c, func(ctx context.Context) (err error) {
		token, sess, err = s.db.ChangePassword(ctx, u, c.Get("signIn").(limber.SignIn), current, next)
		return err
	})
	if err == limber.ErrWrongPassword {
		return "", limber.SignIn{}, err
	}
	a.forgive()
	if err != nil {
		return "", limber.SignIn{}, err
	}
	s.limiter.reset(c.Request().Context(), account)
	if via, _ := c.Get("via_cookie").(bool); via {
		s.setCookie(c, token, time.Time{}) // staff: ends with the browser
	}
	c.Set("signIn", sess)
	return token, sess, nil
}

func (s *Server) listDevices(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ds, err := s.db.Devices(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"devices": ds, "next": nil})
}

func (s *Server) revokeDevice(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	device, err := pathID(c, "device")
	if err != nil {
		return err
	}
	if err := s.db.RevokeDevice(c.Request().Context(), actor(c), id, device); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) getSettings(c echo.Context) error {
	st, err := s.db.ClinicSettings(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) patchSettings(c echo.Context) error {
	var in limber.SettingsPatch
	if err := bind(c, &in); err != nil {
		return err
	}
	st, err := s.db.UpdateSettings(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

// contacts are the numbers a patient's stop screens show: the local
// emergency number, the clinic's phone, the patient's care team.
type contacts struct {
	EmergencyNumber string `json:"emergency_number"`
	ClinicPhone     string `json:"clinic_phone"`
	CareTeamPhone   string `json:"care_team_phone"`
}

func (s *Server) contactsFor(c echo.Context) (contacts, error) {
	st, err := s.db.ClinicSettings(c.Request().Context())
	if err != nil {
		return contacts{}, err
	}
	p, err := s.db.Patient(c.Request().Context(), actor(c), actor(c).PatientID)
	if err != nil {
		return contacts{}, err
	}
	return contacts{EmergencyNumber: st.EmergencyNumber, ClinicPhone: st.ClinicPhone, CareTeamPhone: strings.TrimSpace(p.CareTeamPhone)}, nil
}
