package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	}))
	defer ok.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "draining", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	moved := httptest.NewServer(http.RedirectHandler("/healthz", http.StatusFound))
	defer moved.Close()
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer hang.Close()
	closed := closedPort(t)

	tests := []struct {
		name    string
		args    []string
		environ map[string]string
		code    int
		stderr  string // substring; "" means stderr must be empty
	}{
		{"200", []string{"--url", ok.URL + "/healthz"}, nil, exitOK, ""},
		{"port from PROFILEMOCK_ADDR", nil, map[string]string{"PROFILEMOCK_ADDR": ":" + port(t, ok.URL)}, exitOK, ""},
		{"PROFILEMOCK_URL beats PROFILEMOCK_ADDR", nil, map[string]string{"PROFILEMOCK_ADDR": ":" + port(t, down.URL), "PROFILEMOCK_URL": ok.URL + "/healthz"}, exitOK, ""},
		{"url from environment", nil, map[string]string{"PROFILEMOCK_URL": ok.URL + "/healthz"}, exitOK, ""},
		{"flag beats environment", []string{"--url", ok.URL + "/healthz"}, map[string]string{"PROFILEMOCK_URL": down.URL}, exitOK, ""},
		{"503", []string{"--url", down.URL + "/healthz"}, nil, exitFail, "503 Service Unavailable, want 200"},
		{"404", []string{"--url", ok.URL + "/nope"}, nil, exitFail, "404 Not Found"},
		{"redirect is not followed", []string{"--url", moved.URL + "/old"}, nil, exitFail, "302 Found"},
		{"closed port", []string{"--url", "http://" + closed + "/healthz"}, nil, exitFail, "connection refused"},
		{"timeout", []string{"--url", hang.URL, "--timeout", "100ms"}, nil, exitFail, "no answer within 100ms"},
		{"timeout from environment", []string{"--url", hang.URL}, map[string]string{"PROFILEMOCK_TIMEOUT": "50ms"}, exitFail, "no answer within 50ms"},
		{"relative url", []string{"--url", "/healthz"}, nil, exitUsage, "want an absolute http or https URL"},
		{"zero timeout", []string{"--timeout", "0s"}, nil, exitUsage, "must be positive"},
		{"bad timeout", []string{"--timeout", "soon"}, nil, exitUsage, "invalid value"},
		{"stray argument", []string{"--url", ok.URL, "extra"}, nil, exitUsage, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := callEnv(t, tt.environ, "", append([]string{"healthcheck"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tt.code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			checkStderr(t, stderr, tt.stderr, code, exitFail)
		})
	}
}

func TestHealthURL(t *testing.T) {
	tests := []struct{ addr, want string }{
		{"", "http://127.0.0.1:8080/healthz"},
		{":8080", "http://127.0.0.1:8080/healthz"},
		{":9000", "http://127.0.0.1:9000/healthz"},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/healthz"},
		{"[::]:9000", "http://127.0.0.1:9000/healthz"},
		{"127.0.0.2:9000", "http://127.0.0.2:9000/healthz"},
		{"[::1]:9000", "http://[::1]:9000/healthz"},
		{"localhost:9000", "http://localhost:9000/healthz"},
		{"9000", "http://127.0.0.1:8080/healthz"},
		{"host:", "http://127.0.0.1:8080/healthz"},
	}
	for _, tt := range tests {
		if got := healthURL(tt.addr); got != tt.want {
			t.Errorf("healthURL(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func port(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Port()
}

// closedPort returns a loopback address on which nothing listens: it binds a
// free port and releases it.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}
