package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/limber"
)

// Staff lists the staff accounts (admins only).
func (db *DB) Staff(ctx context.Context, actor limber.User) ([]limber.User, error) {
	if err := limber.MustBeAdmin(actor); err != nil {
		return nil, err
	}
	var rows []userRow
	if err := sel(ctx, db.R, &rows, `SELECT `+userColumns+` FROM users u WHERE u.role != 'patient' ORDER BY u.id`); err != nil {
		return nil, err
	}
	out := make([]limber.User, len(rows))
	for i, r := range rows {
		out[i] = r.user()
	}
	return out, nil
}

// DisableUser stops a staff account: it cannot sign in, and its sessions end.
func (db *DB) DisableUser(ctx context.Context, actor limber.User, id int64) (limber.User, error) {
	if err := limber.MustBeAdmin(actor); err != nil {
		return limber.User{}, err
	}
	if err := limber.CheckDisable(actor, id); err != nil {
		return limber.User{}, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := ts(db.Now())
		res, err := exec(ctx, tx, `UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ? AND role != 'patient'`, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user")
		}
		if _, err := exec(ctx, tx, `UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, now, id); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor.ID, 0, "user.disable", map[string]any{"user_id": id})
	})
	if err != nil {
		return limber.User{}, err
	}
	return db.User(ctx, id)
}

// ResetPassword gives a staff account a one-time password that must be
// changed at the next sign-in; its sessions end.
func (db *DB) ResetPassword(ctx context.Context, actor limber.User, id int64) (string, error) {
	if err := limber.MustBeAdmin(actor); err != nil {
		return "", err
	}
	temp := newToken()[:16]
	hash, err := hashPassword(temp)
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := exec(ctx, tx, `UPDATE users SET password_hash = ?, must_reset = TRUE, reset_expires_at = ? WHERE id = ? AND role != 'patient'`,
			hash, ts(db.Now().Add(limber.OneTimePasswordPeriod)), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("user")
		}
		if _, err := exec(ctx, tx, `UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, ts(db.Now()), id); err != nil {
			return err
		}
		return db.audit(ctx, tx, actor.ID, 0, "user.password_reset", map[string]any{"user_id": id})
	})
	return temp, err
}

