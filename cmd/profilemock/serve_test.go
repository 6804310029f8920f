package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const serveDept = "3f0c8a52-7d4e-4b1a-9c2f-5e6d7a8b9c0d"

// serveLog is a stderr for run() that the test can read while it runs.
type serveLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listeningRE = regexp.MustCompile(`"?msg"?[=:]"?listening"?.*?"?addr"?[=:]"?([^\s"]+)`)

// serving is one run() of "profilemock serve" in a goroutine.
type serving struct {
	addr   string
	stderr *serveLog
	cancel context.CancelFunc
	done   chan int // the exit code
}

// startServe calls run() with "serve" and args, waits for the "listening"
// line and returns the resolved address.
func startServe(t *testing.T, environ map[string]string, args ...string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{stderr: &serveLog{}, cancel: cancel, done: make(chan int, 1)}
	var stdout bytes.Buffer
	go func() {
		s.done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return environ[k] },
			strings.NewReader(""), &stdout, s.stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			t.Error("run() did not return after cancel")
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listeningRE.FindStringSubmatch(s.stderr.String()); m != nil {
			s.addr = m[1]
			return s
		}
		select {
		case code := <-s.done:
			t.Fatalf("run() exited %d before listening: %s", code, s.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("no listening line: %s", s.stderr)
	return nil
}

// stop cancels the context and returns the exit code.
func (s *serving) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code := <-s.done:
		s.done <- code // for the cleanup
		return code
	case <-time.After(5 * time.Second):
		t.Fatal("run() did not return within 5s of cancel")
		return -1
	}
}

