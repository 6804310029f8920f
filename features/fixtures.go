package features

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"golang.org/x/net/http/httpguts"

	"github.com/profilemock/profilemock/scenarios/yamldoc"
	"github.com/profilemock/profilemock/schemas"
	"github.com/profilemock/profilemock/schemas/rules"
)

// Fixtures tell the suite how to get each answer out of an implementation: the
// credentials it accepts, its route, and for 200, 204 and 500 the requests it
// answers with that status. The 400 and 401 requests are derived from the
// first 200 fixture (a bad department; no, malformed or wrong credentials),
// and from the rules the implementation declares.
type Fixtures struct {
	// Auth is the Authorization value the implementation accepts: "Basic
	// <base64 of user:pass>" or "Bearer <token>".
	Auth string
	// Path is the route template ("" for rules.DefaultPath).
	Path string
	// Responses maps 200 (always present), and optionally 204 and 500, to the
	// requests that get that answer: one or more each. Every check of a 200
	// runs for each of its requests (several customers: one with no
	// vehicles, one with many, one with declined documents, ...).
	Responses map[int][]Request
	// Rules are what the implementation declares it refuses beyond the
	// contract; the checks of the mock's own choices run only for these.
	Rules rules.Declared
	// BadRequests are more requests the implementation answers 400: each is
	// the first 200 request with what the entry gives in its place.
	BadRequests []Request
}

// Request is a request of the endpoint: the two path parameters and any
// extra headers (a test hook such as "Prefer: code=500").
type Request struct {
	Department string
	Token      string
	Headers    []Header
	// Label names the request in reports: "responses.200[1]".
	Label string
}

// First returns the first request for status, and whether there is one.
func (f *Fixtures) First(status int) (Request, bool) {
	if rs := f.Responses[status]; len(rs) > 0 {
		return rs[0], true
	}
	return Request{}, false
}

// Header is one request header, kept in file order.
type Header struct{ Name, Value string }

// The built-in fixtures, for the mock the contract command starts when it has
// no target.
const (
	// BuiltinDepartment is the department of the built-in fixtures.
	BuiltinDepartment = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"
	// BuiltinCredentials is the only Basic user:pass the in-process mock
	// accepts, so that the wrong-credential checks mean something.
	BuiltinCredentials = "qa:secret"
)

// BuiltinFixtures are the fixtures of the self-check: the mock answers the
// department and token "ok-1" with a profile, and 204 and 500 when asked with
// Prefer: code=N.
//
// They declare the mock's own rules as any service declares its own
// (rules.MockRules), and an empty token as one more bad request.
func BuiltinFixtures() *Fixtures {
	return &Fixtures{
		Auth: "Basic " + base64.StdEncoding.EncodeToString([]byte(BuiltinCredentials)),
		Responses: map[int][]Request{
			200: {{Department: BuiltinDepartment, Token: "ok-1", Label: "responses.200"}},
			204: {{Department: BuiltinDepartment, Token: "ok-1", Headers: []Header{{"Prefer", "code=204"}}, Label: "responses.204"}},
			500: {{Department: BuiltinDepartment, Token: "ok-1", Headers: []Header{{"Prefer", "code=500"}}, Label: "responses.500"}},
		},
		Rules:       rules.MockRules(),
		BadRequests: []Request{{Department: BuiltinDepartment, Token: "", Label: "badRequests[0]"}},
	}
}

