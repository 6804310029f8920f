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

func (f *failure) Error() string { return f.view().text() }

// failureView is a failed check as the reports show it: the terminal's text
// (Error) and the HTML report are both made from it, so they say the same.
type failureView struct {
	Headline   string
	Violations []violationLine // at most maxListed
	More       int             // the violations left out
	Lines      []labelled      // fixture, request, auth, answer, body, repeat
	// Parts are the failures of a step that checked several requests.
	Parts []failureView
}

// violationLine is one violation: its pointer ("" for the answer as a
// whole) and its line in the report.
type violationLine struct{ Pointer, Line string }

// labelled is a line of a failure: "answer", "500 Internal Server Error, …".
type labelled struct{ Label, Text string }

func (f *failure) view() failureView {
	v := failureView{Headline: f.headline}
	for i, x := range f.vs {
		if i == maxListed {
			v.More = len(f.vs) - maxListed
			break
		}
		v.Violations = append(v.Violations, violationLine{Pointer: x.Pointer, Line: rules.Format(x)})
	}
	a := f.ans
	if a == nil {
		return v
	}
	add := func(label, format string, args ...any) {
		v.Lines = append(v.Lines, labelled{label, fmt.Sprintf(format, args...)})
	}
	if a.fixture != "" {
		add("fixture", "%s (token %s)", a.fixture, strconv.Quote(a.token))
	}
	add("request", "%s %s", a.method, a.url)
	add("auth", "%s", a.auth)
	if a.status != 0 {
		var b strings.Builder
		b.WriteString(a.line)
		if ct := a.header.Get("Content-Type"); ct != "" {
			fmt.Fprintf(&b, ", Content-Type %s", ct)
		}
		fmt.Fprintf(&b, ", %d bytes of body", len(a.body))
		add("answer", "%s", b.String())
		if f.showBody && len(a.body) > 0 {
			add("body", "%s", printable(a.body, 300))
		}
	}
	add("repeat", "%s", a.curl)
	return a.secrets.redactView(v)
}

// viewOf is the view of a step's error: a failure, several, or any other
// error as its headline.
func viewOf(err error) failureView {
	switch e := err.(type) {
	case *failure:
		return e.view()
	case *failures:
		return e.view()
	}
	return failureView{Headline: err.Error()}
}

// text is the failure as the terminal report prints it, lined up under
// godog's "Error: ".
func (v failureView) text() string {
	var b strings.Builder
	b.WriteString(v.Headline)
	if len(v.Parts) > 0 {
		for _, p := range v.Parts {
			b.WriteString("\n")
			b.WriteString(strings.ReplaceAll(p.text(), "\n", "\n  "))
		}
		return b.String()
	}
	for _, x := range v.Violations {
		b.WriteString(indent + "  ")
		b.WriteString(x.Line)
	}
	if v.More > 0 {
		fmt.Fprintf(&b, "%s  … and %d more", indent, v.More)
	}
	for _, l := range v.Lines {
		fmt.Fprintf(&b, "%s%-9s%s", indent, l.Label+":", l.Text)
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

func (f *failures) Error() string { return f.view().text() }

func (f *failures) view() failureView {
	v := failureView{Headline: fmt.Sprintf("%d of %d requests failed", len(f.list), f.of)}
	for _, e := range f.list {
		v.Parts = append(v.Parts, viewOf(e))
	}
	return v
}