// waitHealthy polls /healthz until it answers 200.
func waitHealthy(t *testing.T, base string) {
	t.Helper()
	for range 200 {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && string(body) == "{\"status\":\"ok\"}\n" {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s/healthz never answered 200", base)
}

func fetch(t *testing.T, url, authorization string) (int, []byte) {
	t.Helper()
	header := map[string]string{}
	if authorization != "" {
		header["Authorization"] = authorization
	}
	return send(t, http.MethodGet, url, header)
}

// TestSafeDefaults: serve and proxy listen on this machine only unless
// --addr says otherwise, and the admin API of a running serve refuses a
// foreign page, a rebinding Host and a form's POST (issue 13, item 1), but
// answers a host named by --allowed-hosts or by --addr.
func TestSafeDefaults(t *testing.T) {
	for cmd, want := range map[string]string{"serve": "127.0.0.1:8080", "proxy": "127.0.0.1:8081"} {
		var stdout, stderr bytes.Buffer
		run(context.Background(), []string{cmd, "--help"}, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		if !strings.Contains(stdout.String(), `(default "`+want+`")`) {
			t.Errorf("%s --help: want --addr's default %s:\n%s", cmd, want, stdout.String())
		}
	}
	s := startServe(t, nil, "--addr", "127.0.0.1:0", "--allowed-hosts", "mock.internal")
	base := "http://" + s.addr
	waitHealthy(t, base)
	tests := []struct {
		method, path string
		header       map[string]string
		status       int
		code         string
	}{
		{"GET", "/__admin/requests", map[string]string{"Origin": "https://evil.example"}, 403, "40301"},
		{"GET", "/__admin/requests", map[string]string{"Origin": "null"}, 403, "40301"},
		{"GET", "/__admin/requests", map[string]string{"Host": "attacker.example"}, 403, "40302"},
		{"POST", "/__admin/reset", map[string]string{"Content-Type": "text/plain"}, 415, "41501"},
		{"POST", "/__admin/reset", nil, 415, "41501"},
		{"POST", "/__admin/reset", map[string]string{"Content-Type": "application/json"}, 200, ""},
		{"GET", "/__admin/status", map[string]string{"Host": "mock.internal:80"}, 200, ""},
		{"GET", "/__admin/status", map[string]string{"Origin": "http://localhost:3000"}, 200, ""},
	}
	for _, tt := range tests {
		status, body := send(t, tt.method, base+tt.path, tt.header)
		if status != tt.status || (tt.code != "" && !bytes.Contains(body, []byte(`"errorCode":`+tt.code))) {
			t.Errorf("%s %s %v: %d %s, want %d %s", tt.method, tt.path, tt.header, status, body, tt.status, tt.code)
		}
	}
	if got := listenHostNames("mock.lan:8080"); len(got) != 1 || got[0] != "mock.lan" {
		t.Errorf("the host of --addr mock.lan:8080: %q", got)
	}
}

// TestServeRefusesEncodedSlash: by default a token with %2F is the 400
// with errorCode 40008, as Spring's StrictHttpFirewall and Tomcat refuse it.
func TestServeRefusesEncodedSlash(t *testing.T) {
	s := startServe(t, nil, "--addr", "127.0.0.1:0")
	waitHealthy(t, "http://"+s.addr)
	for _, token := range []string{"ok%2Fslash", "ok%2fslash", "ok%5Cx", "ok%00"} {
		status, body := fetch(t, profileURL(s.addr, "", token), "Bearer x")
		if status != 400 || !bytes.Contains(body, []byte(`"errorCode":40008`)) {
			t.Errorf("token %s: %d %s, want 400 with errorCode 40008", token, status, body)
		}
	}
}

func profileURL(addr, base, token string) string {
	return "http://" + addr + base + "/department/" + serveDept + "/customer-profile/" + token
}

// TestServeDeterministicAcrossRuns starts three servers with run(), polls
// /healthz, and compares bodies: same seed, same bytes; another seed, others.
func TestServeDeterministicAcrossRuns(t *testing.T) {
	// The token holds an encoded slash, which --allow-encoded-slash (or its
	// variable) accepts.
	a := startServe(t, nil, "--addr", "127.0.0.1:0", "--seed", "7", "--allow-encoded-slash")
	b := startServe(t, map[string]string{"PROFILEMOCK_ALLOW_ENCODED_SLASH": "true"}, "--addr", "127.0.0.1:0", "--seed", "7")
	c := startServe(t, nil, "--addr", "127.0.0.1:0", "--seed", "8", "--allow-encoded-slash")
	if a.addr == b.addr {
		t.Fatalf("both servers on %s", a.addr)
	}
	for _, s := range []*serving{a, b, c} {
		waitHealthy(t, "http://"+s.addr)
	}
	sa, ba := fetch(t, profileURL(a.addr, "", "abc%2Fdef"), "Bearer x")
	sb, bb := fetch(t, profileURL(b.addr, "", "abc%2Fdef"), "Bearer x")
	sc, bc := fetch(t, profileURL(c.addr, "", "abc%2Fdef"), "Bearer x")
	if sa != 200 || sb != 200 || sc != 200 {
		t.Fatalf("statuses %d %d %d", sa, sb, sc)
	}
	if !bytes.Equal(ba, bb) {
		t.Error("seed 7 gave different bodies in two runs")
	}
	if bytes.Equal(ba, bc) {
		t.Error("seeds 7 and 8 gave the same body")
	}
	for _, s := range []*serving{a, b, c} {
		start := time.Now()
		if code := s.stop(t); code != exitOK {
			t.Errorf("exit %d after cancel, want 0; stderr: %s", code, s.stderr)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("shutdown took %v", d)
		}
		if conn, err := net.DialTimeout("tcp", s.addr, time.Second); err == nil {
			conn.Close()
			t.Errorf("%s still accepts connections after shutdown", s.addr)
		}
		log := s.stderr.String()
		for _, want := range []string{"msg=listening", "msg=request", "msg=\"shutting down\"", "msg=stopped"} {
			if !strings.Contains(log, want) {
				t.Errorf("the log lacks %s:\n%s", want, log)
			}
		}
		if strings.Contains(log, "Bearer x") {
			t.Error("the log holds the Authorization value")
		}
	}
}

// TestServeHelperProcess is not a test: TestServeAcrossProcesses runs the test
// binary again with it, to get "profilemock serve" in a process of its own.
func TestServeHelperProcess(t *testing.T) {
	if os.Getenv("PROFILEMOCK_TEST_SERVE_HELPER") != "1" {
		t.Skip("helper process for TestServeAcrossProcesses")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, args, func(string) string { return "" }, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// TestServeAcrossProcesses: two separate processes with the same seed serve
// byte-identical bodies, and SIGTERM ends each with exit 0.
func TestServeAcrossProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	var bodies [][]byte
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelperProcess$", "--", "serve", "--addr", "127.0.0.1:0", "--seed", "99", "--log-format", "json")
		cmd.Env = append(os.Environ(), "PROFILEMOCK_TEST_SERVE_HELPER=1")
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		addrc := make(chan string, 1)
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
					addrc <- m[1]
				}
			}
		}()
		var addr string
		select {
		case addr = <-addrc:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatal("the helper process never logged listening")
		}
		waitHealthy(t, "http://"+addr)
		status, body := fetch(t, profileURL(addr, "", "cross-process"), "Basic "+base64.StdEncoding.EncodeToString([]byte("a:b")))
		if status != 200 {
			t.Fatalf("status %d: %s", status, body)
		}
		bodies = append(bodies, body)
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Wait(); err != nil {
			t.Errorf("after SIGTERM: %v, want exit 0", err)
		}
	}
	if !bytes.Equal(bodies[0], bodies[1]) {
		t.Error("two processes with the same seed served different bodies")
	}
}

