package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
)

type clinicSettingsPage struct {
	pageBase
	Settings limber.Settings
}

// clinicSettingsPage shows the numbers the patients' stop screens show;
// an admin may change them, a PT reads them.
func (s *Server) clinicSettingsPage(c echo.Context) error {
	st, err := s.db.ClinicSettings(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "clinic_settings", clinicSettingsPage{s.base(c, "Clinic numbers"), st})
}

// clinicSettingsForm sets the clinic's phone and emergency number (admins
// only: the store refuses anyone else).
func (s *Server) clinicSettingsForm(c echo.Context) error {
	phone, emergency := c.FormValue("clinic_phone"), c.FormValue("emergency_number")
	_, err := s.db.UpdateSettings(c.Request().Context(), actor(c), limber.SettingsPatch{ClinicPhone: &phone, EmergencyNumber: &emergency})
	if err != nil {
		return back(c, "/clinic/settings", err)
	}
	return redirectNotice(c, "/clinic/settings", "The clinic's numbers are saved.")
}
