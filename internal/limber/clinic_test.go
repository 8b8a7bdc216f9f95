package limber_test

import (
	"strings"
	"testing"

	"github.com/limber-health/limber/internal/limber"
)

func TestCheckSettings(t *testing.T) {
	s := func(v string) *string { return &v }
	unknownZone := func(tz string) *limber.Error {
		return invalid("timezone", `unknown time zone "`+tz+`"; use an IANA name such as Europe/Oslo`)
	}
	notPhone := func(field string) *limber.Error {
		return invalid(field, "must be a phone number of at most 40 characters")
	}
	for _, tc := range []struct {
		name      string
		p         limber.SettingsPatch
		zoneKnown bool
		want      *limber.Error
	}{
		{"nothing changed", limber.SettingsPatch{}, false, nil},
		{"a zone this machine knows", limber.SettingsPatch{Timezone: s("Europe/Oslo")}, true, nil},
		{"a zone this machine does not know", limber.SettingsPatch{Timezone: s("Mars/Olympus")}, false, unknownZone("Mars/Olympus")},
		{"no zone, which would load as UTC", limber.SettingsPatch{Timezone: s("")}, true, unknownZone("")},
		{"Local, which would be whatever the machine is set to", limber.SettingsPatch{Timezone: s("Local")}, true, unknownZone("Local")},
		{"phone numbers", limber.SettingsPatch{ClinicPhone: s("+47 22 00 00 00"), EmergencyNumber: s("113")}, true, nil},
		{"a clinic phone of 40 characters", limber.SettingsPatch{ClinicPhone: s(strings.Repeat("1", 40))}, true, nil},
		{"a clinic phone of 41 characters", limber.SettingsPatch{ClinicPhone: s(strings.Repeat("1", 41))}, true, notPhone("clinic_phone")},
		{"an emergency number with markup", limber.SettingsPatch{EmergencyNumber: s("<b>113</b>")}, true, notPhone("emergency_number")},
		{"a clinic phone with a quote", limber.SettingsPatch{ClinicPhone: s(`113"`)}, true, notPhone("clinic_phone")},
		{"the zone is checked first", limber.SettingsPatch{Timezone: s("Mars/Olympus"), ClinicPhone: s("<")}, false, unknownZone("Mars/Olympus")},
	} {
		t.Run(tc.name, func(t *testing.T) { sameError(t, limber.CheckSettings(tc.p, tc.zoneKnown), tc.want) })
	}
}
