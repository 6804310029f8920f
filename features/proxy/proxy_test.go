package proxy

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/schemas"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	os.Exit(m.Run())
}

const (
	dept = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"
)

var basic = "Basic " + base64.StdEncoding.EncodeToString([]byte("qa:secret"))

// upstream serves h; mockUpstream serves the mock under /svc.
func upstream(t *testing.T, h http.Handler) *url.URL {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mockHandler(t *testing.T) http.Handler {
	t.Helper()
	h, err := mock.New(mock.Config{Seed: 1, BasePath: "/svc", Auth: mock.Auth{Basic: []string{"qa:secret"}}})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// front serves a proxy built from cfg and returns its URL.
func front(t *testing.T, cfg Config) (*Proxy, string, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	var mu sync.Mutex
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &log}, nil))
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL, &log
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func get(t *testing.T, u string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func violations(resp *http.Response) int {
	n, err := strconv.Atoi(resp.Header.Get(ViolationsHeader))
	if err != nil {
		return -1
	}
	return n
}

func TestForwardsUnchanged(t *testing.T) {
	var seen *http.Request
	var mu sync.Mutex
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = r.Clone(r.Context())
		mu.Unlock()
		mockHandler(t).ServeHTTP(w, r)
	}))
	target.Path = "/svc"
	_, base, _ := front(t, Config{Target: target})
	resp, body := get(t, base+"/department/"+dept+"/customer-profile/ok-1?x=1", "Authorization", basic, "X-Client", "e2e")
	if resp.StatusCode != 200 || violations(resp) != 0 {
		t.Fatalf("%d with %s violations", resp.StatusCode, resp.Header.Get(ViolationsHeader))
	}
	mu.Lock()
	if seen.URL.Path != "/svc/department/"+dept+"/customer-profile/ok-1" || seen.URL.RawQuery != "x=1" ||
		seen.Header.Get("Authorization") != basic || seen.Header.Get("X-Client") != "e2e" {
		t.Errorf("upstream saw %s ? %s with %v", seen.URL.Path, seen.URL.RawQuery, seen.Header)
	}
	mu.Unlock()
	direct, directBody := get(t, target.String()+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic)
	if !bytes.Equal(body, directBody) || resp.Header.Get("ETag") != direct.Header.Get("ETag") {
		t.Errorf("the proxy changed the body")
	}
}

func TestOtherPathsAreNotChecked(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusTeapot)
		_, _ = io.WriteString(w, "<p>hi</p>")
	}))
	p, base, _ := front(t, Config{Target: target})
	for _, path := range []string{"/", "/healthz", "/department/" + dept + "/customer-profile/ok-1/extra"} {
		resp, body := get(t, base+path)
		if resp.StatusCode != http.StatusTeapot || string(body) != "<p>hi</p>" || resp.Header.Get(ViolationsHeader) != "" {
			t.Errorf("%s: %d %q %q", path, resp.StatusCode, body, resp.Header.Get(ViolationsHeader))
		}
	}
	// POST on the route: not an answer of getCustomerProfileData.
	resp, err := http.Post(base+"/department/"+dept+"/customer-profile/ok-1", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get(ViolationsHeader) != "" || p.Total() != 0 {
		t.Errorf("a POST was checked")
	}
}

func TestBodyTooLargeIsForwarded(t *testing.T) {
	big := `{"errors":[],"warnings":[],"customerProfileDataRequestDTO":{"attributes":{"x":"` + strings.Repeat("a", 4096) + `"}}}`
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, big)
	}))
	p, base, _ := front(t, Config{Target: target, MaxBody: 1024})
	resp, body := get(t, base+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic)
	if string(body) != big {
		t.Fatalf("the body was not forwarded whole: %d bytes of %d", len(body), len(big))
	}
	list, total := p.Violations()
	if violations(resp) != 1 || total != 1 || !strings.Contains(list[0].Found, "too large to check") {
		t.Errorf("%d violations: %+v", violations(resp), list)
	}
}

func TestGzipBodyIsChecked(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, `{"errors":{},"warnings":[]}`)
		_ = zw.Close()
	}))
	p, base, _ := front(t, Config{Target: target})
	resp, _ := get(t, base+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic, "Accept-Encoding", "gzip")
	list, _ := p.Violations()
	if violations(resp) != 1 || list[0].Pointer != "/errors" {
		t.Errorf("%d violations: %+v", violations(resp), list)
	}
}

