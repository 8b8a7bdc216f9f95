package library

import (
	"bytes"
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/limber-health/limber/internal/figure"
)

// WriteSheetEntry writes one variant's entry of the figures' contact
// sheet: its figure (from src) beside its steps, its declared tags and the
// tags its figure shows, flagging a shown tag it does not declare. The
// command limber exercises figures and the staff page both use it.
func WriteSheetEntry(w *bytes.Buffer, fd *figure.Data, v *figure.Variant, file string) {
	ex := v.Ex
	title := figure.Title(ex, v.Position, v.Side)
	fmt.Fprintf(w, `<section><img src="%s" alt="%s" width="300" loading="lazy"><div><h2>%s</h2>`, html.EscapeString(file), html.EscapeString(title), html.EscapeString(title))
	fmt.Fprintf(w, "<p class=dose>%s</p><ol>", html.EscapeString(ex.Dosage.Words()))
	for _, s := range ex.Steps {
		fmt.Fprintf(w, "<li>%s</li>", html.EscapeString(s))
	}
	w.WriteString("</ol>")
	declared := ex.TagsAt(v.Position, ex.Dosage)
	var ds []string
	for _, t := range declared {
		ds = append(ds, string(t))
	}
	fmt.Fprintf(w, "<p><b>Declared tags:</b> %s</p>", html.EscapeString(noneIfEmpty(strings.Join(ds, ", "))))
	if v.Placeholder {
		w.WriteString(`<p class=warn><b>No figure yet:</b> a placeholder is drawn.</p>`)
	} else {
		derived := fd.Derive(v)
		if len(derived) == 0 {
			w.WriteString("<p><b>Derived from the figure:</b> none</p>")
		} else {
			w.WriteString("<p><b>Derived from the figure:</b></p>")
		}
		w.WriteString("<ul>")
		for _, f := range derived {
			cls := ""
			if !slices.Contains(declared, f.Tag) {
				cls = ` class=warn`
			}
			fmt.Fprintf(w, "<li%s>%s — %s</li>", cls, html.EscapeString(string(f.Tag)), html.EscapeString(f.Evidence))
		}
		w.WriteString("</ul>")
	}
	for t, why := range ex.KeepTags {
		fmt.Fprintf(w, "<p><b>Kept:</b> %s — %s</p>", html.EscapeString(string(t)), html.EscapeString(why))
	}
	w.WriteString("</div></section>\n")
}

func noneIfEmpty(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