// Basic returns the user:pass of Basic credentials.
func (f *Fixtures) Basic() (userPass string, ok bool) {
	scheme, rest, _ := strings.Cut(f.Auth, " ")
	if !strings.EqualFold(scheme, "Basic") {
		return "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
	if err != nil || !strings.Contains(string(raw), ":") {
		return "", false
	}
	return string(raw), true
}

// Bearer returns the token of Bearer credentials.
func (f *Fixtures) Bearer() (token string, ok bool) {
	scheme, rest, _ := strings.Cut(f.Auth, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// FixtureError is one problem of a fixtures file.
type FixtureError struct {
	File    string
	Line    int
	Message string
}

// Error returns "file:line: message".
func (e *FixtureError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message) }

// LoadFixtures reads and parses a fixtures file.
func LoadFixtures(name string) (*Fixtures, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: cannot read the fixtures file: %w", name, err)
	}
	return ParseFixtures(name, b)
}

// ParseFixtures parses a fixtures file:
//
//	auth: "Basic cWE6c2VjcmV0"
//	path: /api/v1/department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}
//	responses:
//	  200:                                  # one request, or a list of them
//	    - {departmentUuid: 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10, token: ok-1}
//	    - {departmentUuid: 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10, token: no-vehicles-1}
//	  204: {departmentUuid: ..., token: none-1}
//	  500: {departmentUuid: ..., token: boom-1, headers: {X-Test-Fail: "true"}}
//	rules:                                  # what else the implementation refuses with 400
//	  token: {maxBytes: 512, characters: visible-ascii}
//	  departmentCase: insensitive           # the same UUID in upper case is the same department
//	badRequests:                            # more requests it answers 400
//	  - {token: "ok-1;drop"}
//
// Unknown keys are errors. The error lists every problem, one "file:line:
// reason" per line, in file order.
func ParseFixtures(file string, data []byte) (*Fixtures, error) {
	p := &fixtureParser{file: file}
	f := p.parse(data)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		errs := make([]error, len(p.problems))
		for i, e := range p.problems {
			errs[i] = e
		}
		return nil, errors.Join(errs...)
	}
	return f, nil
}

type fixtureParser struct {
	file     string
	problems []*FixtureError
	saw200   bool // a responses key 200, good or bad
	// tokens are the requests' tokens and their lines, checked against the
	// declared token rule once the whole file is read.
	tokens []lineToken
	// bad are the badRequests entries, made whole from the first 200
	// request once the file is read.
	bad []badEntry
}

// badEntry is what one badRequests entry puts in place of the first 200
// request's: nil keeps that request's.
type badEntry struct {
	label             string
	department, token *string
	headers           []Header
}

type lineToken struct {
	where, token string
	line         int
}

func (p *fixtureParser) addf(line int, format string, args ...any) {
	p.problems = append(p.problems, &FixtureError{File: p.file, Line: max(line, 1), Message: fmt.Sprintf(format, args...)})
}

func (p *fixtureParser) parse(data []byte) *Fixtures {
	body, err := yamldoc.Format{
		Empty:  "the file is empty: want auth and responses (with 200 at least)",
		Second: "a second YAML document: one set of fixtures per file",
	}.Parse(data)
	if err != nil {
		line, msg := yamldoc.Locate(err)
		p.addf(line, "%s", msg)
		return nil
	}
	top, ok := p.mapping(body, "the file")
	if !ok {
		return nil
	}
	f := &Fixtures{Responses: map[int][]Request{}}
	var responsesLine int
	var sawAuth, sawResponses bool
	for _, kv := range top {
		switch kv.key {
		case "auth":
			sawAuth = true
			if v, ok := p.scalar(kv, "auth"); ok {
				f.Auth = v
				if msg := authProblem(v); msg != "" {
					p.addf(kv.line, "auth: %s", msg)
				}
			}
		case "path":
			if v, ok := p.scalar(kv, "path"); ok {
				f.Path = v
				if _, err := rules.ParseRoute(v); err != nil {
					p.addf(kv.line, "path: %v", err)
				}
			}
		case "responses":
			sawResponses, responsesLine = true, kv.line
			p.responses(kv, f)
		case "rules":
			f.Rules = p.rules(kv)
		case "badRequests":
			p.badRequests(kv)
		default:
			p.addf(kv.line, "unknown key %q (known: auth, path, responses, rules, badRequests)", kv.key)
		}
	}
	if !sawAuth {
		p.addf(1, `no auth: want the Authorization value the implementation accepts, e.g. auth: "Basic cWE6c2VjcmV0"`)
	}
	if !sawResponses {
		p.addf(1, "no responses: want at least responses.200 {departmentUuid, token}")
	} else if !p.saw200 {
		p.addf(responsesLine, "responses: no fixture for 200 (the 200, 400 and 401 checks all start from it)")
	}
	if base, ok := f.First(200); ok {
		for _, b := range p.bad {
			r := base
			r.Label, r.Headers = b.label, append(append([]Header(nil), base.Headers...), b.headers...)
			if b.department != nil {
				r.Department = *b.department
			}
			if b.token != nil {
				r.Token = *b.token
			}
			f.BadRequests = append(f.BadRequests, r)
		}
	}
	for _, t := range p.tokens {
		if msg := f.Rules.Token.Problem(t.token); msg != "" {
			if f.Rules.Token != nil && t.token != "" {
				msg += ", which the fixtures' own rules.token refuses"
			}
			p.addf(t.line, "%s.token %s", t.where, msg)
		}
	}
	return f
}

