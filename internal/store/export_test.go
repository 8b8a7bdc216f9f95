package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"golang.org/x/crypto/bcrypt"
)

// HotQueries are the queries every page and tablet request runs, by name,
// with three patients where a query takes a list (hot_queries_test.go asks
// the database how it runs each).
func HotQueries() map[string]string {
	in := "?,?,?"
	return map[string]string{
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
}

// DummyHashCost is the bcrypt cost unknown emails are checked at.
func DummyHashCost() (int, error) {
	dummy.mu.Lock()
	defer dummy.mu.Unlock()
	return bcrypt.Cost(dummy.hash)
}

// InGroupTx is inGroupTx, for the tests of group commit.
func (db *DB) InGroupTx(ctx context.Context, fn func(ctx context.Context, tx *sqlx.Tx) error) error {
	return db.inGroupTx(ctx, fn)
}

// PendingWrites is how many writes wait for their group.
func (db *DB) PendingWrites() int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return len(db.group.pending)
}
