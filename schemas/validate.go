package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Level is how much of the contract a body must honour.
type Level int

const (
	// Contract is every field of the page with its type, the int32 and int64
	// ranges and the two enums, and nothing the page does not say: no field is
	// required and no string has a format. A real implementation that follows
	// the page passes.
	Contract Level = iota
	// Strict is Contract plus: every documented field present, no undocumented
	// field, no null. It is derived from the same files at load time.
	Strict
)

// String returns "contract" or "strict".
func (l Level) String() string {
	if l == Strict {
		return "strict"
	}
	return "contract"
}

// Statuses are the documented response statuses, in the page's order.
var Statuses = []int{200, 204, 400, 401, 500}

// BodyFile names the schema file that describes the body of a documented
// status, or "" for an undocumented one.
func BodyFile(status int) string {
	switch status {
	case 200:
		return "profile.schema.json"
	case 204, 400, 401, 500:
		return "error.schema.json"
	}
	return ""
}

// Violation is one way in which a body breaks the contract.
type Violation struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value; "" is the
	// whole body.
	Pointer string
	// Expected says what the contract wants there.
	Expected string
	// Found says what the body holds there.
	Found string
}

// String renders the violation as one line: "/a/b: expected X, found Y".
func (v Violation) String() string {
	p := v.Pointer
	if p == "" {
		p = "(body)"
	}
	return p + ": expected " + v.Expected + ", found " + v.Found
}

// NotJSONError reports a body that is not a single JSON value.
type NotJSONError struct {
	Offset int64 // byte offset of the problem, -1 when unknown
	Reason string
	// Err is the cause: encoding/json's error (io.EOF for no value at all), or ErrTrailingData. A
	// caller with its own wording (the admin API) words the cause; the others show Reason.
	Err error
}

// ErrTrailingData is the cause of a NotJSONError for bytes after the one JSON value: a reader that
// took the first value and ignored the rest would judge a body that nobody sent.
var ErrTrailingData = errors.New("trailing data after the JSON value")

func (e *NotJSONError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("not JSON: %s (at byte %d)", e.Reason, e.Offset)
	}
	return "not JSON: " + e.Reason
}

// Unwrap returns the cause, for errors.Is(err, io.EOF) and errors.Is(err, ErrTrailingData).
func (e *NotJSONError) Unwrap() error { return e.Err }

// UnknownStatusError reports a status the page does not document.
type UnknownStatusError struct{ Status int }

func (e *UnknownStatusError) Error() string {
	return fmt.Sprintf("status %d is not a documented response of getCustomerProfileData (documented: 200, 204, 400, 401, 500)", e.Status)
}

// Set is the compiled contract at both levels. It is immutable and safe for
// concurrent use.
type Set struct {
	levels [2]level
}

type level struct {
	// bodies maps a body file name to its compiled schema.
	bodies map[string]*jsonschema.Schema
	// docs holds the decoded documents the schemas were compiled from, to
	// explain a failing keyword in a violation.
	docs map[string]any
}

// resourceBase is the base URL of the embedded files inside the compiler; it
// never leaves the process. Each level has its own so that one compiler could
// hold both without a clash.
const resourceBase = "mem://profilemock/"

// Load compiles the embedded schema files at both levels.
func Load() (*Set, error) {
	raw := map[string][]byte{}
	entries, err := fs.ReadDir(Files, ".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := fs.ReadFile(Files, e.Name())
		if err != nil {
			return nil, err
		}
		raw[e.Name()] = b
	}
	s := &Set{}
	for _, lv := range []Level{Contract, Strict} {
		l, err := compile(raw, lv)
		if err != nil {
			return nil, fmt.Errorf("schemas: %s level: %w", lv, err)
		}
		s.levels[lv] = l
	}
	return s, nil
}

