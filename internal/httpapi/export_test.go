package httpapi

import "time"

// Undocumented lists registered routes missing from the OpenAPI document.
var Undocumented = undocumented

// SetPlayerSpeed runs the session player's clock n times faster, for the
// browser tests; it exists only in test builds.
func SetPlayerSpeed(n int) { playerSpeed = n }

// RecordSleeps makes the server record the pauses it would take instead of
// taking them.
func (s *Server) RecordSleeps(record func(time.Duration)) { s.sleep = record }

// LimiterSize is how many keys the sign-in limiter holds (in the database).
func (s *Server) LimiterSize() int { return s.limiter.size() }

// SetLimiterMaxKeys bounds the sign-in limiter to n keys.
func (s *Server) SetLimiterMaxKeys(n int) { s.limiter.maxKeys = n }

// HoldPasswordChecks runs hook inside each password check's turn, and
// makes a check wait at most wait for its turn; it returns how many turns
// there are.
func (s *Server) HoldPasswordChecks(hook func(), wait time.Duration) int {
	s.checkHook, s.checkWait = hook, wait
	return cap(s.checks)
}

// SetPasswordCheckSlots sets how many password checks may run at once.
func (s *Server) SetPasswordCheckSlots(n int) { s.checks = make(chan struct{}, n) }

// PreviewCacheStats is how many previews the cache holds and their bytes;
// PreviewCacheBytes is its bound.
func (s *Server) PreviewCacheStats() (entries, bytes int) { return s.previews.stats() }

const PreviewCacheBytes = previewCacheBytes
