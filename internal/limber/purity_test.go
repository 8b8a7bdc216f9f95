package limber_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCoreIsPure keeps the core free of storage, HTTP and any outside
// module: it takes values and returns values, and only the standard library
// helps it.
func TestCoreIsPure(t *testing.T) {
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
			if strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
				t.Errorf("%s imports %s: the core uses the standard library only", f, path)
			}
			for _, bad := range forbidden {
				if path == strings.TrimSuffix(bad, "/") || strings.HasPrefix(path, bad) && strings.HasSuffix(bad, "/") {
					t.Errorf("%s imports %s: the core never touches storage, the network or files", f, path)
				}
			}
		}
	}
}