func (p *fixtureParser) responses(kv entry, f *Fixtures) {
	entries, ok := p.mapping(kv.value, "responses")
	if !ok {
		return
	}
	for _, e := range entries {
		status, err := strconv.Atoi(e.key)
		if err != nil {
			p.addf(e.line, "responses: %q is not a status (want 200, 204 or 500)", e.key)
			continue
		}
		if status == 200 {
			p.saw200 = true
		}
		if status != 200 && status != 204 && status != 500 {
			p.addf(e.line, "responses: status %d takes no fixture: only 200, 204 and 500 do (400 and 401 requests are derived from the 200 fixture)", status)
			continue
		}
		if _, dup := f.Responses[status]; dup {
			p.addf(e.line, "responses: a second fixture for %d", status)
			continue
		}
		where := fmt.Sprintf("responses.%d", status)
		items, isList := p.list(e)
		if !isList {
			if r, ok := p.request(e, where); ok {
				f.Responses[status] = []Request{r}
			}
			continue
		}
		if len(items) == 0 {
			p.addf(e.line, "%s: an empty list (give one request, or a list of them)", where)
			continue
		}
		var rs []Request
		good := true
		for i, it := range items {
			r, ok := p.request(it, fmt.Sprintf("%s[%d]", where, i))
			good = good && ok
			rs = append(rs, r)
		}
		if good {
			f.Responses[status] = rs
		}
	}
}

// list reads the value of kv as a list of entries, each keyed by its index;
// isList is false for anything but a list.
func (p *fixtureParser) list(kv entry) (items []entry, isList bool) {
	seq, ok := yamldoc.Unwrap(kv.value).(*ast.SequenceNode)
	if !ok {
		return nil, false
	}
	for i, v := range seq.Values {
		items = append(items, entry{key: strconv.Itoa(i), line: yamldoc.EntryLine(seq, i), value: v})
	}
	return items, true
}

func (p *fixtureParser) request(kv entry, where string) (Request, bool) {
	entries, ok := p.mapping(kv.value, where)
	if !ok {
		return Request{}, false
	}
	r := Request{Label: where}
	before := len(p.problems)
	var sawDept, sawToken bool
	for _, e := range entries {
		switch e.key {
		case "departmentUuid":
			sawDept = true
			if v, ok := p.scalar(e, where+".departmentUuid"); ok {
				r.Department = v
				if !schemas.IsUUID(v) {
					p.addf(e.line, "%s.departmentUuid %q is not a UUID (want 8-4-4-4-12 hex digits)", where, v)
				}
			}
		case "token":
			sawToken = true
			if v, ok := p.scalar(e, where+".token"); ok {
				r.Token = v
				p.tokens = append(p.tokens, lineToken{where: where, token: v, line: e.line})
			}
		case "headers":
			r.Headers = p.headers(e, where+".headers")
		default:
			p.addf(e.line, "%s: unknown key %q (known: departmentUuid, token, headers)", where, e.key)
		}
	}
	if !sawDept {
		p.addf(kv.line, "%s: no departmentUuid", where)
	}
	if !sawToken {
		p.addf(kv.line, "%s: no token", where)
	}
	return r, len(p.problems) == before
}

