package store

// The queries every page and tablet request runs. They live here, named,
// so that a test can check with EXPLAIN QUERY PLAN that none of them scans
// a large table (hot_queries_test.go).
const (
	qSessionUser = `SELECT ` + userColumns + `, s.id AS sid, s.csrf_token, s.kind, s.device, s.last_seen_at, s.expires_at, s.revoked_at
		FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`
	qPatientByID = `SELECT ` + patientColumns + ` FROM patients WHERE id = ?`
	// The lists' filters mirror limber.CanSee (a therapist sees their own
	// patients, an admin all), kept in SQL so that they page; the store's
	// TestListsAgreeWithCanSee checks they agree.
	qPatientsOfTherapist = `SELECT ` + patientColumns + ` FROM patients WHERE therapist_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?`
	qPatientsAll         = `SELECT ` + patientColumns + ` FROM patients WHERE (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?`

	alertColumns = `a.id, a.patient_id, a.kind, a.message, a.created_at, a.acknowledged_at, a.screening_id,
		COALESCE((SELECT s.mistaken_at IS NOT NULL FROM screenings s WHERE s.id = a.screening_id), FALSE) AS mistaken,
		COALESCE((SELECT s.mistaken_note FROM screenings s WHERE s.id = a.screening_id), '') AS mistaken_note`
	// The ids of a page of the therapist's alerts first, the therapist's
	// patients one by one through alerts_inbox, then those alerts. CROSS
	// JOIN keeps that order on SQLite; on PostgreSQL, ordering by
	// a2.id + 0 keeps the planner from walking every alert newest first in
	// the hope of soon meeting this therapist's (slowest for the therapist
	// whose patients have been quiet). The join's condition is in WHERE:
	// PostgreSQL allows no ON after CROSS JOIN.
	qAlertsOfTherapist = `SELECT ` + alertColumns + ` FROM alerts a WHERE a.id IN (
		SELECT a2.id FROM patients p CROSS JOIN alerts a2 WHERE a2.patient_id = p.id AND p.therapist_id = ?
		AND (? = 0 OR a2.id < ?) AND (NOT ? OR a2.acknowledged_at IS NULL) ORDER BY a2.id + 0 DESC LIMIT ?) ORDER BY a.id DESC`
	qAlertsOfPatient = `SELECT ` + alertColumns + ` FROM alerts a
		WHERE a.patient_id = ? AND (? = 0 OR a.id < ?) AND (NOT ? OR a.acknowledged_at IS NULL) ORDER BY a.id DESC LIMIT ?`
	qAlertsAll = `SELECT ` + alertColumns + ` FROM alerts a
		WHERE (? = 0 OR a.id < ?) AND (NOT ? OR a.acknowledged_at IS NULL) ORDER BY a.id DESC LIMIT ?`

	qSessionsOfPatient = `SELECT ` + sessionColumns + ` FROM exercise_sessions WHERE patient_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?`
	qSessionByClientID = `SELECT ` + sessionColumns + ` FROM exercise_sessions WHERE patient_id = ? AND client_id = ?`
	qJournalOfPatient  = `SELECT id, patient_id, at, region, intensity, quality, trigger_, note FROM journal_entries
		WHERE patient_id = ? AND (? = 0 OR id < ?) ORDER BY at DESC, id DESC LIMIT ?`
	qAuditOfPatient = `SELECT id, at, actor_id, patient_id, action, detail FROM audit_events
		WHERE patient_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?`

	qActivePlan        = `SELECT ` + planColumns + ` FROM plans WHERE patient_id = ? AND status = 'active'`
	qPlanVersion       = `SELECT document FROM plan_versions WHERE plan_id = ? AND version = ?`
	qAdherenceSessions = `SELECT finished_at, day, pain_before, pain_after FROM exercise_sessions
		WHERE patient_id = ? AND finished_at >= ? ORDER BY finished_at`
	qAdherenceJournalDays = `SELECT DISTINCT substr(at, 1, 10) FROM journal_entries WHERE patient_id = ? AND at >= ?`
	qTodayScreening       = `SELECT id, at, outcome, message, changes FROM screenings WHERE patient_id = ? AND day = ? ORDER BY id DESC LIMIT 1`
	// The screenings that may still impose something (today's, and any not
	// acknowledged); limber.Standing decides what they impose.
	qScreeningsOnFile = `SELECT id, day, COALESCE(own_outcome, outcome) AS own, outcome AS told, resolved_at IS NOT NULL AS resolved,
		mistaken_at IS NOT NULL AS mistaken FROM screenings WHERE patient_id = ? AND
		(day = ? OR (resolved_at IS NULL AND (outcome = 'contact_care_team' OR own_outcome = 'contact_care_team')))`
)

// Summary queries for a page of patients: %s is a list of placeholders,
// one per patient, so a page costs five queries however many patients it
// shows.
const (
	qSummaryWeek = `SELECT patient_id, COUNT(*) AS n FROM exercise_sessions WHERE patient_id IN (%s) AND finished_at >= ? GROUP BY patient_id`
	// One index probe per patient (the newest session), not a walk through
	// each patient's year.
	qSummaryLast = `SELECT p.id AS patient_id, (SELECT MAX(e.finished_at) FROM exercise_sessions e WHERE e.patient_id = p.id) AS last
		FROM patients p WHERE p.id IN (%s)`
	qSummaryPain   = `SELECT patient_id, finished_at, pain_before, pain_after FROM exercise_sessions WHERE patient_id IN (%s) AND finished_at >= ? ORDER BY patient_id, finished_at`
	qSummaryAlerts = `SELECT patient_id, COUNT(*) AS n FROM alerts WHERE patient_id IN (%s) AND acknowledged_at IS NULL GROUP BY patient_id`
	qSummaryPlans  = `SELECT patient_id, sessions_per_week AS n FROM plans WHERE patient_id IN (%s) AND status = 'active'`
)
