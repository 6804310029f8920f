package scenarios

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/textproto"
	"path"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"golang.org/x/net/http/httpguts"

	"github.com/profilemock/profilemock/scenarios/profile"
	"github.com/profilemock/profilemock/scenarios/yamldoc"
	"github.com/profilemock/profilemock/schemas"
)

// The raw types mirror the file format key for key; goccy/go-yaml decodes into them strictly. Keys
// whose value may take two forms (a count or a range, a duration or a range, any JSON for a patch)
// are `any` and converted by hand, with the line of their key.
type rawFile struct {
	Name        string    `yaml:"name"`
	Description string    `yaml:"description"`
	OffContract bool      `yaml:"offContract"`
	Match       *rawMatch `yaml:"match"`
	Response    *rawStep  `yaml:"response"`
	Sequence    []rawStep `yaml:"sequence"`
	Cycle       bool      `yaml:"cycle"`
}

type rawMatch struct {
	Token          string            `yaml:"token"`
	TokenRegex     string            `yaml:"tokenRegex"`
	DepartmentUUID string            `yaml:"departmentUuid"`
	Headers        map[string]string `yaml:"headers"`
}

type rawStep struct {
	Status   *int         `yaml:"status"`
	Delay    any          `yaml:"delay"`
	Fault    string       `yaml:"fault"`
	Profile  *rawShape    `yaml:"profile"`
	Warnings []rawWarning `yaml:"warnings"`
	Patch    any          `yaml:"patch"`
	Errors   []rawError   `yaml:"errors"`
}

type rawShape struct {
	Vehicles       any      `yaml:"vehicles"`
	Items          any      `yaml:"items"`
	Communications any      `yaml:"communications"`
	CoOwners       any      `yaml:"coOwners"`
	Attributes     any      `yaml:"attributes"`
	ReviewRounds   any      `yaml:"reviewRounds"`
	Statuses       []string `yaml:"statuses"`
	Names          string   `yaml:"names"`
	Minimal        bool     `yaml:"minimal"`
}

type rawWarning struct {
	WarningCode    *int64 `yaml:"warningCode"`
	WarningTitle   string `yaml:"warningTitle"`
	WarningMessage string `yaml:"warningMessage"`
}

type rawError struct {
	ErrorCode    *int64 `yaml:"errorCode"`
	ErrorTitle   string `yaml:"errorTitle"`
	ErrorMessage string `yaml:"errorMessage"`
}

// maxNameLen bounds a scenario name: it travels in a header and in URLs.
const maxNameLen = 64

// fileParser collects the problems of one file.
type fileParser struct {
	file string
	// lines maps the path of every key of the file ("response.delay", "sequence[1].status") to the
	// line of the key, and the path of every list entry to the line of its dash.
	lines    map[string]int
	problems []*Problem
	// steps holds the path of each step of the scenario: "response" or "sequence[i]".
	steps []string
}

func (p *fileParser) addf(line int, format string, args ...any) {
	p.problems = append(p.problems, &Problem{File: p.file, Line: max(line, 1), Message: fmt.Sprintf(format, args...)})
}

