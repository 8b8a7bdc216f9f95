package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHotQueriesUseIndexes asks SQLite how it runs every query a page or a
// tablet request runs: none may scan a table that grows with the clinic.
// The admin's whole-clinic listings walk the primary key backwards with a
// LIMIT, which is allowed.
func TestHotQueriesUseIndexes(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := "?,?,?"
	queries := map[string]string{
		"session user": qSessionUser, "patient by id": qPatientByID, "patients of a therapist": qPatientsOfTherapist,
		"alerts of a therapist": qAlertsOfTherapist, "alerts of a patient": qAlertsOfPatient,
		"sessions of a patient": qSessionsOfPatient, "session by client id": qSessionByClientID,
		"journal of a patient": qJournalOfPatient, "audit of a patient": qAuditOfPatient, "active plan": qActivePlan,
		"plan version": qPlanVersion, "adherence sessions": qAdherenceSessions, "adherence journal days": qAdherenceJournalDays,
		"today's screening": qTodayScreening, "screenings on file": qScreeningsOnFile,
		"summary: week": fmt.Sprintf(qSummaryWeek, in), "summary: last": fmt.Sprintf(qSummaryLast, in),
		"summary: pain": fmt.Sprintf(qSummaryPain, in), "summary: alerts": fmt.Sprintf(qSummaryAlerts, in),
		"summary: plans":      fmt.Sprintf(qSummaryPlans, in),
		"admin: all patients": qPatientsAll, "admin: all alerts": qAlertsAll,
	}
	allowed := map[string]string{"admin: all patients": "SCAN patients", "admin: all alerts": "SCAN a"}
	scan := regexp.MustCompile(`^SCAN `)
	for name, q := range queries {
		args := make([]any, strings.Count(q, "?"))
		var plan []struct {
			ID     int    `db:"id"`
			Parent int    `db:"parent"`
			NotUsd int    `db:"notused"`
			Detail string `db:"detail"`
		}
		if err := db.R.Select(&plan, "EXPLAIN QUERY PLAN "+q, args...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, step := range plan {
			if scan.MatchString(step.Detail) && (allowed[name] == "" || !strings.HasPrefix(step.Detail, allowed[name])) {
				t.Errorf("%s scans a table: %s", name, step.Detail)
			}
		}
	}
}
