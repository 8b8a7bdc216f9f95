package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// maxTxAttempts bounds how often a write transaction is run again after a
// serialization failure (PostgreSQL; SQLite has one writer and never asks).
const maxTxAttempts = 10

// inTx runs fn in one write transaction: all of it happens or none does.
// fn may run more than once, so it sets its results afresh each time.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.tryTx(ctx, fn)
		if err == nil || attempt == maxTxAttempts || !db.dialect.Retry(err) || ctx.Err() != nil {
			return db.classify(err)
		}
		// Transactions that lost together and ran again at once would only
		// collide again: each waits a random while, longer each time.
		select {
		case <-time.After(retryWait(attempt)):
		case <-ctx.Done():
			return db.classify(err)
		}
	}
}

// retryWait is a random wait below 2 ms × 2^attempt, at most 250 ms.
func retryWait(attempt int) time.Duration {
	limit := min(2*time.Millisecond<<attempt, 250*time.Millisecond)
	return rand.N(limit)
}

func (db *DB) tryTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	start := time.Now()
	tx, err := db.W.BeginTxx(ctx, db.dialect.WriteTx())
	if err != nil {
		return fmt.Errorf("beginning transaction: %w", err)
	}
	began := time.Now()
	if db.Observe != nil {
		defer func() { db.Observe(began.Sub(start), time.Since(began)) }()
	}
	// A panic must not leave the transaction open: on SQLite it would hold
	// the one write connection for ever.
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// audit appends an event to the audit log. actorID 0 means Limber itself.
func (db *DB) audit(ctx context.Context, tx *sqlx.Tx, actorID, patientID int64, action string, detail any) error {
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	var actor, patient any
	if actorID != 0 {
		actor = actorID
	}
	if patientID != 0 {
		patient = patientID
	}
	_, err = exec(ctx, tx, `INSERT INTO audit_events (at, actor_id, patient_id, action, detail) VALUES (?, ?, ?, ?, ?)`,
		ts(db.Now()), actor, patient, action, string(d))
	return err
}

// raiseAlert adds an alert the core decided for the patient's PT. With a
// dedupe key, an alert already open for the same key is not raised twice.
func (db *DB) raiseAlert(ctx context.Context, tx *sqlx.Tx, patientID int64, a limber.AlertToRaise) error {
	var key any
	if a.Key != "" {
		key = a.Key
	}
	_, err := exec(ctx, tx, `INSERT INTO alerts (patient_id, kind, message, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, patientID, a.Kind, a.Message, key, ts(db.Now()))
	return err
}

// raiseAll raises alerts in the order the core gave them.
func (db *DB) raiseAll(ctx context.Context, tx *sqlx.Tx, patientID int64, as []limber.AlertToRaise) error {
	for _, a := range as {
		if err := db.raiseAlert(ctx, tx, patientID, a); err != nil {
			return err
		}
	}
	return nil
}

// raiseOnce raises an alert only if none with its key was ever raised for
// the patient, acknowledged or not: a fact that does not change (a period
// that ended, a stretch of inactivity since a given day) is said once.
func (db *DB) raiseOnce(ctx context.Context, tx *sqlx.Tx, patientID int64, a limber.AlertToRaise) (bool, error) {
	var n int
	if err := get(ctx, tx, &n, `SELECT COUNT(*) FROM alerts WHERE patient_id = ? AND dedupe_key = ?`, patientID, a.Key); err != nil || n > 0 {
		return false, err
	}
	return true, db.raiseAlert(ctx, tx, patientID, a)
}