// at returns the line of the key at path, or of its nearest ancestor that has one (content reached
// through a YAML alias has none), or 1.
func (p *fileParser) at(path string) int {
	for path != "" {
		if l, ok := p.lines[path]; ok {
			return l
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 1
}

func (p *fileParser) has(path string) bool {
	_, ok := p.lines[path]
	return ok
}

// parseFile parses and checks one scenario file against the format and, for on-contract scenarios,
// the contract. It returns the scenario (nil if there is any problem), the line of its name key, and
// the problems sorted by line.
func parseFile(file string, data []byte, set *schemas.Set) (*Scenario, int, []error) {
	p := &fileParser{file: file, lines: map[string]int{}}
	sc := p.parse(data, set)
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
	errs := make([]error, len(p.problems))
	for i, pr := range p.problems {
		errs[i] = pr
	}
	if len(errs) > 0 {
		return nil, p.at("name"), errs
	}
	return sc, p.at("name"), nil
}

func (p *fileParser) parse(data []byte, set *schemas.Set) *Scenario {
	body, err := yamldoc.Format{
		Empty:  "the file is empty: a scenario needs at least name, description and response (or sequence)",
		Second: "a second YAML document: one scenario per file",
	}.Parse(data)
	if err != nil {
		p.yamlError(err)
		return nil
	}
	if _, ok := yamldoc.Unwrap(body).(*ast.MappingNode); !ok {
		p.addf(yamldoc.Line(body), "want a mapping of keys (name, description, response, ...), found %s", describe(yamldoc.Unwrap(body)))
		return nil
	}
	if yamldoc.ExpandedSize(body, maxNodes) > maxNodes {
		p.addf(yamldoc.Line(body), "the file expands to more than %d YAML values through its aliases (*name): a scenario is a few dozen", maxNodes)
		return nil
	}
	var raw rawFile
	p.check(body, reflect.TypeOf(raw), "")
	if len(p.problems) > 0 {
		// The decoder would stop at the first of these, with a less helpful message.
		return nil
	}
	if err := yaml.NodeToValue(body, &raw, yaml.Strict()); err != nil {
		p.yamlError(err)
		return nil
	}
	sc := p.scenario(&raw)
	if len(p.problems) > 0 {
		return nil
	}
	if set != nil {
		p.checkContract(sc, set)
	}
	return sc
}

// maxNodes bounds the values of a file once its aliases are expanded. Any real scenario has a few
// dozen; the bound stops a "billion laughs" file (aliases of aliases of lists) before the decoder
// expands it into gigabytes.
const maxNodes = 100_000

// yamlError reports an error of the YAML layer or of goccy/go-yaml's decoder at its line.
func (p *fileParser) yamlError(err error) {
	line, msg := yamldoc.Locate(err)
	p.addf(line, "%s", msg)
}

// check walks the YAML tree beside the raw type it will be decoded into: it records the line of
// every key and list entry, and reports every unknown key and every value of the wrong kind, all of
// them and in file order (the decoder would report the first only, and in Go's terms).
func (p *fileParser) check(n ast.Node, t reflect.Type, at string) {
	n = yamldoc.Unwrap(n)
	if n == nil || n.Type() == ast.NullType || n.Type() == ast.AliasType {
		// An alias is checked by the decoder, which resolves it.
		return
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			p.addf(p.at(at), "%s: want a mapping (key: value), found %s", at, describe(n))
			return
		}
		fields := yamlFields(t)
		for _, kv := range m.Values {
			if kv.Key.IsMergeKey() {
				continue
			}
			key := keyName(kv.Key)
			kp := joinPath(at, key)
			kl := yamldoc.Line(kv.Key)
			p.lines[kp] = kl
			ft, ok := fields[key]
			if !ok {
				p.addf(kl, "%s", unknownKey(key, at, fields))
				p.record(kv.Value, kp)
				continue
			}
			p.check(kv.Value, ft, kp)
		}
	case reflect.Slice:
		s, ok := n.(*ast.SequenceNode)
		if !ok {
			p.addf(p.at(at), "%s: want a list, found %s", at, describe(n))
			return
		}
		for i, v := range s.Values {
			ip := at + "[" + strconv.Itoa(i) + "]"
			p.lines[ip] = yamldoc.EntryLine(s, i)
			if u := yamldoc.Unwrap(v); t.Elem().Kind() == reflect.Struct && (u == nil || u.Type() == ast.NullType) {
				p.addf(p.lines[ip], "%s is empty", ip)
				continue
			}
			p.check(v, t.Elem(), ip)
		}
	case reflect.Map:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			p.addf(p.at(at), "%s: want a mapping (name: value), found %s", at, describe(n))
			return
		}
		for _, kv := range m.Values {
			if kv.Key.IsMergeKey() {
				continue
			}
			kp := joinPath(at, keyName(kv.Key))
			p.lines[kp] = yamldoc.Line(kv.Key)
			p.check(kv.Value, t.Elem(), kp)
		}
	case reflect.Interface:
		p.record(n, at)
	case reflect.Int, reflect.Int64:
		if n.Type() != ast.IntegerType {
			p.addf(p.at(at), "%s: want a whole number, found %s", at, describe(n))
		} else if i, ok := n.(*ast.IntegerNode); ok {
			if u, big := i.Value.(uint64); big && u > math.MaxInt64 {
				p.addf(p.at(at), "%s: %s is too large", at, describe(n))
			}
		}
	case reflect.Bool:
		if n.Type() != ast.BoolType {
			p.addf(p.at(at), "%s: want true or false, found %s", at, describe(n))
		}
	case reflect.String:
		if t := n.Type(); t == ast.MappingType || t == ast.SequenceType {
			p.addf(p.at(at), "%s: want text, found %s", at, describe(n))
		}
	}
}