func compile(raw map[string][]byte, lv Level) (level, error) {
	l := level{bodies: map[string]*jsonschema.Schema{}, docs: map[string]any{}}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("refusing to load %s: the contract is self-contained", u)
	}
	base := resourceBase + lv.String() + "/"
	for name, b := range raw {
		var doc any
		if err := DecodeJSON(b, &doc); err != nil {
			return l, fmt.Errorf("%s: %w", name, err)
		}
		if lv == Strict {
			doc = tighten(doc)
		}
		l.docs[name] = doc
		enc, err := json.Marshal(doc)
		if err != nil {
			return l, fmt.Errorf("%s: %w", name, err)
		}
		if err := c.AddResource(base+name, bytes.NewReader(enc)); err != nil {
			return l, fmt.Errorf("%s: %w", name, err)
		}
	}
	for _, st := range Statuses {
		name := BodyFile(st)
		if _, done := l.bodies[name]; done {
			continue
		}
		sch, err := c.Compile(base + name)
		if err != nil {
			return l, err
		}
		l.bodies[name] = sch
	}
	return l, nil
}

// tighten turns a contract-level schema document into its strict twin: every
// object schema that lists properties requires them all and admits no other.
// Nulls need no rule: no type in the files admits null at either level.
func tighten(node any) any {
	switch n := node.(type) {
	case map[string]any:
		out := make(map[string]any, len(n)+2)
		for k, v := range n {
			out[k] = tighten(v)
		}
		if props, ok := n["properties"].(map[string]any); ok {
			names := make([]any, 0, len(props))
			for k := range props {
				names = append(names, k)
			}
			sort.Slice(names, func(i, j int) bool { return names[i].(string) < names[j].(string) })
			out["required"] = names
			if _, set := n["additionalProperties"]; !set {
				out["additionalProperties"] = false
			}
		}
		return out
	case []any:
		out := make([]any, len(n))
		for i, v := range n {
			out[i] = tighten(v)
		}
		return out
	}
	return node
}

// DecodeJSON decodes b, which must hold exactly one JSON value and nothing after it but white
// space, into v: the one reader of JSON that the contract's checks, the scenario engine and the
// admin API share. Numbers decode as json.Number, so that the int64 bounds are checked without
// float rounding; an object member that v has no field for is an error, not a silent drop. Every
// error is a *NotJSONError.
func DecodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return &NotJSONError{Offset: -1, Reason: "empty body", Err: err}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return &NotJSONError{Offset: int64(len(b)), Reason: "the JSON value ends early (truncated?)", Err: err}
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &NotJSONError{Offset: se.Offset, Reason: se.Error(), Err: err}
		}
		return &NotJSONError{Offset: d.InputOffset(), Reason: err.Error(), Err: err}
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return &NotJSONError{Offset: d.InputOffset(), Reason: ErrTrailingData.Error(), Err: ErrTrailingData}
	}
	return nil
}

// Validate checks body as the answer for status at level. It returns the
// violations (none for a valid body), or an error when the status is not
// documented (*UnknownStatusError) or the body is not JSON (*NotJSONError).
// An empty body is valid for 204, and only for 204.
func (s *Set) Validate(status int, lv Level, body []byte) ([]Violation, error) {
	if BodyFile(status) == "" {
		return nil, &UnknownStatusError{Status: status}
	}
	if status == 204 && len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	var v any
	if err := DecodeJSON(body, &v); err != nil {
		return nil, err
	}
	return s.ValidateValue(status, lv, v)
}

