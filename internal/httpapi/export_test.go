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
