package schemas_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The API reference page, as the user gave it: the only source of truth for
// fields and types. These helpers read it so that the tests check the schema
// files against the page itself, not against a copy typed into a test.

type pageField struct {
	name, typ string
	enum      []string
}

type pageSection struct {
	status  int
	fields  []pageField
	example []byte
}

var fieldLine = regexp.MustCompile(`^(property name\*|[A-Za-z][A-Za-z0-9]*) (int32|int64|string|boolean|object|object\[\])$`)

// readPage splits the page into its five response sections, each with its
// field listing (in the page's order) and its example.
func readPage(t testing.TB) []pageSection {
	t.Helper()
	raw, err := os.ReadFile("testdata/api-reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	statuses := []int{200, 204, 400, 401, 500}
	var sections []pageSection
	cur := pageSection{status: statuses[0]}
	var example *bytes.Buffer
	depth := 0
	inEnum := false
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case example != nil:
			example.WriteString(line + "\n")
			depth += strings.Count(line, "{") - strings.Count(line, "}")
			if depth == 0 {
				cur.example = example.Bytes()
				sections = append(sections, cur)
				example = nil
				if len(sections) < len(statuses) {
					cur = pageSection{status: statuses[len(sections)]}
				}
			}
		case line == "{":
			example, depth = &bytes.Buffer{}, 1
			example.WriteString(line + "\n")
		case strings.HasPrefix(line, "Possible values: ["):
			inEnum = true
			cur.fields[len(cur.fields)-1].enum = append(cur.fields[len(cur.fields)-1].enum, strings.TrimPrefix(line, "Possible values: ["))
		case inEnum && line == "]":
			inEnum = false
		case inEnum:
			cur.fields[len(cur.fields)-1].enum = append(cur.fields[len(cur.fields)-1].enum, strings.TrimPrefix(line, ", "))
		default:
			if m := fieldLine.FindStringSubmatch(line); m != nil {
				cur.fields = append(cur.fields, pageField{name: m[1], typ: m[2]})
			}
		}
	}
	if len(sections) != len(statuses) {
		t.Fatalf("page: found %d response sections with an example, want %d", len(sections), len(statuses))
	}
	return sections
}

// exampleKeys lists the example's keys depth first, in document order, each
// as its path of property names (arrays are transparent: the page lists an
// array's item fields right under the array).
func exampleKeys(t testing.TB, example []byte) [][]string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(example))
	var out [][]string
	var walk func(path []string)
	walk = func(path []string) {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("page example: %v", err)
		}
		switch tok {
		case json.Delim('{'):
			for d.More() {
				k, err := d.Token()
				if err != nil {
					t.Fatalf("page example: %v", err)
				}
				p := append(append([]string{}, path...), k.(string))
				out = append(out, p)
				walk(p)
			}
			d.Token() // }
		case json.Delim('['):
			for d.More() {
				walk(path)
			}
			d.Token() // ]
		}
	}
	walk(nil)
	return out
}
