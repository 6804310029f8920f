package mock

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/profilemock/profilemock/schemas"
)

// profileReply is the part of a 200 body the scenario tests look at.
type profileReply struct {
	Warnings []struct {
		WarningCode int32 `json:"warningCode"`
	} `json:"warnings"`
	DTO struct {
		DepartmentUUID string `json:"departmentUuid"`
		CustomerInfo   struct {
			Fname    string            `json:"fname"`
			Lname    string            `json:"lname"`
			Vehicles []json.RawMessage `json:"vehicles"`
		} `json:"customerInfo"`
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
	} `json:"customerProfileDataRequestDTO"`
}

func parseProfile(t *testing.T, body []byte) profileReply {
	t.Helper()
	var p profileReply
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("200 body: %v\n%.300s", err, body)
	}
	return p
}

// itemStatuses returns the distinct item statuses of a 200 body, in order of
// first appearance.
func (p profileReply) itemStatuses() []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range p.DTO.Items {
		if !seen[it.Status] {
			seen[it.Status] = true
			out = append(out, it.Status)
		}
	}
	return out
}

func errorCodeOf(t *testing.T, body []byte) (int32, string) {
	t.Helper()
	var er errorReply
	if err := json.Unmarshal(body, &er); err != nil || len(er.Errors) == 0 {
		t.Fatalf("error body: %v\n%s", err, body)
	}
	return er.Errors[0].ErrorCode, er.Errors[0].ErrorMessage
}

// writeScenario writes a scenario file into dir.
func writeScenario(t *testing.T, dir, file, yaml string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, file), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
}

// minimalDefault is the smallest default a folder served without the
// built-in library needs; loading it is quick.
const minimalDefault = "name: default\ndescription: A default profile for the tests.\nresponse:\n  status: 200\n"

// scenarioDir is a temporary folder with a default and the given files.
func scenarioDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeScenario(t, dir, "default.yaml", minimalDefault)
	for f, y := range files {
		writeScenario(t, dir, f, y)
	}
	return dir
}

// auth is the header of an endpoint request: anyBearer plus kv.
func auth(kv ...string) http.Header { return h(append([]string{"Authorization", anyBearer}, kv...)...) }

