package store

import (
	"sync"
	"time"

	"github.com/limber-health/limber/internal/limber"
)

// signInCache is the sign-ins this node has read, by token hash, each with
// the sign_in_epoch it was read at: an entry is used only while the epoch
// has not moved (users.go, SignedInUser). It holds no secret a database
// read would not give (the token itself is never kept) and at most
// signInCacheMax entries, so a flood of tokens cannot grow it.
type signInCache struct {
	mu      sync.Mutex
	entries map[string]signInEntry
}

const signInCacheMax = 20000

type signInEntry struct {
	epoch    int64
	user     limber.User
	signIn   limber.SignIn
	lastSeen time.Time
}

// valid reports whether the sign-in, as read, still lets its user in at
// now (limber.SignIn.LetsIn).
func (e signInEntry) valid(now time.Time) bool { return e.signIn.LetsIn(e.user, e.lastSeen, now) }

// get is the entry for hash if it was read at epoch.
func (c *signInCache) get(hash string, epoch int64) (signInEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || e.epoch != epoch {
		return signInEntry{}, false
	}
	return e, true
}

func (c *signInCache) put(hash string, e signInEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= signInCacheMax {
		// Start again rather than track use: every entry is one read away.
		c.entries = make(map[string]signInEntry)
	}
	c.entries[hash] = e
}

func (c *signInCache) drop(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, hash)
}
