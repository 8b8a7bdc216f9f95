// Package library reads exercise files and rule files into the core's types.
// Every problem it finds names the file, the field and what is wrong, and it
// reports all of them, not only the first.
package library

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with one file.
type Problem struct {
	File    string
	Field   string
	Message string
}

func (p Problem) String() string {
	if p.Field == "" {
		return p.File + ": " + p.Message
	}
	return p.File + ": " + p.Field + ": " + p.Message
}

// Problems is every problem found while loading; it is an error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// report collects problems for one file.
type report struct {
	file  string
	probs *Problems
}

func (r report) add(field, format string, args ...any) {
	*r.probs = append(*r.probs, Problem{File: r.file, Field: field, Message: fmt.Sprintf(format, args...)})
}