// TestBuiltinScenariosOverHTTP asks for every built-in scenario by name, over
// HTTP, and checks what a client gets: status, body (valid at both levels
// unless the scenario is off-contract), X-Mock-Scenario and its source, and a
// HEAD that matches the GET. Faults are checked from the client's side.
func TestBuiltinScenariosOverHTTP(t *testing.T) {
	set := loadSchemas(t)
	srv := start(t, Config{Seed: testSeed, Schemas: set, CheckResponses: true})
	allOf := func(status string) func(*testing.T, profileReply) {
		return func(t *testing.T, p profileReply) {
			if got := p.itemStatuses(); len(got) != 1 || got[0] != status {
				t.Errorf("item statuses %v, want only %s", got, status)
			}
		}
	}
	tests := map[string]struct {
		status int
		code   int32                          // errorCode of an error body
		fault  string                         // what the client sees instead of an answer
		check  func(*testing.T, profileReply) // more about a 200 body
	}{
		"default": {status: 200, check: func(t *testing.T, p profileReply) {
			if len(p.DTO.Items) < 3 || len(p.DTO.CustomerInfo.Vehicles) < 1 {
				t.Errorf("%d items, %d vehicles: want a full profile", len(p.DTO.Items), len(p.DTO.CustomerInfo.Vehicles))
			}
		}},
		"minimal-profile": {status: 200, check: func(t *testing.T, p profileReply) {
			if len(p.DTO.Items)+len(p.DTO.CustomerInfo.Vehicles) != 0 || p.DTO.CustomerInfo.Fname != "" {
				t.Errorf("not minimal: %d items, %d vehicles, fname %q", len(p.DTO.Items), len(p.DTO.CustomerInfo.Vehicles), p.DTO.CustomerInfo.Fname)
			}
		}},
		"large-profile": {status: 200, check: func(t *testing.T, p profileReply) {
			if len(p.DTO.Items) != 40 || len(p.DTO.CustomerInfo.Vehicles) != 12 {
				t.Errorf("%d items, %d vehicles, want 40 and 12", len(p.DTO.Items), len(p.DTO.CustomerInfo.Vehicles))
			}
		}},
		"no-content":   {status: 204},
		"bad-request":  {status: 400, code: codeBadRequestScenario},
		"unauthorized": {status: 401, code: codeUnauthorizedScenario},
		"server-error": {status: 500, code: codeServerErrorScenario},
		"with-warnings": {status: 200, check: func(t *testing.T, p profileReply) {
			if len(p.Warnings) != 2 {
				t.Errorf("%d warnings, want 2", len(p.Warnings))
			}
		}},
		"pending-approval": {status: 200, check: allOf("PENDING_APPROVAL")},
		"all-declined":     {status: 200, check: allOf("DECLINED")},
		"approval-flow":    {status: 200, check: allOf("REQUESTED")}, // the first call
		"slow":             {status: 200},                            // see below: the 2s are not waited for
		"flaky":            {status: 200},                            // the first call
		"connection-reset": {fault: "reset"},
		"empty-reply":      {fault: "eof"},
		"truncated-json":   {fault: "truncated"},
		"unicode-names": {status: 200, check: func(t *testing.T, p profileReply) {
			name := p.DTO.CustomerInfo.Fname + p.DTO.CustomerInfo.Lname
			if utf8.RuneCountInString(name) == len(name) {
				t.Errorf("name %q is plain ASCII", name)
			}
		}},
		"status-scheduled":        {status: 200, check: allOf("SCHEDULED")},
		"status-requested":        {status: 200, check: allOf("REQUESTED")},
		"status-pending-approval": {status: 200, check: allOf("PENDING_APPROVAL")},
		"status-completed":        {status: 200, check: allOf("COMPLETED")},
		"status-declined":         {status: 200, check: allOf("DECLINED")},
	}
	cat := builtin(t)
	for _, name := range cat.Names() {
		if _, ok := tests[name]; !ok {
			t.Errorf("built-in scenario %s has no row in this test", name)
		}
	}
	noKeepAlive := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	defer noKeepAlive.CloseIdleConnections()

	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			sc, ok := cat.Get(name)
			if !ok {
				t.Fatalf("%s is not a built-in scenario", name)
			}
			path := endpoint("", dept, "by-name-"+name)
			if tt.fault != "" {
				checkFault(t, noKeepAlive, srv.URL+path, name, tt.fault)
				return
			}
			if name == "slow" {
				checkStillWaiting(t, srv, path, name)
				return
			}
			resp, body := do(t, srv, "GET", path, auth("X-Mock-Scenario", name))
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			if got, src := resp.Header.Get("X-Mock-Scenario"), resp.Header.Get("X-Mock-Scenario-Source"); got != name || src != "header" {
				t.Errorf("X-Mock-Scenario %q from %q, want %q from header", got, src, name)
			}
			switch tt.status {
			case 204:
				if len(body) != 0 || resp.Header.Get("Content-Type") != "" {
					t.Errorf("204 with body %q, Content-Type %q", body, resp.Header.Get("Content-Type"))
				}
			case 200:
				if !sc.OffContract {
					checkContract(t, set, 200, body)
				}
				p := parseProfile(t, body)
				if p.DTO.DepartmentUUID != dept {
					t.Errorf("departmentUuid %q, want the path's %q", p.DTO.DepartmentUUID, dept)
				}
				if tt.check != nil {
					tt.check(t, p)
				}
				if resp.Header.Get("ETag") == "" {
					t.Error("a 200 without ETag")
				}
			default:
				checkContract(t, set, tt.status, body)
				if code, _ := errorCodeOf(t, body); code != tt.code {
					t.Errorf("errorCode %d, want %d", code, tt.code)
				}
				if tt.status == 401 && resp.Header.Get("WWW-Authenticate") != `Bearer realm="profilemock"` {
					t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
				}
			}
			// HEAD gets the same answer without the body (a fresh token:
			// flows would otherwise move on).
			headPath := endpoint("", dept, "head-"+name)
			get, getBody := do(t, srv, "GET", headPath, auth("X-Mock-Scenario", name))
			head, headBody := do(t, srv, "HEAD", endpoint("", dept, "head-"+name), auth("X-Mock-Scenario", name))
			if name == "approval-flow" || name == "flaky" {
				return // the HEAD was the second call of the flow
			}
			if head.StatusCode != get.StatusCode || len(headBody) != 0 ||
				head.Header.Get("Content-Length") != get.Header.Get("Content-Length") ||
				(len(getBody) > 0 && head.Header.Get("Content-Length") != strconv.Itoa(len(getBody))) {
				t.Errorf("HEAD %d (Content-Length %q, %d body bytes), GET %d (%d bytes)",
					head.StatusCode, head.Header.Get("Content-Length"), len(headBody), get.StatusCode, len(getBody))
			}
		})
	}
}

