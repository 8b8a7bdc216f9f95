package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/limber-health/limber/internal/store"
)

// Writes grouped into one transaction are each their own: one that wrote and
// then failed, or panicked, is undone alone; the others are stored; no
// writer hears "stored" unless it is; and a writer whose request is
// cancelled while it waits is withdrawn or written, and never stored twice.
// (A cancelled write may be stored and still answered with an error: on
// PostgreSQL the commit can reach the server as the request is cancelled.
// Sessions and stops carry a client id, so the tablet's retry finds it.)
func TestGroupedWritesAreEachTheirOwn(t *testing.T) {
	eachStore(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		write := func(i int) func(ctx context.Context, tx *sqlx.Tx) error {
			return func(ctx context.Context, tx *sqlx.Tx) error {
				if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_events (at, action, detail) VALUES (?, ?, '{}')`),
					"2026-12-01T09:00:00Z", fmt.Sprint("write ", i)); err != nil {
					return err
				}
				switch i % 5 {
				case 1:
					return errors.New("refused after writing")
				case 2:
					if i%10 == 2 {
						panic("a bug in one write")
					}
				}
				return nil
			}
		}
		// The writer holds the database while the writes queue up behind
		// it, so that they are written in groups.
		release := holdWriter(db)
		const n = 150 // more than one group can carry (maxGroup, 64)
		errs := make([]error, n)
		cancelled := make([]bool, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				wctx := ctx
				if i%5 == 3 {
					c, cancel := context.WithTimeout(ctx, time.Duration(i)*time.Millisecond)
					defer cancel()
					wctx, cancelled[i] = c, true
				}
				errs[i] = db.InGroupTx(wctx, write(i))
			}()
		}
		// On SQLite, the writes wait until the writer is released (some of
		// them give up first); on PostgreSQL each is its own transaction.
		for deadline := time.Now().Add(5 * time.Second); db.Dialect().OneWriter() && db.PendingWrites() < n*4/5 && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		release()
		wg.Wait()

		for i := range n {
			var stored int
			if err := db.R.Get(&stored, db.R.Rebind(`SELECT COUNT(*) FROM audit_events WHERE action = ?`), fmt.Sprint("write ", i)); err != nil {
				t.Fatal(err)
			}
			switch {
			case i%5 == 1 || i%10 == 2:
				if errs[i] == nil || stored != 0 {
					t.Errorf("write %d failed after writing: answered %v, stored %d times", i, errs[i], stored)
				}
			case cancelled[i] && errs[i] != nil:
				// On SQLite a cancelled write answered with an error was
				// withdrawn before its group: never stored.
				if stored > 1 || db.Dialect().OneWriter() && stored != 0 {
					t.Errorf("write %d was cancelled (%v) and stored %d times", i, errs[i], stored)
				}
			default:
				if errs[i] != nil || stored != 1 {
					t.Errorf("write %d: answered %v, stored %d times", i, errs[i], stored)
				}
			}
		}
		if groups, writes := db.WriteGroups(); db.Dialect().OneWriter() && writes < groups+n/4 {
			t.Errorf("%d writes in %d groups: the writes that waited together were not written together", writes, groups)
		}
	})
}

// A full disk in the middle of a group fails the whole group as unavailable
// (503 upstream, "nothing was saved, try again"): the write that met it and
// the ones beside it, none of them kept. SQLite may end the transaction,
// savepoint and all, on a full disk.
func TestFullDiskFailsTheGroup(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	var pages int
	if err := db.W.Get(&pages, "PRAGMA page_count"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.W.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	insert := func(detail string) func(ctx context.Context, tx *sqlx.Tx) error {
		return func(ctx context.Context, tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO audit_events (at, action, detail) VALUES ('2026-12-01T09:00:00Z', 'full disk', ?)`, detail)
			return err
		}
	}
	release := holdWriter(db)
	errs := make([]error, 3)
	var wg sync.WaitGroup
	for i, detail := range []string{`"small"`, `"` + strings.Repeat("x", 64<<10) + `"`, `"small too"`} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = db.InGroupTx(ctx, insert(detail)) }()
		for db.PendingWrites() < i+1 {
			time.Sleep(time.Millisecond) // in this order
		}
	}
	release()
	wg.Wait()
	for i, err := range errs {
		if !errors.Is(err, store.ErrUnavailable) {
			t.Errorf("write %d of a group that met a full disk: %v, want unavailable", i+1, err)
		}
	}
	var n int
	if err := db.R.Get(&n, `SELECT COUNT(*) FROM audit_events WHERE action = 'full disk'`); err != nil || n != 0 {
		t.Errorf("%d writes of the failed group kept (%v)", n, err)
	}
	if _, err := db.W.Exec("PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	if err := db.InGroupTx(ctx, insert(`"after"`)); err != nil {
		t.Errorf("a write once there is room: %v", err)
	}
}

// holdWriter takes the write transaction and keeps it until release is
// called, so that the writes sent meanwhile queue up behind it.
func holdWriter(db *store.DB) (release func()) {
	held, done := make(chan struct{}), make(chan struct{})
	go db.InGroupTx(context.Background(), func(ctx context.Context, tx *sqlx.Tx) error {
		close(held)
		<-done
		return nil
	})
	<-held
	return func() { close(done) }
}