// TestServeShutdownWaitsForOpenConnections cancels the context while a
// request is half sent. Shutdown waits for that connection (run() does not
// return) until it finishes, or until --shutdown-timeout, which is exit 1.
// (net/http answers no request whose headers complete after shutdown began,
// so the late request itself is dropped: the wait is what is tested.)
func TestServeShutdownWaitsForOpenConnections(t *testing.T) {
	halfSend := func(t *testing.T, s *serving) net.Conn {
		t.Helper()
		waitHealthy(t, "http://"+s.addr)
		conn, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		if _, err := io.WriteString(conn, "GET /department/"+serveDept+"/customer-profile/inflight HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond) // the server has read the first bytes
		return conn
	}
	t.Run("connection finishes", func(t *testing.T) {
		s := startServe(t, nil, "--addr", "127.0.0.1:0", "--shutdown-timeout", "5s")
		conn := halfSend(t, s)
		s.cancel()
		select {
		case code := <-s.done:
			t.Fatalf("run() returned %d with a connection open", code)
		case <-time.After(300 * time.Millisecond):
		}
		if _, err := io.WriteString(conn, "Authorization: Bearer x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if code := s.stop(t); code != exitOK {
			t.Errorf("exit %d, want 0; stderr: %s", code, s.stderr)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("run() took %v to return once the connection finished", d)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		s := startServe(t, nil, "--addr", "127.0.0.1:0", "--shutdown-timeout", "200ms")
		halfSend(t, s)
		start := time.Now()
		if code := s.stop(t); code != exitFail {
			t.Errorf("exit %d, want %d; stderr: %s", code, exitFail, s.stderr)
		}
		if d := time.Since(start); d < 150*time.Millisecond || d > 3*time.Second {
			t.Errorf("run() returned after %v, want about the 200ms timeout", d)
		}
		if !strings.Contains(s.stderr.String(), "did not finish in time") {
			t.Errorf("stderr: %s", s.stderr)
		}
	})
}

func TestServeEnvironment(t *testing.T) {
	s := startServe(t, map[string]string{
		"PROFILEMOCK_ADDR":         "127.0.0.1:0",
		"PROFILEMOCK_BASE_PATH":    "/api/v1",
		"PROFILEMOCK_AUTH_BEARER":  "t1, t2",
		"PROFILEMOCK_LOG_FORMAT":   "json",
		"PROFILEMOCK_CORS_ORIGINS": "http://localhost:3000",
	})
	for _, tt := range []struct {
		url, auth string
		status    int
	}{
		{profileURL(s.addr, "/api/v1", "tok"), "Bearer t2", 200},
		{profileURL(s.addr, "/api/v1", "tok"), "Bearer t3", 401},
		{profileURL(s.addr, "", "tok"), "Bearer t1", 404},
		{"http://" + s.addr + "/api/v1/healthz", "", 200},
	} {
		if status, body := fetch(t, tt.url, tt.auth); status != tt.status {
			t.Errorf("%s with %q: %d, want %d: %s", tt.url, tt.auth, status, tt.status, body)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(s.stderr.String()), "\n") {
		if !strings.HasPrefix(line, "{") {
			t.Errorf("not a JSON log line: %s", line)
		}
	}
	if strings.Contains(s.stderr.String(), "t2") {
		t.Error("the log holds a bearer token")
	}
}

func TestServeAuthNone(t *testing.T) {
	s := startServe(t, nil, "--addr", "127.0.0.1:0", "--auth", "none", "--check-responses=false")
	if status, _ := fetch(t, profileURL(s.addr, "", "tok"), ""); status != 200 {
		t.Errorf("--auth none without credentials: %d", status)
	}
}

func TestServeUsage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		environ map[string]string
		stderr  string
	}{
		{"auth mode", []string{"--auth", "maybe"}, nil, `--auth "maybe": want any or none`},
		{"base path", []string{"--base-path", "api/"}, nil, `--base-path: "api/" must start with "/"`},
		{"base path from environment", nil, map[string]string{"PROFILEMOCK_BASE_PATH": "/api/"}, `--base-path: "/api/" must not end with "/"`},
		{"cors star", []string{"--cors-origins", "*"}, nil, `--cors-origins: "*" is not an origin`},
		{"cors path", []string{"--cors-origins", "http://a.example, http://b.example/"}, nil, `"http://b.example/" holds a path`},
		{"auth none with credentials", []string{"--auth", "none", "--auth-bearer", "t"}, nil, "--auth: none is set, but"},
		{"basic without colon", []string{"--auth-basic", "a:b", "--auth-basic", "alice"}, nil, "--auth-basic #2: holds no colon"},
		{"bearer illegal", []string{"--auth-bearer", "a b"}, nil, "--auth-bearer #1: holds a character outside"},
		{"log format", []string{"--log-format", "xml"}, nil, `--log-format "xml": want text or json`},
		{"log level", []string{"--log-level", "loud"}, nil, `--log-level "loud"`},
		{"seed", []string{"--seed", "-1"}, nil, "invalid value"},
		{"seed from environment", nil, map[string]string{"PROFILEMOCK_SEED": "x"}, "PROFILEMOCK_SEED"},
		{"check-responses from environment", nil, map[string]string{"PROFILEMOCK_CHECK_RESPONSES": "maybe"}, "PROFILEMOCK_CHECK_RESPONSES"},
		{"shutdown timeout", []string{"--shutdown-timeout", "0s"}, nil, "must be positive"},
		{"stray argument", []string{"extra"}, nil, `unexpected argument "extra"`},
		{"journal size", []string{"--journal-size", "-1"}, nil, "--journal-size: -1 is negative (--no-journal turns the journal off)"},
		{"journal size 0", []string{"--journal-size", "0"}, nil, "--journal-size 0: must be 1 or more (--no-journal turns the journal off)"},
		{"journal size 0 from environment", nil, map[string]string{"PROFILEMOCK_JOURNAL_SIZE": "0"}, "--journal-size 0: must be 1 or more"},
		{"log rate 0", []string{"--log-rate", "0"}, nil, "--log-rate 0: must be 1 or more (--no-log-limit lifts the cap)"},
		{"log rate negative", []string{"--log-rate", "-5"}, nil, "--log-rate: -5 is negative (--no-log-limit lifts the cap)"},
		{"watch interval 0", []string{"--scenarios", ".", "--watch-interval", "0s"}, nil, "--watch-interval 0s: must be positive (--no-watch turns watching off)"},
		{"journal size too large", []string{"--journal-size", "2000000"}, nil, "--journal-size: 2000000 is more than the limit"},
		{"journal size from environment", nil, map[string]string{"PROFILEMOCK_JOURNAL_SIZE": "many"}, "PROFILEMOCK_JOURNAL_SIZE"},
		{"watch interval", []string{"--scenarios", ".", "--watch-interval", "-1s"}, nil, "--watch-interval: -1s is negative (--no-watch turns watching off)"},
		{"watch interval too short", []string{"--scenarios", ".", "--watch-interval", "1ms"}, nil, "--watch-interval: 1ms is shorter than 10ms"},
		{"no built-ins without a folder", []string{"--no-builtin-scenarios"}, nil, "--no-builtin-scenarios needs --scenarios DIR"},
		{"scenarios folder missing", []string{"--scenarios", "/nonexistent/mocks"}, nil, "--scenarios: stat /nonexistent/mocks: no such file or directory"},
		{"scenarios not a folder", []string{"--scenarios", "serve_test.go"}, nil, "--scenarios: serve_test.go is not a directory"},
		{"no default", []string{"--scenarios", ".", "--no-builtin-scenarios"}, nil, `none named "default"`},
		{"admin token illegal", []string{"--admin-token", "a b"}, nil, "--admin-token: holds a character outside the RFC 6750 token68 set at byte 1"},
		{"admin token and no admin", []string{"--admin-token", "t", "--no-admin"}, nil, "--admin-token: is set, but --no-admin removes the admin API"},
		{"unknown flag", []string{"--port", "1"}, nil, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// An uncancelled context: returning at all proves nothing was served.
			code := run(context.Background(), append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...),
				func(k string) string { return tt.environ[k] }, strings.NewReader(""), &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitUsage, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.stderr)
			}
			if strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("stderr = %q, want one line", stderr.String())
			}
			if strings.Contains(stderr.String(), "listening") {
				t.Error("it listened before validating")
			}
		})
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", ln.Addr().String()}, func(string) string { return "" }, nil, io.Discard, &stderr)
	want := fmt.Sprintf("profilemock serve: cannot listen on %s: bind: address already in use\n", ln.Addr())
	if code != exitFail || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitFail, want)
	}
}

