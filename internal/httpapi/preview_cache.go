package httpapi

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/json"
	"strings"
	"sync"

	"github.com/limber-health/limber/internal/limber"
)

// A plan preview is deterministic: the same library, rules and request
// give the same document (it holds no clearances, so not even the time
// enters it). Deciding and encoding one costs about 80 µs and 29 KB, so
// the encoded answer is kept, with its gzip form, in a cache bounded in
// bytes whatever the requests: many distinct profiles evict the oldest
// instead of growing memory.

// previewCacheBytes bounds the cache (the raw and the gzip bodies
// together, the gzip one counted at its bound): about 250 previews of the common size.
const previewCacheBytes = 8 << 20

// previewKey names one preview: a hash of the library's identity and of
// the request as parsed (so a changed library never serves an old
// preview, and one profile's preview is never another's).
type previewKey [sha256.Size]byte

type previewEntry struct {
	key previewKey
	raw []byte // the JSON answer, as c.JSON writes it
	// gz is the same compressed, made at the first request that accepts
	// gzip (a miss stays as cheap as without the cache for clients that
	// do not).
	gzOnce sync.Once
	gz     []byte
}

// size counts the gzip form as the raw one's size, its bound, so an entry's
// size does not change once it is in the cache.
func (e *previewEntry) size() int { return 2*len(e.raw) + 256 }

func (e *previewEntry) gzip() []byte {
	e.gzOnce.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		zw.Write(e.raw)
		zw.Close()
		e.gz = b.Bytes()
	})
	return e.gz
}

// previewCache is a least-recently-used cache of encoded previews.
type previewCache struct {
	mu       sync.Mutex
	max      int
	bytes    int
	order    *list.List // front: most recently used; values are *previewEntry
	byKey    map[previewKey]*list.Element
	identity []byte // the library's identity, part of every key
}

func newPreviewCache(maxBytes int, identity []byte) *previewCache {
	return &previewCache{max: maxBytes, order: list.New(), byKey: map[previewKey]*list.Element{}, identity: identity}
}

// libraryIdentity is what a preview depends on besides its request: the
// rules (their version is a hash of the rule files) and every exercise as
// the engine holds it. The figures' URLs are hashes of the drawings, which
// follow from the exercises and the figure data the server was built with.
func libraryIdentity(e *limber.Engine) []byte {
	h := sha256.New()
	h.Write([]byte(e.Rules().Version))
	h.Write([]byte{0})
	// Exercises are plain data; encoding them cannot fail, and if it ever
	// did the identity would still differ from any real library's.
	json.NewEncoder(h).Encode(e.Exercises())
	return h.Sum(nil)
}

// key hashes the library identity with the request's canonical form (its
// parsed values encoded again: field order and spacing of the body do not
// matter, every value does).
func (pc *previewCache) key(req any) (previewKey, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return previewKey{}, err
	}
	h := sha256.New()
	h.Write(pc.identity)
	h.Write([]byte{0})
	h.Write(b)
	var k previewKey
	h.Sum(k[:0])
	return k, nil
}

func (pc *previewCache) get(k previewKey) (*previewEntry, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.byKey[k]
	if !ok {
		return nil, false
	}
	pc.order.MoveToFront(el)
	return el.Value.(*previewEntry), true
}

// put stores an answer, evicting the least recently used until it fits;
// an answer larger than a quarter of the cache is not kept.
func (pc *previewCache) put(e *previewEntry) {
	if e.size() > pc.max/4 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.byKey[e.key]; ok {
		pc.order.MoveToFront(el)
		return
	}
	pc.byKey[e.key] = pc.order.PushFront(e)
	pc.bytes += e.size()
	for pc.bytes > pc.max {
		last := pc.order.Back()
		old := last.Value.(*previewEntry)
		pc.order.Remove(last)
		delete(pc.byKey, old.key)
		pc.bytes -= old.size()
	}
}

// stats reports the entries and bytes held (for tests).
func (pc *previewCache) stats() (entries, bytes int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.order.Len(), pc.bytes
}

// encodePreview makes a cache entry of a preview answer.
func encodePreview(k previewKey, v any) (*previewEntry, error) {
	var raw bytes.Buffer
	// As c.JSON writes it (an Encoder, so with its trailing newline).
	if err := json.NewEncoder(&raw).Encode(v); err != nil {
		return nil, err
	}
	return &previewEntry{key: k, raw: raw.Bytes()}, nil
}

// acceptsGzip tells whether an Accept-Encoding header allows gzip (a
// "gzip;q=0" refuses it).
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q=")
		if !ok {
			return true
		}
		return strings.Trim(q, "0.") != ""
	}
	return false
}
