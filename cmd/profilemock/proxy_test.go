package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/features"
	"github.com/profilemock/profilemock/schemas"
)

// proxyStderr is a stderr for run() that the test reads while it runs.
type proxyStderr struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *proxyStderr) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *proxyStderr) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var proxyListening = regexp.MustCompile(`msg=listening addr=(\S+)`)

// proxyRun is one run() of "profilemock proxy" in a goroutine.
type proxyRun struct {
	base   string // http://addr
	stderr *proxyStderr
	stop   func() int // cancels the run and returns its exit code
}

func startProxy(t *testing.T, args ...string) *proxyRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &proxyRun{stderr: &proxyStderr{}}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"proxy", "--addr", "127.0.0.1:0"}, args...),
			func(string) string { return "" }, strings.NewReader(""), io.Discard, p.stderr)
	}()
	var once sync.Once
	code := -1
	p.stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(10 * time.Second):
				t.Error("the proxy did not stop after cancel")
			}
		})
		return code
	}
	t.Cleanup(func() { p.stop() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := proxyListening.FindStringSubmatch(p.stderr.String()); m != nil {
			p.base = "http://" + m[1]
			return p
		}
		select {
		case c := <-done:
			t.Fatalf("the proxy exited %d before listening: %s", c, p.stderr)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("the proxy did not listen: %s", p.stderr)
	return nil
}

// send makes the request of kind via through the proxy and returns the
// answer's status and its X-Contract-Violations count.
func (p *proxyRun) send(t *testing.T, via proxyRequest) (status, violations int) {
	t.Helper()
	dept, token, auth := features.BuiltinDepartment, "ok-1", "Basic "+base64.StdEncoding.EncodeToString([]byte(driftUserPass))
	switch via {
	case viaNoContent:
		token = "none-1"
	case viaServerError:
		token = "boom-1"
	case viaBadDepartment:
		dept = "not-a-uuid"
	case viaNoAuth:
		auth = ""
	case viaWrongPassword:
		auth = "Basic " + base64.StdEncoding.EncodeToString([]byte("qa:wrong"))
	case viaBadToken:
		token = "ok%201" // a space: the mock's own token rule refuses it
	}
	req, err := http.NewRequest(http.MethodGet, p.base+"/department/"+dept+"/customer-profile/"+token, nil)
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	n, err := strconv.Atoi(resp.Header.Get("X-Contract-Violations"))
	if err != nil {
		t.Fatalf("X-Contract-Violations %q: %v", resp.Header.Get("X-Contract-Violations"), err)
	}
	return resp.StatusCode, n
}

type adminList struct {
	Total      int `json:"total"`
	Kept       int `json:"kept"`
	Violations []struct {
		Method   string `json:"method"`
		Path     string `json:"path"`
		Status   int    `json:"status"`
		Pointer  string `json:"pointer"`
		Expected string `json:"expected"`
		Found    string `json:"found"`
	} `json:"violations"`
}

func (p *proxyRun) violations(t *testing.T) adminList {
	t.Helper()
	resp, err := http.Get(p.base + "/__admin/violations")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var l adminList
	if err := json.NewDecoder(resp.Body).Decode(&l); err != nil || resp.StatusCode != 200 {
		t.Fatalf("/__admin/violations: %d, %v", resp.StatusCode, err)
	}
	return l
}

// lines renders the listed violations as the suite does: "pointer: expected
// X, found Y".
func (l adminList) lines() string {
	var b strings.Builder
	for _, v := range l.Violations {
		p := v.Pointer
		if p == "" {
			p = "(answer)"
		}
		fmt.Fprintf(&b, "%s %s %d %s: expected %s, found %s\n", v.Method, v.Path, v.Status, p, v.Expected, v.Found)
	}
	return b.String()
}

// TestProxyDrift sends, through the proxy, the request that shows each drift
// and checks that the answer is counted and the violation listed; the
// faithful service has none on any request.
func TestProxyDrift(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	t.Run("faithful", func(t *testing.T) {
		// The service accepts any token, as the page allows: a token with a
		// space is no violation of a service that declares no token rule.
		srv, _ := driftService(t, nil)
		p := startProxy(t, "--target", srv.URL+driftBase, "--strict", "--fail-on-violation")
		for _, via := range []proxyRequest{viaProfile, viaNoContent, viaServerError, viaBadDepartment, viaNoAuth, viaWrongPassword, viaBadToken} {
			if _, n := p.send(t, via); n != 0 {
				t.Errorf("request %d: %d violations, want 0:\n%s", via, n, p.violations(t).lines())
			}
		}
		if l := p.violations(t); l.Total != 0 {
			t.Errorf("total %d, want 0", l.Total)
		}
		if code := p.stop(); code != exitOK {
			t.Errorf("--fail-on-violation with no violation: exit %d, want 0", code)
		}
	})

	table := make([]string, len(drifts()))
	t.Run("drifts", func(t *testing.T) {
		for i, d := range drifts() {
			t.Run(d.name, func(t *testing.T) {
				if d.suiteOnly {
					table[i] = fmt.Sprintf("%-50s | (the suite's: it takes two answers to see)", d.name)
					t.Skip("the proxy sees one answer at a time; this drift takes two to see")
				}
				t.Parallel()
				srv, applied := driftService(t, &d)
				args := []string{"--target", srv.URL + driftBase, "--fail-on-violation"}
				if d.fixtures != "" {
					args = append(args, "--fixtures", contractFile(t, "fixtures.yaml", d.fixtures))
				}
				if d.strict {
					args = append(args, "--strict")
				}
				p := startProxy(t, args...)
				status, n := p.send(t, d.via)
				if applied.Load() == 0 {
					t.Fatal("the drift never applied")
				}
				if n == 0 {
					t.Fatalf("status %d with X-Contract-Violations: 0", status)
				}
				l := p.violations(t)
				if l.Total != n || !d.names.MatchString(l.lines()) {
					t.Fatalf("total %d (header %d); the list does not name the drift (%s):\n%s", l.Total, n, d.names, l.lines())
				}
				if code := p.stop(); code != exitFail {
					t.Errorf("--fail-on-violation after %d violations: exit %d, want 1", n, code)
				}
				log := p.stderr.String()
				first := l.Violations[0]
				if !strings.Contains(log, fmt.Sprintf(`msg="contract violation" method=GET path=%s status=%d pointer=`, first.Path, first.Status)) ||
					!strings.Contains(log, "profilemock proxy: "+strconv.Itoa(n)+" contract violation(s) seen (--fail-on-violation)") {
					t.Errorf("the log lacks the violation line or the exit reason:\n%s", log)
				}
				var found []string
				for _, v := range l.Violations {
					p := v.Pointer
					if p == "" {
						p = "(answer)"
					}
					found = append(found, p+" "+v.Found)
				}
				table[i] = fmt.Sprintf("%-50s | %d: %s", d.name, status, strings.Join(found, "; "))
			})
		}
	})
	t.Logf("drift → what the proxy reported (status: pointer found):\n%s", strings.Join(table, "\n"))
}

// TestProxyUnreachable: an upstream that does not answer is a 502 with the
// documented error envelope, which is no violation of the implementation.
func TestProxyUnreachable(t *testing.T) {
	closed := "http://" + closedPort(t)
	p := startProxy(t, "--target", closed, "--fail-on-violation")
	resp, err := http.Get(p.base + "/department/" + features.BuiltinDepartment + "/customer-profile/ok-1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %q, want 502 JSON", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	// The envelope of the documented error answers, every field present.
	if vs, err := set.Validate(500, schemas.Strict, body); err != nil || len(vs) > 0 {
		t.Errorf("the 502 body is not the error envelope: %v %v\n%s", vs, err, body)
	}
	if !strings.Contains(string(body), "could not get an answer from "+closed) || !strings.Contains(string(body), `"errorCode":50201`) {
		t.Errorf("the 502 does not say which upstream: %s", body)
	}
	if code := p.stop(); code != exitOK {
		t.Errorf("exit %d: an unreachable upstream is not a contract violation", code)
	}
}

// TestProxyUsage: bad flags are exit 2 with one line.
func TestProxyUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "--target is required"},
		{[]string{"--target", "localhost:8080"}, `--target "localhost:8080": want an absolute http or https URL`},
		{[]string{"--target", "http://x", "--path", "/nope"}, "must hold {departmentUuid} exactly once"},
		{[]string{"--target", "http://x", "--path", `/x/"q"/{departmentUuid}/{customerProfileViewRequestToken}`}, `path segment "\"q\"" is sent as "%22q%22"`},
		{[]string{"--target", "http://x", "--log-format", "xml"}, `--log-format "xml"`},
		{[]string{"--target", "http://x", "extra"}, `unexpected argument "extra"`},
	} {
		var stderr bytes.Buffer
		code := run(context.Background(), append([]string{"proxy"}, tc.args...), func(string) string { return "" },
			strings.NewReader(""), io.Discard, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", tc.args, code, stderr.String(), tc.want)
		}
	}
	// The environment stands in for --target.
	closed := "http://" + closedPort(t)
	var stderr proxyStderr
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"proxy", "--addr", "127.0.0.1:0"},
			func(k string) string { return map[string]string{"PROFILEMOCK_TARGET": closed}[k] },
			strings.NewReader(""), io.Discard, &stderr)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(stderr.String(), "target="+closed) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != exitOK || !strings.Contains(stderr.String(), "target="+closed) {
		t.Errorf("PROFILEMOCK_TARGET: exit %d, log %q", code, stderr.String())
	}
}
