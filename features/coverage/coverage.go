// Package coverage tells which parts of the contract a service's answers
// exercised: the statuses it sent, and for the 200 bodies, how often each
// documented field was present, absent, empty or null, which values of each
// enum came, and whether each array was seen empty and not empty. A suite that
// saw one customer cannot tell which parts of the contract the service ever
// showed; this is how a run says so. The contract suite and the validating
// proxy both count with it.
package coverage

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/profilemock/profilemock/schemas"
)

// Report is the coverage of the answers seen so far, as the JSON of
// --coverage and GET /__admin/coverage give it.
type Report struct {
	// Statuses counts the answers by status.
	Statuses map[string]int `json:"statuses"`
	// Bodies is the number of 200 bodies counted (JSON objects).
	Bodies int `json:"bodies"`
	// Fields counts, for each documented field of the 200 body, its
	// occurrences by kind.
	Fields map[string]*FieldCount `json:"fields"`
	// Enums counts the values of each enum field, every documented value
	// listed (0 when never seen).
	Enums map[string]map[string]int `json:"enums"`
	// Arrays counts each array field's occurrences empty and not empty.
	Arrays map[string]*ArrayCount `json:"arrays"`
	// Formats counts, for each string field, the forms its filled values
	// took (Forms).
	Formats map[string]map[string]int `json:"formats"`
	// Percent is the share of each class the answers exercised.
	Percent Percent `json:"percent"`
}

// FieldCount is how often a field was present (not null; empty or not),
// absent from an object that has it documented, empty ("", [] or {}) and null.
type FieldCount struct {
	Present int `json:"present"`
	Absent  int `json:"absent"`
	Empty   int `json:"empty"`
	Null    int `json:"null"`
}

// ArrayCount is how often an array was seen empty and not empty, and the
// fewest and most elements it had.
type ArrayCount struct {
	Empty    int `json:"empty"`
	NonEmpty int `json:"nonEmpty"`
	MinLen   int `json:"minLength"`
	MaxLen   int `json:"maxLength"`
}

// Percent is the share, from 0 to 100, of the documented fields that were
// ever filled (present and not empty), of the documented enum values that
// ever came, and of the two states of each array (empty, not empty) that
// were ever seen.
type Percent struct {
	Fields     float64 `json:"fields"`
	EnumValues float64 `json:"enumValues"`
	Arrays     float64 `json:"arrays"`
}

// Collector counts answers. It is safe for concurrent use.
type Collector struct {
	fields []schemas.Field

	mu       sync.Mutex
	statuses map[int]int
	bodies   int
	counts   []FieldCount // by index of fields
	arrays   []ArrayCount
	enums    []map[string]int
	extras   []int            // undocumented values of each enum field kept in enums
	forms    []map[string]int // of string fields
}

// New returns a collector of the contract's 200 fields.
func New() (*Collector, error) {
	fields, err := schemas.Outline(200)
	if err != nil {
		return nil, err
	}
	c := &Collector{
		fields:   fields,
		statuses: map[int]int{},
		counts:   make([]FieldCount, len(fields)),
		arrays:   make([]ArrayCount, len(fields)),
		enums:    make([]map[string]int, len(fields)),
		extras:   make([]int, len(fields)),
		forms:    make([]map[string]int, len(fields)),
	}
	for i, f := range fields {
		if f.Enum != nil {
			c.enums[i] = map[string]int{}
		}
		if f.Type == "string" && f.Enum == nil {
			c.forms[i] = map[string]int{}
		}
	}
	return c, nil
}

// Add counts one answer. A 200 body that is not a JSON object counts for its
// status only.
func (c *Collector) Add(status int, body []byte) {
	var v any
	if status == 200 {
		if err := schemas.DecodeJSON(body, &v); err != nil {
			v = nil
		}
	}
	c.AddDecoded(status, v)
}

// AddDecoded counts one answer whose 200 body is already decoded (nil for
// none).
func (c *Collector) AddDecoded(status int, body any) {
	root, isObject := body.(map[string]any)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statuses[status]++
	if status != 200 || !isObject {
		return
	}
	c.bodies++
	for i, f := range c.fields {
		parent, key := splitPointer(f.Pointer)
		for _, p := range instances(root, parent) {
			obj, ok := p.(map[string]any)
			if !ok {
				continue
			}
			v, has := obj[key]
			fc := &c.counts[i]
			switch {
			case !has:
				fc.Absent++
				continue
			case v == nil:
				fc.Null++
				continue
			}
			fc.Present++
			if isEmpty(v) {
				fc.Empty++
			}
			if f.Type == "array" {
				if a, ok := v.([]any); ok {
					ac := &c.arrays[i]
					if ac.Empty+ac.NonEmpty == 0 || len(a) < ac.MinLen {
						ac.MinLen = len(a)
					}
					ac.MaxLen = max(ac.MaxLen, len(a))
					if len(a) == 0 {
						ac.Empty++
					} else {
						ac.NonEmpty++
					}
				}
			}
			if c.forms[i] != nil {
				if s, ok := v.(string); ok && s != "" {
					c.forms[i][Form(s)]++
				}
			}
			if c.enums[i] != nil {
				if s, ok := v.(string); ok {
					c.enums[i][c.enumKey(i, s)]++
				}
			}
		}
	}
}