// record notes the lines of the keys and list entries under a free-form value.
func (p *fileParser) record(n ast.Node, at string) {
	switch n := yamldoc.Unwrap(n).(type) {
	case *ast.MappingNode:
		for _, kv := range n.Values {
			if kv.Key.IsMergeKey() {
				continue
			}
			kp := joinPath(at, keyName(kv.Key))
			p.lines[kp] = yamldoc.Line(kv.Key)
			p.record(kv.Value, kp)
		}
	case *ast.SequenceNode:
		for i, v := range n.Values {
			ip := at + "[" + strconv.Itoa(i) + "]"
			p.lines[ip] = yamldoc.EntryLine(n, i)
			p.record(v, ip)
		}
	}
}

// keyName is a key as the file's paths spell it ("response.delay"), the text of a scalar key.
func keyName(k ast.MapKeyNode) string {
	if mk, ok := k.(*ast.MappingKeyNode); ok && mk.Value != nil {
		if s, ok := yamldoc.Unwrap(mk.Value).(ast.ScalarNode); ok {
			return fmt.Sprint(s.GetValue())
		}
		return mk.Value.String()
	}
	if s, ok := k.(ast.ScalarNode); ok {
		return fmt.Sprint(s.GetValue())
	}
	return k.String()
}

func joinPath(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// describe names a YAML value for a message: "a list", "text \"abc\"", "the number 1.5".
func describe(n ast.Node) string {
	switch n.Type() {
	case ast.MappingType:
		return "a mapping"
	case ast.SequenceType:
		return "a list"
	case ast.NullType:
		return "nothing"
	case ast.BoolType:
		return n.GetToken().Value
	case ast.IntegerType, ast.FloatType, ast.InfinityType, ast.NanType:
		return "the number " + clip(n.GetToken().Value)
	case ast.StringType, ast.LiteralType:
		if s, ok := n.(ast.ScalarNode); ok {
			return "text " + clip(strconv.Quote(fmt.Sprint(s.GetValue())))
		}
	}
	return n.Type().String()
}

// clip keeps a message about a scenario file on one readable line, whatever the file holds.
func clip(s string) string { return schemas.Clip(s, 40, "…") }

// yamlFields maps the yaml names of a struct's fields to their types.
func yamlFields(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = f.Type
	}
	return out
}

// unknownKey says so, with the nearest known key when it looks like a typo, or the known keys.
func unknownKey(key, at string, fields map[string]reflect.Type) string {
	where := ""
	if at != "" {
		where = " in " + at
	}
	known := make([]string, 0, len(fields))
	for k := range fields {
		known = append(known, k)
	}
	sort.Strings(known)
	if best := yamldoc.Nearest(key, known); best != "" {
		return fmt.Sprintf("unknown key %q%s (did you mean %q?)", key, where, best)
	}
	return fmt.Sprintf("unknown key %q%s (known keys: %s)", key, where, strings.Join(known, ", "))
}

// nameRule is the syntax of a scenario name.
const nameRule = "[a-z0-9][a-z0-9-]*"

