package scenarios_test

import (
	"net/http"
	"testing"

	"github.com/profilemock/profilemock/scenarios"
)

func TestMatch(t *testing.T) {
	const other = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"
	scenario := func(name, match string) string {
		return "name: " + name + "\ndescription: d\n" + match + "response: {status: 200}\n"
	}
	c, err := scenarios.Load(loadSchemas(t), source(map[string]string{
		"glob.yaml":   scenario("glob", "match: {token: \"g-?-*\"}\n"),
		"regex.yaml":  scenario("regex", "match: {tokenRegex: \"^re-[0-9]+$\"}\n"),
		"dept.yaml":   scenario("dept", "match: {departmentUuid: \""+other+"\"}\n"),
		"header.yaml": scenario("header", "match: {headers: {x-client: storybook}}\n"),
		"all.yaml":    scenario("all", "match:\n  token: \"both-*\"\n  departmentUuid: "+dept+"\n  headers: {X-Client: qa, X-Env: ci}\n"),
		// Both match "dup-1": the first by name wins.
		"b.yaml": scenario("dup-b", "match: {token: \"dup-*\"}\n"),
		"a.yaml": scenario("dup-a", "match: {tokenRegex: \"^dup\"}\n"),
		// No rules: reached by name only.
		"plain.yaml": scenario("plain", ""),
	}))
	if err != nil {
		t.Fatal(err)
	}
	headers := func(kv ...string) func(string) string {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Add(kv[i], kv[i+1])
		}
		return h.Get
	}
	cases := []struct {
		name   string
		dept   string
		token  string
		header func(string) string
		want   string // "" = no match
	}{
		{"glob", dept, "g-1-anything", nil, "glob"},
		{"glob ? needs one character", dept, "g--x", nil, ""},
		{"glob does not cross a slash", dept, "g-1-a/b", nil, ""},
		{"regexp", dept, "re-42", nil, "regex"},
		{"regexp anchored", dept, "re-42x", nil, ""},
		{"department", other, "anything", nil, "dept"},
		{"department in upper case", "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D", "anything", nil, "dept"},
		{"header", dept, "t", headers("X-Client", "storybook"), "header"},
		{"header name in any case", dept, "t", headers("x-CLIENT", "storybook"), "header"},
		{"header value exact", dept, "t", headers("X-Client", "Storybook"), ""},
		{"all hold", dept, "both-1", headers("X-Client", "qa", "X-Env", "ci"), "all"},
		{"all: one header missing", dept, "both-1", headers("X-Client", "qa"), ""},
		{"all: other department", other, "both-1", headers("X-Client", "qa", "X-Env", "ci"), "dept"},
		{"all: token differs", dept, "neither-1", headers("X-Client", "qa", "X-Env", "ci"), ""},
		{"first by name wins", dept, "dup-1", nil, "dup-a"},
		{"nothing matches", dept, "plain", nil, ""},
		{"nil header function", dept, "t", nil, ""},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := c.Match(tt.dept, tt.token, tt.header)
			got := ""
			if ok {
				got = s.Name
			}
			if got != tt.want {
				t.Errorf("Match(%s, %q) = %q, want %q", tt.dept, tt.token, got, tt.want)
			}
		})
	}
	if _, ok := c.Get("plain"); !ok {
		t.Error("a scenario without rules is not reachable by name")
	}
}

func TestMatchBuiltinTokens(t *testing.T) {
	c, _ := loadBuiltin(t)
	for token, want := range map[string]string{
		"slow-42":                   "slow",
		"pending-approval-7":        "pending-approval",
		"status-pending-approval-7": "status-pending-approval",
		"flaky-":                    "flaky",
		"ok-1":                      "",
		"default-1":                 "",
		"slow":                      "",
	} {
		s, ok := c.Match(dept, token, nil)
		got := ""
		if ok {
			got = s.Name
		}
		if got != want {
			t.Errorf("token %q selects %q, want %q", token, got, want)
		}
	}
}

// TestMatchRulesByHand: rules built in code rather than loaded still work, and empty rules never hold.
func TestMatchRulesByHand(t *testing.T) {
	m := scenarios.MatchRules{TokenRegex: "^x"}
	if !m.Holds(dept, "xyz", nil) || m.Holds(dept, "axyz", nil) {
		t.Error("a hand-built regexp rule")
	}
	bad := scenarios.MatchRules{TokenRegex: "("}
	if bad.Holds(dept, "(", nil) {
		t.Error("an invalid hand-built regexp matches")
	}
	var none scenarios.MatchRules
	if !none.IsZero() || none.Holds(dept, "", nil) || none.String() != "" {
		t.Error("empty rules hold")
	}
}