func TestBrokenBodyIs502(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"errors\":[")
		_ = buf.Flush()
		_ = conn.Close()
	}))
	p, base, log := front(t, Config{Target: target})
	resp, body := get(t, base+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic)
	if resp.StatusCode != http.StatusBadGateway || violations(resp) != 1 || !strings.Contains(string(body), "broke off") {
		t.Errorf("%d (%s violations): %s", resp.StatusCode, resp.Header.Get(ViolationsHeader), body)
	}
	list, _ := p.Violations()
	if len(list) != 1 || !strings.Contains(list[0].Found, "a body that broke off after 11 bytes") {
		t.Errorf("%+v", list)
	}
	if !strings.Contains(log.String(), `msg="contract violation" method=GET path=/department/`+dept+`/customer-profile/ok-1 status=200 pointer="" expected="a complete body"`) {
		t.Errorf("log: %s", log)
	}
}

func TestNotModifiedIsNoViolation(t *testing.T) {
	target := upstream(t, mockHandler(t))
	target.Path = "/svc"
	p, base, _ := front(t, Config{Target: target})
	first, _ := get(t, base+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic)
	again, _ := get(t, base+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic, "If-None-Match", first.Header.Get("ETag"))
	if again.StatusCode != http.StatusNotModified || violations(again) != 0 || p.Total() != 0 {
		t.Errorf("%d with %s violations", again.StatusCode, again.Header.Get(ViolationsHeader))
	}
	// HEAD: headers are checked, there is no body to check.
	req, _ := http.NewRequest(http.MethodHead, base+"/department/"+dept+"/customer-profile/ok-1", nil)
	req.Header.Set("Authorization", basic)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || violations(resp) != 0 {
		t.Errorf("HEAD: %d with %s violations", resp.StatusCode, resp.Header.Get(ViolationsHeader))
	}
}

func TestCustomRoute(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"customerProfileDataRequestDTO":{"departmentUuid":%q}}`, dept)
	}))
	_, base, _ := front(t, Config{Target: target, Path: "/profiles/{departmentUuid}?token={customerProfileViewRequestToken}"})
	good, _ := get(t, base+"/api/profiles/"+dept+"?token=ok-1", "Authorization", basic)
	bad, _ := get(t, base+"/api/profiles/"+strings.ToUpper(dept[:8])+"-0000-0000-0000-000000000000?token=ok-1", "Authorization", basic)
	if violations(good) != 0 || violations(bad) != 1 {
		t.Errorf("good %s, bad %s violations", good.Header.Get(ViolationsHeader), bad.Header.Get(ViolationsHeader))
	}
}

func TestAdminListIsBounded(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	p, base, _ := front(t, Config{Target: target, Keep: 3})
	for i := range 5 {
		get(t, fmt.Sprintf("%s/department/%s/customer-profile/t-%d", base, dept, i), "Authorization", basic)
	}
	resp, body := get(t, base+AdminPath)
	var l struct {
		Total      int         `json:"total"`
		Kept       int         `json:"kept"`
		Violations []Violation `json:"violations"`
	}
	if err := json.Unmarshal(body, &l); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %v: %s", resp.StatusCode, err, body)
	}
	if l.Total != 5 || l.Kept != 3 || len(l.Violations) != 3 || !strings.HasSuffix(l.Violations[0].Path, "/t-2") || !strings.HasSuffix(l.Violations[2].Path, "/t-4") {
		t.Errorf("total %d kept %d: %+v", l.Total, l.Kept, l.Violations)
	}
	if l.Violations[0].Expected != "a documented status (200, 204, 400, 401 or 500)" || l.Violations[0].Found != "status 418 I'm a teapot" {
		t.Errorf("%+v", l.Violations[0])
	}
	if p.Total() != 5 {
		t.Errorf("Total %d", p.Total())
	}
	req, _ := http.NewRequest(http.MethodDelete, base+AdminPath, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("DELETE %s: %d", AdminPath, resp.StatusCode)
	}
}

// TestConcurrentChecks runs many checked requests at once (run with -race).
func TestConcurrentChecks(t *testing.T) {
	target := upstream(t, mockHandler(t))
	target.Path = "/svc"
	p, base, _ := front(t, Config{Target: target, Keep: 10})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			auth := basic
			if i%2 == 1 {
				auth = "Token x" // 401: no violation
			}
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/department/%s/customer-profile/c-%d", base, dept, i), nil)
			req.Header.Set("Authorization", auth)
			if i%4 == 0 {
				req.Header.Set("Prefer", "code=418") // the mock's 400: no violation
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if violations(resp) != 0 {
				t.Errorf("request %d: %s violations", i, resp.Header.Get(ViolationsHeader))
			}
		}()
	}
	wg.Wait()
	if p.Total() != 0 {
		list, _ := p.Violations()
		t.Errorf("%d violations: %+v", p.Total(), list)
	}
}

func TestLogLines(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"errors":[{"errorCode":"x"}],"warnings":[]}`)
	}))
	_, base, log := front(t, Config{Target: target})
	get(t, base+"/department/"+dept+"/customer-profile/ok-1", "Authorization", basic)
	sc := bufio.NewScanner(strings.NewReader(log.String()))
	var lines []string
	for sc.Scan() {
		if strings.Contains(sc.Text(), "contract violation") {
			lines = append(lines, sc.Text())
		}
	}
	want := `method=GET path=/department/` + dept + `/customer-profile/ok-1 status=200 pointer=/errors/0/errorCode expected="integer (int32)" found="string \"x\""`
	if len(lines) != 1 || !strings.Contains(lines[0], want) {
		t.Errorf("log lines %q, want one with %q", lines, want)
	}
}

