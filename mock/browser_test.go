package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/profilemock/profilemock/mock"
	"github.com/profilemock/profilemock/mock/mocktest"
	"github.com/profilemock/profilemock/schemas"
)

// chromiumPath is Debian's package, which .ci/install-chromium installs.
const chromiumPath = "/usr/bin/chromium"

// chromiumFlags are what headless Chromium needs on these machines: no
// sandbox (root), and none of the background connections that a closed
// network refuses.
var chromiumFlags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
}

// browserTimeout bounds one browser run; the page needs about a second.
const browserTimeout = 60 * time.Second

// probeResult is what the page's script saw of one answer (see
// testdata/browser/index.html).
type probeResult struct {
	Name    string            `json:"name"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Text    string            `json:"text"`
	JSON    json.RawMessage   `json:"json"`
	Error   string            `json:"error"`
	Origin  string            `json:"origin"`
}

// TestBrowser runs a frontend team's page in headless Chromium: served by a
// "dev server" on another origin, it calls the mock with fetch() and reports
// what its script could read. It proves what no Go client can: that CORS lets
// the page read answers, exposed headers and 401s, and that a 401 never brings
// up a login dialog (a Basic challenge would hang the fetch).
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: CI must install it with .ci/install-chromium", chromiumPath)
		}
		t.Skipf("%s is not installed (run .ci/install-chromium); skipped outside CI", chromiumPath)
	}
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	page, err := os.ReadFile(filepath.Join("testdata", "browser", "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	reports := make(chan probeResult, 16)
	devServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(page)
		case r.Method == http.MethodPost && r.URL.Path == "/report":
			var res probeResult
			if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&res); err != nil {
				res = probeResult{Name: "bad-report", Error: err.Error()}
			}
			select {
			case reports <- res:
			default: // the test has stopped listening
			}
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r) // favicon.ico
		}
	}))
	defer devServer.Close()

	const user, pass = "qa", "secret"
	srv, err := mocktest.NewServer(mock.Config{
		Seed:        1,
		Auth:        mock.Auth{Basic: []string{user + ":" + pass}},
		CORSOrigins: []string{devServer.URL}, // the page's origin, and only it
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if devServer.URL == srv.URL {
		t.Fatal("the page and the mock must be different origins")
	}

	const department = "3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b"
	pageURL := devServer.URL + "/?" + url.Values{
		"mock":       {srv.URL},
		"department": {department},
		"token":      {"browser-token-1"},
		"user":       {user},
		"pass":       {pass},
	}.Encode()

	start := time.Now()
	results, stderr := runPage(t, pageURL, reports)
	t.Logf("browser run took %v", time.Since(start).Round(time.Millisecond))
	if t.Failed() {
		return
	}
	defer func() {
		if t.Failed() {
			t.Logf("chromium output (tail, D-Bus noise left out):\n%s", stderr)
		}
	}()

	ids := map[string]string{}
	for _, name := range []string{"ok", "no-auth", "wrong-credentials", "prefer-500", "prefer-204", "scenario-header", "active"} {
		r, ok := results[name]
		if !ok {
			t.Errorf("%s: no report", name)
			continue
		}
		if r.Error != "" {
			t.Errorf("%s: %s", name, r.Error)
			continue
		}
		// Every answer carries the exposed headers, and the page reads them.
		id := r.Headers["X-Request-Id"]
		if id == "" {
			t.Errorf("%s: X-Request-Id not readable", name)
		} else if other, dup := ids[id]; dup {
			t.Errorf("%s: X-Request-Id %q already seen on %s", name, id, other)
		}
		ids[id] = name
		if r.Headers["X-Mock-Scenario"] == "" || r.Headers["X-Mock-Scenario-Source"] == "" {
			t.Errorf("%s: X-Mock-Scenario or X-Mock-Scenario-Source not readable", name)
		}
	}
	if t.Failed() {
		return
	}

	t.Run("200 with Basic credentials", func(t *testing.T) {
		r := results["ok"]
		r.wantStatus(t, http.StatusOK)
		var body struct {
			Request struct {
				DepartmentUUID string `json:"departmentUuid"`
			} `json:"customerProfileDataRequestDTO"`
		}
		if err := json.Unmarshal(r.JSON, &body); err != nil {
			t.Fatalf("body: %v: %.300s", err, r.Text)
		}
		if body.Request.DepartmentUUID != department {
			t.Errorf("customerProfileDataRequestDTO.departmentUuid = %q, want %q", body.Request.DepartmentUUID, department)
		}
		if ct := r.Headers["Content-Type"]; !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
	})
	t.Run("401 without Authorization", func(t *testing.T) {
		r := results["no-auth"]
		r.wantStatus(t, http.StatusUnauthorized)
		r.wantErrorCode(t, schemas.CodeMissingAuthorization)
		r.wantBearerChallenge(t)
	})
	t.Run("401 for wrong credentials, no login dialog", func(t *testing.T) {
		r := results["wrong-credentials"]
		r.wantStatus(t, http.StatusUnauthorized)
		r.wantErrorCode(t, schemas.CodeCredentialsRejected)
		r.wantBearerChallenge(t)
	})
	t.Run("Prefer code=500", func(t *testing.T) {
		r := results["prefer-500"]
		r.wantStatus(t, http.StatusInternalServerError)
		r.wantErrorCode(t, 50080) // the built-in server-error scenario's code
		if got := r.Headers["Preference-Applied"]; got != "code=500" {
			t.Errorf("Preference-Applied = %q, want code=500", got)
		}
	})
	t.Run("X-Mock-Scenario from a page", func(t *testing.T) {
		r := results["scenario-header"]
		r.wantStatus(t, http.StatusOK)
		if r.Headers["X-Mock-Scenario"] != "with-warnings" || r.Headers["X-Mock-Scenario-Source"] != "header" {
			t.Errorf("answered by %q from %q", r.Headers["X-Mock-Scenario"], r.Headers["X-Mock-Scenario-Source"])
		}
	})
	t.Run("the admin API from a page", func(t *testing.T) {
		for _, name := range []string{"admin-put", "admin-delete"} {
			r := results[name]
			if r.Error != "" {
				t.Fatalf("%s: %s", name, r.Error)
			}
			r.wantStatus(t, http.StatusOK)
		}
		r := results["active"]
		r.wantStatus(t, http.StatusNoContent)
		if r.Headers["X-Mock-Scenario"] != "no-content" || r.Headers["X-Mock-Scenario-Source"] != "active" {
			t.Errorf("answered by %q from %q", r.Headers["X-Mock-Scenario"], r.Headers["X-Mock-Scenario-Source"])
		}
	})
	t.Run("Prefer code=204", func(t *testing.T) {
		r := results["prefer-204"]
		r.wantStatus(t, http.StatusNoContent)
		if r.Text != "" {
			t.Errorf("body = %q, want empty", r.Text)
		}
		if got := r.Headers["Preference-Applied"]; got != "code=204" {
			t.Errorf("Preference-Applied = %q, want code=204", got)
		}
	})
	if got := results["done"].Origin; got != devServer.URL {
		t.Errorf("the page ran on origin %q, want %q", got, devServer.URL)
	}
}

func (r probeResult) wantStatus(t *testing.T, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; body %.300s", r.Status, want, r.Text)
	}
}

func (r probeResult) wantErrorCode(t *testing.T, want int32) {
	t.Helper()
	var body struct {
		Errors []struct {
			ErrorCode int32 `json:"errorCode"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(r.JSON, &body); err != nil {
		t.Fatalf("body: %v: %.300s", err, r.Text)
	}
	if len(body.Errors) == 0 || body.Errors[0].ErrorCode != want {
		t.Errorf("errors = %+v, want errors[0].errorCode %d", body.Errors, want)
	}
}

