package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/jmoiron/sqlx"
)

// Group commit. SQLite has one writer, and a session's transaction spent
// more of its time beginning and committing (and syncing the log) than
// inserting. Writes that arrive while another is being written wait, and
// the next of them writes them all in one transaction, each inside a
// savepoint of its own, so that one refused is undone alone. Every writer
// hears its answer only once the transaction has committed: a session is
// acknowledged only when it is stored, and if the commit fails every
// writer in the group hears that it failed.
//
// Where the database takes many writers at once (PostgreSQL), each write
// is its own transaction as before: grouping would only make a
// serialization failure of one undo the others.

// maxGroup bounds one group, so that the first writer of a long queue is
// not kept waiting for the last.
const maxGroup = 64

type groupWrite struct {
	fn   func(ctx context.Context, tx *sqlx.Tx) error
	done chan error // buffered: the group's writer never waits on it
}

type writeGroups struct {
	mu      sync.Mutex
	pending []*groupWrite
	// turn holds one token: whoever holds it writes the next group.
	turn chan struct{}
	// groups and writes count the groups written and the writes in them.
	groups, writes int64
}

// inGroupTx runs fn in a write transaction that may be shared with other
// writes arriving at the same time, and must not keep tx. On SQLite fn runs
// once, with a context that is not cancelled when its own request is
// (cancelling one statement of a shared transaction would undo them all);
// on PostgreSQL it is inTx: fn may run again after a serialization
// failure, so it sets its results afresh each time.
func (db *DB) inGroupTx(ctx context.Context, fn func(ctx context.Context, tx *sqlx.Tx) error) error {
	w := &groupWrite{fn: fn, done: make(chan error, 1)}
	if !db.dialect.OneWriter() {
		return db.inTx(ctx, func(tx *sqlx.Tx) error { return run(ctx, tx, w) })
	}
	g := &db.group
	g.mu.Lock()
	g.pending = append(g.pending, w)
	g.mu.Unlock()
	select {
	case err := <-w.done:
		return err
	case g.turn <- struct{}{}:
		// This writer's turn: its write is still pending (the writer before
		// held the turn until its group was answered) or already answered.
		// It writes groups until its own has been written.
		func() {
			defer func() { <-g.turn }() // whatever happens, the next may write
			for len(w.done) == 0 {
				g.mu.Lock()
				n := min(len(g.pending), maxGroup)
				batch := append([]*groupWrite(nil), g.pending[:n]...)
				g.pending = g.pending[n:]
				g.mu.Unlock()
				if n == 0 {
					return // cannot happen: its own write is pending or answered
				}
				db.writeGroup(context.WithoutCancel(ctx), batch)
			}
		}()
		return <-w.done
	case <-ctx.Done():
		// Gone before its turn came: withdrawn if not yet taken, otherwise
		// it is being written and its answer follows.
		g.mu.Lock()
		for i, p := range g.pending {
			if p == w {
				g.pending = append(g.pending[:i:i], g.pending[i+1:]...)
				g.mu.Unlock()
				return db.classify(ctx.Err())
			}
		}
		g.mu.Unlock()
		return <-w.done
	}
}

// writeGroup writes a group in one transaction and answers each writer,
// even when something in it panics (the panic then goes on up).
func (db *DB) writeGroup(ctx context.Context, batch []*groupWrite) {
	errs := make([]error, len(batch))
	answered := false
	defer func() {
		if !answered {
			for _, w := range batch {
				w.done <- fmt.Errorf("writing: the group's transaction failed")
			}
		}
	}()
	err := db.tryTx(ctx, func(tx *sqlx.Tx) error {
		if len(batch) == 1 {
			errs[0] = run(ctx, tx, batch[0])
			return errs[0]
		}
		for i, w := range batch {
			if _, err := tx.ExecContext(ctx, "SAVEPOINT group_write"); err != nil {
				return err
			}
			if errs[i] = run(ctx, tx, w); errs[i] != nil {
				// The database failing (a full disk) is not this write's
				// fault, and SQLite may have ended the transaction with
				// its savepoint: the group fails as a whole, unavailable.
				if errors.Is(db.classify(errs[i]), ErrUnavailable) {
					return errs[i]
				}
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO group_write"); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, "RELEASE group_write"); err != nil {
				return err
			}
		}
		return nil
	})
	db.group.mu.Lock()
	db.group.groups++
	db.group.writes += int64(len(batch))
	db.group.mu.Unlock()
	answered = true
	for i, w := range batch {
		if errs[i] == nil {
			errs[i] = err // the group as a whole failed: none of it was stored
		}
		w.done <- db.classify(errs[i])
	}
}

// run runs one write; a panic fails that write alone, not its group, and
// its error carries the stack for the log.
func run(ctx context.Context, tx *sqlx.Tx, w *groupWrite) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("writing: panic: %v\n%s", r, debug.Stack())
		}
	}()
	return w.fn(ctx, tx)
}

// WriteGroups counts the groups written and the writes they carried.
func (db *DB) WriteGroups() (groups, writes int64) {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return db.group.groups, db.group.writes
}