func TestNew(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{Target: &url.URL{Scheme: "ftp", Host: "x"}},
		{Target: &url.URL{Scheme: "http", Host: "x"}, Path: "/x"},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v): no error", cfg)
		}
	}
}

// TestCoverage: GET /__admin/coverage gives what the implementation's
// answers exercised over the proxy's life, as the contract suite's
// --coverage file does.
func TestCoverage(t *testing.T) {
	up := upstream(t, mockHandler(t))
	_, base, _ := front(t, Config{Target: up})
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("qa:secret"))
	const d = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"
	for _, tok := range []string{"ok-1", "status-declined-1", "no-content-1"} {
		get(t, base+"/svc/department/"+d+"/customer-profile/"+tok, "Authorization", auth)
	}
	get(t, base+"/svc/department/"+d+"/customer-profile/ok-2") // 401
	resp, body := get(t, base+CoveragePath)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var c struct {
		Statuses map[string]int            `json:"statuses"`
		Bodies   int                       `json:"bodies"`
		Enums    map[string]map[string]int `json:"enums"`
		Percent  map[string]float64        `json:"percent"`
	}
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	if c.Statuses["200"] != 2 || c.Statuses["204"] != 1 || c.Statuses["401"] != 1 || c.Bodies != 2 {
		t.Errorf("statuses %v, bodies %d", c.Statuses, c.Bodies)
	}
	if c.Enums["/customerProfileDataRequestDTO/items/*/status"]["DECLINED"] == 0 {
		t.Errorf("no DECLINED item counted: %v", c.Enums)
	}
	if _, ok := c.Percent["enumValues"]; !ok {
		t.Errorf("no percentages: %s", body)
	}
}

// TestAdminRefusesForeignPages: the violations quote the implementation's
// answers, so a web page may not read them, neither from its own origin nor
// through DNS rebinding (issue 13); this machine's clients still may.
func TestAdminRefusesForeignPages(t *testing.T) {
	target := upstream(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	_, base, _ := front(t, Config{Target: target, AllowedHosts: []string{"proxy.internal"}})
	tests := []struct {
		name, host, origin string
		status             int
		code               int32
	}{
		{"foreign origin", "", "https://evil.example", 403, schemas.CodeAdminForeignOrigin},
		{"Origin null", "", "null", 403, schemas.CodeAdminForeignOrigin},
		{"foreign Host", "attacker.example:8081", "", 403, schemas.CodeAdminForeignHost},
		{"foreign Host, same origin", "attacker.example:8081", "http://attacker.example:8081", 403, schemas.CodeAdminForeignHost},
		{"no browser", "", "", 200, 0},
		{"loopback page", "", "http://localhost:3000", 200, 0},
		{"listed Host", "proxy.internal:8081", "", 200, 0},
	}
	for _, tt := range tests {
		for _, path := range []string{AdminPath, CoveragePath} {
			req, err := http.NewRequest(http.MethodGet, base+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.host != "" {
				req.Host = tt.host
			}
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("%s, %s: %d, want %d: %s", tt.name, path, resp.StatusCode, tt.status, body)
				continue
			}
			if tt.code != 0 && !strings.Contains(string(body), fmt.Sprintf(`"errorCode":%d`, tt.code)) {
				t.Errorf("%s, %s: %s, want errorCode %d", tt.name, path, body, tt.code)
			}
		}
	}
}