// scenario checks the decoded file and builds the scenario; problems go to p.
func (p *fileParser) scenario(raw *rawFile) *Scenario {
	sc := &Scenario{OffContract: raw.OffContract, Cycle: raw.Cycle}
	sc.Source = p.file + ":" + strconv.Itoa(p.at("name"))

	switch name := raw.Name; {
	case name == "":
		p.addf(1, "name is required: %s, unique across the scenarios", nameRule)
	case len(name) > maxNameLen:
		p.addf(p.at("name"), "name: %q is longer than %d characters", clip(name), maxNameLen)
	case !validName(name):
		p.addf(p.at("name"), "name: %q is not a valid name: want lowercase letters, digits and dashes (%s)", clip(name), nameRule)
	default:
		sc.Name = name
	}

	desc := strings.TrimSpace(raw.Description)
	switch {
	case desc == "":
		p.addf(p.at("description"), "description is required: one line saying what the scenario shows")
	case strings.ContainsAny(desc, "\r\n"):
		p.addf(p.at("description"), "description: want one line (a folded > block is fine), found %d lines", strings.Count(desc, "\n")+1)
	default:
		sc.Description = desc
	}

	if raw.Match != nil || p.has("match") {
		sc.Match = p.match(raw.Match)
	}

	// Presence is the decoded value's or the key's: content merged in through an alias has no key
	// in the file, and a key with an empty value decodes to nil.
	hasResponse, hasSequence := raw.Response != nil || p.has("response"), raw.Sequence != nil || p.has("sequence")
	switch {
	case hasResponse && hasSequence:
		p.addf(p.at("sequence"), "response and sequence exclude each other: give one response, or a sequence of them")
	case hasResponse:
		if raw.Response == nil {
			p.addf(p.at("response"), "response is empty: give at least its status")
			break
		}
		sc.Steps = []Response{p.step(raw.Response, "response", raw.OffContract)}
		p.steps = []string{"response"}
	case hasSequence:
		if len(raw.Sequence) == 0 {
			p.addf(p.at("sequence"), "sequence is empty: give one or more responses")
			break
		}
		for i := range raw.Sequence {
			at := "sequence[" + strconv.Itoa(i) + "]"
			sc.Steps = append(sc.Steps, p.step(&raw.Sequence[i], at, raw.OffContract))
			p.steps = append(p.steps, at)
		}
	default:
		p.addf(p.at("name"), "response or sequence is required: what does the scenario answer?")
	}
	if (raw.Cycle || p.has("cycle")) && !hasSequence {
		p.addf(p.at("cycle"), "cycle applies only to a sequence")
	}
	return sc
}

func validName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

func (p *fileParser) match(m *rawMatch) MatchRules {
	var r MatchRules
	if m == nil || (m.Token == "" && m.TokenRegex == "" && m.DepartmentUUID == "" && len(m.Headers) == 0) {
		p.addf(p.at("match"), "match is empty: give token, tokenRegex, departmentUuid or headers, or leave match out (the scenario is then reached by name only)")
		return r
	}
	if m.Token != "" && m.TokenRegex != "" {
		p.addf(p.at("match.tokenRegex"), "match: token and tokenRegex exclude each other: give one")
	}
	if m.Token != "" {
		if _, err := path.Match(m.Token, ""); err != nil {
			p.addf(p.at("match.token"), "match.token: %q is not a valid glob (path.Match syntax: * ? [a-z] \\): %v", clip(m.Token), err)
		}
		r.Token = m.Token
		r.tokenPrefix, r.tokenIsPrefix = globPrefix(m.Token)
	}
	if m.TokenRegex != "" {
		re, err := regexp.Compile(m.TokenRegex)
		if err != nil {
			p.addf(p.at("match.tokenRegex"), "match.tokenRegex: %q is not a valid Go regular expression: %v", clip(m.TokenRegex), err)
		}
		r.TokenRegex, r.tokenRe = m.TokenRegex, re
	}
	if m.DepartmentUUID != "" {
		if !schemas.IsUUID(m.DepartmentUUID) {
			p.addf(p.at("match.departmentUuid"), "match.departmentUuid: %q is not a UUID (want 8-4-4-4-12 hexadecimal digits)", clip(m.DepartmentUUID))
		}
		r.DepartmentUUID = schemas.CanonicalUUID(m.DepartmentUUID)
	}
	seen := map[string]string{}
	for name, value := range m.Headers {
		at := "match.headers." + name
		if !httpguts.ValidHeaderFieldName(name) {
			p.addf(p.at(at), "match.headers: %q is not a valid header name", clip(name))
			continue
		}
		canon := textproto.CanonicalMIMEHeaderKey(name)
		if other, dup := seen[canon]; dup {
			first, second := other, name
			if p.at("match.headers."+first) > p.at(at) {
				first, second = second, first
			}
			p.addf(p.at("match.headers."+second), "match.headers: %q is the same header as %q (names are case-insensitive)", second, first)
			continue
		}
		seen[canon] = name
		r.Headers = append(r.Headers, HeaderRule{Name: canon, Value: value})
	}
	sort.Slice(r.Headers, func(i, j int) bool { return r.Headers[i].Name < r.Headers[j].Name })
	return r
}

