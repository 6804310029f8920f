// Package yamldoc is the YAML layer of every file format the toolkit loads: the scenario files and
// the contract suite's fixtures. It reads the one document of a file, reports goccy/go-yaml's errors
// at their line, gives the lines of keys and list entries, suggests the key a typo meant, and
// measures what aliases expand to. The keys of a format and the wording of its own problems stay
// with its loader; what a file of any format must not do is decided here, once.
package yamldoc

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Format is what a loader tells the layer about its files: the words for the faults the layer
// finds, which only the loader can put in its own terms ("one scenario per file").
type Format struct {
	// Empty is the message for a file that holds no document; it says what the file should hold.
	Empty string
	// Second is the message for a second document, reported at the line where it starts.
	Second string
}

// Error is a fault of a file that the layer found, at a line of the file.
type Error struct {
	Line    int
	Message string
}

// Error returns "line N: message"; a loader adds its file name through Locate.
func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Message) }

// Parse reads data as a file of format f and returns the body of its one document. A syntax error
// is "not valid YAML: " and goccy/go-yaml's message, at its line. Every error is an *Error.
//
// Parse is the only place where a loaded file's bytes reach the parser, so that a limit on the
// bytes themselves (a nesting depth, say, which must be refused before the parser recurses into
// it) is written once, here, and holds for every format.
func (f Format) Parse(data []byte) (ast.Node, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		line, msg := Locate(err)
		return nil, &Error{Line: line, Message: "not valid YAML: " + msg}
	}
	var body ast.Node
	for _, d := range file.Docs {
		if d == nil || d.Body == nil {
			continue // a "---" alone, or comments: no content, no second document
		}
		if body != nil {
			return nil, &Error{Line: Line(d.Body), Message: f.Second}
		}
		body = d.Body
	}
	if body == nil {
		return nil, &Error{Line: 1, Message: f.Empty}
	}
	return body, nil
}

// Locate returns the line an error of this package or of goccy/go-yaml (its parser or its decoder)
// is about, 1 when it names none, and its message on one line: goccy's own Error() appends an
// excerpt of the source, which a "file:line: message" report already points to.
func Locate(err error) (line int, message string) {
	line, message = 1, err.Error()
	var own *Error
	var ye yaml.Error
	switch {
	case errors.As(err, &own):
		line, message = own.Line, own.Message
	case errors.As(err, &ye):
		message = ye.GetMessage()
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			line = tk.Position.Line
		}
	}
	if i := strings.IndexByte(message, '\n'); i >= 0 {
		message = message[:i]
	}
	return max(line, 1), message
}

// Unwrap looks through anchors and tags to the value they carry. A node has at most one anchor and
// one tag; the bound on the steps only guards against a malformed tree.
func Unwrap(n ast.Node) ast.Node {
	for depth := 0; n != nil && depth < 100; depth++ {
		switch x := n.(type) {
		case *ast.AnchorNode:
			n = x.Value
		case *ast.TagNode:
			n = x.Value
		default:
			return n
		}
	}
	return n
}

// Line is the line of n, or 1 when it has none (a missing value, a node made up by the parser), so
// that every problem of a file has a place.
func Line(n ast.Node) int {
	if n == nil {
		return 1
	}
	if tk := n.GetToken(); tk != nil && tk.Position != nil {
		return tk.Position.Line
	}
	return 1
}

// EntryLine is the line of entry i's dash in a block list: an entry's value may start on a later
// line than its dash, and a reader looks for the dash. In a flow list it is the line of the comma
// before the entry (of the value, for the first).
func EntryLine(s *ast.SequenceNode, i int) int {
	if i < len(s.Entries) && s.Entries[i] != nil && s.Entries[i].Start != nil && s.Entries[i].Start.Position != nil {
		return s.Entries[i].Start.Position.Line
	}
	return Line(s.Values[i])
}

// Nearest returns the one of known that key most likely misspells (fewer than three edits, letter
// case ignored; the earlier in known on a tie), or "" when none is near enough to suggest.
func Nearest(key string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(key), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the Levenshtein distance in bytes. Keys are short: a long one is far from all of
// them, and is not worth a quadratic table.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ExpandedSize counts the values under n as a decoder will see them, each alias counting as the
// whole value of its anchor, and stops counting just above most. The parser keeps an alias as one
// node, so a small "billion laughs" file (aliases of lists of aliases) parses fast and would only
// blow up in the decoder: a loader that decodes refuses a body whose size is over its bound first.
func ExpandedSize(n ast.Node, most int) int {
	return expandedSize(n, most, map[string]int{})
}

// expandedSize is ExpandedSize with anchors, the sizes of the anchors defined so far (an alias can
// refer only to an earlier anchor).
func expandedSize(n ast.Node, most int, anchors map[string]int) int {
	if n == nil {
		return 0
	}
	add := func(a, b int) int { return min(a+b, most+1) }
	switch x := n.(type) {
	case *ast.AliasNode:
		if x.Value == nil {
			return 1
		}
		return max(anchors[x.Value.GetToken().Value], 1)
	case *ast.AnchorNode:
		size := expandedSize(x.Value, most, anchors)
		if x.Name != nil {
			anchors[x.Name.GetToken().Value] = size
		}
		return size
	case *ast.TagNode:
		return expandedSize(x.Value, most, anchors)
	case *ast.MappingKeyNode:
		return expandedSize(x.Value, most, anchors)
	case *ast.MappingNode:
		size := 1
		for _, kv := range x.Values {
			size = add(size, expandedSize(kv, most, anchors))
		}
		return size
	case *ast.MappingValueNode:
		return add(expandedSize(x.Key, most, anchors), expandedSize(x.Value, most, anchors))
	case *ast.SequenceNode:
		size := 1
		for _, v := range x.Values {
			size = add(size, expandedSize(v, most, anchors))
		}
		return size
	}
	return 1
}
