package mock

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

// guarded sends one request as a browser page (or a rebinding attacker) would:
// every header exactly as given, Host too when given ("Host" key), nothing added.
func guarded(t *testing.T, srv *httptest.Server, method, path, body string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		if k == "Host" {
			req.Host = vs[0]
			continue
		}
		req.Header[k] = vs
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, out
}

const jsonCT = "application/json"

// TestAdminRefusesForeignPages holds the admin API to issue 13's attacks: a
// page on another origin, a sandboxed page (Origin: null), a form's simple
// POST, and DNS rebinding (a foreign Host) are refused, and the refused
// request changes nothing; loopback pages, listed origins and hosts, and
// clients without a browser still pass. The endpoint keeps its permissive CORS.
func TestAdminRefusesForeignPages(t *testing.T) {
	set := loadSchemas(t)
	servers := map[string]*httptest.Server{
		"default": start(t, Config{Seed: testSeed}),
		"listed": start(t, Config{Seed: testSeed, CORSOrigins: []string{"https://app.example"},
			AllowedHosts: []string{"mock.internal"}, CORSPrivateNetwork: true}),
	}
	put := `{"scenario":"server-error"}`
	tests := []struct {
		name         string
		server       string // "" is "default"
		method, path string
		body         string
		header       http.Header
		status       int
		code         int32
		acao         string // Access-Control-Allow-Origin wanted
		pna          string // Access-Control-Allow-Private-Network wanted
	}{
		// a page on evil.example
		{name: "foreign origin switches a scenario", method: "PUT", path: "/__admin/active", body: put,
			header: h("Origin", "https://evil.example", "Content-Type", jsonCT), status: 403, code: schemas.CodeAdminForeignOrigin},
		{name: "foreign origin reads the journal", method: "GET", path: "/__admin/requests",
			header: h("Origin", "https://evil.example"), status: 403, code: schemas.CodeAdminForeignOrigin},
		{name: "foreign origin resets as text/plain", method: "POST", path: "/__admin/reset", body: "x",
			header: h("Origin", "https://evil.example", "Content-Type", "text/plain"), status: 403, code: schemas.CodeAdminForeignOrigin},
		{name: "foreign origin reloads", method: "POST", path: "/__admin/reload",
			header: h("Origin", "https://evil.example", "Content-Type", jsonCT), status: 403, code: schemas.CodeAdminForeignOrigin},
		{name: "foreign origin's preflight", method: "OPTIONS", path: "/__admin/active",
			header: h("Origin", "https://evil.example", "Access-Control-Request-Method", "PUT", "Access-Control-Request-Private-Network", "true"), status: 204},
		{name: "Origin null", method: "GET", path: "/__admin/requests", header: h("Origin", "null"), status: 403, code: schemas.CodeAdminForeignOrigin},
		{name: "Origin null, listed origins", server: "listed", method: "GET", path: "/__admin/requests", header: h("Origin", "null"), status: 403, code: schemas.CodeAdminForeignOrigin},
		{name: "a listed origin's simple POST", server: "listed", method: "POST", path: "/__admin/reset",
			header: h("Origin", "https://app.example", "Content-Type", "text/plain"), body: "x", status: 415, code: schemas.CodeAdminNotJSON, acao: "https://app.example"},

		// forms and scripts without a JSON Content-Type
		{name: "POST without Content-Type", method: "POST", path: "/__admin/reset", status: 415, code: schemas.CodeAdminNotJSON},
		{name: "POST as a form", method: "POST", path: "/__admin/reset", body: "a=b",
			header: h("Content-Type", "application/x-www-form-urlencoded"), status: 415, code: schemas.CodeAdminNotJSON},
		{name: "PUT as text/plain", method: "PUT", path: "/__admin/active", body: put,
			header: h("Content-Type", "text/plain"), status: 415, code: schemas.CodeAdminNotJSON},
		{name: "PUT without Content-Type", method: "PUT", path: "/__admin/active", body: put, status: 415, code: schemas.CodeAdminNotJSON},
		{name: "DELETE with a text body", method: "DELETE", path: "/__admin/active", body: "x",
			header: h("Content-Type", "text/plain"), status: 415, code: schemas.CodeAdminNotJSON},

		// DNS rebinding: the page's own origin, through a name of the attacker's
		{name: "foreign Host", method: "GET", path: "/__admin/requests", header: h("Host", "attacker.example:8080"), status: 403, code: schemas.CodeAdminForeignHost},
		{name: "foreign Host, same origin", method: "POST", path: "/__admin/reset",
			header: h("Host", "attacker.example:8080", "Origin", "http://attacker.example:8080", "Content-Type", jsonCT), status: 403, code: schemas.CodeAdminForeignHost},
		{name: "foreign Host on PUT", method: "PUT", path: "/__admin/active", body: put,
			header: h("Host", "rebind.attacker.example", "Content-Type", jsonCT), status: 403, code: schemas.CodeAdminForeignHost},

		// what still passes
		{name: "no browser: GET", method: "GET", path: "/__admin/requests", status: 200},
		{name: "no browser: POST with JSON", method: "POST", path: "/__admin/reset", header: h("Content-Type", jsonCT), status: 200},
		{name: "JSON with a charset", method: "POST", path: "/__admin/reset", header: h("Content-Type", "application/json; charset=utf-8"), status: 200},
		{name: "Host localhost", method: "GET", path: "/__admin/status", header: h("Host", "localhost:8080"), status: 200},
		{name: "Host LOCALHOST.", method: "GET", path: "/__admin/status", header: h("Host", "LOCALHOST.:8080"), status: 200},
		{name: "Host [::1]", method: "GET", path: "/__admin/status", header: h("Host", "[::1]:8080"), status: 200},
		{name: "Host an IP address", method: "GET", path: "/__admin/status", header: h("Host", "172.17.0.2:8080"), status: 200},
		{name: "listed Host", server: "listed", method: "GET", path: "/__admin/status", header: h("Host", "mock.internal:8080"), status: 200},
		{name: "listed Host, same origin", server: "listed", method: "GET", path: "/__admin/status",
			header: h("Host", "mock.internal:8080", "Origin", "http://mock.internal:8080"), status: 200, acao: "http://mock.internal:8080"},
		{name: "loopback page: localhost", method: "PUT", path: "/__admin/active", body: `{"scenario":"default"}`,
			header: h("Origin", "http://localhost:3000", "Content-Type", jsonCT), status: 200, acao: "http://localhost:3000"},
		{name: "loopback page: 127.0.0.1", method: "GET", path: "/__admin/requests", header: h("Origin", "http://127.0.0.1:5173"), status: 200, acao: "http://127.0.0.1:5173"},
		{name: "loopback page: [::1]", method: "GET", path: "/__admin/requests", header: h("Origin", "http://[::1]:8000"), status: 200, acao: "http://[::1]:8000"},
		{name: "listed origin", server: "listed", method: "GET", path: "/__admin/requests", header: h("Origin", "https://app.example"), status: 200, acao: "https://app.example"},
		{name: "loopback preflight: no private network by default", method: "OPTIONS", path: "/__admin/active",
			header: h("Origin", "http://localhost:3000", "Access-Control-Request-Method", "PUT", "Access-Control-Request-Private-Network", "true"), status: 204, acao: "http://localhost:3000"},
		{name: "listed preflight: private network when asked", server: "listed", method: "OPTIONS", path: "/__admin/active",
			header: h("Origin", "https://app.example", "Access-Control-Request-Method", "PUT", "Access-Control-Request-Private-Network", "true"), status: 204, acao: "https://app.example", pna: "true"},

		// the endpoint keeps today's permissive CORS: it serves fake data
		{name: "endpoint: foreign origin", method: "GET", path: endpoint("", dept, "tok"),
			header: h("Origin", "https://evil.example", "Authorization", anyBearer), status: 200, acao: "https://evil.example"},
		{name: "endpoint: foreign Host", method: "GET", path: endpoint("", dept, "tok"),
			header: h("Host", "attacker.example", "Authorization", anyBearer), status: 200},
		{name: "endpoint: private network preflight", method: "OPTIONS", path: endpoint("", dept, "tok"),
			header: h("Origin", "https://evil.example", "Access-Control-Request-Method", "GET", "Access-Control-Request-Private-Network", "true"), status: 204, acao: "https://evil.example", pna: "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := servers[tt.server]
			if tt.server == "" {
				srv = servers["default"]
			}
			resp, body := guarded(t, srv, tt.method, tt.path, tt.body, tt.header)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tt.acao {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tt.acao)
			}
			if got := resp.Header.Get("Access-Control-Allow-Private-Network"); got != tt.pna {
				t.Errorf("Access-Control-Allow-Private-Network %q, want %q", got, tt.pna)
			}
			if tt.code != 0 {
				checkContract(t, set, 400, body) // the error envelope, whatever the status
				if code, msg := errorCodeOf(t, body); code != tt.code {
					t.Errorf("errorCode %d (%s), want %d", code, msg, tt.code)
				}
			}
		})
	}
	// Nothing a refused request asked for happened.
	srv := servers["default"]
	var a activeJSON
	getJSON(t, srv, "/__admin/active", nil, 200, &a)
	if a.Global != nil && *a.Global == "server-error" {
		t.Errorf("a refused PUT made %s active", *a.Global)
	}
}