// step checks one response (at is "response" or "sequence[i]") and builds it.
func (p *fileParser) step(s *rawStep, at string, offContract bool) Response {
	r := Response{Status: http.StatusOK}
	if s.Status != nil {
		r.Status = *s.Status
	}
	statusOK := true
	switch r.Status {
	case 200, 204, 400, 401, 500:
	default:
		statusOK = false
		p.addf(p.at(at+".status"), "%s.status: %d is not a documented response of getCustomerProfileData (want 200, 204, 400, 401 or 500)", at, r.Status)
	}
	r.Delay = p.delay(s.Delay, at+".delay")

	if s.Fault != "" {
		known := false
		for _, f := range Faults() {
			known = known || Fault(s.Fault) == f
		}
		switch {
		case !known:
			p.addf(p.at(at+".fault"), "%s.fault: %q is not a fault (want connection-reset, empty-reply or truncated-json)", at, clip(s.Fault))
		case !offContract:
			p.addf(p.at(at+".fault"), "%s.fault: a fault breaks the contract on purpose: it needs offContract: true", at)
		case Fault(s.Fault) == FaultTruncatedJSON && r.Status == http.StatusNoContent:
			p.addf(p.at(at+".fault"), "%s.fault: a 204 has no body to truncate", at)
		}
		r.Fault = Fault(s.Fault)
	}

	is200 := r.Status == http.StatusOK
	notFor200 := func(key, what string) {
		if statusOK {
			p.addf(p.at(at+"."+key), "%s.%s: only a 200 has %s (status is %d)", at, key, what, r.Status)
		}
	}
	r.Shape = profile.DefaultShape()
	if s.Profile != nil || p.has(at+".profile") {
		if is200 {
			r.Shape = p.shape(s.Profile, at+".profile")
		} else {
			notFor200("profile", "a profile")
		}
	}
	if s.Warnings != nil || p.has(at+".warnings") {
		if is200 {
			r.Warnings = p.warnings(s.Warnings, at+".warnings")
		} else {
			notFor200("warnings", "warnings of its own (error bodies carry an empty warnings list)")
		}
	}
	if s.Patch != nil || p.has(at+".patch") {
		if is200 {
			r.Patch = p.patch(s.Patch, at+".patch")
		} else {
			notFor200("patch", "a patch")
		}
	}
	isError := r.Status == 400 || r.Status == 401 || r.Status == 500
	if s.Errors != nil || p.has(at+".errors") {
		if isError {
			r.Errors = p.errors(s.Errors, at+".errors")
		} else if statusOK {
			p.addf(p.at(at+".errors"), "%s.errors: only a 400, 401 or 500 has error entries (status is %d)", at, r.Status)
		}
	}
	if isError && len(r.Errors) == 0 {
		r.Errors = DefaultErrors(r.Status)
	}
	return r
}

// delay converts "2s", 0 or {min: 100ms, max: 2s}.
func (p *fileParser) delay(v any, at string) Delay {
	if v == nil {
		return Delay{}
	}
	var d Delay
	ok := true
	if m, isMap := v.(map[string]any); isMap {
		vmin, vmax, clean, complete := p.rangeEnds(m, at, "delay", "{min: 100ms, max: 2s}")
		if !complete {
			return Delay{}
		}
		ok = clean
		var ok1, ok2 bool
		d.Min, ok1 = p.duration(vmin, at+".min")
		d.Max, ok2 = p.duration(vmax, at+".max")
		if !ok || !ok1 || !ok2 {
			return Delay{}
		}
		if d.Min > d.Max {
			p.addf(p.at(at), "%s: min %v is greater than max %v", at, d.Min, d.Max)
			return Delay{}
		}
	} else {
		if d.Min, ok = p.duration(v, at); !ok {
			return Delay{}
		}
		d.Max = d.Min
	}
	if d.Max > MaxDelay {
		p.addf(p.at(at), "%s: %v is longer than the limit of %v", at, d.Max, MaxDelay)
		return Delay{}
	}
	return d
}

func (p *fileParser) duration(v any, at string) (time.Duration, bool) {
	switch x := v.(type) {
	case string:
		d, err := time.ParseDuration(x)
		if err != nil {
			p.addf(p.at(at), "%s: %q is not a duration (write 250ms, 2s or 1m30s)", at, clip(x))
			return 0, false
		}
		if d < 0 {
			p.addf(p.at(at), "%s: %v is negative", at, d)
			return 0, false
		}
		return d, true
	case nil:
		p.addf(p.at(at), "%s: want a duration such as 2s, found nothing", at)
		return 0, false
	}
	if n, ok := wholeNumber(v); ok {
		if n == 0 {
			return 0, true
		}
		p.addf(p.at(at), "%s: %d has no unit: write %ds or %dms", at, n, n, n)
		return 0, false
	}
	p.addf(p.at(at), "%s: want a duration (2s) or a range ({min: 100ms, max: 2s}), found %s", at, describeValue(v))
	return 0, false
}

