package figure_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFigureIsPure keeps the pose model and the drawing like the core: the
// standard library and the core's vocabulary only, no storage, network or
// files.
func TestFigureIsPure(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	forbidden := []string{"database/", "net/", "os", "io/fs", "embed"}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(strings.SplitN(path, "/", 2)[0], ".") && path != "github.com/limber-health/limber/internal/limber" {
				t.Errorf("%s imports %s: figures use the standard library and the core only", f, path)
			}
			for _, bad := range forbidden {
				if path == strings.TrimSuffix(bad, "/") || strings.HasPrefix(path, bad) && strings.HasSuffix(bad, "/") {
					t.Errorf("%s imports %s: figures never touch storage, the network or files", f, path)
				}
			}
		}
	}
}