// TestServeBadScenarios: a bad scenario file at start-up is exit 2, with
// every problem as file:line: message, and nothing listens.
func TestServeBadScenarios(t *testing.T) {
	dir := t.TempDir()
	writeScenarioFile(t, dir, "a.yaml", "name: a\ndescription: Broken.\nresponse:\n  stauts: 200\n")
	writeScenarioFile(t, dir, "b.yaml", "name: b\ndescription: Broken too.\nresponse:\n  status: 200\n  delay: 2m\n")
	var stderr bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--scenarios", dir},
		func(string) string { return "" }, nil, io.Discard, &stderr)
	if code != exitUsage {
		t.Errorf("exit %d, want %d; stderr: %s", code, exitUsage, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("stderr:\n%s\nwant two problems and a summary", stderr.String())
	}
	for i, prefix := range []string{filepath.Join(dir, "a.yaml") + ":4: ", filepath.Join(dir, "b.yaml") + ":5: "} {
		if !strings.HasPrefix(lines[i], prefix) {
			t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], prefix)
		}
	}
	if !strings.HasPrefix(lines[2], "profilemock serve: 2 problem(s) in the scenario files") {
		t.Errorf("summary %q", lines[2])
	}
	if strings.Contains(stderr.String(), "listening") {
		t.Error("it listened")
	}
}

