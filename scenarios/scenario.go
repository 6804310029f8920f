// Package scenarios is the mock's library of canned answers: the built-in scenario files beside this
// package, the user's own files, and the loader that parses them, checks them against the contract and
// returns an immutable Catalog.
//
// A scenario is one YAML file (the format is in README.md beside this file). It names a response, or a
// sequence of responses for stateful flows, and optionally the requests it answers (match rules on the
// token, the department and headers). Nothing here knows HTTP: package mock selects a scenario for a
// request, keeps the sequence positions and writes the bytes this package renders.
package scenarios

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/profilemock/profilemock/scenarios/profile"
	"github.com/profilemock/profilemock/schemas"
)

// Catalog is a loaded, checked set of scenarios. It is immutable after Load and safe for concurrent
// use; the scenarios it hands out must not be modified.
type Catalog struct {
	byName  map[string]*Scenario
	sorted  []*Scenario // by name
	matched []*Scenario // the scenarios with match rules, by name
}

// Names returns the scenario names, sorted. The slice is the caller's.
func (c *Catalog) Names() []string {
	out := make([]string, len(c.sorted))
	for i, s := range c.sorted {
		out[i] = s.Name
	}
	return out
}

// Get returns the scenario called name.
func (c *Catalog) Get(name string) (*Scenario, bool) {
	s, ok := c.byName[name]
	return s, ok
}

// All returns every scenario, sorted by name. The slice is the caller's; the scenarios are shared.
func (c *Catalog) All() []*Scenario {
	return append([]*Scenario(nil), c.sorted...)
}

// Len is the number of scenarios.
func (c *Catalog) Len() int { return len(c.sorted) }

// Match returns the first scenario, in name order, whose match rules all hold for the request.
// Scenarios without match rules are reached only by name and never match here. header returns a
// request header's value by name (any case, as http.Header.Get); nil means no headers.
func (c *Catalog) Match(departmentUUID, token string, header func(name string) string) (*Scenario, bool) {
	for _, s := range c.matched {
		if s.Match.Holds(departmentUUID, token, header) {
			return s, true
		}
	}
	return nil, false
}

// Scenario is one loaded scenario file.
type Scenario struct {
	// Name is unique in a Catalog: [a-z0-9][a-z0-9-]*.
	Name string
	// Description is one line for people choosing a scenario.
	Description string
	// OffContract scenarios may break the contract on purpose (faults, patches): the loader does
	// not hold their bodies to the schemas.
	OffContract bool
	// Match says which requests select the scenario without naming it; zero means none.
	Match MatchRules
	// Steps holds one response (response:) or several (sequence:), in order; never empty.
	Steps []Response
	// Cycle makes a sequence start over after its last step; otherwise the last step repeats.
	Cycle bool
	// Source is "file:line" where the scenario was defined, for messages.
	Source string
}

// Step returns the response for the n-th call (0-based) of the scenario: the step StepIndex names.
// It is nil only for a scenario without steps, which Load never returns.
func (s *Scenario) Step(n int) *Response {
	if len(s.Steps) == 0 {
		return nil // only a scenario built by hand can have no step
	}
	return &s.Steps[s.StepIndex(n)]
}

// StepIndex returns the index of the step that answers the n-th call (0-based) of the scenario: 0
// for a single response; a sequence's step n, then its last step again, or from the start again when
// Cycle is set.
func (s *Scenario) StepIndex(n int) int {
	k := len(s.Steps)
	switch {
	case n <= 0 || k <= 1:
		return 0
	case s.Cycle:
		return n % k
	case n >= k:
		return k - 1
	}
	return n
}

// MatchRules are the conditions under which a request selects a scenario without naming it. Every
// condition given must hold; the zero value has none and matches nothing.
type MatchRules struct {
	// Token is a path.Match glob on customerProfileViewRequestToken ("" = any).
	Token string
	// TokenRegex is a Go regular expression on the token, unanchored unless it says ^ and $ ("" = any).
	TokenRegex string
	// DepartmentUUID is the department in its canonical form, lower case ("" = any); a request's
	// department in any letter case is the same department (schemas.CanonicalUUID).
	DepartmentUUID string
	// Headers are exact header values, sorted by name; names are canonical (X-Client).
	Headers []HeaderRule

	tokenRe *regexp.Regexp
	// tokenPrefix answers a glob of the form "literal*" (every built-in's)
	// without path.Match, which is the costliest step of choosing a
	// scenario on the request path.
	tokenPrefix   string
	tokenIsPrefix bool
}

