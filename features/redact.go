package features

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/profilemock/profilemock/features/coverage"
)

// redacted stands for a secret in a report.
const redacted = "<redacted>"

// minSecret is the shortest value redacted: a shorter one ("1", "on")
// would blot out ordinary text all over a report and hide nothing.
const minSecret = 4

// plainHeaders are the request headers whose values are content negotiation
// or test hooks, never secrets: a report repeats them as they are, so that
// its curl line still asks for the same answer. Every other header value of
// the fixtures (a Cookie, an X-Api-Key, ...) is redacted.
var plainHeaders = map[string]bool{
	"Accept":          true,
	"Accept-Language": true,
	"Cache-Control":   true,
	"Content-Type":    true,
	"Prefer":          true,
}

// secrets are the values no report may show: the fixtures' credentials
// (the whole Authorization value, its credentials, and for Basic the decoded
// user:pass and the password) and the values of the fixtures' headers but
// those in plainHeaders, in every spelling a target might echo them back:
// as sent, JSON-escaped and URL-escaped.
type secrets struct {
	values []string // longest first, so that a longer secret is replaced whole
}

// newSecrets collects the secrets of f; nil when it has none.
func newSecrets(f *Fixtures) *secrets {
	var vs []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) < minSecret {
			return
		}
		vs = append(vs, v, url.QueryEscape(v), url.PathEscape(v))
		if b, err := json.Marshal(v); err == nil {
			vs = append(vs, string(b[1:len(b)-1]))
		}
	}
	if f.Auth != "" {
		add(f.Auth)
		scheme, cred, _ := strings.Cut(f.Auth, " ")
		add(cred)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred)); err == nil {
				add(string(dec))
				if _, pass, ok := strings.Cut(string(dec), ":"); ok {
					add(pass)
				}
			}
		}
	}
	for _, rs := range f.Responses {
		for _, r := range rs {
			addHeaders(r.Headers, add)
		}
	}
	for _, r := range f.BadRequests {
		addHeaders(r.Headers, add)
	}
	if len(vs) == 0 {
		return nil
	}
	slices.SortFunc(vs, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return &secrets{values: slices.Compact(vs)}
}

func addHeaders(hs []Header, add func(string)) {
	for _, h := range hs {
		if !plainHeaders[http.CanonicalHeaderKey(h.Name)] {
			add(h.Value)
		}
	}
}

// redact replaces every secret in text with <redacted>.
func (s *secrets) redact(text string) string {
	if s == nil {
		return text
	}
	for _, v := range s.values {
		if strings.Contains(text, v) {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	return text
}

// redactView redacts every text of v.
func (s *secrets) redactView(v failureView) failureView {
	if s == nil {
		return v
	}
	v.Headline = s.redact(v.Headline)
	v.Violations = slices.Clone(v.Violations)
	for i, x := range v.Violations {
		v.Violations[i] = violationLine{Pointer: s.redact(x.Pointer), Line: s.redact(x.Line)}
	}
	v.Lines = slices.Clone(v.Lines)
	for i, l := range v.Lines {
		v.Lines[i].Text = s.redact(l.Text)
	}
	return v
}

// redactReport redacts the values of enum fields the coverage counted: a
// target may echo a secret in one.
func (s *secrets) redactReport(r coverage.Report) coverage.Report {
	if s == nil {
		return r
	}
	for ptr, values := range r.Enums {
		m := make(map[string]int, len(values))
		for v, n := range values {
			m[s.redact(v)] += n
		}
		r.Enums[ptr] = m
	}
	return r
}
