package yamldoc_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"github.com/profilemock/profilemock/scenarios/yamldoc"
)

var format = yamldoc.Format{Empty: "nothing here", Second: "one per file"}

// TestParseRejects: each file the layer refuses, with the line and the message.
func TestParseRejects(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		line       int
		message    string
	}{
		{"empty", "", 1, "nothing here"},
		{"comments only", "# a\n# b\n", 1, "nothing here"},
		{"a separator only", "---\n", 1, "nothing here"},
		{"second document", "a: 1\n---\nb: 2\n", 3, "one per file"},
		{"second after a separator", "---\na: 1\n---\n\nb: 2\n", 5, "one per file"},
		{"syntax", "a: 1\nb: [\n", 2, "not valid YAML: "},
		{"duplicate key", "a: 1\na: 2\n", 2, `not valid YAML: mapping key "a" already defined at [1:1]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			body, err := format.Parse([]byte(tt.file))
			var e *yamldoc.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse = %v, %v; want an *Error", body, err)
			}
			if e.Line != tt.line || !strings.HasPrefix(e.Message, tt.message) || strings.Contains(e.Message, "\n") {
				t.Errorf("line %d %q, want line %d starting %q, on one line", e.Line, e.Message, tt.line, tt.message)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	for _, file := range []string{"a: 1\n", "---\na: 1\n", "a: 1\n---\n", "# c\n---\n- x\n...\n"} {
		body, err := format.Parse([]byte(file))
		if err != nil || body == nil {
			t.Errorf("Parse(%q) = %v, %v", file, body, err)
		}
	}
}

// TestLocate: goccy's decoder errors come out at their line, without the source excerpt.
func TestLocate(t *testing.T) {
	body, err := format.Parse([]byte("a: 1\nb: x\n"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		A int `yaml:"a"`
		B int `yaml:"b"`
	}
	err = yaml.NodeToValue(body, &v, yaml.Strict())
	if err == nil {
		t.Fatal("decoded text into an int")
	}
	if !strings.Contains(err.Error(), "\n") {
		t.Fatalf("goccy's error %q has no excerpt: the test no longer shows anything", err)
	}
	line, msg := yamldoc.Locate(err)
	if line != 2 || msg == "" || strings.Contains(msg, "\n") {
		t.Errorf("Locate = %d %q, want line 2 and one line", line, msg)
	}
	if line, msg := yamldoc.Locate(errors.New("plain\nmore")); line != 1 || msg != "plain" {
		t.Errorf("Locate(plain) = %d %q", line, msg)
	}
}

// TestLines: a key's line, and a list entry's dash (not its value, which may start later).
func TestLines(t *testing.T) {
	body, err := format.Parse([]byte("list:\n  -\n    a: 1\n  - &x b\n  - !!str c\nflow: [p,\n  q]\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := body.(*ast.MappingNode)
	if l := yamldoc.Line(m.Values[1].Key); l != 6 {
		t.Errorf("flow key at line %d, want 6", l)
	}
	list := yamldoc.Unwrap(m.Values[0].Value).(*ast.SequenceNode)
	for i, want := range []int{2, 4, 5} {
		if got := yamldoc.EntryLine(list, i); got != want {
			t.Errorf("entry %d at line %d, want %d", i, got, want)
		}
	}
	for i, want := range []string{"b", "c"} {
		if s, ok := yamldoc.Unwrap(list.Values[i+1]).(*ast.StringNode); !ok || s.Value != want {
			t.Errorf("Unwrap(entry %d) = %v, want the text %q", i+1, yamldoc.Unwrap(list.Values[i+1]), want)
		}
	}
	flow := m.Values[1].Value.(*ast.SequenceNode)
	if got := yamldoc.EntryLine(flow, 1); got != 6 {
		t.Errorf("flow entry after a comma on line 6 at line %d", got)
	}
	if yamldoc.Line(nil) != 1 {
		t.Error("Line(nil) is not 1")
	}
}

func TestNearest(t *testing.T) {
	known := []string{"delay", "fault", "status", "vehicles"}
	for key, want := range map[string]string{
		"stauts": "status", "Status": "status", "vehicle": "vehicles", "falt": "fault",
		"colour": "", "": "", strings.Repeat("status", 20): "",
	} {
		if got := yamldoc.Nearest(key, known); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", key, got, want)
		}
	}
	if got := yamldoc.Nearest("ab", []string{"ax", "ay"}); got != "ax" {
		t.Errorf("a tie went to %q, want the earlier, ax", got)
	}
}

// TestExpandedSize: an alias counts as the whole of its anchor, so nine levels of nine aliases
// (a "billion laughs") count past any bound although the file is a few lines.
func TestExpandedSize(t *testing.T) {
	size := func(file string, most int) int {
		t.Helper()
		body, err := format.Parse([]byte(file))
		if err != nil {
			t.Fatal(err)
		}
		return yamldoc.ExpandedSize(body, most)
	}
	// The mapping, its key, and the list with its two values.
	if n := size("a: [x, y]\n", 100); n != 5 {
		t.Errorf("plain: %d, want 5", n)
	}
	// b's alias counts as a's list of three.
	if n := size("a: &l [x, y]\nb: *l\n", 100); n != 1+(1+3)+(1+3) {
		t.Errorf("an alias: %d, want 9", n)
	}
	bomb := "l0: &l0 [x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 9; i++ {
		prev := "*l" + strconv.Itoa(i-1)
		bomb += "l" + strconv.Itoa(i) + ": &l" + strconv.Itoa(i) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n"
	}
	if n := size(bomb, 100_000); n != 100_001 {
		t.Errorf("bomb: %d, want the count to stop at 100001", n)
	}
}

// FuzzParse: no input panics, and every refusal has a line and a one-line message.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "---", "a: 1\n---\nb: 2\n", "[", "{a: *b}", "a: &a [*a]", "? [a]\n: b\n", "!!map {a: x}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		body, err := format.Parse(data)
		if err == nil {
			if body == nil {
				t.Fatal("no error and no body")
			}
			yamldoc.ExpandedSize(body, 1000)
			return
		}
		line, msg := yamldoc.Locate(err)
		if line < 1 || msg == "" || strings.Contains(msg, "\n") {
			t.Fatalf("a refusal without a place or on several lines: %d %q", line, msg)
		}
	})
}
