package postgres

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/internal/postgres/postgrestest"
	"github.com/limber-health/limber/internal/store"
)

// proxy stands between Limber and PostgreSQL on 127.0.0.1, so a test can
// take the database away (every connection cut, new ones refused) and
// give it back, as a crashed or restarting server does.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, addr: ln.Addr().String(), target: target, ln: ln}
	go p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { io.Copy(s, c); s.Close() }()
		go func() { io.Copy(c, s); c.Close() }()
	}
}

// cut closes every connection and stops listening: connecting is refused.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go p.serve(ln)
}

// throughProxy is a fresh database reached through a proxy.
func throughProxy(t *testing.T) (*store.DB, *proxy, string) {
	direct := postgrestest.NewDatabase(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(t, u.Host)
	u.Host = p.addr
	db, err := Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, p, direct
}

func count(t *testing.T, dbURL, q string) int {
	t.Helper()
	d, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The database gone: writes answer ErrUnavailable (503 upstream) and save
// nothing, a transaction cut before its commit leaves nothing behind; the
// database back: the next write works on the same store, no restart.
func TestDatabaseGoneAndBack(t *testing.T) {
	ctx := context.Background()
	db, p, direct := throughProxy(t)
	pt, err := db.CreateUser(ctx, "pt@example.org", "PT", limber.RoleTherapist, "a long password")
	if err != nil {
		t.Fatal(err)
	}
	name := func(s string) *string { return &s }
	mobility := limber.M1
	if _, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: name("Before"), Mobility: &mobility}); err != nil {
		t.Fatal(err)
	}

	// A transaction half done when the connection goes.
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ('half', 'saved')`); err != nil {
		t.Fatal(err)
	}
	p.cut()
	if err := Classify(tx.Commit()); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("a commit on a cut connection: %v", err)
	}
	// Writes while the database is away.
	for i := range 3 {
		_, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: name("During"), Mobility: &mobility})
		if !errors.Is(err, store.ErrUnavailable) || limber.ErrorCode(err) != limber.EUNAVAILABLE {
			t.Errorf("write %d while the database is away: %v", i+1, err)
		}
	}
	if err := db.Ping(ctx); err == nil {
		t.Error("ping answers while the database is away")
	}
	p.restore()
	if _, err := db.CreatePatient(ctx, pt, limber.PatientPatch{Name: name("After"), Mobility: &mobility}); err != nil {
		t.Fatalf("the first write after the database came back: %v", err)
	}
	if n := count(t, direct, `SELECT COUNT(*) FROM settings WHERE key = 'half'`); n != 0 {
		t.Error("the cut transaction was half saved")
	}
	if n := count(t, direct, `SELECT COUNT(*) FROM patients`); n != 2 {
		t.Errorf("%d patients stored, want the one before and the one after", n)
	}
	// Every patient stored has its audit entry, and no entry is left
	// without its patient.
	if n := count(t, direct, `SELECT COUNT(*) FROM audit_events WHERE action = 'patient.create'`); n != 2 {
		t.Errorf("%d patient.create audit entries, want 2", n)
	}
}

// The server ends every connection (a restart, a failover, an operator's
// pg_terminate_backend): a transaction under way fails as unavailable, and
// the store's next write works on new connections.
func TestTerminatedConnectionsAreReplaced(t *testing.T) {
	ctx := context.Background()
	dbURL := postgrestest.NewDatabase(t)
	db, err := Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateUser(ctx, "a@example.org", "A", limber.RoleTherapist, "a long password"); err != nil {
		t.Fatal(err)
	}
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	postgrestest.TerminateConnections(t, dbURL)
	_, err = tx.Exec(`INSERT INTO settings (key, value) VALUES ('half', 'saved')`)
	if err == nil {
		err = tx.Commit()
	} else {
		tx.Rollback()
	}
	if !errors.Is(Classify(err), store.ErrUnavailable) {
		t.Errorf("a transaction whose connection was terminated: %v", err)
	}
	// Idle connections were terminated too; the pool finds them dead and
	// dials afresh (at most one write may meet a dead one, and is told to
	// try again).
	for i := range 2 {
		_, err = db.CreateUser(ctx, "b@example.org", "B", limber.RoleTherapist, "a long password")
		if err == nil {
			break
		}
		if !errors.Is(err, store.ErrUnavailable) {
			t.Fatalf("write %d after the connections ended: %v", i+1, err)
		}
	}
	if err != nil {
		t.Fatalf("still failing after the connections ended: %v", err)
	}
	if n := count(t, dbURL, `SELECT COUNT(*) FROM settings WHERE key = 'half'`); n != 0 {
		t.Error("the terminated transaction was half saved")
	}
}

// A read-only database (a standby promoted late, a primary set read-only
// by its operator): writes answer unavailable, reads go on.
func TestReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	dbURL := postgrestest.NewDatabase(t)
	db, err := Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', current_database()); END $$`); err != nil {
		t.Fatal(err)
	}
	postgrestest.TerminateConnections(t, dbURL) // new sessions read the setting
	var err2 error
	for range 2 { // the first may meet a terminated connection
		if _, err2 = db.CreateUser(ctx, "a@example.org", "A", limber.RoleTherapist, "a long password"); err2 == nil {
			break
		}
		var pe *pgconn.PgError
		if errors.As(err2, &pe) && pe.Code == "25006" {
			break
		}
	}
	var pe *pgconn.PgError
	if !errors.Is(err2, store.ErrUnavailable) || !errors.As(err2, &pe) || pe.Code != "25006" {
		t.Errorf("a write to a read-only database: %v", err2)
	}
	if empty, err := db.Empty(ctx); err != nil || !empty {
		t.Errorf("reading a read-only database: %v %v", empty, err)
	}
}

