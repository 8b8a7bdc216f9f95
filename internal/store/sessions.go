package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

type sessionRow struct {
	ID          int64         `db:"id"`
	PatientID   int64         `db:"patient_id"`
	ClientID    string        `db:"client_id"`
	PlanID      int64         `db:"plan_id"`
	PlanVersion int           `db:"plan_version"`
	ScreeningID sql.NullInt64 `db:"screening_id"`
	StartedAt   string        `db:"started_at"`
	FinishedAt  string        `db:"finished_at"`
	ReceivedAt  string        `db:"received_at"`
	PainBefore  int           `db:"pain_before"`
	PainAfter   sql.NullInt64 `db:"pain_after"`
	Fatigue     sql.NullInt64 `db:"fatigue"`
	Notes       string        `db:"notes"`
	Items       string        `db:"items"`
}

const sessionColumns = `id, patient_id, client_id, plan_id, plan_version, screening_id, started_at, finished_at, received_at,
	pain_before, pain_after, fatigue, notes, items`

func (r sessionRow) record() limber.ExerciseSession {
	s := limber.ExerciseSession{ID: r.ID, PatientID: r.PatientID, ClientID: r.ClientID, PlanID: r.PlanID, PlanVersion: r.PlanVersion,
		StartedAt: parseTS(r.StartedAt), FinishedAt: parseTS(r.FinishedAt), ReceivedAt: parseTS(r.ReceivedAt),
		PainBefore: r.PainBefore, PainAfter: nullInt(r.PainAfter), Notes: r.Notes, Items: []limber.SessionItem{}}
	if r.ScreeningID.Valid {
		s.ScreeningID = &r.ScreeningID.Int64
	}
	s.Fatigue = nullInt(r.Fatigue)
	json.Unmarshal([]byte(r.Items), &s.Items)
	return s
}

// followedPlan is a plan the patient may have followed: one of their own,
// activated at some time (not a draft); any other is named in the body, 422.
func (db *DB) followedPlan(ctx context.Context, actor limber.User, planID int64) (planRow, error) {
	var pl planRow
	err := get(ctx, db.R, &pl, `SELECT `+planColumns+` FROM plans WHERE id = ? AND patient_id = ? AND status != 'draft'`, planID, actor.PatientID)
	if errors.Is(err, sql.ErrNoRows) {
		return pl, limber.Invalidf("plan_id", "no plan %d of yours", planID)
	}
	return pl, err
}

// SubmitSession stores a finished session once: the same client id again
// returns the stored session (created=false) and never makes a second one.
// Everything that only reads happens before the write transaction, so the
// one writer is held for the insert and the alerts alone. A new session
// (the usual case) is not looked up first: a retry is found by the insert's
// conflict, or, where a check would now refuse it, by the lookup after.
func (db *DB) SubmitSession(ctx context.Context, actor limber.User, in limber.SessionInput) (limber.ExerciseSession, bool, error) {
	if err := limber.MustBePatient(actor); err != nil {
		return limber.ExerciseSession{}, false, err
	}
	rec, created, err := db.submitSession(ctx, actor, in)
	if err != nil {
		// A session already stored is answered as stored, whatever a
		// check says now (its plan version replaced long ago, a stop
		// today): the tablet only missed the first answer.
		if existing, e := db.sessionByClientID(ctx, db.R, actor.PatientID, in.ClientID); e == nil {
			return existing, false, nil
		}
	}
	return rec, created, err
}