// wantBearerChallenge checks the page could read WWW-Authenticate, and that it
// is no Basic challenge (which makes browsers open a login dialog).
func (r probeResult) wantBearerChallenge(t *testing.T) {
	t.Helper()
	got := r.Headers["WWW-Authenticate"]
	if !strings.HasPrefix(got, `Bearer realm="profilemock"`) {
		t.Errorf("WWW-Authenticate = %q, want a readable Bearer challenge", got)
	}
	if strings.Contains(strings.ToLower(got), "basic") {
		t.Errorf("WWW-Authenticate = %q offers Basic: browsers would show a login dialog", got)
	}
}

// runPage opens pageURL in headless Chromium and collects the page's reports
// until it says "done", the browser exits, or browserTimeout passes. The
// browser and every process it started are killed before runPage returns. It
// returns the reports by name and the tail of Chromium's output.
func runPage(t *testing.T, pageURL string, reports <-chan probeResult) (map[string]probeResult, string) {
	t.Helper()
	profile := t.TempDir() // removed after the browser is gone: cleanups run last-in first-out
	ctx, cancel := context.WithTimeout(t.Context(), browserTimeout)
	defer cancel()

	args := append(append([]string{}, chromiumFlags...), "--user-data-dir="+profile, pageURL)
	cmd := exec.CommandContext(ctx, chromiumPath, args...)
	out := &tailBuffer{max: 16 << 10}
	cmd.Stdout, cmd.Stderr = out, out
	// Its own process group, so that one signal reaches the wrapper script,
	// the browser and its renderer, GPU and zygote children.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		reapStragglers(t, cmd.Process.Pid, profile)
	}

	results := map[string]probeResult{}
	for {
		select {
		case r := <-reports:
			if r.Name == "page-error" || r.Name == "bad-report" {
				t.Errorf("page: %s: %s", r.Name, r.Error)
				continue
			}
			results[r.Name] = r
			if r.Name != "done" {
				continue
			}
		case err := <-exited:
			exited <- err // for stop
			t.Errorf("chromium exited before the page was done (%v); reports: %v", err, reportNames(results))
		case <-ctx.Done():
			t.Errorf("the page was not done after %v; reports so far: %v", browserTimeout, reportNames(results))
		}
		stop()
		if t.Failed() {
			t.Logf("chromium output (tail, D-Bus noise left out):\n%s", out)
		}
		return results, out.String()
	}
}

