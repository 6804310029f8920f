package features

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/profilemock/profilemock/schemas/rules"
)

// failure is a failed check, written for the person who reads the report: what
// was expected, each violation with its JSON pointer, the request, the answer,
// and a curl command that repeats the request.
type failure struct {
	headline string
	vs       []rules.Violation
	ans      *answer
	showBody bool // quote the start of the body (a surprising status, a wrong content type)
}

// maxListed bounds the violations a report lists.
const maxListed = 25

// indent lines the details up under godog's "Error: ".
const indent = "\n        "

func (f *failure) Error() string {
	var b strings.Builder
	b.WriteString(f.headline)
	for i, v := range f.vs {
		if i == maxListed {
			fmt.Fprintf(&b, "%s  … and %d more", indent, len(f.vs)-maxListed)
			break
		}
		b.WriteString(indent + "  ")
		b.WriteString(rules.Format(v))
	}
	if a := f.ans; a != nil {
		if a.fixture != "" {
			fmt.Fprintf(&b, "%sfixture: %s (token %s)", indent, a.fixture, strconv.Quote(a.token))
		}
		fmt.Fprintf(&b, "%srequest: %s %s", indent, a.method, a.url)
		fmt.Fprintf(&b, "%sauth:    %s", indent, a.auth)
		if a.status != 0 {
			fmt.Fprintf(&b, "%sanswer:  %s", indent, a.line)
			if ct := a.header.Get("Content-Type"); ct != "" {
				fmt.Fprintf(&b, ", Content-Type %s", ct)
			}
			fmt.Fprintf(&b, ", %d bytes of body", len(a.body))
			if f.showBody && len(a.body) > 0 {
				fmt.Fprintf(&b, "%sbody:    %s", indent, printable(a.body, 300))
			}
		}
		fmt.Fprintf(&b, "%srepeat:  %s", indent, a.curl)
	}
	return b.String()
}

// printable shows the start of a body on one line: at most max bytes, line
// breaks and other control characters escaped, "…" when there is more.
func printable(body []byte, max int) string {
	more := len(body) > max
	if more {
		body = body[:max]
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(string(body), "\ufffd") {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	if more {
		b.WriteString("…")
	}
	return b.String()
}

// curlCommand repeats a request for a shell. The credentials are a
// placeholder: a report must not carry them.
func curlCommand(method, url string, headers []Header, withAuth bool) string {
	parts := []string{"curl", "-sS", "-i"}
	if method != "GET" {
		parts = append(parts, "-X", method)
	}
	for _, h := range headers {
		parts = append(parts, "-H", shellQuote(h.Name+": "+h.Value))
	}
	if withAuth {
		parts = append(parts, "-H", shellQuote("Authorization: <credentials>"))
	}
	parts = append(parts, shellQuote(url))
	return strings.Join(parts, " ")
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// failures are the failed checks of a step that checks several requests (one
// per fixture): each names its fixture.
type failures struct {
	of   int // requests checked
	list []error
}

func (f *failures) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d requests failed", len(f.list), f.of)
	for _, e := range f.list {
		b.WriteString("\n")
		b.WriteString(strings.ReplaceAll(e.Error(), "\n", "\n  "))
	}
	return b.String()
}