// rules reads the rules the implementation declares.
func (p *fixtureParser) rules(kv entry) rules.Declared {
	var d rules.Declared
	entries, ok := p.mapping(kv.value, "rules")
	if !ok {
		return d
	}
	for _, e := range entries {
		switch e.key {
		case "token":
			d.Token = p.tokenRule(e)
		case "departmentCase":
			if v, ok := p.scalar(e, "rules.departmentCase"); ok {
				if v != rules.DepartmentInsensitive {
					p.addf(e.line, "rules.departmentCase: %q is not a case rule (want %s, or leave departmentCase out)", v, rules.DepartmentInsensitive)
					continue
				}
				d.DepartmentCase = v
			}
		default:
			p.addf(e.line, "rules: unknown key %q (known: token, departmentCase)", e.key)
		}
	}
	return d
}

func (p *fixtureParser) tokenRule(kv entry) *rules.TokenRule {
	entries, ok := p.mapping(kv.value, "rules.token")
	if !ok {
		return nil
	}
	r := &rules.TokenRule{}
	for _, e := range entries {
		switch e.key {
		case "maxBytes":
			v, ok := p.scalar(e, "rules.token.maxBytes")
			if !ok {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxTokenRuleBytes {
				p.addf(e.line, "rules.token.maxBytes: %q is not a length (want a whole number from 1 to %d)", v, maxTokenRuleBytes)
				continue
			}
			r.MaxBytes = n
		case "characters":
			v, ok := p.scalar(e, "rules.token.characters")
			if !ok {
				continue
			}
			if !slices.Contains(rules.TokenCharacters(), v) {
				p.addf(e.line, "rules.token.characters: %q is not a character set (want %s)", v, strings.Join(rules.TokenCharacters(), " or "))
				continue
			}
			r.Characters = v
		default:
			p.addf(e.line, "rules.token: unknown key %q (known: maxBytes, characters)", e.key)
		}
	}
	if r.MaxBytes == 0 && r.Characters == "" {
		p.addf(kv.line, "rules.token: declares nothing (give maxBytes, characters or both)")
		return nil
	}
	return r
}

// maxTokenRuleBytes bounds rules.token.maxBytes: the suite sends a token one
// byte longer, in a URL.
const maxTokenRuleBytes = 1 << 16

// badRequests reads more requests the implementation answers 400: each entry
// gives the department, the token or headers that replace (or, for headers,
// join) the first 200 request's. The department and the token may be anything
// (that is the point), so they are not checked.
func (p *fixtureParser) badRequests(kv entry) {
	items, isList := p.list(kv)
	if !isList {
		p.addf(kv.line, "badRequests: want a list of requests, e.g. - {token: \"ok-1;drop\"}")
		return
	}
	for i, it := range items {
		where := fmt.Sprintf("badRequests[%d]", i)
		entries, ok := p.mapping(it.value, where)
		if !ok {
			continue
		}
		if len(entries) == 0 {
			p.addf(it.line, "%s: says nothing (give departmentUuid, token or headers)", where)
			continue
		}
		b := badEntry{label: where}
		for _, e := range entries {
			switch e.key {
			case "departmentUuid":
				if v, ok := p.scalarOrEmpty(e, where+".departmentUuid"); ok {
					b.department = &v
				}
			case "token":
				if v, ok := p.scalarOrEmpty(e, where+".token"); ok {
					b.token = &v
				}
			case "headers":
				b.headers = p.headers(e, where+".headers")
			default:
				p.addf(e.line, "%s: unknown key %q (known: departmentUuid, token, headers)", where, e.key)
			}
		}
		p.bad = append(p.bad, b)
	}
}

// scalarOrEmpty is scalar, with an empty value ("" or nothing) read as "".
func (p *fixtureParser) scalarOrEmpty(kv entry, what string) (string, bool) {
	if n := yamldoc.Unwrap(kv.value); n == nil || n.Type() == ast.NullType {
		return "", true
	}
	return p.scalar(kv, what)
}

func (p *fixtureParser) headers(kv entry, where string) []Header {
	entries, ok := p.mapping(kv.value, where)
	if !ok {
		return nil
	}
	var out []Header
	seen := map[string]bool{}
	for _, e := range entries {
		v, ok := p.scalar(e, where+"."+e.key)
		if !ok {
			continue
		}
		name := http.CanonicalHeaderKey(e.key)
		switch {
		case !httpguts.ValidHeaderFieldName(e.key):
			p.addf(e.line, "%s: %q is not a header name", where, e.key)
		case name == "Authorization":
			p.addf(e.line, "%s: put the credentials in auth, not in a header", where)
		case name == "Host" || name == "Content-Length" || name == "Transfer-Encoding" || name == "Connection":
			p.addf(e.line, "%s: %s is set by the HTTP client", where, name)
		case strings.ContainsAny(v, "\r\n\x00"):
			p.addf(e.line, "%s.%s holds a line break or NUL", where, e.key)
		case seen[name]:
			p.addf(e.line, "%s: %s appears twice", where, name)
		default:
			seen[name] = true
			out = append(out, Header{Name: e.key, Value: v})
		}
	}
	return out
}

// authProblem says why an auth value is not Basic or Bearer credentials, or "".
func authProblem(v string) string {
	scheme, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
	rest = strings.TrimSpace(rest)
	switch {
	case v == "":
		return `is empty: want "Basic <base64 of user:pass>" or "Bearer <token>"`
	case strings.EqualFold(scheme, "Basic"):
		raw, err := base64.StdEncoding.Strict().DecodeString(rest)
		if rest == "" || err != nil {
			return "the Basic credentials are not base64 of user:pass"
		}
		if !strings.Contains(string(raw), ":") {
			return "the Basic credentials decode to something without a colon (want base64 of user:pass)"
		}
		return ""
	case strings.EqualFold(scheme, "Bearer"):
		if rest == "" || strings.ContainsAny(rest, " \t\r\n") {
			return "the Bearer token is empty or holds white space"
		}
		return ""
	}
	return `want "Basic <base64 of user:pass>" or "Bearer <token>" (the value of the Authorization header, scheme included)`
}

// entry is one key of a mapping, with the line of the key.
type entry struct {
	key   string
	line  int
	value ast.Node
}

// mapping reads n as a mapping with scalar keys, reporting duplicates.
func (p *fixtureParser) mapping(n ast.Node, what string) ([]entry, bool) {
	n = yamldoc.Unwrap(n)
	if _, alias := n.(*ast.AliasNode); alias {
		p.addf(yamldoc.Line(n), "%s: aliases (*name) are not supported in a fixtures file", what)
		return nil, false
	}
	m, ok := n.(*ast.MappingNode)
	if !ok {
		p.addf(yamldoc.Line(n), "%s: want a mapping of keys, found %s", what, kind(n))
		return nil, false
	}
	var out []entry
	seen := map[string]bool{}
	for _, mv := range m.Values {
		var k ast.Node = mv.Key
		if mk, ok := k.(*ast.MappingKeyNode); ok {
			k = mk.Value
		}
		name, ok := scalarText(yamldoc.Unwrap(k))
		line := yamldoc.Line(k)
		if !ok {
			p.addf(line, "%s: a key must be a plain value, found %s", what, kind(yamldoc.Unwrap(k)))
			continue
		}
		if seen[name] {
			p.addf(line, "%s: the key %q appears twice", what, name)
			continue
		}
		seen[name] = true
		out = append(out, entry{key: name, line: line, value: mv.Value})
	}
	return out, true
}

// scalar reads the value of kv as text.
func (p *fixtureParser) scalar(kv entry, what string) (string, bool) {
	n := yamldoc.Unwrap(kv.value)
	if _, alias := n.(*ast.AliasNode); alias {
		p.addf(kv.line, "%s: aliases (*name) are not supported in a fixtures file", what)
		return "", false
	}
	if n == nil || n.Type() == ast.NullType {
		p.addf(kv.line, "%s: no value", what)
		return "", false
	}
	v, ok := scalarText(n)
	if !ok {
		p.addf(kv.line, "%s: want a plain value, found %s", what, kind(n))
		return "", false
	}
	return v, true
}

func scalarText(n ast.Node) (string, bool) {
	switch x := n.(type) {
	case *ast.StringNode:
		return x.Value, true
	case *ast.LiteralNode:
		if x.Value != nil {
			return x.Value.Value, true
		}
		return "", true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

func kind(n ast.Node) string {
	switch n.(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	}
	if s, ok := scalarText(n); ok {
		return "the value " + strconv.Quote(s)
	}
	return strings.ToLower(n.Type().String())
}
