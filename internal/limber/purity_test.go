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

// TestCoreIsPure keeps the core, and the pose model beside it, free of
// storage, HTTP and any outside module: they take values and return values,
// and only the standard library helps them (the pose model also uses the
// core's vocabulary).
func TestCoreIsPure(t *testing.T) {
	for dir, allowed := range map[string]string{
		".":         "",
		"../figure": "github.com/limber-health/limber/internal/limber",
	} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", dir)
		}
		forbidden := []string{"database/", "net/", "os", "os/", "io/fs", "io/ioutil", "embed", "syscall", "unsafe"}
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
				if strings.Contains(strings.SplitN(path, "/", 2)[0], ".") && path != allowed {
					t.Errorf("%s imports %s: the core and the pose model use the standard library only", f, path)
				}
				for _, bad := range forbidden {
					if path == strings.TrimSuffix(bad, "/") || strings.HasPrefix(path, bad) && strings.HasSuffix(bad, "/") {
						t.Errorf("%s imports %s: the core and the pose model never touch storage, the network or files", f, path)
					}
				}
			}
		}
	}
}
