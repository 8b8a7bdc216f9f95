package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/limber-health/limber/internal/limber"
	"golang.org/x/crypto/bcrypt"
)

// touchPeriod is how often a sign-in's last-seen time is written, so that
// reads stay reads (the lifetimes are the core's: limber.StaffIdle and the
// others).
const touchPeriod = time.Minute

// BcryptCost is the password hashing cost; tests lower it.
var BcryptCost = 12

const timeFormat = time.RFC3339Nano

func ts(t time.Time) string { return t.UTC().Format(timeFormat) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(timeFormat, s)
	return t
}

func notFound(what string) error {
	return &limber.Error{Code: limber.ENOTFOUND, Message: what + " not found"}
}

type userRow struct {
	ID           int64          `db:"id"`
	Email        sql.NullString `db:"email"`
	Name         string         `db:"name"`
	Role         string         `db:"role"`
	PasswordHash sql.NullString `db:"password_hash"`
	MustReset    bool           `db:"must_reset"`
	ResetExpires sql.NullString `db:"reset_expires_at"`
	DisabledAt   sql.NullString `db:"disabled_at"`
	PatientID    sql.NullInt64  `db:"patient_id"`
}

func (r userRow) user() limber.User {
	return limber.User{ID: r.ID, Role: limber.Role(r.Role), Name: r.Name, Email: r.Email.String,
		PatientID: r.PatientID.Int64, Disabled: r.DisabledAt.Valid, MustChangePassword: r.MustReset}
}

const userColumns = `u.id, u.email, u.name, u.role, u.password_hash, u.must_reset, u.reset_expires_at, u.disabled_at,
	(SELECT p.id FROM patients p WHERE p.user_id = u.id) AS patient_id`

// CreateUser adds a staff account with a hashed password.
func (db *DB) CreateUser(ctx context.Context, email, name string, role limber.Role, password string) (limber.User, error) {
	u, err := limber.NewStaff(email, name, role)
	if err != nil {
		return limber.User{}, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return limber.User{}, err
	}
	// The email is the only unique column a new user can collide on; ON
	// CONFLICT tells of it on both databases without reading an error's text.
	var id int64
	err = get(ctx, db.W, &id, `INSERT INTO users (email, name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`, u.Email, u.Name, u.Role, hash, ts(db.Now()))
	if errors.Is(err, sql.ErrNoRows) {
		return limber.User{}, &limber.Error{Code: limber.ECONFLICT, Field: "email", Message: "a user with this email already exists"}
	}
	if err != nil {
		return limber.User{}, db.classify(fmt.Errorf("adding user: %w", err))
	}
	u.ID = id
	return u, nil
}

// hashPassword hashes a password limber.CheckPassword accepts.
func hashPassword(password string) (string, error) {
	if err := limber.CheckPassword(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), BcryptCost)
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return string(h), nil
}

// dummyHash is what a login for an unknown email is checked against, so
// it takes as long as one for a known email and timing does not tell which
// accounts exist: it is made at the configured cost (made again if the
// cost changes).
func dummyHash() []byte {
	dummy.mu.Lock()
	defer dummy.mu.Unlock()
	if dummy.cost != BcryptCost || dummy.hash == nil {
		h, err := bcrypt.GenerateFromPassword([]byte(newToken()[:20]), BcryptCost)
		if err != nil {
			// Only an out-of-range cost fails, which hashPassword reports
			// at the first account created.
			h, _ = bcrypt.GenerateFromPassword([]byte("not a real password"), bcrypt.DefaultCost)
		}
		dummy.hash, dummy.cost = h, BcryptCost
	}
	return dummy.hash
}

var dummy struct {
	mu   sync.Mutex
	hash []byte
	cost int
}

// Authenticate checks an email and password.
func (db *DB) Authenticate(ctx context.Context, email, password string) (limber.User, error) {
	var r userRow
	err := get(ctx, db.R, &r, `SELECT `+userColumns+` FROM users u WHERE u.email = ? AND u.role != 'patient'`, strings.TrimSpace(email))
	if errors.Is(err, sql.ErrNoRows) {
		bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return limber.User{}, limber.ErrBadLogin
	}
	if err != nil {
		return limber.User{}, err
	}
	if bcrypt.CompareHashAndPassword([]byte(r.PasswordHash.String), []byte(password)) != nil || r.DisabledAt.Valid {
		return limber.User{}, limber.ErrBadLogin
	}
	if r.MustReset && r.ResetExpires.Valid && db.Now().After(parseTS(r.ResetExpires.String)) {
		return limber.User{}, limber.ErrOneTimePasswordExpired
	}
	return r.user(), nil
}