// ValidateValue is Validate for a body already decoded with DecodeJSON (plain
// float64 numbers lose the int64 bounds).
func (s *Set) ValidateValue(status int, lv Level, v any) ([]Violation, error) {
	name := BodyFile(status)
	if name == "" {
		return nil, &UnknownStatusError{Status: status}
	}
	if lv != Strict {
		lv = Contract
	}
	l := &s.levels[lv]
	err := l.bodies[name].Validate(v)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	var out []Violation
	l.explain(ve, v, &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return dedupe(out), nil
}

func dedupe(vs []Violation) []Violation {
	out := vs[:0]
	for i, v := range vs {
		if i > 0 && v == vs[i-1] {
			continue
		}
		out = append(out, v)
	}
	return out
}

// explain turns the leaves of a validation error tree into violations.
func (l *level) explain(ve *jsonschema.ValidationError, root any, out *[]Violation) {
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			l.explain(c, root, out)
		}
		return
	}
	here, _ := lookup(root, ve.InstanceLocation)
	schema, keyword := l.keyword(ve.AbsoluteKeywordLocation)
	switch keyword {
	case "required":
		obj, _ := here.(map[string]any)
		for _, name := range stringList(schema["required"]) {
			if _, ok := obj[name]; !ok {
				*out = append(*out, Violation{
					Pointer:  ve.InstanceLocation + "/" + escape(name),
					Expected: fmt.Sprintf("property %q (strict: every documented field present)", name),
					Found:    "nothing",
				})
			}
		}
		return
	case "additionalProperties":
		obj, _ := here.(map[string]any)
		props, _ := schema["properties"].(map[string]any)
		names := make([]string, 0, len(obj))
		for name := range obj {
			if _, ok := props[name]; !ok {
				names = append(names, name)
			}
		}
		sort.Strings(names)
		for _, name := range names {
			*out = append(*out, Violation{
				Pointer:  ve.InstanceLocation + "/" + escape(name),
				Expected: "no undocumented property (strict: documented here are " + strings.Join(sortedKeys(props), ", ") + ")",
				Found:    "undocumented property holding " + describe(obj[name]),
			})
		}
		return
	}
	*out = append(*out, Violation{
		Pointer:  ve.InstanceLocation,
		Expected: expected(keyword, schema, ve.Message),
		Found:    describe(here),
	})
}

// keyword finds the schema object that holds the failing keyword, and the
// keyword's name, from the error's absolute keyword location.
func (l *level) keyword(abs string) (map[string]any, string) {
	i := strings.IndexByte(abs, '#')
	if i < 0 {
		return nil, ""
	}
	file := abs[:i]
	file = file[strings.LastIndexByte(file, '/')+1:]
	ptr := abs[i+1:]
	j := strings.LastIndexByte(ptr, '/')
	if j < 0 {
		return nil, ""
	}
	parent, _ := lookup(l.docs[file], ptr[:j])
	m, _ := parent.(map[string]any)
	return m, unescape(ptr[j+1:])
}

func expected(keyword string, schema map[string]any, message string) string {
	format, _ := schema["format"].(string)
	switch keyword {
	case "type":
		t, _ := schema["type"].(string)
		if format != "" {
			return fmt.Sprintf("%s (%s)", t, format)
		}
		if t == "" {
			return message
		}
		return t
	case "minimum", "maximum":
		lo, hi := schema["minimum"], schema["maximum"]
		if format != "" {
			return fmt.Sprintf("an %s, from %v to %v", format, lo, hi)
		}
		return fmt.Sprintf("a number from %v to %v", lo, hi)
	case "enum":
		return "one of " + strings.Join(stringList(schema["enum"]), ", ")
	}
	return message
}

// describe renders a JSON value for a person: its type and a short excerpt.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case json.Number:
		return "number " + clip(x.String())
	case float64:
		return "number " + strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return "string " + clip(strconv.Quote(x))
	case []any:
		return fmt.Sprintf("array of %d", len(x))
	case map[string]any:
		return "object {" + clip(strings.Join(sortedKeys(x), ", ")) + "}"
	}
	return fmt.Sprintf("%T", v)
}

// clip keeps the excerpt of a value in a violation short.
func clip(s string) string { return Clip(s, 60, "…") }

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func stringList(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// lookup follows an RFC 6901 JSON pointer.
func lookup(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = unescape(tok)
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