// checkFault requests a fault scenario on a fresh connection and checks what
// the client sees.
func checkFault(t *testing.T, client *http.Client, url, name, fault string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header = auth("X-Mock-Scenario", name)
	resp, err := client.Do(req)
	switch fault {
	case "reset":
		if err == nil {
			resp.Body.Close()
			t.Fatalf("status %d, want a connection reset", resp.StatusCode)
		}
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("error %v, want a connection reset (ECONNRESET)", err)
		}
	case "eof":
		if err == nil {
			resp.Body.Close()
			t.Fatalf("status %d, want the connection closed without a byte", resp.StatusCode)
		}
		if !errors.Is(err, io.EOF) {
			t.Errorf("error %v, want EOF", err)
		}
	case "truncated":
		if err != nil {
			t.Fatalf("want a 200 with half a body, got %v", err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("reading the body: %v, want unexpected EOF", err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("X-Mock-Scenario") != name {
			t.Errorf("status %d, X-Mock-Scenario %q", resp.StatusCode, resp.Header.Get("X-Mock-Scenario"))
		}
		if resp.ContentLength <= 0 || len(body) != int(resp.ContentLength)/2 {
			t.Errorf("got %d bytes of a Content-Length of %d, want half", len(body), resp.ContentLength)
		}
		if json.Valid(body) {
			t.Error("the truncated body is valid JSON")
		}
	}
}

// checkStillWaiting asks for a scenario with a long delay and gives up after
// 50ms: the answer must not have come yet (this can only fail if the delay is
// missing), and the journal records that the client left (499).
func checkStillWaiting(t *testing.T, srv *httptest.Server, path, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
	req.Header = auth("X-Mock-Scenario", name)
	resp, err := srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("%s answered %d within 50ms", name, resp.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want the client's deadline", err)
	}
	token := path[strings.LastIndexByte(path, '/')+1:]
	entry := waitJournal(t, srv, token)
	if entry.Status != statusClientGone || entry.Scenario != name {
		t.Errorf("journal entry %+v, want status %d for %s", entry, statusClientGone, name)
	}
}

// waitJournal polls the journal until it holds an entry for token.
func waitJournal(t *testing.T, srv *httptest.Server, token string) journalJSON {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		var got struct{ Requests []journalJSON }
		getJSON(t, srv, "/__admin/requests?token="+token, nil, 200, &got)
		if len(got.Requests) > 0 {
			return got.Requests[len(got.Requests)-1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no journal entry for %s", token)
	return journalJSON{}
}

// TestScenarioDelay: a short delay from a file is waited for. Only a lower
// bound is asserted, which a slow machine cannot break.
func TestScenarioDelay(t *testing.T) {
	dir := scenarioDir(t, map[string]string{
		"wait.yaml": "name: wait\ndescription: Waits a little.\nresponse:\n  status: 200\n  delay: 50ms\n",
	})
	srv := start(t, Config{Seed: testSeed, ScenarioDir: dir, NoBuiltinScenarios: true})
	for _, kv := range [][]string{{"X-Mock-Scenario", "wait"}, {"X-Mock-Scenario", "default"}} {
		begin := time.Now()
		resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth(kv...))
		elapsed := time.Since(begin)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", kv[1], resp.StatusCode)
		}
		if kv[1] == "wait" && elapsed < 50*time.Millisecond {
			t.Errorf("answered after %v, want at least the 50ms delay", elapsed)
		}
	}
}

// TestSelection: each source beats the ones below it, one row per pair.
func TestSelection(t *testing.T) {
	other := "0b9f2c7e-1d3a-4e5f-8a6b-7c8d9e0f1a2b"
	tests := []struct {
		name    string
		global  string // active for every department
		ofDept  string // active for dept (PUT with the upper-case UUID)
		path    string // "" is the endpoint for dept and token "tok"
		header  http.Header
		want    string // X-Mock-Scenario
		source  string // X-Mock-Scenario-Source
		applied string // Preference-Applied
	}{
		{name: "nothing: default", want: "default", source: "default"},
		{name: "header beats Prefer", header: h("X-Mock-Scenario", "with-warnings", "Prefer", "example=no-content"), want: "with-warnings", source: "header"},
		{name: "header beats query", path: endpoint("", dept, "tok") + "?__scenario=no-content", header: h("X-Mock-Scenario", "with-warnings"), want: "with-warnings", source: "header"},
		{name: "header beats match", path: endpoint("", dept, "no-content-1"), header: h("X-Mock-Scenario", "with-warnings"), want: "with-warnings", source: "header"},
		{name: "Prefer example beats query", path: endpoint("", dept, "tok") + "?__scenario=no-content", header: h("Prefer", "example=with-warnings"), want: "with-warnings", source: "prefer", applied: "example=with-warnings"},
		{name: "Prefer code beats query", path: endpoint("", dept, "tok") + "?__scenario=with-warnings", header: h("Prefer", "code=204"), want: "no-content", source: "prefer", applied: "code=204"},
		{name: "Prefer example beats Prefer code", header: h("Prefer", "code=500, example=with-warnings"), want: "with-warnings", source: "prefer", applied: "example=with-warnings"},
		{name: "Prefer code=200 is default", header: h("Prefer", "code=200"), want: "default", source: "prefer", applied: "code=200"},
		{name: "Prefer code=401", header: h("Prefer", "code=401"), want: "unauthorized", source: "prefer", applied: "code=401"},
		{name: "query beats match", path: endpoint("", dept, "no-content-1") + "?__scenario=with-warnings", want: "with-warnings", source: "query"},
		{name: "__scenario beats __example", path: endpoint("", dept, "tok") + "?__example=no-content&__scenario=with-warnings", want: "with-warnings", source: "query"},
		{name: "__example beats __code", path: endpoint("", dept, "tok") + "?__code=204&__example=with-warnings", want: "with-warnings", source: "query"},
		{name: "__code", path: endpoint("", dept, "tok") + "?__code=500", want: "server-error", source: "query"},
		{name: "match beats active of the department", ofDept: "no-content", path: endpoint("", dept, "with-warnings-7"), want: "with-warnings", source: "match"},
		{name: "match beats active", global: "no-content", path: endpoint("", dept, "with-warnings-7"), want: "with-warnings", source: "match"},
		{name: "active of the department beats active", global: "no-content", ofDept: "with-warnings", want: "with-warnings", source: "active-department"},
		{name: "active beats default", global: "no-content", want: "no-content", source: "active"},
		{name: "active of another department", ofDept: "no-content", path: endpoint("", other, "tok"), want: "default", source: "default"},
		{name: "active, another department", global: "with-warnings", ofDept: "no-content", path: endpoint("", other, "tok"), want: "with-warnings", source: "active"},
		{name: "empty header counts as absent", header: h("X-Mock-Scenario", ""), want: "default", source: "default"},
		{name: "empty query counts as absent", path: endpoint("", dept, "tok") + "?__scenario=", want: "default", source: "default"},
		{name: "unrelated Prefer", header: h("Prefer", "return=minimal"), want: "default", source: "default"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := start(t, Config{Seed: testSeed})
			if tt.global != "" {
				putActive(t, srv, "/__admin/active", tt.global, 200)
			}
			if tt.ofDept != "" {
				putActive(t, srv, "/__admin/active/"+strings.ToUpper(dept), tt.ofDept, 200)
			}
			path := tt.path
			if path == "" {
				path = endpoint("", dept, "tok")
			}
			header := auth()
			for k, vs := range tt.header {
				header[k] = vs
			}
			resp, body := do(t, srv, "GET", path, header)
			if got, src := resp.Header.Get("X-Mock-Scenario"), resp.Header.Get("X-Mock-Scenario-Source"); got != tt.want || src != tt.source {
				t.Errorf("answered by %q from %q, want %q from %q (status %d: %.200s)", got, src, tt.want, tt.source, resp.StatusCode, body)
			}
			if got := resp.Header.Get("Preference-Applied"); got != tt.applied {
				t.Errorf("Preference-Applied %q, want %q", got, tt.applied)
			}
		})
	}
}

// TestUnknownScenario: a name that is not loaded, from any source, is a 400
// (40006) listing the loaded names, never a silent fallback.
func TestUnknownScenario(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	names := strings.Join(builtin(t).Names(), ", ")
	tests := []struct {
		name, path string
		header     http.Header
		from       string
	}{
		{"header", endpoint("", dept, "tok"), auth("X-Mock-Scenario", "nope"), "the X-Mock-Scenario header"},
		{"Prefer example", endpoint("", dept, "tok"), auth("Prefer", "example=nope"), "Prefer: example"},
		{"__scenario", endpoint("", dept, "tok") + "?__scenario=nope", auth(), "the __scenario query parameter"},
		{"__example", endpoint("", dept, "tok") + "?__example=nope", auth(), "the __example query parameter"},
		{"header beats a known query", endpoint("", dept, "tok") + "?__scenario=default", auth("X-Mock-Scenario", "nope"), "the X-Mock-Scenario header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := do(t, srv, "GET", tt.path, tt.header)
			checkUnknown(t, resp, body, tt.from, names)
		})
	}
	t.Run("PUT active", func(t *testing.T) {
		resp, body := adminDo(t, srv, "PUT", "/__admin/active", `{"scenario":"nope"}`, nil)
		checkUnknown(t, resp, body, "the body of PUT /__admin/active", names)
	})
	t.Run("unsupported codes stay 40005", func(t *testing.T) {
		for _, p := range []string{"?__code=418", "?__code=abc"} {
			resp, body := do(t, srv, "GET", endpoint("", dept, "tok")+p, auth())
			if code, _ := errorCodeOf(t, body); resp.StatusCode != 400 || code != schemas.CodeUnsupportedPreferCode {
				t.Errorf("%s: %d, code %d", p, resp.StatusCode, code)
			}
		}
	})
	t.Run("Prefer code without its built-in", func(t *testing.T) {
		dir := scenarioDir(t, nil)
		srv := start(t, Config{Seed: testSeed, ScenarioDir: dir, NoBuiltinScenarios: true})
		resp, body := do(t, srv, "GET", endpoint("", dept, "tok"), auth("Prefer", "code=204"))
		checkUnknown(t, resp, body, "Prefer: code=204", "default")
	})
	t.Run("active scenario removed by a reload", func(t *testing.T) {
		dir := scenarioDir(t, map[string]string{"gone.yaml": "name: gone\ndescription: Goes away.\nresponse:\n  status: 204\n"})
		srv := start(t, Config{Seed: testSeed, ScenarioDir: dir, NoBuiltinScenarios: true})
		putActive(t, srv, "/__admin/active", "gone", 200)
		putActive(t, srv, "/__admin/active/"+dept, "gone", 200)
		if resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth()); resp.StatusCode != 204 {
			t.Fatalf("active gone: %d", resp.StatusCode)
		}
		if err := os.Remove(filepath.Join(dir, "gone.yaml")); err != nil {
			t.Fatal(err)
		}
		if resp, body := adminDo(t, srv, "POST", "/__admin/reload", "", nil); resp.StatusCode != 200 {
			t.Fatalf("reload: %d %s", resp.StatusCode, body)
		}
		resp, body := do(t, srv, "GET", endpoint("", dept, "tok"), auth())
		checkUnknown(t, resp, body, "the active scenario of department "+dept, "default")
		other := "0b9f2c7e-1d3a-4e5f-8a6b-7c8d9e0f1a2b"
		resp, body = do(t, srv, "GET", endpoint("", other, "tok"), auth())
		checkUnknown(t, resp, body, "the active scenario", "default")
	})
}

