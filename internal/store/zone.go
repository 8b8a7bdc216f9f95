package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// ZoneMaxAge is how long a node uses the clinic's time zone as it last
// read it before reading it again. An admin changes the zone on one node;
// the others follow within this long. That is safe: the zone is set once
// when a clinic starts (or when it moves), and a node on the old zone for
// a few seconds is the same as the admin saving a few seconds later. The
// phone numbers are read fresh at every use (ClinicSettings).
const ZoneMaxAge = 5 * time.Second

// zone is the clinic's time zone as this node last read it: it defines
// "today" and weeks, and is asked for many times a request, without a
// context, so it is read again from the database at most every maxAge.
type zone struct {
	// fallback is the zone used while none is stored (--timezone).
	fallback atomic.Pointer[time.Location]
	current  atomic.Pointer[zoneRead]
	// maxAge is ZoneMaxAge; tests set 0 to read at every use.
	maxAge  atomic.Int64
	reading sync.Mutex
}

type zoneRead struct {
	loc *time.Location // nil: none stored
	at  time.Time
}

// Location is the clinic's time zone: the stored one, read at most
// ZoneMaxAge ago, or the one given at start when none is stored. While one
// request reads it again, the others go on with the last one read.
func (db *DB) Location() *time.Location {
	z := &db.zone
	r := z.current.Load()
	if r == nil || time.Since(r.at) >= time.Duration(z.maxAge.Load()) {
		if z.reading.TryLock() {
			r = db.readZone()
			z.reading.Unlock()
		}
	}
	if r != nil && r.loc != nil {
		return r.loc
	}
	if l := z.fallback.Load(); l != nil {
		return l
	}
	return time.UTC
}

// readZone reads the stored zone; when the database does not answer, the
// last one read is kept (and asked for again after ZoneMaxAge).
func (db *DB) readZone() *zoneRead {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var tz string
	next := &zoneRead{at: time.Now()}
	err := get(ctx, db.R, &tz, `SELECT value FROM settings WHERE key = 'timezone'`)
	switch {
	case err == nil:
		if l, lerr := time.LoadLocation(tz); lerr == nil {
			next.loc = l
		}
	case !errors.Is(err, sql.ErrNoRows):
		if last := db.zone.current.Load(); last != nil {
			next.loc = last.loc
		}
	}
	db.zone.current.Store(next)
	return next
}

// SetLocation sets the zone used while none is stored (--timezone).
func (db *DB) SetLocation(l *time.Location) { db.zone.fallback.Store(l) }

// SetZoneMaxAge changes how long a zone read is used (tests: 0, read at
// every use).
func (db *DB) SetZoneMaxAge(d time.Duration) { db.zone.maxAge.Store(int64(d)) }