// reapStragglers kills any process still in the browser's process group, or
// still using its profile directory (one that left the group), and waits until
// none is left, so that the test leaves nothing running. (Dead children that
// init has not reaped yet are not running and do not count.)
func reapStragglers(t *testing.T, pgid int, profile string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		pids := strays(pgid, profile)
		if len(pids) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("chromium processes %v still running after the kill", pids)
			return
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// strays lists the live (not zombie) processes in process group pgid or whose
// command line mentions profile.
func strays(pgid int, profile string) []int {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join(d, "stat"))
		if err != nil {
			continue // gone
		}
		// "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(stat[i+1:]))
		if len(f) < 3 || f[0] == "Z" || f[0] == "X" {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(d, "cmdline"))
		if f[2] == strconv.Itoa(pgid) || bytes.Contains(cmdline, []byte(profile)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func reportNames(m map[string]probeResult) []string {
	var s []string
	for n := range m {
		s = append(s, n)
	}
	return s
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (w *tailBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.b = append(w.b, p...)
	if len(w.b) > w.max {
		w.b = append(w.b[:0], w.b[len(w.b)-w.max:]...)
	}
	return len(p), nil
}

// String returns the kept output without the D-Bus complaints that Chromium
// prints on a machine with no session bus, the last 40 lines at most.
func (w *tailBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var keep []string
	for _, l := range strings.Split(strings.TrimRight(string(w.b), "\n"), "\n") {
		if !strings.Contains(l, ":ERROR:dbus/") {
			keep = append(keep, l)
		}
	}
	if len(keep) > 40 {
		keep = keep[len(keep)-40:]
	}
	return strings.Join(keep, "\n")
}
