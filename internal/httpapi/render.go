package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/limber"
	"github.com/limber-health/limber/web"
)

// asset is one embedded static file with its content hash.
type asset struct {
	name, hash, contentType string
	body                    []byte
}

// renderer holds the page templates, parsed once at start, and the static
// assets with their hashed paths.
type renderer struct {
	pages  map[string]*template.Template
	assets map[string]asset
}

func newRenderer() (*renderer, error) {
	r := &renderer{pages: map[string]*template.Template{}, assets: map[string]asset{}}
	entries, err := fs.ReadDir(web.FS, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		body, err := fs.ReadFile(web.FS, "static/"+e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		ct := mime.TypeByExtension(path.Ext(e.Name()))
		switch path.Ext(e.Name()) {
		case ".webmanifest":
			ct = "application/manifest+json"
		case ".js":
			ct = "text/javascript; charset=utf-8"
		case ".svg":
			ct = "image/svg+xml"
		}
		r.assets[e.Name()] = asset{name: e.Name(), hash: hex.EncodeToString(sum[:])[:12], contentType: ct, body: body}
	}
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) {
			a, ok := r.assets[name]
			if !ok {
				return "", fmt.Errorf("no asset %q", name)
			}
			return "/static/" + a.hash + "/" + a.name, nil
		},
		"inc": func(i int) int { return i + 1 },
		// dict passes several values to a shared block: {{template "x" dict "A" 1 "B" 2}}.
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"dec":           func(i int) int { return i - 1 },
		"join":          func(xs []string) string { return strings.Join(xs, ", ") },
		"duration":      limber.Duration,
		"positionLabel": func(p limber.Position) string { return p.Label() },
		"decisionLabel": func(d limber.Decision) string { return limber.DecisionLabels[d] },
		"planStatus":    func(st string) string { return limber.PlanStatusLabels[st] },
		"regionLabel":   func(r limber.Region) string { return limber.RegionLabels[r] },
		"conditionLabel": func(c limber.Condition) string {
			if d, ok := limber.ConditionDescriptions[c]; ok {
				return d
			}
			return string(c)
		},
	}
	pages, err := fs.Glob(web.FS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		name := strings.TrimSuffix(path.Base(p), ".html")
		if name == "base" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(web.FS, "templates/base.html", p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", p, err)
		}
		r.pages[name] = t
	}
	return r, nil
}

// render writes a page. It renders into a buffer first, so a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(c echo.Context, status int, page string, data any) error {
	t, ok := s.pages.pages[page]
	if !ok {
		return fmt.Errorf("no page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base", data); err != nil {
		return fmt.Errorf("rendering %s: %w", page, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// static serves /static/<hash>/<name>: a hash that is not the current one
// is not found, so a tablet never mixes old and new files.
func (s *Server) static(c echo.Context) error {
	a, ok := s.pages.assets[c.Param("name")]
	if !ok || a.hash != c.Param("hash") {
		return errNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, a.contentType, a.body)
}

// rootAsset serves a file that must keep its own name: the service worker
// (whose scope follows its path), the manifest and the icon.
func (s *Server) rootAsset(name string) echo.HandlerFunc {
	return func(c echo.Context) error {
		a := s.pages.assets[name]
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Blob(http.StatusOK, a.contentType, a.body)
	}
}
