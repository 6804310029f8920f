package features

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/mock/mocktest"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	os.Exit(m.Run())
}

// selfCheck serves the mock as the contract command does without a target.
func selfCheck(t *testing.T) string {
	t.Helper()
	srv, err := mocktest.NewServer(mock.Config{Seed: 1, Auth: mock.Auth{Basic: []string{BuiltinCredentials}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestRunAgainstTheMock(t *testing.T) {
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{
		Target: selfCheck(t), Fixtures: BuiltinFixtures(), Mock: true, Strict: true, Output: &out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 0 || res.Skipped != 0 || res.Passed < 60 {
		t.Fatalf("%s\n%s", res.Summary(), out.String())
	}
	if !strings.HasSuffix(out.String(), "\n"+res.Summary()+"\n") {
		t.Errorf("the report does not end with the summary line")
	}
}

// TestFailureReport: a failed check names the request, the credentials (never
// their value), the answer, each violation, and repeats the request with curl.
func TestFailureReport(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Prefer") == "code=500" {
			w.WriteHeader(500)
			_, _ = w.Write([]byte(`{"errors":[{"errorCode":2147483648,"errorTitle":1}],"warnings":{}}`))
			return
		}
		_, _ = w.Write([]byte(`{"errors":[],"warnings":[]}`))
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	var out bytes.Buffer
	res, err := Run(context.Background(), Config{Target: srv.URL + "/base/", Fixtures: BuiltinFixtures(), Tags: "@500 && ~@headers", Output: &out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 1 {
		t.Fatalf("%s\n%s", res.Summary(), out.String())
	}
	url := srv.URL + "/base/department/" + BuiltinDepartment + "/customer-profile/ok-1"
	for _, want := range []string{
		"the body breaks the contract for status 500 (contract level): 3 violation(s)",
		"  /errors/0/errorCode: expected an int32, from -2147483648 to 2147483647, found number 2147483648",
		"  /errors/0/errorTitle: expected string, found number 1",
		"  /warnings: expected array, found object {}",
		"request: GET " + url,
		"auth:    the fixtures' auth",
		"answer:  500 Internal Server Error, Content-Type application/json, 66 bytes of body",
		"repeat:  curl -sS -i -H 'Accept: application/json' -H 'Prefer: code=500' -H 'Authorization: <credentials>' '" + url + "'",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "cWE6c2VjcmV0") {
		t.Error("the report shows the credentials")
	}
}

func TestUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	target := srv.URL
	srv.Close()
	_, err := Run(context.Background(), Config{Target: target, Fixtures: BuiltinFixtures(), Timeout: time.Second})
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "cannot reach the target: GET "+target+"/department/") ||
		!strings.Contains(err.Error(), "connection refused") {
		t.Errorf("%v", err)
	}
}

func TestTagFilter(t *testing.T) {
	ex := []string{"@strict", "@mock"}
	for _, tc := range []struct{ in, want string }{
		{"", "~@strict && ~@mock"},
		{"@400", "@400 && ~@strict && ~@mock"},
		{"400", "@400 && ~@strict && ~@mock"},
		{"@200 && ~@semantic", "@200 && ~@semantic && ~@strict && ~@mock"},
		{"@400,@401", "@400 && ~@strict && ~@mock,@401 && ~@strict && ~@mock"},
		{"@400, @401", "@400 && ~@strict && ~@mock,@401 && ~@strict && ~@mock"},
		{"@200 and not @semantic", "@200 && ~@semantic && ~@strict && ~@mock"},
		{"@200 AND NOT @semantic OR @204", "@200 && ~@semantic && ~@strict && ~@mock,@204 && ~@strict && ~@mock"},
		{"not ~@x", "@x && ~@strict && ~@mock"},
	} {
		got, err := tagFilter(tc.in, ex)
		if err != nil || got != tc.want {
			t.Errorf("tagFilter(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"@a @b", "(@a)", "@a &&", "&& @a", "@a,", ",@a", "not", "@a and not", "@a && && @b", "@", "@a@b"} {
		if got, err := tagFilter(bad, ex); err == nil {
			t.Errorf("tagFilter(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzTagFilter(f *testing.F) {
	f.Add("@200 and not @semantic, @204")
	f.Add("~@a&&@b,@c")
	valid := regexp.MustCompile(`^~?@[^\s@~,&()]+( && ~?@[^\s@~,&()]+)*(,~?@[^\s@~,&()]+( && ~?@[^\s@~,&()]+)*)*$`)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := tagFilter(in, []string{"@strict"})
		if err != nil {
			return
		}
		// Whatever it accepts is an expression godog parses without panicking.
		if !valid.MatchString(got) {
			t.Fatalf("tagFilter(%q) = %q", in, got)
		}
	})
}

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		`ok-1`: "ok-1", `ok\x01`: "ok\x01", `\x7f\xc3\xa9`: "\x7f\xc3\xa9", `a\\b`: `a\b`, `ok\x091`: "ok\t1",
	} {
		if got, err := unescape(in); err != nil || got != want {
			t.Errorf("unescape(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`\x1`, `\xzz`, `\n`, `a\`} {
		if _, err := unescape(bad); err == nil {
			t.Errorf("unescape(%q): no error", bad)
		}
	}
}

func TestCurlCommand(t *testing.T) {
	got := curlCommand("GET", "http://h/department/it's/customer-profile/x", []Header{{"Accept", "application/json"}, {"X-Note", "a 'b'"}}, true)
	want := `curl -sS -i -H 'Accept: application/json' -H 'X-Note: a '\''b'\''' -H 'Authorization: <credentials>' 'http://h/department/it'\''s/customer-profile/x'`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := curlCommand("GET", "http://h/", nil, false); got != "curl -sS -i 'http://h/'" {
		t.Errorf("%s", got)
	}
}

func TestSummaryFixer(t *testing.T) {
	var out bytes.Buffer
	tl := &tally{passed: 3, skipped: 2, skippedFor: map[string]int{}, why: map[string]string{}}
	f := &summaryFixer{w: &out, tally: tl}
	for _, chunk := range []string{"Feature: x\n\n5 scen", "arios (\x1b[32m5 passed\x1b[0m)\n", "12 steps (12 passed)\n", "tail"} {
		if _, err := f.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	f.flush()
	want := "Feature: x\n\n5 scenarios (3 passed, 0 failed, 2 skipped)\n12 steps (12 passed)\ntail"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}
