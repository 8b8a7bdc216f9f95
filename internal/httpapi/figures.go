package httpapi

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/limber-health/limber/internal/figure"
	"github.com/limber-health/limber/internal/library"
	"github.com/limber-health/limber/internal/limber"
)

// The figure styles the pages use: the moving figure for the player, the
// black-on-white start→hold pair for the handout, the hold alone for the
// plan builder's thumbnails. High contrast is a class the player sets on
// the inlined figure, so it needs no drawing of its own.
var (
	styleMove  = figure.Style{}
	stylePrint = figure.Style{Theme: "print", Layout: "pair"}
	styleThumb = figure.Style{Layout: "still"}
)

// figureKey names one drawing: an exercise in a position, on a side, in a
// style.
type figureKey struct {
	exercise string
	position limber.Position
	side     figure.Side
	style    figure.Style
}

// figureStore holds every figure of the engine's library, drawn once on
// first use (drawing all takes a fraction of a second) and kept: the
// drawing is deterministic, so a figure's hash, and its URL, survive a
// restart, and a tablet's cached copy stays valid.
type figureStore struct {
	once   sync.Once
	data   *figure.Data
	err    error
	byHash map[string][]byte
	url    map[figureKey]string
}

// figureCSP is the policy a figure is served with: it is a picture, so it
// may run nothing and load nothing but its own inline styles.
const figureCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'"

func (s *Server) loadFigures() *figureStore {
	f := &s.figures
	f.once.Do(func() {
		if f.data == nil {
			f.data, f.err = library.ShippedFigureData()
			if f.err != nil {
				return
			}
		}
		f.byHash, f.url = map[string][]byte{}, map[figureKey]string{}
		for _, ex := range s.engine.Exercises() {
			for _, p := range ex.Positions {
				for _, side := range figure.Sides(ex) {
					v, err := f.data.Resolve(ex, p, side)
					if err != nil {
						f.err = fmt.Errorf("drawing %s in %s: %w", ex.ID, p, err)
						return
					}
					for _, st := range []figure.Style{styleMove, stylePrint, styleThumb} {
						svg := v.SVG(st)
						h := figure.Hash(svg)
						f.byHash[h] = svg
						f.url[figureKey{ex.ID, p, side, st}] = "/figures/" + h + ".svg"
					}
				}
			}
		}
	})
	return f
}

// figureURL is the URL of one figure, or "" when the library has none
// (an exercise the engine no longer knows).
func (s *Server) figureURL(exercise string, p limber.Position, side figure.Side, st figure.Style) string {
	f := s.loadFigures()
	if f.err != nil {
		return ""
	}
	return f.url[figureKey{exercise, p, side, st}]
}

// serveFigure answers GET /figures/:file, file being <hash>.svg.
func (s *Server) serveFigure(c echo.Context) error {
	h, ok := strings.CutSuffix(c.Param("file"), ".svg")
	f := s.loadFigures()
	if f.err != nil {
		return f.err
	}
	svg, found := f.byHash[h]
	if !ok || !found {
		return errNotFound
	}
	hd := c.Response().Header()
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("Content-Security-Policy", figureCSP)
	hd.Set("X-Frame-Options", "SAMEORIGIN")
	// Figures are the same for everyone but stay same-origin: no other
	// site may embed them.
	hd.Set("Cross-Origin-Resource-Policy", "same-origin")
	return c.Blob(http.StatusOK, "image/svg+xml", svg)
}

// figureURLs are the figure fields every item of a plan document and of
// /me/today carries. FigureURL is the moving figure of the item's
// position (the right side for an item done on each side); an item done on
// each side also has FigureURLLeft, the left side drawn from its own side
// (the player shows it for the second side). FigurePrintURL is the
// black-on-white start→hold pair for paper, ThumbnailURL the hold alone
// for the plan builder. An exercise without a figure of its own still
// gets these: they show a placeholder.
type figureURLs struct {
	FigureURL      string `json:"figure_url"`
	FigureURLLeft  string `json:"figure_url_left,omitempty"`
	FigurePrintURL string `json:"figure_print_url"`
	ThumbnailURL   string `json:"thumbnail_url"`
}

func (s *Server) figuresOf(exercise string, p limber.Position) figureURLs {
	u := figureURLs{
		FigureURL:      s.figureURL(exercise, p, figure.Right, styleMove),
		FigureURLLeft:  s.figureURL(exercise, p, figure.Left, styleMove),
		FigurePrintURL: s.figureURL(exercise, p, figure.Right, stylePrint),
		ThumbnailURL:   s.figureURL(exercise, p, figure.Right, styleThumb),
	}
	return u
}

// figItem is a plan item as the API shows it: the item and its figures.
type figItem struct {
	limber.Item
	figureURLs
}

func (s *Server) withFigures(items []limber.Item) []figItem {
	if items == nil {
		return nil
	}
	out := make([]figItem, len(items))
	for i, it := range items {
		out[i] = figItem{Item: it, figureURLs: s.figuresOf(it.ExerciseID, it.Position)}
	}
	return out
}

// storedPlanOut is a stored plan with figures on its items (the Items
// field here hides the plan's own in JSON).
type storedPlanOut struct {
	limber.StoredPlan
	Items []figItem `json:"items"`
}

func (s *Server) storedPlanJSON(p limber.StoredPlan) storedPlanOut {
	return storedPlanOut{StoredPlan: p, Items: s.withFigures(p.Items)}
}

// planOut is an unsaved plan (a preview) with figures on its items.
type planOut struct {
	*limber.Plan
	Items []figItem `json:"items"`
}

func (s *Server) planJSON(p *limber.Plan) planOut {
	return planOut{Plan: p, Items: s.withFigures(p.Items)}
}

type figuresPage struct {
	pageBase
	Count int
	Sheet template.HTML
}

// figuresPage is the contact sheet for staff (GET /clinic/figures): every
// variant's figure, each side where an exercise is done per side, beside
// its steps, declared and derived tags; the same entries as the sheet
// `limber exercises figures` writes.
func (s *Server) figuresPage(c echo.Context) error {
	f := s.loadFigures()
	if f.err != nil {
		return f.err
	}
	var b bytes.Buffer
	n := 0
	for _, ex := range s.engine.Exercises() {
		for _, p := range ex.Positions {
			for _, side := range figure.Sides(ex) {
				v, err := f.data.Resolve(ex, p, side)
				if err != nil {
					return err
				}
				library.WriteSheetEntry(&b, f.data, v, f.url[figureKey{ex.ID, p, side, styleMove}])
				n++
			}
		}
	}
	// The entries are built from escaped text only (WriteSheetEntry).
	return s.render(c, http.StatusOK, "figures", figuresPage{pageBase: s.base(c, "Exercise figures"), Count: n, Sheet: template.HTML(b.String())})
}
