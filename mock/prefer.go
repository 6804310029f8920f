package mock

import (
	"net/http"
	"strconv"
	"strings"
)

// answer is what the endpoint will say: which scenario answers and with what
// status. The scenario name goes out in X-Mock-Scenario.
type answer struct {
	Scenario string
	Status   int
	Applied  string // the Preference-Applied value, "" for none
}

// supportedCodes are the statuses Prefer: code=N may ask for: those the API
// page documents.
const supportedCodes = "200, 204, 400, 401, 500"

// choose picks the answer for a request that passed the auth and parameter
// checks. Today the only selector is Prefer: code=N (Prism's convention);
// X-Mock-Scenario, __scenario and __code will join it here.
func choose(r *http.Request) (answer, error) {
	def := answer{Scenario: "default", Status: http.StatusOK}
	code, ok := preferredCode(r.Header.Values("Prefer"))
	if !ok {
		return def, nil
	}
	switch code {
	case "200":
		def.Applied = "code=200"
		return def, nil
	case "204", "400", "401", "500":
		st, _ := strconv.Atoi(code)
		return answer{Scenario: "forced-" + code, Status: st, Applied: "code=" + code}, nil
	}
	return answer{}, errorf(http.StatusBadRequest, CodeUnsupportedPreferCode,
		"Prefer: code=%s is not a documented response of getCustomerProfileData (supported codes: %s)",
		quoteIfOdd(clip(code)), supportedCodes)
}

// quoteIfOdd leaves a plain value as it is and quotes anything else.
func quoteIfOdd(s string) string {
	if isToken(s) {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// preferredCode finds the first "code" preference in the Prefer header fields
// (RFC 7240: comma-separated preferences, a case-insensitive token with an
// optional =value, parameters after ";" ignored, whitespace tolerated, the
// first instance of a preference wins). It returns the value, unquoted.
func preferredCode(fields []string) (string, bool) {
	for _, f := range fields {
		for _, pref := range splitQuoted(f, ',') {
			pref = splitQuoted(pref, ';')[0]
			name, value, _ := strings.Cut(pref, "=")
			if !strings.EqualFold(strings.TrimSpace(name), "code") {
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