func (db *DB) submitSession(ctx context.Context, actor limber.User, in limber.SessionInput) (limber.ExerciseSession, bool, error) {
	now := db.Now()
	pl, err := db.followedPlan(ctx, actor, in.PlanID)
	if err != nil {
		return limber.ExerciseSession{}, false, err
	}
	if in.PlanVersion == 0 {
		in.PlanVersion = pl.Version
	}
	v, err := db.frozenVersion(ctx, pl.ID, in.PlanVersion)
	if err != nil {
		return limber.ExerciseSession{}, false, err
	}
	// A version superseded more than limber.VersionWindow ago is too old.
	if in.PlanVersion != pl.Version {
		if next, err := db.frozenVersion(ctx, pl.ID, in.PlanVersion+1); err == nil {
			if err := limber.CheckVersionFollowable(in.PlanVersion, next.created, now); err != nil {
				return limber.ExerciseSession{}, false, err
			}
		}
	}
	if err := limber.ValidateSession(in, v.doc, v.created, now); err != nil {
		return limber.ExerciseSession{}, false, err
	}
	if in.ScreeningID != nil {
		var n int
		if err := get(ctx, db.R, &n, `SELECT COUNT(*) FROM screenings WHERE id = ? AND patient_id = ?`, *in.ScreeningID, actor.PatientID); err != nil || n == 0 {
			return limber.ExerciseSession{}, false, limber.Invalidf("screening_id", "no screening %d of yours", *in.ScreeningID)
		}
	}
	items, _ := json.Marshal(in.Items)
	var fatigue, painAfter any
	if in.Fatigue != nil {
		fatigue = *in.Fatigue
	}
	if in.PainAfter != nil {
		painAfter = *in.PainAfter
	}
	rec := limber.ExerciseSession{PatientID: actor.PatientID, ClientID: in.ClientID, PlanID: pl.ID, PlanVersion: in.PlanVersion, ScreeningID: in.ScreeningID,
		StartedAt: in.StartedAt.UTC(), FinishedAt: in.FinishedAt.UTC(), ReceivedAt: now, PainBefore: *in.PainBefore, PainAfter: in.PainAfter,
		Fatigue: in.Fatigue, Notes: in.Notes, Items: in.Items}
	if rec.Items == nil {
		rec.Items = []limber.SessionItem{}
	}
	created := false
	// Sessions arriving together are written in one transaction (group.go).
	err = db.inGroupTx(ctx, func(ctx context.Context, tx *sqlx.Tx) error {
		created = false // a transaction run again decides afresh
		// Checked under the write lock: a stop_urgent screening earlier
		// today refuses a session that was not done before it.
		on, err := db.screeningsOnFile(ctx, tx, actor.PatientID, db.Day(now))
		if err != nil {
			return err
		}
		if err := limber.CheckSessionToday(on, db.Day(now), in.ScreeningID); err != nil {
			return err
		}
		// Of concurrent retries, only the first inserts; the others find it.
		var id int64
		err = get(ctx, tx, &id, `INSERT INTO exercise_sessions (patient_id, client_id, plan_id, plan_version, screening_id, started_at,
			finished_at, received_at, day, pain_before, pain_after, fatigue, notes, items) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (patient_id, client_id) DO NOTHING RETURNING id`,
			actor.PatientID, in.ClientID, pl.ID, in.PlanVersion, in.ScreeningID, ts(in.StartedAt), ts(in.FinishedAt), ts(now),
			db.Day(in.FinishedAt), *in.PainBefore, painAfter, fatigue, in.Notes, string(items))
		if errors.Is(err, sql.ErrNoRows) {
			rec, err = db.sessionByClientID(ctx, tx, actor.PatientID, in.ClientID)
			return err
		}
		if err != nil {
			return err
		}
		rec.ID = id
		created = true
		return db.sessionAlerts(ctx, tx, actor.PatientID, pl, in)
	})
	return rec, created, err
}

// version is a plan version that can no longer change: once a plan is out
// of draft, each of its versions is written once. Sessions read them often,
// so they are kept in memory.
type version struct {
	doc     *limber.Plan
	created time.Time
}

type versionKey struct {
	plan    int64
	version int
}

// frozenVersion reads a non-draft plan version, from the cache when it can.
func (db *DB) frozenVersion(ctx context.Context, planID int64, v int) (version, error) {
	key := versionKey{planID, v}
	db.versionsMu.Lock()
	cached, ok := db.versions[key]
	db.versionsMu.Unlock()
	if ok {
		return cached, nil
	}
	var row struct {
		Document  string `db:"document"`
		CreatedAt string `db:"created_at"`
	}
	err := get(ctx, db.R, &row, `SELECT document, created_at FROM plan_versions WHERE plan_id = ? AND version = ?`, planID, v)
	if errors.Is(err, sql.ErrNoRows) {
		return version{}, limber.Invalidf("plan_version", "plan %d has no version %d", planID, v)
	}
	if err != nil {
		return version{}, err
	}
	var doc limber.Plan
	if err := json.Unmarshal([]byte(row.Document), &doc); err != nil {
		return version{}, err
	}
	out := version{doc: &doc, created: parseTS(row.CreatedAt)}
	db.versionsMu.Lock()
	if db.versions == nil || len(db.versions) >= 4096 {
		db.versions = map[versionKey]version{}
	}
	db.versions[key] = out
	db.versionsMu.Unlock()
	return out, nil
}