// ChangePassword sets a new password after checking the current one. Every
// other session of the user ends; the current one goes on under a new
// token (and CSRF token), returned with it.
func (db *DB) ChangePassword(ctx context.Context, actor limber.User, current limber.SignIn, password, next string) (string, limber.SignIn, error) {
	if err := limber.MustHavePassword(actor); err != nil {
		return "", limber.SignIn{}, err
	}
	if _, err := db.Authenticate(ctx, actor.Email, password); err != nil {
		if err == limber.ErrBadLogin {
			return "", limber.SignIn{}, limber.ErrWrongPassword
		}
		return "", limber.SignIn{}, err
	}
	if err := limber.CheckNewPassword(password, next); err != nil {
		return "", limber.SignIn{}, err
	}
	hash, err := hashPassword(next)
	if err != nil {
		return "", limber.SignIn{}, err
	}
	token, sess := newToken(), current
	sess.CSRFToken = newToken()
	err = db.inTx(ctx, func(tx *sqlx.Tx) error {
		now := ts(db.Now())
		if _, err := exec(ctx, tx, `UPDATE users SET password_hash = ?, must_reset = FALSE, reset_expires_at = NULL WHERE id = ?`, hash, actor.ID); err != nil {
			return err
		}
		if _, err := exec(ctx, tx, `UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND id != ? AND revoked_at IS NULL`, now, actor.ID, current.ID); err != nil {
			return err
		}
		res, err := exec(ctx, tx, `UPDATE auth_sessions SET token_hash = ?, csrf_token = ?, last_seen_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
			hashToken(token), sess.CSRFToken, now, current.ID, actor.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return limber.ErrNoSignIn
		}
		return db.audit(ctx, tx, actor.ID, 0, "user.password_change", map[string]any{"user_id": actor.ID})
	})
	if err != nil {
		return "", limber.SignIn{}, db.classify(err)
	}
	return token, sess, nil
}

// Devices lists a patient's tablets.
func (db *DB) Devices(ctx context.Context, actor limber.User, patientID int64) ([]limber.Device, error) {
	if err := db.staffOnPatient(ctx, actor, patientID); err != nil {
		return nil, err
	}
	var rows []struct {
		ID        int64          `db:"id"`
		Device    string         `db:"device"`
		CreatedAt string         `db:"created_at"`
		LastSeen  string         `db:"last_seen_at"`
		ExpiresAt string         `db:"expires_at"`
		RevokedAt sql.NullString `db:"revoked_at"`
	}
	if err := sel(ctx, db.R, &rows, `SELECT s.id, s.device, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at
		FROM auth_sessions s JOIN patients p ON p.user_id = s.user_id WHERE p.id = ? AND s.kind = 'tablet' ORDER BY s.id DESC`, patientID); err != nil {
		return nil, err
	}
	out := make([]limber.Device, len(rows))
	for i, r := range rows {
		out[i] = limber.Device{ID: r.ID, Device: r.Device, CreatedAt: parseTS(r.CreatedAt), LastSeen: parseTS(r.LastSeen), ExpiresAt: parseTS(r.ExpiresAt), RevokedAt: nullTime(r.RevokedAt)}
	}
	return out, nil
}

// RevokeDevice signs one tablet out for good; the patient's other tablets
// keep working.
func (db *DB) RevokeDevice(ctx context.Context, actor limber.User, patientID, deviceID int64) error {
	if err := limber.MustBeStaff(actor); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := db.patientFor(ctx, tx, actor, patientID); err != nil {
			return err
		}
		res, err := exec(ctx, tx, `UPDATE auth_sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND kind = 'tablet'
			AND user_id = (SELECT user_id FROM patients WHERE id = ?)`, ts(db.Now()), deviceID, patientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("device")
		}
		return db.audit(ctx, tx, actor.ID, patientID, "device.revoke", map[string]any{"device_id": deviceID})
	})
}

// ClinicSettings reads the settings, fresh from the database (another
// node may have changed them).
func (db *DB) ClinicSettings(ctx context.Context) (limber.Settings, error) {
	var rows []struct {
		Key   string `db:"key"`
		Value string `db:"value"`
	}
	if err := sel(ctx, db.R, &rows, `SELECT key, value FROM settings WHERE key IN ('timezone', 'clinic_phone', 'emergency_number')`); err != nil {
		return limber.Settings{}, err
	}
	s := limber.Settings{Timezone: db.Location().String()}
	for _, r := range rows {
		switch r.Key {
		case "timezone":
			if l, err := time.LoadLocation(r.Value); err == nil {
				s.Timezone = l.String()
				db.zone.current.Store(&zoneRead{loc: l, at: time.Now()})
			}
		case "clinic_phone":
			s.ClinicPhone = r.Value
		case "emergency_number":
			s.EmergencyNumber = r.Value
		}
	}
	return s, nil
}

// LoadSettings checks the stored settings at start (a stored time zone
// this machine does not know stops the start) and reads the zone; a zone
// given on the command line when none is stored is kept.
func (db *DB) LoadSettings(ctx context.Context) error {
	var tz string
	err := get(ctx, db.R, &tz, `SELECT value FROM settings WHERE key = 'timezone'`)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return err
	}
	db.zone.current.Store(&zoneRead{loc: loc, at: time.Now()})
	return nil
}

// UpdateSettings changes clinic settings (admins only).
func (db *DB) UpdateSettings(ctx context.Context, actor limber.User, p limber.SettingsPatch) (limber.Settings, error) {
	if err := limber.MustBeAdmin(actor); err != nil {
		return limber.Settings{}, err
	}
	// The zone is looked up here, not in the core: it reads the zone
	// database from disk.
	var loc *time.Location
	known := true
	if p.Timezone != nil {
		l, err := time.LoadLocation(*p.Timezone)
		loc, known = l, err == nil
	}
	if err := limber.CheckSettings(p, known); err != nil {
		return limber.Settings{}, err
	}
	err := db.inTx(ctx, func(tx *sqlx.Tx) error {
		for key, v := range map[string]*string{"timezone": p.Timezone, "clinic_phone": p.ClinicPhone, "emergency_number": p.EmergencyNumber} {
			if v == nil {
				continue
			}
			if _, err := exec(ctx, tx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, strings.TrimSpace(*v)); err != nil {
				return err
			}
		}
		return db.audit(ctx, tx, actor.ID, 0, "settings.update", p)
	})
	if err != nil {
		return limber.Settings{}, err
	}
	if loc != nil {
		db.zone.current.Store(&zoneRead{loc: loc, at: time.Now()})
	}
	return db.ClinicSettings(ctx)
}
