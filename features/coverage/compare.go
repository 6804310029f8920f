package coverage

import (
	"fmt"
	"sort"
	"strings"

	"github.com/profilemock/profilemock/scenarios"
)

// MockDepartment is the department of the mock's profiles that Mock counts.
const MockDepartment = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"

// Mock counts what the mock's default scenario produces over n customers
// (n tokens of one department, seed 1): what a team's fakes look like, to
// hold beside its service's real data.
func Mock(n int) (Report, error) {
	cat, err := scenarios.LoadDefault(nil, "", true)
	if err != nil {
		return Report{}, err
	}
	def, ok := cat.Get("default")
	if !ok {
		return Report{}, fmt.Errorf("coverage: the built-in library has no default scenario")
	}
	c, err := New()
	if err != nil {
		return Report{}, err
	}
	for i := range max(n, 1) {
		body, err := def.Step(0).Render200(1, MockDepartment, fmt.Sprintf("compare-%d", i))
		if err != nil {
			return Report{}, err
		}
		c.Add(200, body)
	}
	return c.Report(), nil
}

// Difference is one way in which a service's answers and the mock's differ
// that a frontend would trip on.
type Difference struct {
	Pointer string `json:"pointer"`
	Says    string `json:"says"`
}

// String is "items[].status: ..." for a terminal.
func (d Difference) String() string { return Name(d.Pointer) + ": " + d.Says }

// Compare lists where the service's answers (svc) and the mock's (mock)
// differ in a way a frontend built against one would trip on with the other:
// a field the service leaves empty that the mock always fills, an enum value
// only one side produces, array lengths outside the other's range, strings
// of another form (UUID, RFC 3339 date-time, E.164, email, VIN, URL). In
// pointer order.
func Compare(svc, mock Report) []Difference {
	var out []Difference
	add := func(ptr, format string, a ...any) {
		out = append(out, Difference{Pointer: ptr, Says: fmt.Sprintf(format, a...)})
	}
	if svc.Bodies == 0 {
		return nil
	}
	for _, ptr := range sortedKeys(svc.Fields) {
		s, m := svc.Fields[ptr], mock.Fields[ptr]
		if m == nil {
			continue
		}
		mockFills := m.Present > 0 && m.Empty == 0 && m.Absent == 0 && m.Null == 0
		svcFilled := s.Present - s.Empty
		if mockFills && svcFilled == 0 && s.Present+s.Absent+s.Null > 0 {
			add(ptr, "the service always leaves it %s; the mock always fills it", emptyWord(s))
		}
	}
	for _, ptr := range sortedKeys(svc.Enums) {
		var onlySvc, onlyMock []string
		for _, v := range sortedKeys(svc.Enums[ptr]) {
			sn, mn := svc.Enums[ptr][v], mock.Enums[ptr][v]
			switch {
			case sn > 0 && mn == 0:
				onlySvc = append(onlySvc, v)
			case mn > 0 && sn == 0:
				onlyMock = append(onlyMock, v)
			}
		}
		if len(onlySvc) > 0 {
			add(ptr, "only the service sends %s", strings.Join(onlySvc, ", "))
		}
		if len(onlyMock) > 0 {
			add(ptr, "only the mock sends %s", strings.Join(onlyMock, ", "))
		}
	}
	for _, ptr := range sortedKeys(svc.Arrays) {
		s, m := svc.Arrays[ptr], mock.Arrays[ptr]
		if m == nil || s.Empty+s.NonEmpty == 0 || m.Empty+m.NonEmpty == 0 {
			continue
		}
		if s.MinLen < m.MinLen || s.MaxLen > m.MaxLen {
			add(ptr, "the service sends %s elements, the mock %s", lengths(s), lengths(m))
		}
	}
	for _, ptr := range sortedKeys(svc.Formats) {
		sf, mf := dominant(svc.Formats[ptr]), dominant(mock.Formats[ptr])
		if sf != "" && mf != "" && sf != mf {
			add(ptr, "the service sends %s values, the mock %s", formWord(sf), formWord(mf))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pointer < out[j].Pointer })
	return out
}

func emptyWord(f *FieldCount) string {
	switch {
	case f.Present == 0 && f.Null > 0:
		return "null"
	case f.Present == 0:
		return "out"
	}
	return "empty"
}

func lengths(a *ArrayCount) string {
	if a.MinLen == a.MaxLen {
		return fmt.Sprint(a.MinLen)
	}
	return fmt.Sprintf("%d to %d", a.MinLen, a.MaxLen)
}

// dominant is the form most of the values took, "" for no value.
func dominant(forms map[string]int) string {
	best, n := "", 0
	for _, f := range sortedKeys(forms) {
		if forms[f] > n {
			best, n = f, forms[f]
		}
	}
	return best
}

func formWord(f string) string {
	switch f {
	case FormUUID:
		return "UUID"
	case FormDateTime:
		return "RFC 3339 date-time"
	case FormE164:
		return "E.164 phone number"
	case FormEmail:
		return "email address"
	case FormVIN:
		return "VIN"
	case FormURL:
		return "URL"
	}
	return "free text"
}