// The bounds of the values an enum field took that the contract does not
// list: a target that sends a new string each time must not grow the
// collector without end, and a report shows each value on one line.
const (
	maxExtraValues = 20
	maxExtraBytes  = 100
	// OtherValues counts the undocumented values beyond the first
	// maxExtraValues of a field.
	OtherValues = "(other undocumented values)"
)

// enumKey is the key under which the value s of enum field i is counted:
// s itself when documented, else s clipped, or OtherValues once the field
// holds maxExtraValues undocumented values.
func (c *Collector) enumKey(i int, s string) string {
	if slices.Contains(c.fields[i].Enum, s) {
		return s
	}
	s = schemas.Clip(s, maxExtraBytes, "…")
	if _, seen := c.enums[i][s]; seen {
		return s
	}
	if c.extras[i] == maxExtraValues {
		return OtherValues
	}
	c.extras[i]++
	return s
}

// Report returns the counts so far.
func (c *Collector) Report() Report {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := Report{
		Statuses: map[string]int{},
		Bodies:   c.bodies,
		Fields:   map[string]*FieldCount{},
		Enums:    map[string]map[string]int{},
		Arrays:   map[string]*ArrayCount{},
		Formats:  map[string]map[string]int{},
	}
	for s, n := range c.statuses {
		r.Statuses[strconv.Itoa(s)] = n
	}
	var filled, values, seen, arrays, states int
	for i, f := range c.fields {
		fc := c.counts[i]
		r.Fields[f.Pointer] = &fc
		if fc.Present > fc.Empty {
			filled++
		}
		if f.Type == "array" {
			ac := c.arrays[i]
			r.Arrays[f.Pointer] = &ac
			arrays++
			states += btoi(ac.Empty > 0) + btoi(ac.NonEmpty > 0)
		}
		if c.forms[i] != nil {
			m := make(map[string]int, len(c.forms[i]))
			for k, n := range c.forms[i] {
				m[k] = n
			}
			r.Formats[f.Pointer] = m
		}
		if f.Enum != nil {
			m := map[string]int{}
			for _, e := range f.Enum {
				m[e] = c.enums[i][e]
				values++
				seen += btoi(m[e] > 0)
			}
			for v, n := range c.enums[i] {
				m[v] = n // a value the contract does not list: counted all the same
			}
			r.Enums[f.Pointer] = m
		}
	}
	r.Percent = Percent{Fields: percent(filled, len(c.fields)), EnumValues: percent(seen, values), Arrays: percent(states, 2*arrays)}
	return r
}

// Gaps says, in words and most telling first, what the answers never showed:
// the enum values that never came, the arrays never seen empty or never seen
// with an element, the fields never filled. At most max lines; 0 for all.
func (r Report) Gaps(max int) []string {
	var enums, arrays, fields, full []string
	for _, ptr := range sortedKeys(r.Enums) {
		var never []string
		for _, v := range sortedKeys(r.Enums[ptr]) {
			if r.Enums[ptr][v] == 0 {
				never = append(never, v)
			}
		}
		if len(never) > 0 {
			enums = append(enums, fmt.Sprintf("no %s was ever %s", Name(ptr), strings.Join(never, " or ")))
		}
	}
	for _, ptr := range sortedKeys(r.Arrays) {
		switch a := r.Arrays[ptr]; {
		case a.Empty == 0 && a.NonEmpty == 0:
			arrays = append(arrays, Name(ptr)+" never came")
		case a.Empty == 0:
			full = append(full, Name(ptr)+" was never empty")
		case a.NonEmpty == 0:
			arrays = append(arrays, Name(ptr)+" was always empty")
		}
	}
	for _, ptr := range sortedKeys(r.Fields) {
		f := r.Fields[ptr]
		if _, isArray := r.Arrays[ptr]; isArray || f.Present > f.Empty {
			continue // an array's gaps are said above
		}
		switch {
		case f.Present > 0:
			fields = append(fields, Name(ptr)+" was always empty")
		case f.Absent+f.Null > 0:
			fields = append(fields, Name(ptr)+" never came")
		default:
			fields = append(fields, Name(ptr)+" was never seen")
		}
	}
	// The values a screen never got to show come first; a list never seen
	// empty (its "nothing here" state) last.
	all := append(append(append(enums, arrays...), fields...), full...)
	if max > 0 && len(all) > max {
		all = append(all[:max], fmt.Sprintf("and %d more", len(all)-max))
	}
	return all
}