// globPrefix tells whether a path.Match glob is a literal followed by one
// trailing "*", and returns the literal.
func globPrefix(glob string) (string, bool) {
	if len(glob) == 0 || glob[len(glob)-1] != '*' {
		return "", false
	}
	lit := glob[:len(glob)-1]
	if strings.ContainsAny(lit, `*?[\`) {
		return "", false
	}
	return lit, true
}

// HeaderRule requires a request header to have exactly Value.
type HeaderRule struct {
	Name  string // canonical form, e.g. "X-Client"
	Value string
}

// IsZero reports whether the rules have no condition at all.
func (m *MatchRules) IsZero() bool {
	return m.Token == "" && m.TokenRegex == "" && m.DepartmentUUID == "" && len(m.Headers) == 0
}

// Holds reports whether every condition holds for the request. Rules without any condition never
// hold: such a scenario is reached only by name.
func (m *MatchRules) Holds(departmentUUID, token string, header func(name string) string) bool {
	if m.IsZero() {
		return false
	}
	switch {
	case m.tokenIsPrefix:
		// As path.Match would: "*" matches any run of characters but "/".
		if !strings.HasPrefix(token, m.tokenPrefix) || strings.IndexByte(token[len(m.tokenPrefix):], '/') >= 0 {
			return false
		}
	case m.Token != "":
		if ok, err := path.Match(m.Token, token); !ok || err != nil {
			return false
		}
	}
	if m.TokenRegex != "" {
		re := m.tokenRe
		if re == nil {
			// Rules built by hand rather than loaded: compile on use (MustCompile would panic on
			// the request path, so a bad expression simply never matches).
			var err error
			if re, err = regexp.Compile(m.TokenRegex); err != nil {
				return false
			}
		}
		if !re.MatchString(token) {
			return false
		}
	}
	if m.DepartmentUUID != "" && schemas.CanonicalUUID(m.DepartmentUUID) != schemas.CanonicalUUID(departmentUUID) {
		return false
	}
	for _, h := range m.Headers {
		if header == nil || header(h.Name) != h.Value {
			return false
		}
	}
	return true
}

// String renders the rules for a listing: `token slow-* & header X-Client=storybook`, or "" for none.
func (m *MatchRules) String() string {
	var parts []string
	if m.Token != "" {
		parts = append(parts, "token "+m.Token)
	}
	if m.TokenRegex != "" {
		parts = append(parts, "token ~ "+m.TokenRegex)
	}
	if m.DepartmentUUID != "" {
		parts = append(parts, "department "+m.DepartmentUUID)
	}
	for _, h := range m.Headers {
		parts = append(parts, "header "+h.Name+"="+h.Value)
	}
	return strings.Join(parts, " & ")
}

// Fault is a deliberately broken answer. Faults break the contract, so only off-contract scenarios
// have them.
type Fault string

// The faults a scenario can ask for.
const (
	// NoFault answers normally.
	NoFault Fault = ""
	// FaultConnectionReset resets the connection (TCP RST) instead of answering.
	FaultConnectionReset Fault = "connection-reset"
	// FaultEmptyReply closes the connection without writing a byte.
	FaultEmptyReply Fault = "empty-reply"
	// FaultTruncatedJSON sends the status and headers, then half of the body, then closes.
	FaultTruncatedJSON Fault = "truncated-json"
)

// Faults returns the known faults, in documentation order, as a new slice.
func Faults() []Fault {
	return []Fault{FaultConnectionReset, FaultEmptyReply, FaultTruncatedJSON}
}

// MaxDelay is the longest delay a scenario may ask for: long enough for any spinner, short enough
// that a typo cannot hang a test suite.
const MaxDelay = 60 * time.Second

// Delay is how long to wait before answering: exactly Min when Min == Max, otherwise a duration
// picked uniformly in [Min, Max].
type Delay struct{ Min, Max time.Duration }

// Pick returns the delay for one request from a random number the caller draws (from its own
// generator, so that Pick needs no lock): Min + u mod (Max-Min+1ns).
func (d Delay) Pick(u uint64) time.Duration {
	if d.Max <= d.Min {
		return d.Min
	}
	return d.Min + time.Duration(u%(uint64(d.Max-d.Min)+1))
}

// IsZero reports whether there is no delay.
func (d Delay) IsZero() bool { return d.Min == 0 && d.Max == 0 }

// String renders the delay as written in a scenario: "2s", or "100ms-2s" for a range.
func (d Delay) String() string {
	if d.Max <= d.Min {
		return d.Min.String()
	}
	return d.Min.String() + "-" + d.Max.String()
}

// Response is one answer of a scenario.
type Response struct {
	// Status is 200, 204, 400, 401 or 500.
	Status int
	// Delay is waited before answering (or before the fault).
	Delay Delay
	// Fault, when set, replaces the answer (see the Fault constants).
	Fault Fault
	// Shape is the generated profile of a 200.
	Shape profile.Shape
	// Warnings are appended to a 200 body's warnings.
	Warnings []profile.Warning
	// Patch is a JSON merge patch (RFC 7396) applied to a 200 body after generation, or nil.
	Patch []byte
	// Errors are the entries of an error answer (400, 401, 500); the loader fills in a default
	// entry when the file gives none.
	Errors []ErrorEntry
}

// ErrorEntry is one entry of the errors array of a 400, 401 or 500 body: the
// contract's one error entry type.
type ErrorEntry = schemas.ErrorEntry

// DefaultErrors returns the entry an error status gets when its scenario step lists none, as a new
// slice; nil for a status without an error body. Its codes are schemas.CodeScenario*.
func DefaultErrors(status int) []ErrorEntry {
	switch status {
	case http.StatusBadRequest:
		return []ErrorEntry{{ErrorCode: schemas.CodeScenarioBadRequest, ErrorTitle: "Bad Request", ErrorMessage: "The request was refused as malformed (scenario answer)."}}
	case http.StatusUnauthorized:
		return []ErrorEntry{{ErrorCode: schemas.CodeScenarioUnauthorized, ErrorTitle: "Unauthorized", ErrorMessage: "The credentials were refused (scenario answer)."}}
	case http.StatusInternalServerError:
		return []ErrorEntry{{ErrorCode: schemas.CodeScenarioServerError, ErrorTitle: "Internal Server Error", ErrorMessage: "The profile service failed (scenario answer)."}}
	}
	return nil
}

// Render200 returns the 200 body for a request: the profile generated with Shape, Warnings appended,
// Patch applied, encoded as the mock encodes every body (encoding/json, no HTML escaping, a final
// newline). The bytes are a pure function of the response and the arguments.
func (r *Response) Render200(seed uint64, departmentUUID, token string) ([]byte, error) {
	if r.Status != http.StatusOK {
		return nil, fmt.Errorf("scenarios: Render200 on a %d response", r.Status)
	}
	body := profile.Generate(seed, departmentUUID, token, r.Shape)
	if len(r.Warnings) > 0 {
		body.Warnings = append(body.Warnings, r.Warnings...)
	}
	if r.Patch == nil {
		return schemas.Encode(body)
	}
	doc, err := schemas.Encode(body)
	if err != nil {
		return nil, err
	}
	return MergePatch(doc, r.Patch)
}

// ErrorBody returns the documented error envelope {"errors":[...],"warnings":[]} of a 400, 401 or
// 500 response, encoded like Render200; nil for 200 and 204. A response built by hand without Errors
// gets DefaultErrors.
func (r *Response) ErrorBody() []byte {
	switch r.Status {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusInternalServerError:
	default:
		return nil
	}
	errs := r.Errors
	if len(errs) == 0 {
		errs = DefaultErrors(r.Status)
	}
	return schemas.Envelope(errs...).Bytes()
}

// Problem is one thing wrong with a scenario file: where, and what.
type Problem struct {
	File    string // the file as shown to people: the source's label and the file name
	Line    int    // 1-based; 0 when the problem is not in a line (an unreadable directory)
	Message string
}

// Error renders "file:line: message" (or "file: message" without a line).
func (p *Problem) Error() string {
	if p.Line <= 0 {
		return p.File + ": " + p.Message
	}
	return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Message
}

// Problems returns the problems in an error returned by Load, in order; nil if there are none.
func Problems(err error) []*Problem {
	var out []*Problem
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var p *Problem
		if errors.As(err, &p) {
			out = append(out, p)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}
