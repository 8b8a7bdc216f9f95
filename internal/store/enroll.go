package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// crockford is Crockford's base32: no I, L, O or U, so a code read aloud
// or typed by tired hands is hard to get wrong.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newCode makes an 8-character code: 40 random bits.
func newCode() string {
	b := make([]byte, 8)
	rand.Read(b)
	for i := range b {
		b[i] = crockford[int(b[i])%32]
	}
	return string(b)
}

// NormalizeCode reads a code as typed: case, spaces and hyphens do not
// matter, and the letters people confuse with digits count as those digits.
func NormalizeCode(s string) string {
	r := strings.NewReplacer(" ", "", "-", "", "I", "1", "L", "1", "O", "0")
	return r.Replace(strings.ToUpper(strings.TrimSpace(s)))
}

// CreateEnrollmentCode makes a single-use code for a patient's tablet,
// valid for 72 hours; any earlier unused code of the patient stops working.
func (db *DB) CreateEnrollmentCode(ctx context.Context, actor limber.User, patientID int64) (string, time.Time, error) {
	if err := limber.MustBeTherapist(actor); err != nil {
		return "", time.Time{}, err
	}
	code := newCode()
	now := db.Now()
	expires := now.Add(limber.EnrollLife)
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.patientFor(ctx, tx, actor, patientID); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, `UPDATE enrollment_codes SET used_at = ? WHERE patient_id = ? AND used_at IS NULL`, ts(now), patientID); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, `INSERT INTO enrollment_codes (patient_id, code_hash, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			patientID, hashToken(code), actor.ID, ts(now), ts(expires)); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor.ID, patientID, "enrollment.create", map[string]any{"expires_at": expires})
	})
	return code, expires, err
}

// Enroll turns an enrollment code into a tablet session for the patient,
// creating the patient's account the first time.
func (db *DB) Enroll(ctx context.Context, code, device string) (limber.User, string, limber.SignIn, error) {
	var user limber.User
	var token string
	var sess limber.SignIn
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := db.Now()
		var row struct {
			ID        int64  `db:"id"`
			PatientID int64  `db:"patient_id"`
			ExpiresAt string `db:"expires_at"`
		}
		err := get(ctx, tx, &row, `SELECT id, patient_id, expires_at FROM enrollment_codes WHERE code_hash = ? AND used_at IS NULL`,
			hashToken(NormalizeCode(code)))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !now.Before(parseTS(row.ExpiresAt))) {
			return limber.ErrBadCode
		}
		if err != nil {
			return err
		}
		if _, err := exec(ctx, tx, `UPDATE enrollment_codes SET used_at = ? WHERE id = ?`, ts(now), row.ID); err != nil {
			return err
		}
		var p struct {
			Name   string        `db:"name"`
			UserID sql.NullInt64 `db:"user_id"`
		}
		if err := get(ctx, tx, &p, `SELECT name, user_id FROM patients WHERE id = ?`, row.PatientID); err != nil {
			return err
		}
		uid := p.UserID.Int64
		if !p.UserID.Valid {
			if err := get(ctx, tx, &uid, `INSERT INTO users (name, role, created_at) VALUES (?, 'patient', ?) RETURNING id`, p.Name, ts(now)); err != nil {
				return err
			}
			if _, err := exec(ctx, tx, `UPDATE patients SET user_id = ? WHERE id = ?`, uid, row.PatientID); err != nil {
				return err
			}
		}
		token = newToken()
		sess = limber.SignIn{UserID: uid, CSRFToken: newToken(), Kind: "tablet", Device: device, ExpiresAt: now.Add(limber.TabletLife)}
		if err := get(ctx, tx, &sess.ID, `INSERT INTO auth_sessions (user_id, token_hash, csrf_token, kind, device, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, 'tablet', ?, ?, ?, ?) RETURNING id`, uid, hashToken(token), sess.CSRFToken, device, ts(now), ts(now), ts(sess.ExpiresAt)); err != nil {
			return err
		}
		user = limber.User{ID: uid, Role: limber.RolePatient, Name: p.Name, PatientID: row.PatientID}
		return db.audit(ctx, tx, uid, row.PatientID, "enrollment.use", map[string]any{"session_id": sess.ID})
	})
	return user, token, sess, err
}
