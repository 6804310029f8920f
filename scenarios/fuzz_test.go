package scenarios_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/profilemock/profilemock/scenarios"
)

// FuzzLoad feeds arbitrary bytes to the loader as one scenario file. The loader must never panic;
// it either loads exactly one scenario that renders, or reports problems that each name the file
// and a line.
func FuzzLoad(f *testing.F) {
	builtin := scenarios.Builtin()
	names, err := fs.Glob(builtin, "*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(builtin, n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "---", "name: x\n---\n", "[", "{a: *b}", "a: &a [*a]", "<<: {}",
		"name: x\ndescription: d\nresponse: {status: 200, delay: {min: 1s, max: 2s}, patch: {a: [1, {b: null}]}}\n",
		"name: x\ndescription: d\nsequence:\n  - &s {status: 200, profile: {items: {min: 0, max: 2}}}\n  - *s\n  - <<: *s\n    status: 500\ncycle: true\n",
		"name: x\ndescription: d\nmatch: {token: '[', tokenRegex: '(', headers: {'': ''}}\nresponse: {status: 9999999999999999999999}\n",
		"name: x\ndescription: d\nresponse:\n  profile: {statuses: [1, null, {}], names: !!binary aGk=}\n",
		"? [a]\n: b\n", "!!map {name: x}", "name: \"\\u0000\"\n",
	} {
		f.Add([]byte(s))
	}
	set := loadSchemas(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := scenarios.Load(set, scenarios.Source{FS: fstest.MapFS{"s.yaml": {Data: data}}, Label: "fuzz"})
		if err != nil {
			ps := scenarios.Problems(err)
			if len(ps) == 0 {
				t.Fatalf("an error without problems: %v", err)
			}
			for _, p := range ps {
				if p.File != "fuzz/s.yaml" || p.Line < 1 || p.Message == "" || strings.Contains(p.Message, "\n") {
					t.Fatalf("a problem without a place or on several lines: %#v", p)
				}
			}
			return
		}
		if c.Len() != 1 {
			t.Fatalf("%d scenarios from one file", c.Len())
		}
		s := c.All()[0]
		for i := range s.Steps {
			r := &s.Steps[i]
			if r.Status == 200 {
				if _, err := r.Render200(1, dept, "fuzz"); err != nil {
					t.Fatalf("a loaded scenario does not render: %v", err)
				}
			}
			_ = r.ErrorBody()
		}
		_ = s.Step(3)
		_, _ = c.Match(dept, "fuzz-1", func(string) string { return "" })
	})
}
