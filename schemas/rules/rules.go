// Package rules judges one answer of getCustomerProfileData by everything the
// contract says about it: a documented status, a JSON Content-Type, no body on
// a 204, a body that fits the schema of its status, and the semantic rules of a
// 200 that a schema cannot express (the department echoes the path, vehicleInfo
// is one of the customer's vehicles, review times are RFC 3339). The contract
// suite's steps and the validating proxy both judge answers with it, so that
// they never disagree.
package rules

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/profilemock/profilemock/schemas"
)

// Violation is one way in which an answer breaks the contract: a JSON pointer
// into the body ("" for the answer as a whole: its status, a header, or a body
// that is not JSON), what the contract expects there and what the answer holds.
type Violation = schemas.Violation

// Format renders a violation as one line. It differs from Violation.String
// only for the answer as a whole, which it calls "(answer)" rather than
// "(body)".
func Format(v Violation) string {
	p := v.Pointer
	if p == "" {
		p = "(answer)"
	}
	return p + ": expected " + v.Expected + ", found " + v.Found
}

// Documented reports whether the API page documents status.
func Documented(status int) bool { return schemas.BodyFile(status) != "" }

// Status returns a violation for a status the page does not document.
func Status(status int) []Violation {
	if Documented(status) {
		return nil
	}
	return []Violation{{
		Expected: "a documented status (200, 204, 400, 401 or 500)",
		Found:    "status " + statusText(status),
	}}
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return strconv.Itoa(status) + " " + t
	}
	return strconv.Itoa(status)
}

// IsJSON reports whether a Content-Type value names JSON: application/json or
// any application/*+json, with any parameters.
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")
}

// ContentType returns a violation when an answer that carries a body does not
// say it is JSON. Every documented body is a JSON object; the page's "*/*" for
// the error answers admits application/json, which is what clients parse.
func ContentType(status int, h http.Header) []Violation {
	if status == http.StatusNoContent {
		return nil
	}
	ct := h.Get("Content-Type")
	if IsJSON(ct) {
		return nil
	}
	found := "no Content-Type"
	if ct != "" {
		found = "Content-Type " + strconv.Quote(ct)
	}
	return []Violation{{Expected: "Content-Type application/json", Found: found}}
}

// NoBody returns a violation when a 204 answer carries a body, or announces
// one. Go's client drops the body of a 204 without reading it, so the headers
// are the evidence: a Content-Length other than 0, or a Transfer-Encoding.
func NoBody(h http.Header, transferEncoding []string, body []byte) []Violation {
	var found []string
	if cl := h.Get("Content-Length"); cl != "" && cl != "0" {
		found = append(found, "Content-Length: "+cl)
	}
	if len(transferEncoding) > 0 {
		found = append(found, "Transfer-Encoding: "+strings.Join(transferEncoding, ", "))
	} else if te := h.Get("Transfer-Encoding"); te != "" {
		found = append(found, "Transfer-Encoding: "+te)
	}
	if len(body) > 0 {
		found = append(found, fmt.Sprintf("%d bytes of body", len(body)))
	}
	if len(found) == 0 {
		return nil
	}
	return []Violation{{Expected: "no body (a 204 answer has none)", Found: strings.Join(found, ", ")}}
}

// Body checks body as the answer for status at level. A body that is not JSON
// is one violation of the whole answer; a status the page does not document is
// an error.
func Body(set *schemas.Set, status int, level schemas.Level, body []byte) ([]Violation, error) {
	vs, err := set.Validate(status, level, body)
	var notJSON *schemas.NotJSONError
	if errors.As(err, &notJSON) {
		return []Violation{{Expected: "a JSON body", Found: notJSON.Error() + ", starting " + Excerpt(body, 60)}}, nil
	}
	return vs, err
}

// Excerpt quotes the start of a body for a message: at most max bytes, with
// "…" when there is more.
func Excerpt(body []byte, max int) string {
	if len(body) == 0 {
		return "(empty)"
	}
	return quoteClipped(string(body), max)
}

// quoteClipped quotes at most most bytes of s, and marks the cut outside the quotes: inside, "…"
// would read as part of the value.
func quoteClipped(s string, most int) string {
	if c := schemas.Clip(s, most, ""); len(c) < len(s) {
		return strconv.Quote(c) + "…"
	}
	return strconv.Quote(s)
}

// Challenge returns a violation for a 401 without WWW-Authenticate: HTTP
// requires a 401 to say how to authenticate (RFC 9110, 11.6.1).
func Challenge(status int, h http.Header) []Violation {
	if status != http.StatusUnauthorized || h.Get("WWW-Authenticate") != "" {
		return nil
	}
	return []Violation{{Expected: "a WWW-Authenticate header (a 401 must challenge the client)", Found: "none"}}
}