func checkUnknown(t *testing.T, resp *http.Response, body []byte, from, names string) {
	t.Helper()
	if resp.StatusCode != 400 {
		t.Fatalf("status %d, want 400: %s", resp.StatusCode, body)
	}
	code, msg := errorCodeOf(t, body)
	want := `scenario "nope" (from ` + from + `) is not loaded; the loaded scenarios are: ` + names
	if from == "Prefer: code=204" {
		want = `scenario "no-content" (from Prefer: code=204) is not loaded; the loaded scenarios are: ` + names
	}
	if strings.HasPrefix(from, "the active scenario") {
		want = `scenario "gone" (from ` + from + `) is not loaded; the loaded scenarios are: ` + names
	}
	if code != schemas.CodeUnknownScenario || msg != want {
		t.Errorf("errorCode %d, message\n%q\nwant %d,\n%q", code, msg, schemas.CodeUnknownScenario, want)
	}
}

// TestApprovalFlow: the stateful flow moves on per (department, token), its
// last step repeats, and POST /__admin/reset starts it over.
func TestApprovalFlow(t *testing.T) {
	srv := start(t, Config{Seed: testSeed, CheckResponses: true})
	call := func(token string) string {
		t.Helper()
		resp, body := do(t, srv, "GET", endpoint("", dept, token), auth())
		if resp.StatusCode != 200 || resp.Header.Get("X-Mock-Scenario") != "approval-flow" {
			t.Fatalf("%d from %q: %s", resp.StatusCode, resp.Header.Get("X-Mock-Scenario"), body)
		}
		return strings.Join(parseProfile(t, body).itemStatuses(), ",")
	}
	want := []string{"REQUESTED", "PENDING_APPROVAL", "COMPLETED", "COMPLETED"}
	for i, w := range want {
		if got := call("approval-flow-1"); got != w {
			t.Errorf("call %d: items %s, want %s", i+1, got, w)
		}
		if i == 0 {
			if got := call("approval-flow-2"); got != "REQUESTED" {
				t.Errorf("another token's first call: %s, want REQUESTED", got)
			}
		}
	}
	var j struct{ Requests []journalJSON }
	getJSON(t, srv, "/__admin/requests?token=approval-flow-1", nil, 200, &j)
	var steps []int
	for _, e := range j.Requests {
		steps = append(steps, e.Step)
	}
	if fmt.Sprint(steps) != "[0 1 2 2]" {
		t.Errorf("journal steps %v, want [0 1 2 2]", steps)
	}
	if resp, body := adminDo(t, srv, "POST", "/__admin/reset", "", nil); resp.StatusCode != 200 ||
		!strings.Contains(string(body), `"sequences":2`) {
		t.Fatalf("reset: %d %s", resp.StatusCode, body)
	}
	if got := call("approval-flow-1"); got != "REQUESTED" {
		t.Errorf("after reset: %s, want REQUESTED", got)
	}
}

