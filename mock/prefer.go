package mock

import (
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/schemas"
)

// headerScenario names the scenario on a request, and on every answer of the
// endpoint the scenario that answered.
const headerScenario = "X-Mock-Scenario"

// headerScenarioSource says, on every answer of the endpoint, which selector
// chose the scenario: one of the source constants.
const headerScenarioSource = "X-Mock-Scenario-Source"

// Where the answering scenario came from, in the order choose tries them.
const (
	sourceHeader           = "header"            // X-Mock-Scenario: NAME
	sourcePrefer           = "prefer"            // Prefer: example=NAME or code=N
	sourceQuery            = "query"             // ?__scenario=NAME, ?__example=NAME or ?__code=N
	sourceMatch            = "match"             // a scenario's own match rules
	sourceActiveDepartment = "active-department" // PUT /__admin/active/{departmentUuid}
	sourceActive           = "active"            // PUT /__admin/active
	sourceDefault          = "default"           // nothing chose another
)

// Query parameters that choose a scenario, so that a scenario opens from a
// browser's address bar (__example and __code are Prism's).
const (
	queryScenario = "__scenario"
	queryExample  = "__example"
	queryCode     = "__code"
)

// selection is the scenario that answers a request, and why.
type selection struct {
	sc      *scenarios.Scenario
	source  string // one of the source constants
	applied string // the Preference-Applied value, "" for none
}

// supportedCodes are the statuses Prefer: code=N and __code=N may ask for:
// those the API page documents.
const supportedCodes = "200, 204, 400, 401, 500"

// codeScenario maps a documented status to the built-in scenario that answers
// with it, for Prefer: code=N and __code=N.
func codeScenario(code string) (string, bool) {
	switch code {
	case "200":
		return defaultScenario, true
	case "204":
		return "no-content", true
	case "400":
		return "bad-request", true
	case "401":
		return "unauthorized", true
	case "500":
		return "server-error", true
	}
	return "", false
}

// choose picks the scenario for a request that passed the auth and parameter
// checks. The first of these that names or matches a scenario wins:
//
//  1. the X-Mock-Scenario header;
//  2. Prefer: example=NAME, then Prefer: code=N (Prism's conventions);
//  3. the query parameters __scenario, then __example, then __code;
//  4. the catalog's match rules (token, department, headers);
//  5. the scenario made active for the request's department, then the global one;
//  6. the scenario "default".
//
// An empty value counts as absent. A name that is not loaded, from any of
// them, is a 400 listing the loaded names: never a silent fallback. req holds
// the checked parameters and the catalog; choose fills in nothing of it.
func (s *server) choose(r *http.Request, req *profileRequest) (selection, error) {
	st := req.st
	if v := strings.TrimSpace(r.Header.Get(headerScenario)); v != "" {
		return st.named(v, chooser{sourceHeader, "the X-Mock-Scenario header", ""})
	}
	if prefs := r.Header.Values("Prefer"); len(prefs) > 0 {
		if v, ok := preferred(prefs, "example"); ok && v != "" {
			return st.named(v, chooser{sourcePrefer, "Prefer: example", "example=" + quoteIfOdd(v)})
		}
		if code, ok := preferred(prefs, "code"); ok {
			name, ok := codeScenario(code)
			if !ok {
				return selection{}, errorf(http.StatusBadRequest, schemas.CodeUnsupportedPreferCode,
					"Prefer: code=%s is not a documented response of getCustomerProfileData (supported codes: %s)",
					quoteIfOdd(clip(code)), supportedCodes)
			}
			return st.named(name, chooser{sourcePrefer, "Prefer: code=" + code, "code=" + code})
		}
	}
	if r.URL.RawQuery != "" {
		q := r.URL.Query()
		if v := strings.TrimSpace(q.Get(queryScenario)); v != "" {
			return st.named(v, chooser{sourceQuery, "the " + queryScenario + " query parameter", ""})
		}
		if v := strings.TrimSpace(q.Get(queryExample)); v != "" {
			return st.named(v, chooser{sourceQuery, "the " + queryExample + " query parameter", ""})
		}
		if code := strings.TrimSpace(q.Get(queryCode)); code != "" {
			name, ok := codeScenario(code)
			if !ok {
				return selection{}, errorf(http.StatusBadRequest, schemas.CodeUnsupportedPreferCode,
					"%s=%s is not a documented response of getCustomerProfileData (supported codes: %s)",
					queryCode, quoteIfOdd(clip(code)), supportedCodes)
			}
			return st.named(name, chooser{sourceQuery, queryCode + "=" + code, ""})
		}
	}
	if sc, ok := st.cat.Match(req.department, req.token, r.Header.Get); ok {
		return selection{sc: sc, source: sourceMatch}, nil
	}
	if name, ofDept := s.active.lookup(req.department); name != "" {
		if ofDept {
			return st.named(name, chooser{sourceActiveDepartment, "the active scenario of department " + req.department, ""})
		}
		return st.named(name, chooser{sourceActive, "the active scenario", ""})
	}
	sc, _ := st.cat.Get(defaultScenario) // servable made sure it is there
	return selection{sc: sc, source: sourceDefault}, nil
}

// chooser is the selector that named a scenario: its source, how the 400 of
// an unknown name words it, and the Preference-Applied value ("" for none).
type chooser struct {
	source, from, applied string
}

// named looks up a scenario chosen by name.
func (st *catalogState) named(name string, by chooser) (selection, error) {
	sc, ok := st.cat.Get(name)
	if !ok {
		return selection{}, unknownScenario(st, name, by.from)
	}
	return selection{sc: sc, source: by.source, applied: by.applied}, nil
}

// unknownScenario is the 400 of a name that is not loaded, listing those that are.
func unknownScenario(st *catalogState, name, from string) *Error {
	return errorf(http.StatusBadRequest, schemas.CodeUnknownScenario,
		"scenario %s (from %s) is not loaded; the loaded scenarios are: %s",
		strconv.Quote(clip(name)), from, st.names)
}

// quoteIfOdd leaves a plain value as it is and quotes anything else.
func quoteIfOdd(s string) string {
	// An RFC 9110 token (the syntax of a field name) needs no quotes.
	if httpguts.ValidHeaderFieldName(s) {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// preferredCode finds the first "code" preference in the Prefer header fields.
func preferredCode(fields []string) (string, bool) { return preferred(fields, "code") }

// preferred finds the first preference called want in the Prefer header
// fields (RFC 7240: comma-separated preferences, a case-insensitive token with
// an optional =value, parameters after ";" ignored, whitespace tolerated, the
// first instance of a preference wins). It returns the value, unquoted.
func preferred(fields []string, want string) (string, bool) {
	for _, f := range fields {
		for _, pref := range splitQuoted(f, ',') {
			pref = splitQuoted(pref, ';')[0]
			name, value, _ := strings.Cut(pref, "=")
			if !strings.EqualFold(strings.TrimSpace(name), want) {
				continue
			}
			return unquote(strings.TrimSpace(value)), true
		}
	}
	return "", false
}

// splitQuoted splits s at every sep outside a quoted string.
func splitQuoted(s string, sep byte) []string {
	var parts []string
	start, inQuote := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case inQuote && s[i] == '\\':
			i++
		case s[i] == '"':
			inQuote = !inQuote
		case !inQuote && s[i] == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unquote removes the quotes and backslash escapes of an RFC 9110
// quoted-string; any other value is returned as it is.
func unquote(v string) string {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return v
	}
	var b strings.Builder
	for i := 1; i < len(v)-1; i++ {
		if v[i] == '\\' && i+1 < len(v)-1 {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}