func (db *DB) sessionByClientID(ctx context.Context, q queryer, patientID int64, clientID string) (limber.ExerciseSession, error) {
	var r sessionRow
	err := get(ctx, q, &r, qSessionByClientID, patientID, clientID)
	if err != nil {
		return limber.ExerciseSession{}, err
	}
	return r.record(), nil
}

// sessionAlerts raises the alerts the core decides for a session
// (limber.SessionAlerts), from what it needs read first: the versions the
// session followed and the plan is at, the stops already sent for it and,
// when it stopped for pain, the week before it.
func (db *DB) sessionAlerts(ctx context.Context, tx *sqlx.Tx, patientID int64, pl planRow, in limber.SessionInput) error {
	f := limber.SessionFacts{In: in, CurrentVersion: pl.Version}
	if ver, err := db.frozenVersion(ctx, pl.ID, in.PlanVersion); err == nil {
		f.Followed = ver.doc
	}
	if in.PlanVersion != pl.Version {
		cur, err := db.frozenVersion(ctx, pl.ID, pl.Version)
		if err != nil {
			return err
		}
		f.Current = cur.doc
	}
	if limber.SessionNeedsSentStops(in) {
		if err := sel(ctx, tx, &f.Sent, `SELECT item_id AS itemid, reason, alert_id IS NOT NULL AS alerted FROM session_stops
			WHERE patient_id = ? AND session_client_id = ?`, patientID, in.ClientID); err != nil {
			return err
		}
	}
	if limber.SessionStoppedForPain(in.Items) {
		w, err := db.painWeek(ctx, tx, patientID, in.FinishedAt)
		if err != nil {
			return err
		}
		f.PainWeek = &w
	}
	return db.raiseAll(ctx, tx, patientID, limber.SessionAlerts(f))
}

// Sessions lists a patient's sessions, newest first.
func (db *DB) Sessions(ctx context.Context, actor limber.User, patientID, before int64, limit int) ([]limber.ExerciseSession, error) {
	if _, err := db.patientFor(ctx, db.R, actor, patientID); err != nil {
		return nil, err
	}
	var rows []sessionRow
	if err := sel(ctx, db.R, &rows, qSessionsOfPatient, patientID, before, before, limit); err != nil {
		return nil, err
	}
	out := make([]limber.ExerciseSession, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out, nil
}

// painWeek reads the limber.StoppedForPainWindow before at: the stops
// sent on their own for pain and not corrected, and the sessions finished.
func (db *DB) painWeek(ctx context.Context, tx *sqlx.Tx, patientID int64, at time.Time) (limber.PainWeek, error) {
	since := ts(at.Add(-limber.StoppedForPainWindow))
	var w limber.PainWeek
	// The pain reasons as one placeholder each: a list parameter is spelt
	// differently by each database (json_each, ANY), a list of ? is not.
	args := []any{patientID, since}
	for _, r := range limber.PainStops {
		args = append(args, r)
	}
	in := strings.TrimSuffix(strings.Repeat("?,", len(limber.PainStops)), ",")
	// A stop the patient corrected ("I tapped the wrong one") does not count.
	if err := sel(ctx, tx, &w.Stops, `SELECT session_client_id AS sessionclientid, reason, corrected_by IS NOT NULL AS corrected FROM session_stops
		WHERE patient_id = ? AND at >= ? AND corrected_by IS NULL
		AND reason IN (`+in+`)`, args...); err != nil {
		return w, err
	}
	var rows []struct {
		ClientID string `db:"client_id"`
		Items    string `db:"items"`
	}
	if err := sel(ctx, tx, &rows, `SELECT client_id, items FROM exercise_sessions WHERE patient_id = ? AND finished_at >= ?`, patientID, since); err != nil {
		return w, err
	}
	for _, r := range rows {
		s := limber.WeekSession{ClientID: r.ClientID}
		json.Unmarshal([]byte(r.Items), &s.Items)
		w.Sessions = append(w.Sessions, s)
	}
	return w, nil
}

func nullInt(v sql.NullInt64) *int {
	if !v.Valid {
		return nil
	}
	n := int(v.Int64)
	return &n
}