// User finds a user by id.
func (db *DB) User(ctx context.Context, id int64) (limber.User, error) {
	var r userRow
	err := get(ctx, db.R, &r, `SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return limber.User{}, notFound("user")
	}
	return r.user(), err
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// StartSignIn creates a new session for a user: a fresh random token (so
// a session is rotated at every login) and its CSRF token. Only the
// token's SHA-256 is stored.
func (db *DB) StartSignIn(ctx context.Context, userID int64, kind, device string) (token string, s limber.SignIn, err error) {
	now := db.Now()
	token = newToken()
	s = limber.SignIn{UserID: userID, CSRFToken: newToken(), Kind: kind, Device: device, ExpiresAt: now.Add(limber.SignInLife(kind))}
	err = get(ctx, db.W, &s.ID, `INSERT INTO auth_sessions (user_id, token_hash, csrf_token, kind, device, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, userID, hashToken(token), s.CSRFToken, kind, device, ts(now), ts(now), ts(s.ExpiresAt))
	if err != nil {
		return "", limber.SignIn{}, db.classify(fmt.Errorf("starting session: %w", err))
	}
	return token, s, nil
}

// SignedInUser finds the user of a token. Staff sessions end after 12 idle
// hours; tablet sessions last 180 days unless revoked. The last-seen time
// is written at most once a minute, so reads stay reads.
//
// A node keeps the sign-ins it has read (signInCache) and checks on every
// request that none has changed since: one read of sign_in_epoch, which
// triggers raise whenever a sign-in, user or tablet link changes, whoever
// writes it (another node, `limber user`). A revocation is therefore seen
// by every node at its next request, as when the sign-in was read each
// time (BenchmarkSignedInUser).
func (db *DB) SignedInUser(ctx context.Context, token string) (limber.User, limber.SignIn, error) {
	now := db.Now()
	hash := hashToken(token)
	var epoch int64
	if err := get(ctx, db.R, &epoch, `SELECT COALESCE(MAX(n), 0) FROM sign_in_epoch`); err != nil {
		return limber.User{}, limber.SignIn{}, err
	}
	if e, ok := db.signIns.get(hash, epoch); ok && e.valid(now) {
		if db.touch(ctx, &e, now) {
			db.signIns.put(hash, e)
		}
		return e.user, e.signIn, nil
	}
	// Not kept, changed, or idle as this node saw it (another node may
	// have seen the person since): read it.
	var row struct {
		userRow
		SID       int64          `db:"sid"`
		CSRF      string         `db:"csrf_token"`
		Kind      string         `db:"kind"`
		Device    string         `db:"device"`
		LastSeen  string         `db:"last_seen_at"`
		ExpiresAt string         `db:"expires_at"`
		RevokedAt sql.NullString `db:"revoked_at"`
	}
	err := get(ctx, db.R, &row, qSessionUser, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return limber.User{}, limber.SignIn{}, limber.ErrNoSignIn
	}
	if err != nil {
		return limber.User{}, limber.SignIn{}, err
	}
	e := signInEntry{epoch: epoch, user: row.user(), lastSeen: parseTS(row.LastSeen),
		signIn: limber.SignIn{ID: row.SID, UserID: row.ID, CSRFToken: row.CSRF, Kind: row.Kind, Device: row.Device, ExpiresAt: parseTS(row.ExpiresAt)}}
	if row.RevokedAt.Valid || !e.valid(now) {
		db.signIns.drop(hash)
		return limber.User{}, limber.SignIn{}, limber.ErrNoSignIn
	}
	db.touch(ctx, &e, now)
	db.signIns.put(hash, e)
	return e.user, e.signIn, nil
}

// touch writes the last-seen time at most once a minute, so reads stay
// reads, and says whether it did.
func (db *DB) touch(ctx context.Context, e *signInEntry, now time.Time) bool {
	if now.Sub(e.lastSeen) <= touchPeriod {
		return false
	}
	// Best effort: a full disk must not stop a signed-in person from
	// reading; the idle clock then simply runs from the last success.
	if _, err := exec(ctx, db.W, `UPDATE auth_sessions SET last_seen_at = ? WHERE id = ?`, ts(now), e.signIn.ID); err != nil {
		return false
	}
	e.lastSeen = now
	return true
}

// EndSignIn revokes a sign-in (logout).
func (db *DB) EndSignIn(ctx context.Context, signInID int64) error {
	_, err := exec(ctx, db.W, `UPDATE auth_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, ts(db.Now()), signInID)
	return db.classify(err)
}

// Empty reports whether the database has no users yet.
func (db *DB) Empty(ctx context.Context) (bool, error) {
	var n int
	err := get(ctx, db.R, &n, `SELECT COUNT(*) FROM users`)
	return n == 0, err
}