// Name turns a pointer into the words of a report:
// "/customerProfileDataRequestDTO/items/*/status" is "items[].status", the
// status of an item.
func Name(ptr string) string {
	p := strings.TrimPrefix(ptr, "/customerProfileDataRequestDTO")
	p = strings.TrimPrefix(strings.ReplaceAll(p, "/*", "[]"), "/")
	p = strings.ReplaceAll(p, "/", ".")
	if p == "" {
		return "customerProfileDataRequestDTO"
	}
	return p
}

// Below names the classes of r below the minimums, e.g. "enumValues 62.5% <
// 100%"; none when every class reaches its minimum.
func (r Report) Below(min Minimum) []string {
	var out []string
	check := func(name string, got, want float64) {
		if want > 0 && got+1e-9 < want {
			out = append(out, fmt.Sprintf("%s %s%% < %s%%", name, format(got), format(want)))
		}
	}
	check("fields", r.Percent.Fields, min.Fields)
	check("enumValues", r.Percent.EnumValues, min.EnumValues)
	check("arrays", r.Percent.Arrays, min.Arrays)
	return out
}

// Minimum is the least coverage of each class a run must reach (0: none).
type Minimum struct{ Fields, EnumValues, Arrays float64 }

// ParseMinimum reads --min-coverage: "80" for every class, or
// "enumValues=100,fields=90" for some of them.
func ParseMinimum(s string) (Minimum, error) {
	var m Minimum
	if s == "" {
		return m, nil
	}
	bad := func(what string) (Minimum, error) {
		return Minimum{}, fmt.Errorf("%q: %s (want a percentage such as 80, or class=percentage with the classes fields, enumValues, arrays)", s, what)
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n < 0 || n > 100 || math.IsNaN(n) {
			return bad("a percentage runs from 0 to 100")
		}
		return Minimum{n, n, n}, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return bad(fmt.Sprintf("%q is neither a percentage nor class=percentage", part))
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n < 0 || n > 100 || math.IsNaN(n) {
			return bad(fmt.Sprintf("%q is not a percentage from 0 to 100", v))
		}
		switch k {
		case "fields":
			m.Fields = n
		case "enumValues":
			m.EnumValues = n
		case "arrays":
			m.Arrays = n
		default:
			return bad(fmt.Sprintf("%q is not a class", k))
		}
	}
	return m, nil
}

// JSON is the report as the --coverage file holds it.
func (r Report) JSON() []byte {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil { // unreachable: maps of strings and numbers
		panic(err)
	}
	return append(b, '\n')
}

// Summary is the report in a few lines for a terminal: the percentages, then
// the most telling gaps.
func (r Report) Summary() []string {
	lines := []string{fmt.Sprintf("coverage of the contract over %d profile(s): fields %s%%, enum values %s%%, arrays %s%%",
		r.Bodies, format(r.Percent.Fields), format(r.Percent.EnumValues), format(r.Percent.Arrays))}
	if gaps := r.Gaps(6); len(gaps) > 0 {
		lines = append(lines, "never shown: "+strings.Join(gaps, "; "))
	}
	return lines
}

func format(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// splitPointer splits "/a/*/b" into its parent "/a/*" and key "b".
func splitPointer(ptr string) (string, string) {
	i := strings.LastIndexByte(ptr, '/')
	return ptr[:i], unescape(ptr[i+1:])
}

// instances returns every value at ptr in v, "*" standing for every element
// of an array.
func instances(v any, ptr string) []any {
	cur := []any{v}
	if ptr == "" {
		return cur
	}
	for _, seg := range strings.Split(ptr[1:], "/") {
		var next []any
		for _, c := range cur {
			if seg == "*" {
				if a, ok := c.([]any); ok {
					next = append(next, a...)
				}
				continue
			}
			if m, ok := c.(map[string]any); ok {
				if x, ok := m[unescape(seg)]; ok {
					next = append(next, x)
				}
			}
		}
		cur = next
	}
	return cur
}

func unescape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func percent(n, of int) float64 {
	if of == 0 {
		return 100
	}
	return math.Round(1000*float64(n)/float64(of)) / 10
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