// wholeNumber converts the integers goccy/go-yaml decodes into interfaces.
func wholeNumber(v any) (int64, bool) {
	switch x := v.(type) {
	case int:
		return int64(x), true
	case int64:
		return x, true
	case uint64:
		if x > math.MaxInt64 {
			return math.MaxInt64, true
		}
		return int64(x), true
	}
	return 0, false
}

func describeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case string:
		return "text " + clip(strconv.Quote(x))
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return "the number " + strconv.FormatFloat(x, 'g', -1, 64)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	if n, ok := wholeNumber(v); ok {
		return "the number " + strconv.FormatInt(n, 10)
	}
	return fmt.Sprintf("%T", v)
}

// shape builds the profile shape: profile.DefaultShape with the keys the file gives.
func (p *fileParser) shape(s *rawShape, at string) profile.Shape {
	sh := profile.DefaultShape()
	if s == nil {
		return sh
	}
	// Keys already reported are left out of Validate's report, which would repeat them.
	flagged, ranges := map[string]bool{}, map[string]bool{}
	for _, c := range [...]struct {
		key string
		v   any
		dst *profile.Range
	}{
		{"vehicles", s.Vehicles, &sh.Vehicles},
		{"items", s.Items, &sh.Items},
		{"communications", s.Communications, &sh.Communications},
		{"coOwners", s.CoOwners, &sh.CoOwners},
		{"attributes", s.Attributes, &sh.Attributes},
		{"reviewRounds", s.ReviewRounds, &sh.ReviewRounds},
	} {
		if c.v == nil && !p.has(at+"."+c.key) {
			continue
		}
		_, ranges[c.key] = c.v.(map[string]any)
		if r, ok := p.count(c.v, at+"."+c.key); ok {
			*c.dst = r
		} else {
			flagged[c.key] = true
		}
	}
	if s.Statuses != nil {
		sh.Statuses = append([]string(nil), s.Statuses...)
	}
	switch s.Names {
	case "", "default":
		sh.Names = profile.NamesDefault
	case "unicode":
		sh.Names = profile.NamesUnicode
	default:
		p.addf(p.at(at+".names"), "%s.names: %q is not a name pool (want default or unicode)", at, clip(s.Names))
	}
	sh.Minimal = s.Minimal
	// The limits and the statuses are the generator's to say.
	if err := sh.Validate(); err != nil {
		p.shapeErrors(err, at, flagged, ranges)
	}
	return sh
}

// rangeEnds reads the ends of a {min, max} range (of a delay or a count) at
// path at. It reports each unknown key (clean is then false, but the ends are
// still returned, so that their own problems are reported too) and a missing
// end (complete is then false: there is nothing more to check).
func (p *fileParser) rangeEnds(m map[string]any, at, what, example string) (vmin, vmax any, clean, complete bool) {
	clean = true
	for k := range m {
		if k != "min" && k != "max" {
			p.addf(p.at(at+"."+k), "%s: unknown key %q (a %s range has min and max)", at, k, what)
			clean = false
		}
	}
	vmin, hasMin := m["min"]
	vmax, hasMax := m["max"]
	if !hasMin || !hasMax {
		p.addf(p.at(at), "%s: a range needs both min and max, e.g. %s", at, example)
		return nil, nil, clean, false
	}
	return vmin, vmax, clean, true
}

// count converts 3 or {min: 1, max: 4}.
func (p *fileParser) count(v any, at string) (profile.Range, bool) {
	if m, isMap := v.(map[string]any); isMap {
		vmin, vmax, ok, complete := p.rangeEnds(m, at, "count", "{min: 1, max: 4}")
		if !complete {
			return profile.Range{}, false
		}
		lo, ok1 := p.oneCount(vmin, at+".min")
		hi, ok2 := p.oneCount(vmax, at+".max")
		if !ok || !ok1 || !ok2 {
			return profile.Range{}, false
		}
		if lo > hi {
			p.addf(p.at(at), "%s: min %d is greater than max %d", at, lo, hi)
			return profile.Range{}, false
		}
		return profile.Range{Min: lo, Max: hi}, true
	}
	n, ok := p.oneCount(v, at)
	return profile.Range{Min: n, Max: n}, ok
}

