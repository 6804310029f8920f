package features

import (
	"reflect"
	"strings"
	"testing"

	"github.com/profilemock/profilemock/schemas/rules"

	"github.com/profilemock/profilemock/schemas"
)

const d = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"

func TestParseFixtures(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		want       *Fixtures
	}{
		{
			name: "the documented shape",
			file: `auth: "Basic cWE6c2VjcmV0"      # the Authorization value the implementation accepts
path: /api/v1/department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}   # optional
responses:
  200: {departmentUuid: 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10, token: ok-1}
  204: {departmentUuid: 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10, token: none-1}   # optional
  500: {departmentUuid: 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10, token: boom-1}   # optional
`,
			want: &Fixtures{
				Auth: "Basic cWE6c2VjcmV0",
				Path: "/api/v1/department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}",
				Responses: map[int][]Request{
					200: {{Department: d, Token: "ok-1", Label: "responses.200"}},
					204: {{Department: d, Token: "none-1", Label: "responses.204"}},
					500: {{Department: d, Token: "boom-1", Label: "responses.500"}},
				},
			},
		},
		{
			name: "block style, headers, a numeric token, Bearer",
			file: `auth: Bearer abc.def-123
responses:
  "200":
    departmentUuid: ` + strings.ToUpper(d) + `
    token: 12345
  500:
    departmentUuid: ` + d + `
    token: "x/y%z"
    headers:
      Prefer: code=500
      X-Test-Hook: "fail now"
`,
			want: &Fixtures{
				Auth: "Bearer abc.def-123",
				Responses: map[int][]Request{
					200: {{Department: strings.ToUpper(d), Token: "12345", Label: "responses.200"}},
					500: {{Department: d, Token: "x/y%z", Headers: []Header{{"Prefer", "code=500"}, {"X-Test-Hook", "fail now"}}, Label: "responses.500"}},
				},
			},
		},
		{
			name: "anchors and flow style at the top",
			file: `{auth: "Basic cWE6c2VjcmV0", responses: {200: &ok {departmentUuid: ` + d + `, token: ok-1}}}`,
			want: &Fixtures{Auth: "Basic cWE6c2VjcmV0", Responses: map[int][]Request{200: {{Department: d, Token: "ok-1", Label: "responses.200"}}}},
		},
		{
			// The page makes the token a plain string: without declared rules,
			// any token but the empty one is a fixture's.
			name: "several customers, any tokens, declared rules and bad requests",
			file: `auth: Bearer t
responses:
  200:
    - {departmentUuid: ` + d + `, token: "ok 1"}
    - {departmentUuid: ` + d + `, token: ` + strings.Repeat("t", 600) + `}
rules:
  departmentCase: insensitive
badRequests:
  - {token: "ok-1;drop"}
  - {departmentUuid: not-a-uuid, headers: {X-Why: test}}
  - {token: ""}
`,
			want: &Fixtures{
				Auth: "Bearer t",
				Responses: map[int][]Request{200: {
					{Department: d, Token: "ok 1", Label: "responses.200[0]"},
					{Department: d, Token: strings.Repeat("t", 600), Label: "responses.200[1]"},
				}},
				Rules: rules.Declared{DepartmentCase: "insensitive"},
				BadRequests: []Request{
					{Department: d, Token: "ok-1;drop", Label: "badRequests[0]"},
					{Department: "not-a-uuid", Token: "ok 1", Headers: []Header{{"X-Why", "test"}}, Label: "badRequests[1]"},
					{Department: d, Token: "", Label: "badRequests[2]"},
				},
			},
		},
		{
			name: "a token rule",
			file: "auth: Bearer t\nresponses:\n  200: {departmentUuid: " + d + ", token: ok-1}\nrules:\n  token: {maxBytes: 64, characters: unreserved}\n",
			want: &Fixtures{
				Auth:      "Bearer t",
				Responses: map[int][]Request{200: {{Department: d, Token: "ok-1", Label: "responses.200"}}},
				Rules:     rules.Declared{Token: &rules.TokenRule{MaxBytes: 64, Characters: "unreserved"}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseFixtures("f.yaml", []byte(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestParseFixturesRejects: each bad file with the messages it must produce,
// file:line first.
func TestParseFixturesRejects(t *testing.T) {
	ok200 := "  200: {departmentUuid: " + d + ", token: ok-1}\n"
	for _, tc := range []struct {
		name, file string
		want       []string
	}{
		{"empty", "", []string{"f.yaml:1: the file is empty: want auth and responses (with 200 at least)"}},
		{"not YAML", "auth: [\n", []string{"f.yaml:1: not valid YAML: "}},
		{"a list", "- a\n- b\n", []string{"f.yaml:1: the file: want a mapping of keys, found a list"}},
		{"unknown key", "auth: Bearer x\nresponse:\n" + ok200, []string{
			`f.yaml:2: unknown key "response" (known: auth, path, responses, rules, badRequests)`,
			"f.yaml:1: no responses: want at least responses.200"}},
		{"no auth", "responses:\n" + ok200, []string{"f.yaml:1: no auth: want the Authorization value the implementation accepts"}},
		{"auth without scheme", "auth: cWE6c2VjcmV0\nresponses:\n" + ok200, []string{`f.yaml:1: auth: want "Basic <base64 of user:pass>" or "Bearer <token>"`}},
		{"auth not base64", "auth: Basic %%%\nresponses:\n" + ok200, []string{"f.yaml:1: auth: the Basic credentials are not base64 of user:pass"}},
		{"auth without colon", "auth: Basic bm9jb2xvbg==\nresponses:\n" + ok200, []string{"f.yaml:1: auth: the Basic credentials decode to something without a colon"}},
		{"no 200", "auth: Bearer x\nresponses:\n  204: {departmentUuid: " + d + ", token: n}\n", []string{"f.yaml:2: responses: no fixture for 200"}},
		{"status 404", "auth: Bearer x\nresponses:\n" + ok200 + "  404: {departmentUuid: " + d + ", token: n}\n", []string{
			"f.yaml:4: responses: status 404 takes no fixture: only 200, 204 and 500 do (400 and 401 requests are derived from the 200 fixture)"}},
		{"status 401", "auth: Bearer x\nresponses:\n" + ok200 + "  401: {departmentUuid: " + d + ", token: n}\n", []string{"f.yaml:4: responses: status 401 takes no fixture"}},
		{"not a status", "auth: Bearer x\nresponses:\n" + ok200 + "  ok: {departmentUuid: " + d + ", token: n}\n", []string{`f.yaml:4: responses: "ok" is not a status (want 200, 204 or 500)`}},
		{"department not a UUID", "auth: Bearer x\nresponses:\n  200:\n    departmentUuid: dept-1\n    token: ok-1\n", []string{
			`f.yaml:4: responses.200.departmentUuid "dept-1" is not a UUID (want 8-4-4-4-12 hex digits)`}},
		{"department missing", "auth: Bearer x\nresponses:\n  200: {token: ok-1}\n", []string{"f.yaml:3: responses.200: no departmentUuid"}},
		{"token with a space, against the declared rule", "auth: Bearer x\nresponses:\n  200: {departmentUuid: " + d + ", token: \"ok 1\"}\nrules: {token: {characters: visible-ascii}}\n", []string{
			"f.yaml:3: responses.200.token holds the byte 0x20 at 2 (only printable ASCII 0x21-0x7E, no space), which the fixtures' own rules.token refuses"}},
		{"token too long, against the declared rule", "auth: Bearer x\nresponses:\n  200: {departmentUuid: " + d + ", token: " + strings.Repeat("t", 513) + "}\nrules: {token: {maxBytes: 512}}\n", []string{
			"f.yaml:3: responses.200.token is 513 bytes long (at most 512)"}},
		{"token of a list entry", "auth: Bearer x\nresponses:\n  200:\n    - {departmentUuid: " + d + ", token: ok-1}\n    - {departmentUuid: " + d + ", token: \"\"}\n", []string{
			"f.yaml:5: responses.200[1].token is empty"}},
		{"an empty list", "auth: Bearer x\nresponses:\n  200: []\n", []string{"f.yaml:3: responses.200: an empty list"}},
		{"unknown rule", "auth: Bearer x\nresponses:\n" + ok200 + "rules: {tokens: {maxBytes: 1}}\n", []string{`f.yaml:4: rules: unknown key "tokens" (known: token, departmentCase)`}},
		{"impossible maxBytes", "auth: Bearer x\nresponses:\n" + ok200 + "rules:\n  token:\n    maxBytes: 0\n", []string{`f.yaml:6: rules.token.maxBytes: "0" is not a length (want a whole number from 1 to 65536)`}},
		{"unknown character set", "auth: Bearer x\nresponses:\n" + ok200 + "rules:\n  token: {characters: emoji}\n", []string{`f.yaml:5: rules.token.characters: "emoji" is not a character set (want visible-ascii or unreserved)`}},
		{"a token rule of nothing", "auth: Bearer x\nresponses:\n" + ok200 + "rules:\n  token: {}\n", []string{"f.yaml:5: rules.token: declares nothing"}},
		{"department case", "auth: Bearer x\nresponses:\n" + ok200 + "rules:\n  departmentCase: sometimes\n", []string{`f.yaml:5: rules.departmentCase: "sometimes" is not a case rule (want insensitive`}},
		{"bad requests not a list", "auth: Bearer x\nresponses:\n" + ok200 + "badRequests: {token: x}\n", []string{"f.yaml:4: badRequests: want a list of requests"}},
		{"a bad request of nothing", "auth: Bearer x\nresponses:\n" + ok200 + "badRequests:\n  - {}\n", []string{"f.yaml:5: badRequests[0]: says nothing"}},
		{"a bad request's unknown key", "auth: Bearer x\nresponses:\n" + ok200 + "badRequests:\n  - {tokn: x}\n", []string{`f.yaml:5: badRequests[0]: unknown key "tokn"`}},
		{"token empty", "auth: Bearer x\nresponses:\n  200: {departmentUuid: " + d + ", token: \"\"}\n", []string{"f.yaml:3: responses.200.token is empty"}},
		{"token null", "auth: Bearer x\nresponses:\n  200: {departmentUuid: " + d + ", token: }\n", []string{"f.yaml:3: responses.200.token: no value"}},
		{"unknown response key", "auth: Bearer x\nresponses:\n  200: {departmentUuid: " + d + ", token: t, status: 200}\n", []string{
			`f.yaml:3: responses.200: unknown key "status" (known: departmentUuid, token, headers)`}},
		{"Authorization in headers", "auth: Bearer x\nresponses:\n  200:\n    departmentUuid: " + d + "\n    token: t\n    headers: {authorization: Bearer y}\n", []string{
			"f.yaml:6: responses.200.headers: put the credentials in auth, not in a header"}},
		{"headers a list", "auth: Bearer x\nresponses:\n  200:\n    departmentUuid: " + d + "\n    token: t\n    headers: [a]\n", []string{
			"f.yaml:6: responses.200.headers: want a mapping of keys, found a list"}},
		{"duplicate key", "auth: Bearer x\nauth: Bearer y\nresponses:\n" + ok200, []string{`f.yaml:2: not valid YAML: mapping key "auth" already defined`}},
		{"duplicate status", "auth: Bearer x\nresponses:\n" + ok200 + "  \"200\": {departmentUuid: " + d + ", token: t}\n", []string{`f.yaml:4: not valid YAML: mapping key "200" already defined`}},
		{"bad path", "auth: Bearer x\npath: /department/{departmentUuid}\nresponses:\n" + ok200, []string{
			`f.yaml:2: path: route "/department/{departmentUuid}": must hold {customerProfileViewRequestToken} exactly once (found 0)`}},
		{"alias", "auth: Bearer x\nresponses:\n  200: &a {departmentUuid: " + d + ", token: t}\n  500: *a\n", []string{
			"f.yaml:4: responses.500: aliases (*name) are not supported in a fixtures file"}},
		{"two documents", "auth: Bearer x\nresponses:\n" + ok200 + "---\nauth: Bearer y\n", []string{"f.yaml:5: a second YAML document"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ParseFixtures("f.yaml", []byte(tc.file))
			if err == nil {
				t.Fatalf("accepted: %+v", f)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to hold %q", err, w)
				}
			}
		})
	}
}

func TestBuiltinFixturesAreValid(t *testing.T) {
	f := BuiltinFixtures()
	if up, ok := f.Basic(); !ok || up != BuiltinCredentials {
		t.Errorf("Basic() = %q, %v", up, ok)
	}
	if msg := authProblem(f.Auth); msg != "" {
		t.Error(msg)
	}
	for st, rs := range f.Responses {
		for _, r := range rs {
			if !schemas.IsUUID(r.Department) || f.Rules.Token.Problem(r.Token) != "" {
				t.Errorf("%d: %+v", st, r)
			}
		}
	}
	if !reflect.DeepEqual(f.Rules, rules.MockRules()) {
		t.Errorf("the built-in fixtures declare %+v, not the mock's own rules", f.Rules)
	}
}

// FuzzParseFixtures: no input panics, and an accepted file always gives a
// usable set of fixtures.
func FuzzParseFixtures(f *testing.F) {
	f.Add("auth: \"Basic cWE6c2VjcmV0\"\nresponses:\n  200: {departmentUuid: " + d + ", token: ok-1}\n")
	f.Add("auth: Bearer x\nresponses:\n  200:\n    departmentUuid: " + d + "\n    token: t\n    headers: {Prefer: code=500}\n")
	f.Add("{auth: Bearer x, responses: {200: &a {departmentUuid: " + d + ", token: t}, 500: *a}}")
	f.Add("- [a, {b: c}]\n")
	f.Fuzz(func(t *testing.T, in string) {
		fx, err := ParseFixtures("f.yaml", []byte(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml:") {
				t.Fatalf("an error without file:line: %v", err)
			}
			return
		}
		if _, ok := fx.Responses[200]; !ok || authProblem(fx.Auth) != "" {
			t.Fatalf("accepted without a 200 fixture or with bad auth: %+v", fx)
		}
		for _, rs := range fx.Responses {
			for _, r := range rs {
				if !schemas.IsUUID(r.Department) || fx.Rules.Token.Problem(r.Token) != "" {
					t.Fatalf("accepted a bad request: %+v", r)
				}
			}
		}
		if _, err := rules.ParseRoute(fx.Path); err != nil {
			t.Fatalf("accepted a bad path: %v", err)
		}
	})
}
