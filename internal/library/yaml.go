package library

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// field is one key of a YAML mapping with its value.
type field struct {
	key  string
	line int
	val  *yaml.Node
}

// parseDocument reads a YAML document whose top level must be a mapping.
func parseDocument(r report, data []byte) (*yaml.Node, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		r.add("", "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		r.add("", "the file is empty")
		return nil, false
	}
	return doc.Content[0], true
}

// fields lists the keys of a mapping node, reporting anything that is not a
// mapping, unknown keys (with the valid ones) and repeated keys.
func fields(r report, path string, n *yaml.Node, known []string) []field {
	if n.Kind != yaml.MappingNode {
		r.add(path, "line %d: expected a mapping of keys to values", n.Line)
		return nil
	}
	var out []field
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := join(path, k.Value)
		switch {
		case k.Kind != yaml.ScalarNode:
			r.add(path, "line %d: a key must be plain text", k.Line)
		case known != nil && !slices.Contains(known, k.Value):
			r.add(name, "unknown field; valid: %s", strings.Join(known, ", "))
		case seen[k.Value]:
			r.add(name, "line %d: given twice", k.Line)
		default:
			seen[k.Value] = true
			out = append(out, field{key: k.Value, line: k.Line, val: v})
		}
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// text reads a scalar as a string.
func text(r report, name string, n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		r.add(name, "line %d: expected text", n.Line)
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// texts reads a list of strings.
func texts(r report, name string, n *yaml.Node) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		r.add(name, "line %d: expected a list", n.Line)
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for i, c := range n.Content {
		s, good := text(r, fmt.Sprintf("%s[%d]", name, i), c)
		if good && s == "" {
			r.add(fmt.Sprintf("%s[%d]", name, i), "is empty")
			good = false
		}
		ok = ok && good
		out = append(out, s)
	}
	return out, ok
}

// number reads a whole number in [0, maxValue].
func number(r report, name string, n *yaml.Node, maxValue int) (int, bool) {
	var v int
	if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
		r.add(name, "line %d: expected a whole number", n.Line)
		return 0, false
	}
	if v < 0 || v > maxValue {
		r.add(name, "%d is out of range 0 to %d", v, maxValue)
		return 0, false
	}
	return v, true
}

// boolean reads true or false.
func boolean(r report, name string, n *yaml.Node) (bool, bool) {
	var v bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&v) != nil {
		r.add(name, "line %d: expected true or false", n.Line)
		return false, false
	}
	return v, true
}

// identifiers reads a list of vocabulary identifiers, each checked by parse,
// with no repeats.
func identifiers[T ~string](r report, name string, n *yaml.Node, parse func(string) (T, error)) []T {
	raw, _ := texts(r, name, n)
	out := make([]T, 0, len(raw))
	for i, s := range raw {
		if s == "" {
			continue
		}
		v, err := parse(s)
		if err != nil {
			r.add(fmt.Sprintf("%s[%d]", name, i), "%s", message(err))
			continue
		}
		if slices.Contains(out, v) {
			r.add(fmt.Sprintf("%s[%d]", name, i), "%q is listed twice", s)
			continue
		}
		out = append(out, v)
	}
	return out
}