// TestFlaky: 200, 200, 500 and again; the 500 carries flaky's own code.
func TestFlaky(t *testing.T) {
	set := loadSchemas(t)
	srv := start(t, Config{Seed: testSeed})
	var got []int
	for range 7 {
		resp, body := do(t, srv, "GET", endpoint("", dept, "flaky-1"), auth())
		got = append(got, resp.StatusCode)
		checkContract(t, set, resp.StatusCode, body)
		if resp.StatusCode == 500 {
			if code, _ := errorCodeOf(t, body); code != codeFlakyScenario {
				t.Errorf("errorCode %d, want %d", code, codeFlakyScenario)
			}
		}
	}
	if fmt.Sprint(got) != "[200 200 500 200 200 500 200]" {
		t.Errorf("statuses %v", got)
	}
}

// TestConcurrentFlow: 32 goroutines call one cycling flow 200 times each in
// the long run, 24 otherwise; every call gets its own step, so the counts add
// up exactly. The 32 goroutines at once are what makes the steps race: 24
// calls each still interleave them over 768 calls, and the race detector
// reports an unguarded access the first time two goroutines make it. (The
// step counts below want the number of calls to leave 0 or 1 over whole
// 3-step cycles, as 6,400 and 768 do.)
func TestConcurrentFlow(t *testing.T) {
	const goroutines = 32
	calls := 24
	if longTests() {
		calls = 200
	}
	srv := start(t, Config{Seed: testSeed, JournalSize: goroutines * calls})
	srv.Client().Transport.(*http.Transport).MaxIdleConnsPerHost = goroutines
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range calls {
				resp, _ := do(t, srv, "GET", endpoint("", dept, "flaky-race"), auth())
				mu.Lock()
				statuses[resp.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	n := goroutines * calls
	if statuses[500] != n/3 || statuses[200] != n-n/3 {
		t.Errorf("statuses %v, want %d x 500 and %d x 200", statuses, n/3, n-n/3)
	}
	var count struct{ Count int }
	getJSON(t, srv, "/__admin/requests/count?token=flaky-race", nil, 200, &count)
	if count.Count != n {
		t.Errorf("journal count %d, want %d", count.Count, n)
	}
	var j struct{ Requests []journalJSON }
	getJSON(t, srv, "/__admin/requests?token=flaky-race", nil, 200, &j)
	steps := map[int]int{}
	for _, e := range j.Requests {
		steps[e.Step]++
	}
	if steps[0] != n-2*(n/3) || steps[1] != n/3 || steps[2] != n/3 {
		t.Errorf("journal steps %v", steps)
	}
}

// TestScenarioBodiesDiffer: the cache key holds the scenario and the step, so
// two scenarios (or two steps) never share a body.
func TestScenarioBodiesDiffer(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	bodies := map[string]string{}
	for _, name := range []string{"default", "with-warnings", "status-declined", "minimal-profile"} {
		for range 2 { // the second from the cache
			_, body := do(t, srv, "GET", endpoint("", dept, "same"), auth("X-Mock-Scenario", name))
			if prev, ok := bodies[name]; ok && prev != string(body) {
				t.Errorf("%s: the cached body differs", name)
			}
			bodies[name] = string(body)
		}
	}
	seen := map[string]string{}
	for name, b := range bodies {
		if other, dup := seen[b]; dup {
			t.Errorf("%s and %s answered the same body", name, other)
		}
		seen[b] = name
	}
	if !bytes.Equal([]byte(bodies["default"]), generated(testSeed, dept, "same")) {
		t.Error("default is not the generated profile")
	}
}

// longTests reports whether PROFILEMOCK_LONG_TESTS=1 asks for the full
// counts (CI's second test step).
func longTests() bool { return os.Getenv("PROFILEMOCK_LONG_TESTS") == "1" }
