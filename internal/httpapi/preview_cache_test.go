package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/limber-health/limber/internal/httpapi"
)

// previewBody is a distinct preview request for each n (minutes 5–60
// times the focus given).
func previewBody(n int) string {
	focus := [][]string{{}, {"hips"}, {"neck"}, {"hips", "neck"}, {"low_back"}, {"shoulders"}, {"hamstrings"}, {"calves_ankles"}}[n/56%8]
	f, _ := json.Marshal(focus)
	return fmt.Sprintf(`{"profile":{"mobility":"M%d","conditions":["spasticity"]},"minutes":%d,"focus":%s}`, 1+n/448%3, 5+n%56, f)
}

func preview(h *harness, token, body, encoding string) response {
	h.t.Helper()
	r := h.send("POST", "/api/v1/plan-preview", body, map[string]string{"Authorization": "Bearer " + token, "Accept-Encoding": encoding})
	if r.status != 200 {
		h.t.Fatalf("preview %s: %d %s", body, r.status, r.body)
	}
	return r
}

// A cached preview is the answer a fresh server computes for that very
// request: two patients' profiles asked in turn never get each other's,
// and the gzip form is the same document.
func TestPlanPreviewCacheServesEachProfileItsOwn(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	profiles := []string{
		`{"profile":{"mobility":"M3","conditions":["bone_fragility","stenosis_lumbar","spasticity"]},"minutes":20,"focus":["hips"]}`,
		`{"profile":{"mobility":"M3","conditions":["bone_fragility","stenosis_lumbar"]},"minutes":20,"focus":["hips"]}`,
		`{"profile":{"mobility":"M3","conditions":["bone_fragility","stenosis_lumbar","spasticity"]},"minutes":20,"focus":["hips"],"_":1}`,
		`{"profile":{"mobility":"M1","conditions":[],"pregnancy_week":20},"minutes":20}`,
		`{"profile":{"mobility":"M1","conditions":[],"pregnancy_week":30},"minutes":20}`,
		`{"profile":{"mobility":"M1","conditions":[]},"minutes":20}`,
		`{"profile":{"mobility":"M5","conditions":[],"lying_only":true},"minutes":20}`,
		`{"profile":{"mobility":"M5","conditions":[],"lying_only":true,"helper_available":true},"minutes":20}`,
		`{"profile":{"mobility":"M1","conditions":[]},"minutes":20,"focus":["neck","hips"]}`,
		`{"profile":{"mobility":"M1","conditions":[]},"minutes":20,"focus":["hips","neck"]}`,
	}
	fresh := map[string][]byte{}
	for _, p := range profiles {
		f := newHarness(t)
		fc := f.clinic()
		r := f.send("POST", "/api/v1/plan-preview", p, map[string]string{"Authorization": "Bearer " + fc.therapistA, "Accept-Encoding": "identity"})
		fresh[p] = r.body
	}
	distinct := map[string]bool{}
	for round := range 3 {
		for _, p := range profiles {
			want := fresh[p]
			if bytes.HasPrefix(want, []byte(`{"error"`)) {
				// The unknown field is refused, cached or not.
				if r := h.send("POST", "/api/v1/plan-preview", p, map[string]string{"Authorization": "Bearer " + c.therapistA}); r.status != 400 {
					t.Errorf("round %d, %s: %d, want 400", round, p, r.status)
				}
				continue
			}
			distinct[string(want)] = true
			raw := preview(h, c.therapistA, p, "identity")
			if !bytes.Equal(raw.body, want) {
				t.Errorf("round %d, %s: the answer differs from a fresh server's", round, p)
			}
			if raw.header.Get("Content-Encoding") != "" || raw.header.Get("Content-Type") != "application/json" {
				t.Errorf("round %d: headers %v", round, raw.header)
			}
			gz := preview(h, c.therapistB, p, "gzip")
			if gz.header.Get("Content-Encoding") != "gzip" || len(gz.body) >= len(want)/3 {
				t.Fatalf("round %d: gzip %q, %d bytes of %d", round, gz.header.Get("Content-Encoding"), len(gz.body), len(want))
			}
			zr, err := gzip.NewReader(bytes.NewReader(gz.body))
			if err != nil {
				t.Fatal(err)
			}
			unz, _ := io.ReadAll(zr)
			if !bytes.Equal(unz, want) {
				t.Errorf("round %d, %s: the gzip answer differs", round, p)
			}
			if round == 0 && p == profiles[0] {
				t.Logf("preview: %d bytes, %d gzipped", len(want), len(gz.body))
			}
		}
	}
	// Each profile above gives its own document (the cases differ in
	// one value each); a cache keyed loosely would have made some equal.
	if len(distinct) != len(profiles)-1 {
		t.Errorf("%d distinct previews of %d profiles", len(distinct), len(profiles)-1)
	}
	if r := preview(h, c.therapistA, profiles[0], "gzip;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
	if r := h.send("POST", "/api/v1/plan-preview?pretty", profiles[0], map[string]string{"Authorization": "Bearer " + c.therapistA, "Accept-Encoding": "identity"}); !bytes.Contains(r.body, []byte("\n  \"profile\"")) {
		t.Errorf("?pretty is not indented: %.80s", r.body)
	}
	// A patient's tablet may not preview, cached or not.
	if r := h.send("POST", "/api/v1/plan-preview", profiles[0], map[string]string{"Authorization": "Bearer " + c.patientA}); r.status != 403 {
		t.Errorf("a tablet's preview: %d", r.status)
	}
}

// Many distinct profiles do not grow the cache past its bound; the
// oldest are evicted and computed again, the same as before.
func TestPlanPreviewCacheIsBounded(t *testing.T) {
	h := newHarness(t)
	c := h.clinic()
	const n = 600
	first := preview(h, c.therapistA, previewBody(0), "identity").body
	maxEntries := 0
	for i := 1; i < n; i++ {
		preview(h, c.therapistA, previewBody(i), "gzip")
		entries, size := h.api.PreviewCacheStats()
		if size > httpapi.PreviewCacheBytes {
			t.Fatalf("after %d previews the cache holds %d bytes, over its %d", i+1, size, httpapi.PreviewCacheBytes)
		}
		maxEntries = max(maxEntries, entries)
	}
	entries, size := h.api.PreviewCacheStats()
	t.Logf("%d distinct previews: %d kept, %d bytes (bound %d)", n, entries, size, httpapi.PreviewCacheBytes)
	if maxEntries >= n || entries < 50 {
		t.Errorf("%d entries kept of %d (most %d): the cache neither bounds nor keeps", entries, n, maxEntries)
	}
	if again := preview(h, c.therapistA, previewBody(0), "identity").body; !bytes.Equal(again, first) {
		t.Error("an evicted preview computed again differs")
	}
}
