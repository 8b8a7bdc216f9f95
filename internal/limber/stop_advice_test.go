package limber

import (
	"strings"
	"testing"
)

// A stop reason marked RestAndCall is one whose own advice says to rest
// and to call the care team after about 30 minutes: the end screen then
// adds only the pain rise's size, not the same advice again.
func TestStopRestAndCall(t *testing.T) {
	n := 0
	for _, r := range StopTable {
		says := strings.Contains(r.Advice, "rest") && strings.Contains(r.Advice, "30 minutes") && strings.Contains(r.Advice, "call your care team")
		if r.RestAndCall != says {
			t.Errorf("%s: RestAndCall %v, but the advice %q", r.ID, r.RestAndCall, r.Advice)
		}
		if r.RestAndCall {
			n++
		}
	}
	if n == 0 {
		t.Error("no stop reason covers rest and call")
	}
}