func (p *fileParser) oneCount(v any, at string) (int, bool) {
	n, ok := wholeNumber(v)
	if !ok {
		p.addf(p.at(at), "%s: want a count (3) or a range ({min: 1, max: 4}), found %s", at, describeValue(v))
		return 0, false
	}
	if n < 0 {
		p.addf(p.at(at), "%s: %d is negative: counts start at 0", at, n)
		return 0, false
	}
	if n > math.MaxInt32 {
		n = math.MaxInt32 // Validate reports it against the generator's limit
	}
	return int(n), true
}

// shapeKey maps profile.Shape's field names, as Validate names them, to the file's keys.
func shapeKey(field string) string {
	switch field {
	case "Vehicles":
		return "vehicles"
	case "Items":
		return "items"
	case "Communications":
		return "communications"
	case "CoOwners":
		return "coOwners"
	case "Attributes":
		return "attributes"
	case "ReviewRounds":
		return "reviewRounds"
	case "Names":
		return "names"
	case "Statuses":
		return "statuses"
	}
	return ""
}

// shapeErrors reports the errors of profile.Shape.Validate in the file's terms ("Shape.Items.Max"
// becomes "items.max", or "items" for a plain count), each at the line of the key it is about. Keys in
// flagged were reported already; ranges holds the keys given as {min, max}.
func (p *fileParser) shapeErrors(err error, at string, flagged, ranges map[string]bool) {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		msg := strings.TrimPrefix(e.Error(), "profile: ")
		where := at
		if i := strings.Index(msg, "Shape."); i >= 0 {
			j := i + len("Shape.")
			k := j
			for k < len(msg) && (msg[k] >= 'a' && msg[k] <= 'z' || msg[k] >= 'A' && msg[k] <= 'Z') {
				k++
			}
			key := shapeKey(msg[j:k])
			if flagged[key] {
				continue
			}
			if key != "" {
				name := key
				if k < len(msg) && msg[k] == '[' {
					if end := strings.IndexByte(msg[k:], ']'); end > 0 {
						name += msg[k : k+end+1]
						k += end + 1
					}
				}
				where = at + "." + name
				for _, bound := range [...]string{".Min", ".Max"} {
					if strings.HasPrefix(msg[k:], bound) {
						if ranges[key] {
							name += strings.ToLower(bound) // "items.max"; a plain count is just "items"
						}
						k += len(bound)
					}
				}
				msg = msg[:i] + name + msg[k:]
			}
		}
		p.addf(p.at(where), "%s.%s", at, msg)
	}
}

func (p *fileParser) warnings(ws []rawWarning, at string) []profile.Warning {
	out := make([]profile.Warning, 0, len(ws))
	for i, w := range ws {
		ip := at + "[" + strconv.Itoa(i) + "]"
		code, ok := p.int32Code(w.WarningCode, ip, "warningCode")
		if !ok {
			continue
		}
		out = append(out, profile.Warning{WarningCode: code, WarningTitle: w.WarningTitle, WarningMessage: w.WarningMessage})
	}
	return out
}

func (p *fileParser) errors(es []rawError, at string) []ErrorEntry {
	out := make([]ErrorEntry, 0, len(es))
	for i, e := range es {
		ip := at + "[" + strconv.Itoa(i) + "]"
		code, ok := p.int32Code(e.ErrorCode, ip, "errorCode")
		if !ok {
			continue
		}
		out = append(out, ErrorEntry{ErrorCode: code, ErrorTitle: e.ErrorTitle, ErrorMessage: e.ErrorMessage})
	}
	return out
}

func (p *fileParser) int32Code(v *int64, at, key string) (int32, bool) {
	if v == nil {
		p.addf(p.at(at), "%s: %s is required", at, key)
		return 0, false
	}
	if *v < math.MinInt32 || *v > math.MaxInt32 {
		p.addf(p.at(at+"."+key), "%s.%s: %d is outside int32 (the contract's range is -2147483648 to 2147483647)", at, key, *v)
		return 0, false
	}
	return int32(*v), true
}

// patch converts the patch to JSON; it must be an object (a merge patch that is not one replaces
// the whole body).
func (p *fileParser) patch(v any, at string) []byte {
	if _, ok := v.(map[string]any); !ok {
		p.addf(p.at(at), "%s: want a mapping (a JSON merge patch object, applied to the 200 body), found %s", at, describeValue(v))
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		p.addf(p.at(at), "%s: cannot be written as JSON: %v", at, err)
		return nil
	}
	return b
}
