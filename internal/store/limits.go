package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

// limitTime writes the times of sign_in_limits and sweeps at a fixed
// width, so that they order as text (RFC3339Nano drops trailing zeros).
const limitTime = "2006-01-02T15:04:05.000000000Z07:00"

// CountAttempt counts an attempt against every key that has room in its
// window (a window that started more than window ago starts again now),
// in one statement: a key's row is locked while it is counted, on SQLite
// by the one writer and on PostgreSQL by ON CONFLICT DO UPDATE, so
// attempts sent at once to any node cannot all pass the count. It runs
// outside any transaction: on PostgreSQL under READ COMMITTED the
// statement waits for the row and re-reads it, never fails to serialize.
func (db *DB) CountAttempt(ctx context.Context, now time.Time, window time.Duration, limits []limber.AttemptLimit) ([]limber.AttemptCount, error) {
	limits = slices.Clone(limits)
	// Rows are locked in the order given: one order for every node, so two
	// attempts on the same keys never wait for each other in a circle.
	slices.SortFunc(limits, func(a, b limber.AttemptLimit) int { return strings.Compare(a.Key, b.Key) })
	token := newToken()
	at, cutoff := now.UTC().Format(limitTime), now.Add(-window).UTC().Format(limitTime)
	var values []string
	var args []any
	for _, l := range limits {
		values = append(values, "(?, ?, ?, 1, ?)")
		args = append(args, l.Key, l.Max, at, token)
	}
	args = append(args, cutoff, cutoff, cutoff)
	var rows []struct {
		Key         string `db:"key"`
		Attempts    int    `db:"attempts"`
		WindowStart string `db:"window_start"`
		CountedBy   string `db:"counted_by"`
	}
	err := sel(ctx, db.W, &rows, `INSERT INTO sign_in_limits (key, max_attempts, window_start, attempts, counted_by)
		VALUES `+strings.Join(values, ", ")+`
		ON CONFLICT (key) DO UPDATE SET
			attempts = CASE WHEN sign_in_limits.window_start < ? THEN 1
				WHEN sign_in_limits.attempts < excluded.max_attempts THEN sign_in_limits.attempts + 1
				ELSE sign_in_limits.attempts END,
			counted_by = CASE WHEN sign_in_limits.window_start < ? OR sign_in_limits.attempts < excluded.max_attempts
				THEN excluded.counted_by ELSE sign_in_limits.counted_by END,
			window_start = CASE WHEN sign_in_limits.window_start < ? THEN excluded.window_start ELSE sign_in_limits.window_start END,
			max_attempts = excluded.max_attempts
		RETURNING key, attempts, window_start, counted_by`, args...)
	if err != nil {
		return nil, db.classify(fmt.Errorf("counting a sign-in attempt: %w", err))
	}
	out := make([]limber.AttemptCount, len(rows))
	for i, r := range rows {
		start, _ := time.Parse(limitTime, r.WindowStart)
		out[i] = limber.AttemptCount{Key: r.Key, Counted: r.CountedBy == token, Attempts: r.Attempts, WindowStart: start}
	}
	return out, nil
}

// ForgiveAttempt takes back an attempt from the keys it was counted
// against (unless their window has started again since); a key left
// with no attempts is removed.
func (db *DB) ForgiveAttempt(ctx context.Context, counts []limber.AttemptCount) error {
	for _, c := range counts {
		if !c.Counted {
			continue
		}
		if _, err := exec(ctx, db.W, `UPDATE sign_in_limits SET attempts = attempts - 1
			WHERE key = ? AND window_start = ? AND attempts > 0`, c.Key, c.WindowStart.UTC().Format(limitTime)); err != nil {
			return db.classify(fmt.Errorf("forgiving a sign-in attempt: %w", err))
		}
		if _, err := exec(ctx, db.W, `DELETE FROM sign_in_limits WHERE key = ? AND attempts <= 0`, c.Key); err != nil {
			return db.classify(fmt.Errorf("forgiving a sign-in attempt: %w", err))
		}
	}
	return nil
}

// Attempts is the attempts of key in its window, if that window started
// after since.
func (db *DB) Attempts(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := get(ctx, db.R, &n, `SELECT COALESCE(MAX(attempts), 0) FROM sign_in_limits WHERE key = ? AND window_start >= ?`,
		key, since.UTC().Format(limitTime))
	return n, db.classify(err)
}

// ResetAttempts forgets every attempt of key (a right password).
func (db *DB) ResetAttempts(ctx context.Context, key string) error {
	_, err := exec(ctx, db.W, `DELETE FROM sign_in_limits WHERE key = ?`, key)
	return db.classify(err)
}

// AttemptKeys is how many keys have attempts kept.
func (db *DB) AttemptKeys(ctx context.Context) (int, error) {
	var n int
	err := get(ctx, db.R, &n, `SELECT COUNT(*) FROM sign_in_limits`)
	return n, db.classify(err)
}

// PruneAttempts removes the keys whose window started before before.
func (db *DB) PruneAttempts(ctx context.Context, before time.Time) error {
	_, err := exec(ctx, db.W, `DELETE FROM sign_in_limits WHERE window_start < ?`, before.UTC().Format(limitTime))
	return db.classify(err)
}
