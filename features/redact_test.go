package features

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/profilemock/profilemock/features/coverage"
)

// The secrets of TestReportsRedactSecrets: credentials, a cookie and an API
// key, each one that a careless target echoes back.
const (
	secretUser   = "qa-robot"
	secretPass   = "pa55-w0rd-9f2c"
	secretCookie = "session=c00kie-7d41a"
	secretAPIKey = "k3y-0b9e1f7a"
)

// echoService answers every request with what it was sent: a 200 of
// text/plain (so that every check fails and quotes the body) holding the
// Authorization, Cookie and X-Api-Key headers, the decoded Basic
// credentials, and the same JSON-escaped.
func echoService(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Set-Cookie", r.Header.Get("Cookie")) // not in any report
		fmt.Fprintf(w, "you sent %s; cookie %s; key %s; user %s password %s; json %q",
			r.Header.Get("Authorization"), r.Header.Get("Cookie"), r.Header.Get("X-Api-Key"), user, pass,
			r.Header.Get("Cookie"))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestReportsRedactSecrets: no report of a run (the terminal, JUnit, the
// cucumber JSON, the HTML page) shows the fixtures' credentials or their
// header values, even when the target echoes them back; the headers that
// are no secret (Prefer) are repeated as they are.
func TestReportsRedactSecrets(t *testing.T) {
	fx := BuiltinFixtures()
	fx.Auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(secretUser+":"+secretPass))
	for status, rs := range fx.Responses {
		for i := range rs {
			rs[i].Headers = append(rs[i].Headers, Header{"Cookie", secretCookie}, Header{"X-Api-Key", secretAPIKey})
		}
		fx.Responses[status] = rs
	}
	dir := t.TempDir()
	files := map[string]string{
		"junit":    filepath.Join(dir, "report.xml"),
		"cucumber": filepath.Join(dir, "report.json"),
		"html":     filepath.Join(dir, "report.html"),
	}
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{
		Target: echoService(t), Fixtures: fx, Output: &out,
		JUnit: files["junit"], Cucumber: files["cucumber"], HTML: files["html"],
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed == 0 {
		t.Fatalf("the echoing service should fail: %s", res.Summary())
	}
	outputs := map[string]string{"terminal": out.String()}
	for name, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		outputs[name] = string(b)
	}
	secretsOf := []string{secretPass, secretCookie, secretAPIKey, secretUser + ":" + secretPass,
		base64.StdEncoding.EncodeToString([]byte(secretUser + ":" + secretPass)), "c00kie-7d41a"}
	for name, text := range outputs {
		for _, s := range secretsOf {
			if strings.Contains(text, s) {
				t.Errorf("the %s report shows the secret %q", name, s)
			}
		}
	}
	term := outputs["terminal"]
	for _, want := range []string{
		`-H 'Cookie: ` + redacted + `'`,
		`-H 'X-Api-Key: ` + redacted + `'`,
		`-H 'Prefer: code=204'`,
		"cookie " + redacted,
		"password " + redacted,
	} {
		if !strings.Contains(term, want) {
			t.Errorf("the terminal report lacks %q", want)
		}
	}
}

func TestSecretsRedact(t *testing.T) {
	s := newSecrets(&Fixtures{
		Auth: "Bearer tok-12345",
		Responses: map[int][]Request{200: {{Headers: []Header{
			{"Cookie", `a="b/c d"`}, {"prefer", "code=200"}, {"X-Short", "abc"},
		}}}},
	})
	for _, tt := range []struct{ in, want string }{
		{"auth Bearer tok-12345!", "auth <redacted>!"},
		{"token tok-12345", "token <redacted>"},
		{`cookie a="b/c d"`, "cookie <redacted>"},
		{`json "a=\"b/c d\""`, `json "<redacted>"`},
		{"query a%3D%22b%2Fc+d%22", "query <redacted>"},
		{"path a=%22b%2Fc%20d%22", "path <redacted>"},
		{"prefer code=200, short abc", "prefer code=200, short abc"},
	} {
		if got := s.redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if s := newSecrets(&Fixtures{Responses: map[int][]Request{200: {{}}}}); s != nil || s.redact("x") != "x" {
		t.Errorf("no secrets: %v", s)
	}
}

// TestCoverageRedacted: an enum value that is a secret is counted under
// <redacted> in the coverage the reports show.
func TestCoverageRedacted(t *testing.T) {
	fx := BuiltinFixtures()
	fx.Responses[200][0].Headers = append(fx.Responses[200][0].Headers, Header{"Cookie", secretCookie})
	c, err := coverage.New()
	if err != nil {
		t.Fatal(err)
	}
	c.Add(200, fmt.Appendf(nil, `{"customerProfileDataRequestDTO": {"items": [{"status": %q}, {"status": "x %s"}]}}`, secretCookie, secretCookie))
	status := newSecrets(fx).redactReport(c.Report()).Enums["/customerProfileDataRequestDTO/items/*/status"]
	if status[redacted] != 1 || status["x "+redacted] != 1 {
		t.Errorf("the status values: %v", status)
	}
	for v := range status {
		if strings.Contains(v, "c00kie") {
			t.Errorf("the coverage keeps the secret %q", v)
		}
	}
}