func writeScenarioFile(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// send makes one request and returns its status and body.
func send(t *testing.T, method, url string, header map[string]string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestServeScenarios runs serve with a scenario folder (from the
// environment), an admin token and a fast watcher: a file of the folder
// answers, a new file is picked up without a request, the admin API wants the
// token, and the server still stops cleanly.
func TestServeScenarios(t *testing.T) {
	dir := t.TempDir()
	writeScenarioFile(t, dir, "mine.yaml", "name: mine\ndescription: One of ours.\nmatch: {token: \"mine-*\"}\nresponse:\n  status: 204\n")
	s := startServe(t, map[string]string{"PROFILEMOCK_SCENARIOS": dir, "PROFILEMOCK_JOURNAL_SIZE": "3"},
		"--addr", "127.0.0.1:0", "--admin-token", "adm", "--watch-interval", "20ms", "--auth", "none")
	base := "http://" + s.addr
	if status, body := fetch(t, profileURL(s.addr, "", "mine-1"), ""); status != 204 {
		t.Errorf("mine-1: %d %s", status, body)
	}
	if status, _ := fetch(t, profileURL(s.addr, "", "no-content-1"), ""); status != 204 {
		t.Errorf("the built-ins are not served next to the folder: %d", status)
	}
	if status, _ := send(t, "GET", base+"/__admin/status", nil); status != 401 {
		t.Errorf("admin without the token: %d", status)
	}
	status, body := send(t, "GET", base+"/__admin/status", map[string]string{"X-Admin-Token": "adm"})
	if status != 200 || !strings.Contains(string(body), `"capacity":3`) || !strings.Contains(string(body), `"watching":true`) {
		t.Errorf("status: %d %s", status, body)
	}
	writeScenarioFile(t, dir, "later.yaml", "name: later\ndescription: Added while serving.\nmatch: {token: \"later-*\"}\nresponse:\n  status: 500\n")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if status, _ := fetch(t, profileURL(s.addr, "", "later-1"), ""); status == 500 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new file never answered")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("exit %d; stderr: %s", code, s.stderr)
	}
	log := s.stderr.String()
	for _, want := range []string{"scenarios=", "msg=\"scenarios reloaded\" trigger=watch", "scenario=mine scenario_source=match"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "adm\"") || strings.Contains(log, "=adm ") {
		t.Error("the log holds the admin token")
	}
}

func TestServeNoAdminAndNoJournal(t *testing.T) {
	s := startServe(t, nil, "--addr", "127.0.0.1:0", "--no-admin")
	if status, _ := send(t, "GET", "http://"+s.addr+"/__admin/status", nil); status != 404 {
		t.Errorf("--no-admin: %d", status)
	}
	s = startServe(t, nil, "--addr", "127.0.0.1:0", "--no-journal")
	if status, body := send(t, "GET", "http://"+s.addr+"/__admin/requests/count", nil); status != 409 {
		t.Errorf("--no-journal: %d %s", status, body)
	}
}