// Classification is by SQLSTATE and type: a constraint violation stays
// what it is; a serialization failure is retried, and unavailable only
// once the retries are spent.
func TestClassifyBySQLState(t *testing.T) {
	ctx := context.Background()
	dbURL := postgrestest.NewDatabase(t)
	db, err := Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.W.Exec(`INSERT INTO users (email, name, role, created_at) VALUES ('a@x.org', 'A', 'nobody', 'x')`)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23514" || errors.Is(Classify(err), store.ErrUnavailable) || Retry(err) {
		t.Errorf("a check violation: %v", err)
	}
	// Two serializable transactions that each read what the other writes.
	if _, err := db.W.Exec(`INSERT INTO settings (key, value) VALUES ('a', '0'), ('b', '0')`); err != nil {
		t.Fatal(err)
	}
	opts := &sql.TxOptions{Isolation: sql.LevelSerializable}
	t1, _ := db.W.BeginTx(ctx, opts)
	t2, _ := db.W.BeginTx(ctx, opts)
	defer t1.Rollback()
	defer t2.Rollback()
	var v string
	t1.QueryRow(`SELECT value FROM settings WHERE key = 'a'`).Scan(&v)
	t2.QueryRow(`SELECT value FROM settings WHERE key = 'b'`).Scan(&v)
	t1.Exec(`UPDATE settings SET value = '1' WHERE key = 'b'`)
	t2.Exec(`UPDATE settings SET value = '1' WHERE key = 'a'`)
	err = errors.Join(t1.Commit(), t2.Commit())
	if !Retry(err) || !errors.Is(Classify(err), store.ErrUnavailable) {
		t.Errorf("a serialization failure: retry %v, classified %v", Retry(err), Classify(err))
	}
	// Nothing to connect to.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err = Open(cctx, "postgres://limber@"+addr+"/limber?sslmode=disable")
	if !errors.Is(Classify(err), store.ErrUnavailable) {
		t.Errorf("connection refused: %v", err)
	}
	if Classify(nil) != nil || Classify(sql.ErrNoRows) != sql.ErrNoRows {
		t.Error("nil and not-found must pass through")
	}
}
