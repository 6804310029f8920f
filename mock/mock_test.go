package mock

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/scenarios/profile"
	"github.com/profilemock/profilemock/schemas"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	os.Exit(m.Run())
}

const (
	dept      = "3f0c8a52-7d4e-4b1a-9c2f-5e6d7a8b9c0d"
	testSeed  = 7
	anyBearer = "Bearer any-token"
)

// The errorCodes of the built-in error scenarios (scenarios/builtin), which
// Prefer: code=400|401|500 answer with. README.md documents them.
const (
	codeBadRequestScenario   int32 = 40080
	codeUnauthorizedScenario int32 = 40180
	codeServerErrorScenario  int32 = 50080
	codeFlakyScenario        int32 = 50081
)

func endpoint(base, department, token string) string {
	return base + "/department/" + department + "/customer-profile/" + token
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func loadSchemas(t testing.TB) *schemas.Set {
	t.Helper()
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// builtinCatalog is the built-in library, loaded once for the whole test
// binary: loading checks every file against the contract, which takes a while.
var builtinCatalog = sync.OnceValues(func() (*scenarios.Catalog, error) {
	return scenarios.LoadDefault(nil, "", true)
})

func builtin(t testing.TB) *scenarios.Catalog {
	t.Helper()
	cat, err := builtinCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// start serves New(cfg) on a loopback httptest.Server. Without a scenario
// directory, it serves the built-in library (loaded once).
func start(t testing.TB, cfg Config) *httptest.Server {
	t.Helper()
	if cfg.Scenarios == nil && cfg.ScenarioDir == "" && !cfg.NoBuiltinScenarios {
		cfg.Scenarios = builtin(t)
	}
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		_ = h.Close()
	})
	return srv
}

// do sends one request with a raw path (escapes kept as written) and returns
// the answer with its body read.
func do(t testing.TB, srv *httptest.Server, method, path string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// checkContract validates an endpoint body at both levels. The mock's own 404
// and 405 use the error envelope, so they are checked as a 400 body.
func checkContract(t *testing.T, set *schemas.Set, status int, body []byte) {
	t.Helper()
	if status == http.StatusNotFound || status == http.StatusMethodNotAllowed {
		status = http.StatusBadRequest
	}
	for _, lv := range []schemas.Level{schemas.Contract, schemas.Strict} {
		vs, err := set.Validate(status, lv, body)
		if err != nil {
			t.Errorf("%d body at %s level: %v\n%s", status, lv, err, body)
			continue
		}
		for _, v := range vs {
			t.Errorf("%d body at %s level: %s", status, lv, v)
		}
	}
}

type errorReply struct {
	Errors []struct {
		ErrorCode    int32  `json:"errorCode"`
		ErrorTitle   string `json:"errorTitle"`
		ErrorMessage string `json:"errorMessage"`
	} `json:"errors"`
	Warnings []json.RawMessage `json:"warnings"`
}

func generated(seed uint64, department, token string) []byte {
	b, err := schemas.Encode(profile.Generate(seed, department, token, profile.DefaultShape()))
	if err != nil {
		panic(err)
	}
	return b
}

// h builds a header from key, value pairs.
func h(kv ...string) http.Header {
	hd := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		hd.Add(kv[i], kv[i+1])
	}
	return hd
}

func TestEndpoint(t *testing.T) {
	set := loadSchemas(t)
	servers := map[string]*httptest.Server{
		"any": start(t, Config{Seed: testSeed, Schemas: set, CheckResponses: true}),
		"restricted": start(t, Config{Seed: testSeed, Schemas: set, CheckResponses: true, Auth: Auth{
			Basic: []string{"alice:s3cret", "bob:pa:ss"}, Bearer: []string{"tok-123"},
		}}),
		"basic-only": start(t, Config{Seed: testSeed, Auth: Auth{Basic: []string{"alice:s3cret"}}}),
		"noauth":     start(t, Config{Seed: testSeed, Auth: Auth{Disabled: true}}),
		"base":       start(t, Config{Seed: testSeed, BasePath: "/api/v1"}),
		"cors":       start(t, Config{Seed: testSeed, CORSOrigins: []string{"https://app.example", "http://localhost:3000"}}),
		"slash":      start(t, Config{Seed: testSeed, AllowEncodedSlash: true}),
	}
	ok := endpoint("", dept, "tok")
	tok512 := strings.Repeat("t", 512)
	tok513 := strings.Repeat("t", 513)

	tests := []struct {
		name     string
		server   string // key of servers; "" is "any"
		method   string // "" is GET
		path     string
		header   http.Header // Authorization defaults to anyBearer; "-" sends none
		status   int
		code     int32  // errorCode of an error body
		message  string // substring of its errorMessage
		scenario string // X-Mock-Scenario; "-" must be absent; "" not checked
		want     map[string]string
		body     []byte // exact body, when set
	}{
		// 200
		{name: "ok", path: ok, status: 200, scenario: "default", body: generated(testSeed, dept, "tok"),
			want: map[string]string{"Content-Type": "application/json", "Cache-Control": "no-cache", "Preference-Applied": "", "X-Mock-Scenario-Source": "default"}},
		{name: "upper-case uuid", path: endpoint("", strings.ToUpper(dept), "tok"), status: 200},
		{name: "512-byte token", path: endpoint("", dept, tok512), status: 200},
		{name: "allowed: encoded slash stays in the token", server: "slash", path: endpoint("", dept, "abc%2Fdef"), status: 200, body: generated(testSeed, dept, "abc/def")},
		{name: "allowed: plus survives raw-path decoding", server: "slash", path: endpoint("", dept, "a+b%2Fc"), status: 200, body: generated(testSeed, dept, "a+b/c")},
		{name: "allowed: encoded backslash", server: "slash", path: endpoint("", dept, "a%5Cb"), status: 200, body: generated(testSeed, dept, `a\b`)},
		{name: "allowed: encoded NUL is a control character", server: "slash", path: endpoint("", dept, "a%00b"), status: 400, code: schemas.CodeTokenForbiddenChar, message: "0x00 at byte 1"},
		{name: "encoded printable token", path: endpoint("", dept, "%7Bx%7D"), status: 200, body: generated(testSeed, dept, "{x}")},
		{name: "Prefer code=200", path: ok, header: h("Prefer", "code=200"), status: 200, scenario: "default", want: map[string]string{"Preference-Applied": "code=200", "X-Mock-Scenario-Source": "prefer"}},

		// 401, and the order: credentials before parameters before Prefer
		{name: "missing Authorization", path: ok, header: h("Authorization", "-"), status: 401, code: schemas.CodeMissingAuthorization, message: "missing",
			want: map[string]string{"WWW-Authenticate": `Bearer realm="profilemock"`}},
		{name: "empty Authorization", path: ok, header: h("Authorization", ""), status: 401, code: schemas.CodeMissingAuthorization},
		{name: "missing Authorization beats a bad department", path: endpoint("", "abc", "tok"), header: h("Authorization", "-"), status: 401, code: schemas.CodeMissingAuthorization},
		{name: "missing Authorization beats Prefer", path: ok, header: h("Authorization", "-", "Prefer", "code=204"), status: 401, code: schemas.CodeMissingAuthorization, scenario: "default"},
		{name: "Digest", path: ok, header: h("Authorization", `Digest username="a", realm="r", nonce="n", uri="/", response="x"`), status: 401, code: schemas.CodeUnsupportedScheme, message: `"Digest" is not supported`},
		{name: "Negotiate", path: ok, header: h("Authorization", "Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg"), status: 401, code: schemas.CodeUnsupportedScheme},
		{name: "scheme only", path: ok, header: h("Authorization", "Negotiate"), status: 401, code: schemas.CodeUnsupportedScheme},
		{name: "not a scheme", path: ok, header: h("Authorization", "(garbage)"), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "malformed base64", path: ok, header: h("Authorization", "Basic !!!notbase64"), status: 401, code: schemas.CodeMalformedAuthorization, message: "base64",
			want: map[string]string{"WWW-Authenticate": `Bearer realm="profilemock", error="invalid_token"`}},
		{name: "unpadded base64", path: ok, header: h("Authorization", "Basic "+strings.TrimRight(b64("ab:c"), "=")), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "Basic without a colon", path: ok, header: h("Authorization", "Basic "+b64("alice")), status: 401, code: schemas.CodeMalformedAuthorization, message: "colon"},
		{name: "Basic empty", path: ok, header: h("Authorization", "Basic"), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "Bearer with an illegal char", path: ok, header: h("Authorization", "Bearer abc,def"), status: 401, code: schemas.CodeMalformedAuthorization, message: "token68 set at byte 3"},
		{name: "Bearer with inner padding", path: ok, header: h("Authorization", "Bearer ab=c"), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "Bearer empty", path: ok, header: h("Authorization", "Bearer "), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "two Authorization headers", path: ok, header: h("Authorization", anyBearer, "Authorization", anyBearer), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "any Basic accepted", path: ok, header: h("Authorization", "Basic "+b64("who:ever")), status: 200},
		{name: "scheme is case-insensitive", path: ok, header: h("Authorization", "bEaReR abc.DEF-_~+/=="), status: 200},
		{name: "restricted: wrong Basic", server: "restricted", path: ok, header: h("Authorization", "Basic "+b64("alice:wrong")), status: 401, code: schemas.CodeCredentialsRejected, message: "Basic credentials"},
		{name: "restricted: wrong Bearer", server: "restricted", path: ok, header: h("Authorization", "Bearer tok-124"), status: 401, code: schemas.CodeCredentialsRejected, message: "Bearer credentials",
			want: map[string]string{"WWW-Authenticate": `Bearer realm="profilemock", error="invalid_token"`}},
		{name: "restricted: right Basic", server: "restricted", path: ok, header: h("Authorization", "Basic "+b64("alice:s3cret")), status: 200},
		{name: "restricted: password with a colon", server: "restricted", path: ok, header: h("Authorization", "Basic "+b64("bob:pa:ss")), status: 200},
		{name: "restricted: right Bearer", server: "restricted", path: ok, header: h("Authorization", "Bearer tok-123"), status: 200},
		{name: "restricted: Basic is still checked for form", server: "restricted", path: ok, header: h("Authorization", "Basic "+b64("alice")), status: 401, code: schemas.CodeMalformedAuthorization},
		{name: "basic-only: any Bearer refused", server: "basic-only", path: ok, header: h("Authorization", "Bearer tok-123"), status: 401, code: schemas.CodeCredentialsRejected},
		{name: "auth disabled: none sent", server: "noauth", path: ok, header: h("Authorization", "-"), status: 200},
		{name: "auth disabled: garbage sent", server: "noauth", path: ok, header: h("Authorization", "Digest x"), status: 200},

		// 400: the department
		{name: "department abc", path: endpoint("", "abc", "tok"), status: 400, code: schemas.CodeDepartmentNotUUID, scenario: "default",
			message: `departmentUuid "abc" is not a UUID (want 8-4-4-4-12 hex digits)`},
		{name: "department missing a dash", path: endpoint("", strings.Replace(dept, "-", "", 1), "tok"), status: 400, code: schemas.CodeDepartmentNotUUID},
		{name: "department of 37 chars", path: endpoint("", dept+"0", "tok"), status: 400, code: schemas.CodeDepartmentNotUUID},
		{name: "department in braces", path: endpoint("", "%7B"+dept+"%7D", "tok"), status: 400, code: schemas.CodeDepartmentNotUUID, message: `"{` + dept + `}"`},
		{name: "department as urn", path: endpoint("", "urn:uuid:"+dept, "tok"), status: 400, code: schemas.CodeDepartmentNotUUID},
		{name: "department with a non-hex digit", path: endpoint("", "g"+dept[1:], "tok"), status: 400, code: schemas.CodeDepartmentNotUUID},
		{name: "department with dashes moved", path: endpoint("", "3f0c8a527-d4e-4b1a-9c2f-5e6d7a8b9c0d", "tok"), status: 400, code: schemas.CodeDepartmentNotUUID},
		{name: "department before token", path: endpoint("", "abc", "a%20b"), status: 400, code: schemas.CodeDepartmentNotUUID},
		{name: "bad department beats Prefer", path: endpoint("", "abc", "tok"), header: h("Prefer", "code=500"), status: 400, code: schemas.CodeDepartmentNotUUID, scenario: "default"},

		// 400: the token
		{name: "empty token", path: endpoint("", dept, ""), status: 400, code: schemas.CodeTokenEmpty, message: "customerProfileViewRequestToken is empty"},
		{name: "513-byte token", path: endpoint("", dept, tok513), status: 400, code: schemas.CodeTokenTooLong, message: "customerProfileViewRequestToken is 513 bytes long (at most 512)"},
		{name: "token with a space", path: endpoint("", dept, "abc%20def"), status: 400, code: schemas.CodeTokenForbiddenChar, message: "customerProfileViewRequestToken holds a space at byte 3"},
		{name: "token with a control char", path: endpoint("", dept, "ab%01"), status: 400, code: schemas.CodeTokenForbiddenChar, message: "holds the control character 0x01 at byte 2"},
		{name: "token with DEL", path: endpoint("", dept, "%7F"), status: 400, code: schemas.CodeTokenForbiddenChar, message: "control character 0x7F at byte 0"},
		{name: "token with a non-ASCII byte", path: endpoint("", dept, "caf%C3%A9"), status: 400, code: schemas.CodeTokenForbiddenChar, message: "holds the non-ASCII byte 0xC3 at byte 3"},
		{name: "token with a non-ASCII byte and a slash", path: endpoint("", dept, "%C3%A9%2F"), status: 400, code: schemas.CodeTokenForbiddenChar, message: "0xC3 at byte 0"},

		// 400: a separator the path could only carry percent-encoded, which
		// common server stacks refuse (Spring's StrictHttpFirewall, Tomcat)
		{name: "token with %2F", path: endpoint("", dept, "ok%2Fslash"), status: 400, code: schemas.CodeEncodedSeparator, scenario: "default",
			message: `customerProfileViewRequestToken holds an encoded "/" (%2F) at byte 2`},
		{name: "token with %2f", path: endpoint("", dept, "ok%2fslash"), status: 400, code: schemas.CodeEncodedSeparator, message: `"/" (%2F) at byte 2`},
		{name: "token with %5C", path: endpoint("", dept, "ok%5Cx"), status: 400, code: schemas.CodeEncodedSeparator, message: `a backslash (%5C) at byte 2`},
		{name: "token with %5c", path: endpoint("", dept, "%5cx"), status: 400, code: schemas.CodeEncodedSeparator, message: `a backslash (%5C) at byte 0`},
		{name: "token with %00", path: endpoint("", dept, "ok%00"), status: 400, code: schemas.CodeEncodedSeparator, message: `a NUL (%00) at byte 2`},
		{name: "token with a slash, then a space", path: endpoint("", dept, "a%2F%20"), status: 400, code: schemas.CodeEncodedSeparator},
		{name: "token with a space, then a slash", path: endpoint("", dept, "a%20%2F"), status: 400, code: schemas.CodeTokenForbiddenChar},
		{name: "department with %2F", path: endpoint("", "3f0c8a52%2F7d4e-4b1a-9c2f-5e6d7a8b9c0d", "tok"), status: 400, code: schemas.CodeEncodedSeparator,
			message: `departmentUuid holds an encoded "/" (%2F) at byte 8`},
		{name: "department with %5C", path: endpoint("", "%5C", "tok"), status: 400, code: schemas.CodeEncodedSeparator, message: "departmentUuid holds a backslash"},
		{name: "department with %00", path: endpoint("", dept+"%00", "tok"), status: 400, code: schemas.CodeEncodedSeparator, message: "departmentUuid holds a NUL"},
		{name: "separator after the credentials", path: endpoint("", dept, "ok%2F"), header: h("Authorization", "-"), status: 401, code: schemas.CodeMissingAuthorization},
		{name: "allowed: department with %2F is not a UUID", server: "slash", path: endpoint("", "a%2Fb", "tok"), status: 400, code: schemas.CodeDepartmentNotUUID},

		// Prefer
		{name: "Prefer code=204", path: ok, header: h("Prefer", "code=204"), status: 204, scenario: "no-content",
			want: map[string]string{"Content-Type": "", "Content-Length": "", "Preference-Applied": "code=204", "X-Mock-Scenario-Source": "prefer"}},
		{name: "Prefer foo, code=500", path: ok, header: h("Prefer", "foo, code=500"), status: 500, code: codeServerErrorScenario, scenario: "server-error",
			want: map[string]string{"Preference-Applied": "code=500", "X-Mock-Scenario-Source": "prefer", "Cache-Control": "no-store"}},
		{name: "Prefer code=400 with spaces and case", path: ok, header: h("Prefer", "  CODE = 400 "), status: 400, code: codeBadRequestScenario, scenario: "bad-request"},
		{name: "Prefer quoted code=401", path: ok, header: h("Prefer", `code="401"`), status: 401, code: codeUnauthorizedScenario, scenario: "unauthorized",
			want: map[string]string{"WWW-Authenticate": `Bearer realm="profilemock"`}},
		{name: "Prefer with parameters and a quoted comma", path: ok, header: h("Prefer", `return=minimal; foo="a,code=204", code=500;x=y`), status: 500, code: codeServerErrorScenario},
		{name: "Prefer over two header fields", path: ok, header: h("Prefer", "respond-async", "Prefer", "code=204"), status: 204},
		{name: "Prefer first code wins", path: ok, header: h("Prefer", "code=500, code=204"), status: 500, code: codeServerErrorScenario},
		{name: "Prefer without code", path: ok, header: h("Prefer", "return=representation"), status: 200, scenario: "default"},
		{name: "Prefer code=418", path: ok, header: h("Prefer", "code=418"), status: 400, code: schemas.CodeUnsupportedPreferCode, scenario: "default",
			message: "supported codes: 200, 204, 400, 401, 500"},
		{name: "Prefer code=302", path: ok, header: h("Prefer", "code=302"), status: 400, code: schemas.CodeUnsupportedPreferCode, message: "code=302"},
		{name: "Prefer code=abc", path: ok, header: h("Prefer", "code=abc"), status: 400, code: schemas.CodeUnsupportedPreferCode},

		// methods and paths
		{name: "HEAD", method: "HEAD", path: ok, status: 200, scenario: "default"},
		{name: "HEAD of a 401", method: "HEAD", path: ok, header: h("Authorization", "-"), status: 401},
		{name: "POST is 405", method: "POST", path: ok, status: 405, code: schemas.CodeMethodNotAllowed, scenario: "-",
			want: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "DELETE healthz is 405", method: "DELETE", path: "/healthz", status: 405, code: schemas.CodeMethodNotAllowed, want: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "OPTIONS without preflight", method: "OPTIONS", path: ok, header: h("Authorization", "-"), status: 204, want: map[string]string{"Allow": "GET, HEAD, OPTIONS"}},
		{name: "unknown path", path: "/nope", status: 404, code: schemas.CodeUnknownPath, message: "/nope", scenario: "-"},
		{name: "partial path", path: "/department/" + dept, status: 404, code: schemas.CodeUnknownPath},
		{name: "extra segment", path: ok + "/more", status: 404, code: schemas.CodeUnknownPath},
		{name: "trailing slash is not redirected", path: "/healthz/", status: 404, code: schemas.CodeUnknownPath},
		{name: "healthz", path: "/healthz", header: h("Authorization", "-"), status: 200, body: []byte("{\"status\":\"ok\"}\n"), scenario: "-"},
		{name: "base: endpoint", server: "base", path: endpoint("/api/v1", dept, "tok"), status: 200, body: generated(testSeed, dept, "tok")},
		{name: "base: endpoint without the base", server: "base", path: ok, status: 404, code: schemas.CodeUnknownPath, message: "GET /api/v1/department/"},
		{name: "base: healthz under the base", server: "base", path: "/api/v1/healthz", status: 200},
		{name: "base: healthz at the root", server: "base", path: "/healthz", status: 200},
		{name: "base: empty token", server: "base", path: endpoint("/api/v1", dept, ""), status: 400, code: schemas.CodeTokenEmpty},

		// CORS on every kind of answer
		{name: "CORS 200", path: ok, header: h("Origin", "https://any.example"), status: 200, want: corsWant("https://any.example")},
		{name: "CORS 401", path: ok, header: h("Origin", "https://any.example", "Authorization", "-"), status: 401, code: schemas.CodeMissingAuthorization, want: corsWant("https://any.example")},
		{name: "CORS 400", path: endpoint("", "abc", "t"), header: h("Origin", "http://localhost:5173"), status: 400, code: schemas.CodeDepartmentNotUUID, want: corsWant("http://localhost:5173")},
		{name: "CORS 404", path: "/nope", header: h("Origin", "null"), status: 404, code: schemas.CodeUnknownPath, want: corsWant("null")},
		{name: "CORS 405", method: "PUT", path: ok, header: h("Origin", "https://any.example"), status: 405, code: schemas.CodeMethodNotAllowed, want: corsWant("https://any.example")},
		{name: "CORS 500", path: ok, header: h("Origin", "https://any.example", "Prefer", "code=500"), status: 500, code: codeServerErrorScenario, want: corsWant("https://any.example")},
		{name: "CORS 204", path: ok, header: h("Origin", "https://any.example", "Prefer", "code=204"), status: 204, want: corsWant("https://any.example")},
		{name: "no Origin, no CORS", path: ok, status: 200, want: map[string]string{"Access-Control-Allow-Origin": "", "Vary": "Origin"}},
		{name: "restricted CORS: allowed", server: "cors", path: ok, header: h("Origin", "http://localhost:3000"), status: 200, want: corsWant("http://localhost:3000")},
		{name: "restricted CORS: refused", server: "cors", path: ok, header: h("Origin", "https://evil.example"), status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Credentials": "", "Access-Control-Expose-Headers": ""}},
		{name: "restricted CORS: not a prefix match", server: "cors", path: ok, header: h("Origin", "https://app.example.evil"), status: 200,
			want: map[string]string{"Access-Control-Allow-Origin": ""}},
		{name: "preflight without Authorization", method: "OPTIONS", path: ok,
			header: h("Authorization", "-", "Origin", "https://any.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization,prefer,x-mock-scenario"),
			status: 204, want: map[string]string{
				"Access-Control-Allow-Origin":      "https://any.example",
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods":     "GET, HEAD, OPTIONS",
				"Access-Control-Allow-Headers":     "authorization,prefer,x-mock-scenario",
				"Access-Control-Max-Age":           "600",
				"Content-Type":                     "",
				"Allow":                            "",
			}},
		{name: "preflight naming no headers", method: "OPTIONS", path: ok, header: h("Origin", "https://any.example", "Access-Control-Request-Method", "GET"),
			status: 204, want: map[string]string{"Access-Control-Allow-Headers": "Authorization, Content-Type, Prefer, X-Admin-Token, X-Mock-Scenario, X-Request-Id"}},
		{name: "preflight on an unknown path", method: "OPTIONS", path: "/nope", header: h("Origin", "https://any.example", "Access-Control-Request-Method", "GET"),
			status: 204, want: map[string]string{"Access-Control-Allow-Methods": "GET, HEAD, OPTIONS"}},
		{name: "preflight for private network access", method: "OPTIONS", path: ok,
			header: h("Origin", "https://any.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Private-Network", "true"),
			status: 204, want: map[string]string{"Access-Control-Allow-Private-Network": "true"}},
		{name: "restricted CORS: refused preflight", server: "cors", method: "OPTIONS", path: ok, header: h("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"),
			status: 204, want: map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := servers[tt.server]
			if tt.server == "" {
				srv = servers["any"]
			}
			method := tt.method
			if method == "" {
				method = "GET"
			}
			header := tt.header.Clone()
			if header == nil {
				header = http.Header{}
			}
			switch v := header.Get("Authorization"); {
			case v == "-":
				header.Del("Authorization")
			case len(header.Values("Authorization")) == 0:
				header.Set("Authorization", anyBearer)
			}
			resp, body := do(t, srv, method, tt.path, header)

			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d; body: %s", resp.StatusCode, tt.status, body)
			}
			if resp.Header.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			switch got := resp.Header.Get("X-Mock-Scenario"); {
			case tt.scenario == "-" && got != "":
				t.Errorf("X-Mock-Scenario = %q, want none", got)
			case tt.scenario != "" && tt.scenario != "-" && got != tt.scenario:
				t.Errorf("X-Mock-Scenario = %q, want %q", got, tt.scenario)
			}
			for k, want := range tt.want {
				if got := strings.Join(resp.Header.Values(k), ", "); got != want {
					t.Errorf("%s = %q, want %q", k, got, want)
				}
			}
			if resp.StatusCode == http.StatusUnauthorized {
				for _, c := range resp.Header.Values("WWW-Authenticate") {
					if !strings.HasPrefix(c, "Bearer ") || strings.Contains(strings.ToLower(c), "basic") {
						t.Errorf("WWW-Authenticate = %q, want a Bearer challenge and never Basic", c)
					}
				}
				if len(resp.Header.Values("WWW-Authenticate")) != 1 {
					t.Errorf("WWW-Authenticate = %q, want exactly one challenge", resp.Header.Values("WWW-Authenticate"))
				}
			}
			if method == "HEAD" || resp.StatusCode == http.StatusNoContent {
				if len(body) != 0 {
					t.Errorf("body = %q, want none", body)
				}
				return
			}
			if tt.body != nil && !bytes.Equal(body, tt.body) {
				t.Errorf("body differs from the expected bytes:\n got %.300s\nwant %.300s", body, tt.body)
			}
			if strings.HasPrefix(tt.path, "/healthz") || strings.HasSuffix(tt.path, "/healthz") {
				return
			}
			checkContract(t, set, resp.StatusCode, body)
			if resp.StatusCode == http.StatusOK {
				return
			}
			var er errorReply
			if err := json.Unmarshal(body, &er); err != nil {
				t.Fatalf("error body: %v\n%s", err, body)
			}
			if len(er.Errors) != 1 || er.Warnings == nil || len(er.Warnings) != 0 {
				t.Fatalf("want one error and warnings: [], got %s", body)
			}
			e := er.Errors[0]
			if e.ErrorCode != tt.code {
				t.Errorf("errorCode %d, want %d (%s)", e.ErrorCode, tt.code, e.ErrorMessage)
			}
			if e.ErrorTitle != http.StatusText(tt.status) {
				t.Errorf("errorTitle %q, want %q", e.ErrorTitle, http.StatusText(tt.status))
			}
			if !strings.Contains(e.ErrorMessage, tt.message) {
				t.Errorf("errorMessage %q, want it to contain %q", e.ErrorMessage, tt.message)
			}
			if bytes.Contains(body, []byte("errorDescription")) {
				t.Error("error answers carry no errorDescription")
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

// corsWant is what an answer to an allowed origin carries.
func corsWant(origin string) map[string]string {
	return map[string]string{
		"Access-Control-Allow-Origin":      origin,
		"Access-Control-Allow-Credentials": "true",
		"Access-Control-Expose-Headers":    "ETag, Preference-Applied, WWW-Authenticate, X-Mock-Scenario, X-Mock-Scenario-Source, X-Request-Id",
		"Vary":                             "Origin",
	}
}

func TestHeadMatchesGet(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	for _, hdr := range []http.Header{h("Authorization", anyBearer), h("Prefer", "code=500", "Authorization", anyBearer), {}} {
		get, getBody := do(t, srv, "GET", endpoint("", dept, "head"), hdr)
		head, headBody := do(t, srv, "HEAD", endpoint("", dept, "head"), hdr)
		if get.StatusCode != head.StatusCode {
			t.Fatalf("HEAD %d, GET %d", head.StatusCode, get.StatusCode)
		}
		if len(headBody) != 0 {
			t.Errorf("HEAD body %q", headBody)
		}
		if cl := head.Header.Get("Content-Length"); cl != fmt.Sprint(len(getBody)) {
			t.Errorf("HEAD Content-Length %q, GET body is %d bytes", cl, len(getBody))
		}
		for _, k := range []string{"Content-Type", "Content-Length", "ETag", "Cache-Control", "X-Mock-Scenario", "WWW-Authenticate", "Vary"} {
			if g, hd := get.Header.Values(k), head.Header.Values(k); strings.Join(g, ",") != strings.Join(hd, ",") {
				t.Errorf("%s: GET %q, HEAD %q", k, g, hd)
			}
		}
	}
}

func TestETag(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	path := endpoint("", dept, "etag")
	first, body := do(t, srv, "GET", path, h("Authorization", anyBearer))
	etag := first.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag %q, want a strong quoted tag", etag)
	}
	other := start(t, Config{Seed: testSeed})
	if o, _ := do(t, other, "GET", path, h("Authorization", anyBearer)); o.Header.Get("ETag") != etag {
		t.Errorf("ETag differs across handlers: %q and %q", etag, o.Header.Get("ETag"))
	}
	tests := []struct {
		ifNoneMatch string
		status      int
	}{
		{etag, 304},
		{"W/" + etag, 304},
		{`"nope", ` + etag, 304},
		{"*", 304},
		{`"nope"`, 200},
	}
	for _, tt := range tests {
		resp, b := do(t, srv, "GET", path, h("Authorization", anyBearer, "If-None-Match", tt.ifNoneMatch))
		if resp.StatusCode != tt.status {
			t.Errorf("If-None-Match %s: status %d, want %d", tt.ifNoneMatch, resp.StatusCode, tt.status)
			continue
		}
		if tt.status == 304 {
			if len(b) != 0 || resp.Header.Get("ETag") != etag || resp.Header.Get("X-Mock-Scenario") != "default" {
				t.Errorf("304: body %q, ETag %q, scenario %q", b, resp.Header.Get("ETag"), resp.Header.Get("X-Mock-Scenario"))
			}
		} else if !bytes.Equal(b, body) {
			t.Error("200 body changed")
		}
	}
	// A conditional request is still checked first, and forced answers win.
	if resp, _ := do(t, srv, "GET", path, h("If-None-Match", etag)); resp.StatusCode != 401 {
		t.Errorf("no credentials with If-None-Match: %d, want 401", resp.StatusCode)
	}
	if resp, _ := do(t, srv, "GET", path, h("Authorization", anyBearer, "If-None-Match", etag, "Prefer", "code=500")); resp.StatusCode != 500 || resp.Header.Get("ETag") != "" {
		t.Errorf("Prefer code=500 with If-None-Match: %d (ETag %q), want 500 without ETag", resp.StatusCode, resp.Header.Get("ETag"))
	}
}

func TestDeterminism(t *testing.T) {
	a := start(t, Config{Seed: 42, AllowEncodedSlash: true})
	b := start(t, Config{Seed: 42, AllowEncodedSlash: true})
	c := start(t, Config{Seed: 43, AllowEncodedSlash: true})
	for _, token := range []string{"tok", "abc%2Fdef", strings.Repeat("z", 512)} {
		path := endpoint("", dept, token)
		_, ba := do(t, a, "GET", path, h("Authorization", anyBearer))
		_, ba2 := do(t, a, "GET", path, h("Authorization", anyBearer)) // from the cache
		_, bb := do(t, b, "GET", path, h("Authorization", anyBearer))
		_, bc := do(t, c, "GET", path, h("Authorization", anyBearer))
		if !bytes.Equal(ba, bb) || !bytes.Equal(ba, ba2) {
			t.Errorf("token %s: same seed, different bodies", token)
		}
		if bytes.Equal(ba, bc) {
			t.Errorf("token %s: seeds 42 and 43 gave the same body", token)
		}
	}
	_, x := do(t, a, "GET", endpoint("", dept, "one"), h("Authorization", anyBearer))
	_, y := do(t, a, "GET", endpoint("", dept, "two"), h("Authorization", anyBearer))
	if bytes.Equal(x, y) {
		t.Error("two tokens gave the same body")
	}
}

func TestRequestID(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	r1, _ := do(t, srv, "GET", "/healthz", nil)
	r2, _ := do(t, srv, "GET", "/nope", nil)
	id1, id2 := r1.Header.Get("X-Request-Id"), r2.Header.Get("X-Request-Id")
	if id1 == "" || id1 == id2 {
		t.Errorf("ids %q and %q, want two distinct ids", id1, id2)
	}
	for in, echoed := range map[string]bool{
		"trace-42.a:b/c+d=":            true,
		"has space":                    false,
		strings.Repeat("x", 129):       false,
		`<script>alert(1)</script>`:    false,
		"0190b3c2-7f5e-7a1c-8b9d-aaaa": true,
	} {
		resp, _ := do(t, srv, "GET", "/healthz", h("X-Request-Id", in))
		got := resp.Header.Get("X-Request-Id")
		if (got == in) != echoed || got == "" {
			t.Errorf("incoming %q: answered %q, echo wanted: %v", in, got, echoed)
		}
	}
}

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestLog(t *testing.T) {
	var logs syncBuffer
	srv := start(t, Config{Seed: testSeed, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	secret := "Bearer very-secret-token"
	do(t, srv, "GET", endpoint("", dept, "tok")+"?q=private", h("Authorization", secret, "Cookie", "session=cookie-secret", "X-Request-Id", "log-1"))
	// A scenario's 500 is what the client asked for: info, not error.
	do(t, srv, "GET", endpoint("", dept, "tok"), h("Authorization", "Basic "+b64("u:p4ssw0rd"), "Prefer", "code=500", "X-Request-Id", "log-2"))
	do(t, srv, "POST", "/nope", h("X-Request-Id", "log-3"))

	text := logs.String()
	for _, leak := range []string{"very-secret-token", "cookie-secret", b64("u:p4ssw0rd"), "p4ssw0rd", "private"} {
		if strings.Contains(text, leak) {
			t.Errorf("the log holds %q:\n%s", leak, text)
		}
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want one per request:\n%s", len(lines), text)
	}
	want := []struct {
		id, method, level string
		status            float64
	}{{"log-1", "GET", "INFO", 200}, {"log-2", "GET", "INFO", 500}, {"log-3", "POST", "INFO", 404}}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		w := want[i]
		if m["request_id"] != w.id || m["method"] != w.method || m["status"] != w.status || m["level"] != w.level || m["msg"] != "request" {
			t.Errorf("line %d = %s, want id %s method %s status %v level %s", i, line, w.id, w.method, w.status, w.level)
		}
		for _, k := range []string{"path", "duration", "time"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d has no %s: %s", i, k, line)
			}
		}
	}
}

func TestRecoverPanics(t *testing.T) {
	set := loadSchemas(t)
	var logs syncBuffer
	s, err := newServer(Config{Seed: testSeed, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// Routes added here run behind the same middleware as the real ones.
	s.engine.GET("/panic", s.handle(func(c *gin.Context) error {
		c.Header("ETag", `"half-done"`)
		panic("boom")
	}))
	s.engine.GET("/fail", s.handle(func(*gin.Context) error { return io.ErrUnexpectedEOF }))
	srv := httptest.NewServer(s.engine)
	defer srv.Close()

	for _, path := range []string{"/panic", "/fail"} {
		resp, body := do(t, srv, "GET", path, h("Origin", "https://any.example", "X-Request-Id", "rid-"+path[1:]))
		if resp.StatusCode != 500 {
			t.Fatalf("%s: status %d, want 500", path, resp.StatusCode)
		}
		checkContract(t, set, 500, body)
		var er errorReply
		_ = json.Unmarshal(body, &er)
		if len(er.Errors) != 1 || er.Errors[0].ErrorCode != schemas.CodeInternal || !strings.Contains(er.Errors[0].ErrorMessage, "rid-"+path[1:]) {
			t.Errorf("%s: body %s, want code %d naming the request id", path, body, schemas.CodeInternal)
		}
		if strings.Contains(string(body), "boom") || strings.Contains(string(body), "unexpected EOF") {
			t.Errorf("%s: the cause reached the client: %s", path, body)
		}
		if resp.Header.Get("Access-Control-Allow-Origin") != "https://any.example" || resp.Header.Get("ETag") != "" {
			t.Errorf("%s: headers %v", path, resp.Header)
		}
	}
	text := logs.String()
	if !strings.Contains(text, "panic: boom") || !strings.Contains(text, "level=ERROR") || !strings.Contains(text, "goroutine") {
		t.Errorf("the log should hold the panic and its stack:\n%s", text)
	}
	if !strings.Contains(text, "unexpected EOF") {
		t.Errorf("the log should hold the handler's error:\n%s", text)
	}
	// The server is still up.
	if resp, _ := do(t, srv, "GET", "/healthz", nil); resp.StatusCode != 200 {
		t.Errorf("after a panic: %d", resp.StatusCode)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // substring of the error; "" means valid
	}{
		{"zero", Config{}, ""},
		{"full", Config{BasePath: "/api/v1.2/x_y~z", Auth: Auth{Basic: []string{"a:", "b:c:d"}, Bearer: []string{"abc.DEF-_~+/=="}},
			CORSOrigins: []string{"null", "http://localhost:3000", "https://app.example", "capacitor://localhost", "http://[::1]:8080"}}, ""},
		{"base without slash", Config{BasePath: "api"}, `Config.BasePath "api" must start with "/"`},
		{"base with trailing slash", Config{BasePath: "/api/"}, `Config.BasePath "/api/" must not end with "/"`},
		{"base root", Config{BasePath: "/"}, `must not end with "/"`},
		{"base with //", Config{BasePath: "/a//b"}, "empty segment"},
		{"base with ..", Config{BasePath: "/a/../b"}, `".."`},
		{"base with a param", Config{BasePath: "/:tenant"}, `holds ':'`},
		{"base with a wildcard", Config{BasePath: "/a*"}, `holds '*'`},
		{"base with a space", Config{BasePath: "/a b"}, `holds ' '`},
		{"disabled with credentials", Config{Auth: Auth{Disabled: true, Bearer: []string{"t"}}}, "Config.Auth.Disabled is set"},
		{"basic without colon", Config{Auth: Auth{Basic: []string{"ok:1", "alice"}}}, `Config.Auth.Basic[1] holds no colon`},
		{"basic empty user", Config{Auth: Auth{Basic: []string{":pw"}}}, `Config.Auth.Basic[0] has an empty user`},
		{"basic control char", Config{Auth: Auth{Basic: []string{"a:b\n"}}}, "control character at byte 3"},
		{"bearer empty", Config{Auth: Auth{Bearer: []string{""}}}, "Config.Auth.Bearer[0] is empty"},
		{"bearer illegal", Config{Auth: Auth{Bearer: []string{"ab cd"}}}, "Config.Auth.Bearer[0] holds a character outside the RFC 6750 token68 set at byte 2"},
		{"origin star", Config{CORSOrigins: []string{"*"}}, `Config.CORSOrigins[0] "*" is not an origin: leave CORSOrigins empty`},
		{"origin with path", Config{CORSOrigins: []string{"http://localhost:3000/"}}, `Config.CORSOrigins[0] "http://localhost:3000/" holds a path`},
		{"origin bare host", Config{CORSOrigins: []string{"localhost:3000"}}, "is not an origin"},
		{"origin upper case", Config{CORSOrigins: []string{"https://App.example"}}, "lower case"},
		{"origin default port", Config{CORSOrigins: []string{"https://app.example:443"}}, "default port"},
		{"origin with user", Config{CORSOrigins: []string{"https://u@app.example"}}, "user information"},
		{"journal of a million", Config{JournalSize: 1_000_000, AdminToken: "adm.in-Token_~+/="}, ""},
		{"journal too large", Config{JournalSize: 1_000_001}, "Config.JournalSize 1000001 is more than the limit of 1000000 entries"},
		{"watch interval negative", Config{WatchInterval: -time.Second}, "Config.WatchInterval -1s is negative"},
		{"watch interval too short", Config{WatchInterval: time.Millisecond}, "Config.WatchInterval 1ms is shorter than 10ms"},
		{"admin token illegal", Config{AdminToken: "pw pw"}, "Config.AdminToken holds a character outside the RFC 6750 token68 set at byte 2"},
		{"admin token without admin", Config{AdminToken: "t", NoAdmin: true}, "Config.AdminToken is set, but NoAdmin removes the admin API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Validate() = %v, want it to contain %q", err, tt.want)
			}
			if _, nerr := New(tt.cfg); (nerr == nil) != (err == nil) {
				t.Errorf("New() = %v, Validate() = %v", nerr, err)
			}
			if err != nil && strings.Contains(err.Error(), "pw") {
				t.Errorf("the message echoes a credential: %v", err)
			}
		})
	}
}

func TestConcurrentRequests(t *testing.T) {
	srv := start(t, Config{Seed: testSeed, CheckResponses: true})
	want := map[string][]byte{}
	for i := range 8 {
		tok := fmt.Sprintf("c%d", i)
		want[tok] = generated(testSeed, dept, tok)
	}
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 20 {
				tok := fmt.Sprintf("c%d", (g+i)%8)
				resp, body := do(t, srv, "GET", endpoint("", dept, tok), h("Authorization", anyBearer))
				if resp.StatusCode != 200 || !bytes.Equal(body, want[tok]) {
					t.Errorf("token %s: %d, body differs: %v", tok, resp.StatusCode, !bytes.Equal(body, want[tok]))
					return
				}
			}
		})
	}
	wg.Wait()
}
