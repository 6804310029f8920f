package mock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/profilemock/profilemock/schemas"
)

// adminDo sends an admin request with an optional JSON body.
func adminDo(t testing.TB, srv *httptest.Server, method, path, body string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if body != "" || method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json") // the admin API refuses a POST without it
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

// getJSON GETs an admin path, checks the status and decodes the body into v.
func getJSON(t testing.TB, srv *httptest.Server, path string, header http.Header, status int, v any) {
	t.Helper()
	resp, body := adminDo(t, srv, "GET", path, "", header)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d: %s", path, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, body)
		}
	}
}

// putActive sets an active scenario and checks the status.
func putActive(t testing.TB, srv *httptest.Server, path, name string, status int) {
	t.Helper()
	resp, body := adminDo(t, srv, "PUT", path, `{"scenario":"`+name+`"}`, nil)
	if resp.StatusCode != status {
		t.Fatalf("PUT %s %s: %d, want %d: %s", path, name, resp.StatusCode, status, body)
	}
}

type activeReply struct {
	Global      *string           `json:"global"`
	Departments map[string]string `json:"departments"`
}

type statusReply struct {
	Scenarios       int     `json:"scenarios"`
	LoadedAt        string  `json:"loadedAt"`
	LastReloadError *string `json:"lastReloadError"`
	ScenarioDir     *string `json:"scenarioDir"`
	Watching        bool    `json:"watching"`
	Journal         struct {
		Size, Capacity int
	} `json:"journal"`
	Sequences struct {
		Size, Capacity int
	} `json:"sequences"`
}

func TestAdminScenarios(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	var got struct{ Scenarios []scenarioJSON }
	getJSON(t, srv, "/__admin/scenarios", nil, 200, &got)
	var names []string
	byName := map[string]scenarioJSON{}
	for _, s := range got.Scenarios {
		names = append(names, s.Name)
		byName[s.Name] = s
	}
	if want := builtin(t).Names(); !slices.Equal(names, want) {
		t.Fatalf("names %v, want %v", names, want)
	}
	flaky := byName["flaky"]
	if fmt.Sprint(flaky.Statuses) != "[200 200 500]" || !flaky.Cycle || flaky.Match == nil || flaky.Match.Token != "flaky-*" ||
		!strings.HasPrefix(flaky.Source, "builtin/flaky.yaml:") || flaky.Description == "" {
		t.Errorf("flaky: %+v", flaky)
	}
	if d := byName["default"]; d.Match != nil || fmt.Sprint(d.Statuses) != "[200]" {
		t.Errorf("default: %+v", d)
	}
	if !byName["connection-reset"].OffContract || byName["slow"].OffContract {
		t.Error("offContract is wrong")
	}
	// The raw JSON has the documented keys, match null for default.
	_, body := adminDo(t, srv, "GET", "/__admin/scenarios", "", nil)
	for _, want := range []string{`"name":"default"`, `"match":null`, `"statuses":[200,200,500]`, `"offContract":true`, `"source":"builtin/flaky.yaml:`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("the list lacks %s", want)
		}
	}
}

func TestAdminActive(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	get := func() activeReply {
		var a activeReply
		getJSON(t, srv, "/__admin/active", nil, 200, &a)
		return a
	}
	if a := get(); a.Global != nil || len(a.Departments) != 0 {
		t.Fatalf("initially %+v", a)
	}
	if _, body := adminDo(t, srv, "GET", "/__admin/active", "", nil); string(body) != "{\"global\":null,\"departments\":{}}\n" {
		t.Errorf("empty state %s", body)
	}
	putActive(t, srv, "/__admin/active", "no-content", 200)
	putActive(t, srv, "/__admin/active/"+strings.ToUpper(dept), "with-warnings", 200)
	a := get()
	if a.Global == nil || *a.Global != "no-content" || a.Departments[dept] != "with-warnings" || len(a.Departments) != 1 {
		t.Fatalf("after PUTs: %+v", a)
	}
	if resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth()); resp.Header.Get("X-Mock-Scenario") != "with-warnings" {
		t.Errorf("department's active: %q", resp.Header.Get("X-Mock-Scenario"))
	}
	if resp, _ := adminDo(t, srv, "DELETE", "/__admin/active/"+dept, "", nil); resp.StatusCode != 200 {
		t.Errorf("DELETE department: %d", resp.StatusCode)
	}
	if resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth()); resp.StatusCode != 204 || resp.Header.Get("X-Mock-Scenario-Source") != "active" {
		t.Errorf("after clearing the department: %d from %q", resp.StatusCode, resp.Header.Get("X-Mock-Scenario-Source"))
	}
	if resp, _ := adminDo(t, srv, "DELETE", "/__admin/active", "", nil); resp.StatusCode != 200 {
		t.Errorf("DELETE global: %d", resp.StatusCode)
	}
	if a := get(); a.Global != nil || len(a.Departments) != 0 {
		t.Errorf("after DELETEs: %+v", a)
	}

	bad := []struct {
		name, method, path, body string
		status                   int
		code                     int32
		message                  string
	}{
		{"bad department", "PUT", "/__admin/active/not-a-uuid", `{"scenario":"default"}`, 400, schemas.CodeDepartmentNotUUID, `"not-a-uuid" is not a UUID`},
		{"bad department on DELETE", "DELETE", "/__admin/active/123", "", 400, schemas.CodeDepartmentNotUUID, "not a UUID"},
		{"unknown name", "PUT", "/__admin/active/" + dept, `{"scenario":"nope"}`, 400, schemas.CodeUnknownScenario, "the loaded scenarios are: all-declined, approval-flow,"},
		{"empty body", "PUT", "/__admin/active", "", 400, schemas.CodeBadAdminRequest, "it is empty"},
		{"not JSON", "PUT", "/__admin/active", `scenario=default`, 400, schemas.CodeBadAdminRequest, `the body must be {"scenario": "NAME"}`},
		{"unknown key", "PUT", "/__admin/active", `{"scenario":"default","x":1}`, 400, schemas.CodeBadAdminRequest, `unknown field "x"`},
		{"no name", "PUT", "/__admin/active", `{}`, 400, schemas.CodeBadAdminRequest, "missing or empty"},
		{"two values", "PUT", "/__admin/active", `{"scenario":"default"} {}`, 400, schemas.CodeBadAdminRequest, "more than one"},
		{"a stray bracket after the value", "PUT", "/__admin/active", `{"scenario":"default"}]`, 400, schemas.CodeBadAdminRequest, "more than one"},
		{"too large", "PUT", "/__admin/active", `{"scenario":"` + strings.Repeat("x", maxAdminBody) + `"}`, 400, schemas.CodeBadAdminRequest, "too large"},
		{"POST is 405", "POST", "/__admin/active", `{}`, 405, schemas.CodeMethodNotAllowed, "allowed:"},
	}
	set := loadSchemas(t)
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := adminDo(t, srv, tt.method, tt.path, tt.body, nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			checkContract(t, set, 400, body)
			code, msg := errorCodeOf(t, body)
			if code != tt.code || !strings.Contains(msg, tt.message) {
				t.Errorf("errorCode %d %q, want %d containing %q", code, msg, tt.code, tt.message)
			}
		})
	}
	if a := get(); a.Global != nil || len(a.Departments) != 0 {
		t.Errorf("refused PUTs changed the state: %+v", a)
	}
	if resp, _ := adminDo(t, srv, "POST", "/__admin/active", "", nil); !strings.Contains(resp.Header.Get("Allow"), "PUT") {
		t.Errorf("405 Allow = %q, want the admin route's methods", resp.Header.Get("Allow"))
	}
}

func TestJournal(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	other := "0b9f2c7e-1d3a-4e5f-8a6b-7c8d9e0f1a2b"
	secret := "Bearer never-store-this"
	do(t, srv, "GET", endpoint("", dept, "a")+"?x=1&y=two", h("Authorization", secret, "Cookie", "session=cookie-secret"))
	do(t, srv, "GET", endpoint("", other, "a"), auth())
	do(t, srv, "HEAD", endpoint("", dept, "b"), auth("X-Mock-Scenario", "no-content"))
	do(t, srv, "GET", endpoint("", dept, "a"), nil)                        // 401, still a call
	do(t, srv, "GET", endpoint("", "not-a-uuid", "a%2Fb"), auth())         // 400
	do(t, srv, "GET", "/healthz", nil)                                     // not the endpoint
	do(t, srv, "GET", "/nope", nil)                                        // not the endpoint
	do(t, srv, "GET", endpoint("", dept, "a"), auth("Prefer", "code=418")) // 400 before a scenario

	var all struct{ Requests []journalJSON }
	getJSON(t, srv, "/__admin/requests", nil, 200, &all)
	if len(all.Requests) != 6 {
		t.Fatalf("%d entries, want the 6 endpoint requests: %+v", len(all.Requests), all.Requests)
	}
	first := all.Requests[0]
	if first.Method != "GET" || first.Path != endpoint("", dept, "a") || first.Query != "x=1&y=two" || first.DepartmentUUID != dept ||
		first.Token != "a" || first.Scenario != "default" || first.Source != "default" || first.Status != 200 || first.RequestID == "" ||
		first.DurationMs < 0 || first.Time == "" {
		t.Errorf("first entry %+v", first)
	}
	if ts, err := time.Parse(time.RFC3339Nano, first.Time); err != nil || time.Since(ts) > time.Minute {
		t.Errorf("time %q: %v", first.Time, err)
	}
	if e := all.Requests[2]; e.Method != "HEAD" || e.Scenario != "no-content" || e.Source != "header" || e.Status != 204 {
		t.Errorf("third entry %+v", e)
	}
	if e := all.Requests[3]; e.Status != 401 || e.Token != "a" {
		t.Errorf("fourth entry %+v", e)
	}
	if e := all.Requests[4]; e.Status != 400 || e.DepartmentUUID != "not-a-uuid" || e.Token != "a/b" {
		t.Errorf("fifth entry %+v", e)
	}
	_, raw := adminDo(t, srv, "GET", "/__admin/requests", "", nil)
	for _, leak := range []string{"never-store-this", "cookie-secret", "Authorization", "Cookie"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the journal holds %q", leak)
		}
	}

	filters := []struct {
		query string
		count int
	}{
		{"", 6},
		{"token=a", 4},
		{"token=b", 1},
		{"token=a&departmentUuid=" + strings.ToUpper(dept), 3},
		{"departmentUuid=" + other, 1},
		{"scenario=no-content", 1},
		{"token=a&scenario=default", 4},
		{"token=zzz", 0},
	}
	for _, f := range filters {
		var c struct{ Count int }
		getJSON(t, srv, "/__admin/requests/count?"+f.query, nil, 200, &c)
		var l struct{ Requests []journalJSON }
		getJSON(t, srv, "/__admin/requests?"+f.query, nil, 200, &l)
		if c.Count != f.count || len(l.Requests) != f.count {
			t.Errorf("%q: count %d, list %d, want %d", f.query, c.Count, len(l.Requests), f.count)
		}
	}
	var limited struct{ Requests []journalJSON }
	getJSON(t, srv, "/__admin/requests?token=a&limit=2", nil, 200, &limited)
	if len(limited.Requests) != 2 || limited.Requests[0].Status != 401 || limited.Requests[1].Status != 400 {
		t.Errorf("limit 2: %+v, want the last two, oldest first", limited.Requests)
	}
	for _, q := range []string{"?limit=-1", "?limit=x", "?tokn=a", "/count?limit=1"} {
		resp, body := adminDo(t, srv, "GET", "/__admin/requests"+q, "", nil)
		if code, _ := errorCodeOf(t, body); resp.StatusCode != 400 || code != schemas.CodeBadAdminRequest {
			t.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
	}

	// Reset empties the journal, and admin requests are not journaled.
	resp, body := adminDo(t, srv, "POST", "/__admin/reset", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"requests":6`) {
		t.Errorf("reset: %d %s", resp.StatusCode, body)
	}
	var c struct{ Count int }
	getJSON(t, srv, "/__admin/requests/count", nil, 200, &c)
	if c.Count != 0 {
		t.Errorf("after reset: %d entries", c.Count)
	}
}

func TestJournalBound(t *testing.T) {
	srv := start(t, Config{Seed: testSeed, JournalSize: 5})
	for i := range 8 {
		do(t, srv, "GET", endpoint("", dept, fmt.Sprintf("t%d", i)), auth())
	}
	var j struct{ Requests []journalJSON }
	getJSON(t, srv, "/__admin/requests", nil, 200, &j)
	var tokens []string
	for _, e := range j.Requests {
		tokens = append(tokens, e.Token)
	}
	if fmt.Sprint(tokens) != "[t3 t4 t5 t6 t7]" {
		t.Errorf("tokens %v, want the last five, oldest first", tokens)
	}
	var st statusReply
	getJSON(t, srv, "/__admin/status", nil, 200, &st)
	if st.Journal.Size != 5 || st.Journal.Capacity != 5 {
		t.Errorf("status journal %+v", st.Journal)
	}

	off := start(t, Config{Seed: testSeed, NoJournal: true})
	do(t, off, "GET", endpoint("", dept, "t"), auth())
	for _, p := range []string{"/__admin/requests", "/__admin/requests/count"} {
		resp, body := adminDo(t, off, "GET", p, "", nil)
		if code, _ := errorCodeOf(t, body); resp.StatusCode != 409 || code != schemas.CodeJournalOff {
			t.Errorf("%s with the journal off: %d %s", p, resp.StatusCode, body)
		}
	}
	getJSON(t, off, "/__admin/status", nil, 200, &st)
	if st.Journal.Size != 0 || st.Journal.Capacity != 0 {
		t.Errorf("status journal %+v, want 0 of 0", st.Journal)
	}
	def := start(t, Config{Seed: testSeed})
	getJSON(t, def, "/__admin/status", nil, 200, &st)
	if st.Journal.Capacity != 1000 {
		t.Errorf("default capacity %d", st.Journal.Capacity)
	}
}

func TestAdminStatusAndReset(t *testing.T) {
	srv := start(t, Config{Seed: testSeed})
	do(t, srv, "GET", endpoint("", dept, "flaky-1"), auth())
	do(t, srv, "GET", endpoint("", dept, "flaky-2"), auth())
	do(t, srv, "GET", endpoint("", dept, "tok"), auth()) // default has no position to keep
	var st statusReply
	getJSON(t, srv, "/__admin/status", nil, 200, &st)
	if st.Scenarios != len(builtin(t).Names()) || st.LastReloadError != nil || st.ScenarioDir != nil || st.Watching ||
		st.Journal.Size != 3 || st.Sequences.Size != 2 || st.Sequences.Capacity != maxSequences {
		t.Errorf("status %+v", st)
	}
	if _, err := time.Parse(time.RFC3339Nano, st.LoadedAt); err != nil {
		t.Errorf("loadedAt: %v", err)
	}
	putActive(t, srv, "/__admin/active", "no-content", 200)
	adminDo(t, srv, "POST", "/__admin/reset", "", nil)
	getJSON(t, srv, "/__admin/status", nil, 200, &st)
	if st.Journal.Size != 0 || st.Sequences.Size != 0 {
		t.Errorf("after reset %+v", st)
	}
	var a activeReply
	getJSON(t, srv, "/__admin/active", nil, 200, &a)
	if a.Global == nil {
		t.Error("reset cleared the active scenario; it keeps it")
	}
}

func TestReload(t *testing.T) {
	dir := scenarioDir(t, map[string]string{"one.yaml": "name: one\ndescription: The first.\nresponse:\n  status: 204\n"})
	srv := start(t, Config{Seed: testSeed, ScenarioDir: dir, NoBuiltinScenarios: true})
	status := func(name string) int {
		resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth("X-Mock-Scenario", name))
		return resp.StatusCode
	}
	if status("one") != 204 || status("two") != 400 {
		t.Fatal("before the reload")
	}
	var before statusReply
	getJSON(t, srv, "/__admin/status", nil, 200, &before)

	writeScenario(t, dir, "two.yaml", "name: two\ndescription: The second.\nresponse:\n  status: 500\n")
	resp, body := adminDo(t, srv, "POST", "/__admin/reload", "", nil)
	var after statusReply
	if err := json.Unmarshal(body, &after); resp.StatusCode != 200 || err != nil || after.Scenarios != 3 || after.LastReloadError != nil {
		t.Fatalf("reload: %d %s", resp.StatusCode, body)
	}
	if after.LoadedAt <= before.LoadedAt {
		t.Errorf("loadedAt %s, then %s", before.LoadedAt, after.LoadedAt)
	}
	if status("two") != 500 {
		t.Error("the new scenario does not answer")
	}

	// A changed file answers with its new body at once: the cache key holds
	// the catalog's generation.
	writeScenario(t, dir, "one.yaml", "name: one\ndescription: The first, now a 200.\nresponse:\n  status: 200\n  warnings: [{warningCode: 7}]\n")
	adminDo(t, srv, "POST", "/__admin/reload", "", nil)
	_, b := do(t, srv, "GET", endpoint("", dept, "tok"), auth("X-Mock-Scenario", "one"))
	if p := parseProfile(t, b); len(p.Warnings) != 1 {
		t.Errorf("after changing one.yaml: %d warnings", len(p.Warnings))
	}

	// A bad file: 422 with every problem as file:line, the last good set serves.
	writeScenario(t, dir, "bad.yaml", "name: bad\ndescription: Broken.\nresponse:\n  stauts: 200\n")
	writeScenario(t, dir, "worse.yaml", "name: worse\ndescription: Broken too.\nresponse:\n  status: 299\n")
	resp, body = adminDo(t, srv, "POST", "/__admin/reload", "", nil)
	if resp.StatusCode != 422 {
		t.Fatalf("reload with bad files: %d %s", resp.StatusCode, body)
	}
	var er errorReply
	if err := json.Unmarshal(body, &er); err != nil || len(er.Errors) != 2 || er.Warnings == nil {
		t.Fatalf("422 body %s", body)
	}
	for i, file := range []string{"bad.yaml:4: ", "worse.yaml:4: "} {
		e := er.Errors[i]
		if e.ErrorCode != schemas.CodeReloadFailed || e.ErrorTitle != "Unprocessable Entity" || !strings.HasPrefix(e.ErrorMessage, filepath.Join(dir, file)) {
			t.Errorf("entry %d: %+v, want %s...", i, e, filepath.Join(dir, file))
		}
	}
	if status("two") != 500 || status("bad") != 400 {
		t.Error("the last good set is not serving")
	}
	var st statusReply
	getJSON(t, srv, "/__admin/status", nil, 200, &st)
	if st.LastReloadError == nil || !strings.Contains(*st.LastReloadError, "bad.yaml:4:") || st.Scenarios != 3 {
		t.Errorf("status after a failed reload: %+v", st)
	}

	// A folder without default is refused too.
	for _, f := range []string{"bad.yaml", "worse.yaml", "default.yaml"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	resp, body = adminDo(t, srv, "POST", "/__admin/reload", "", nil)
	if resp.StatusCode != 422 || !strings.Contains(string(body), `none named \"default\"`) {
		t.Errorf("reload without default: %d %s", resp.StatusCode, body)
	}
	writeScenario(t, dir, "default.yaml", minimalDefault)
	if resp, body := adminDo(t, srv, "POST", "/__admin/reload", "", nil); resp.StatusCode != 200 {
		t.Fatalf("fixed: %d %s", resp.StatusCode, body)
	}
	getJSON(t, srv, "/__admin/status", nil, 200, &st)
	if st.LastReloadError != nil {
		t.Errorf("a good reload leaves lastReloadError %q", *st.LastReloadError)
	}
}

// TestWatch: with a poll interval, a new file serves without a reload
// request, and a bad one leaves the last good set serving.
func TestWatch(t *testing.T) {
	dir := scenarioDir(t, nil)
	srv := start(t, Config{Seed: testSeed, ScenarioDir: dir, NoBuiltinScenarios: true, WatchInterval: 20 * time.Millisecond})
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("gave up waiting for %s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	answer := func(name string) int {
		resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth("X-Mock-Scenario", name))
		return resp.StatusCode
	}
	writeScenario(t, dir, "fresh.yaml", "name: fresh\ndescription: Dropped in while serving.\nresponse:\n  status: 204\n")
	waitFor("fresh to load", func() bool { return answer("fresh") == 204 })

	writeScenario(t, dir, "broken.yaml", "name: broken\n  description: [\n")
	var st statusReply
	waitFor("the reload error", func() bool {
		getJSON(t, srv, "/__admin/status", nil, 200, &st)
		return st.LastReloadError != nil
	})
	if !strings.Contains(*st.LastReloadError, "broken.yaml:") || !st.Watching || st.ScenarioDir == nil || *st.ScenarioDir != dir {
		t.Errorf("status %+v", st)
	}
	if answer("fresh") != 204 {
		t.Error("the last good set stopped serving")
	}
	if err := os.Remove(filepath.Join(dir, "broken.yaml")); err != nil {
		t.Fatal(err)
	}
	waitFor("the error to clear", func() bool {
		getJSON(t, srv, "/__admin/status", nil, 200, &st)
		return st.LastReloadError == nil
	})
}

// watchers counts the goroutines running the watcher.
func watchers() int {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	return strings.Count(string(buf[:n]), "(*library).watch(")
}

// waitWatchers waits until n watcher goroutines run.
func waitWatchers(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for watchers() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d watcher goroutines run, want %d", watchers(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWatcherStops: the watcher ends when the Handler is closed, and none
// runs with NoWatch; none is left behind.
func TestWatcherStops(t *testing.T) {
	dir := scenarioDir(t, nil)
	// An earlier test's watcher ends with that test's cleanup, a moment after
	// the test: wait for it, so that the counts below are this test's alone.
	// (A watcher that never ends would fail here, as the leak it is.)
	waitWatchers(t, 0)
	cfg := Config{Seed: testSeed, ScenarioDir: dir, NoBuiltinScenarios: true, WatchInterval: 10 * time.Millisecond}

	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	waitWatchers(t, 1)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-h.s.watchDone:
	default:
		t.Fatal("Close returned before the watcher stopped")
	}
	waitWatchers(t, 0)
	if err := h.Close(); err != nil { // a second Close is harmless
		t.Fatal(err)
	}

	cfg.WatchInterval = 0 // the default, a second
	h, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	waitWatchers(t, 1)
	_ = h.Close()
	waitWatchers(t, 0)

	cfg.NoWatch = true
	h, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond) // a watcher, if any, has started
	if watchers() != 0 {
		t.Error("a watcher runs with NoWatch")
	}
	_ = h.Close()
}

func TestAdminToken(t *testing.T) {
	srv := start(t, Config{Seed: testSeed, AdminToken: "s3cret-admin"})
	set := loadSchemas(t)
	tests := []struct {
		name   string
		header http.Header
		status int
	}{
		{"no token", nil, 401},
		{"wrong bearer", h("Authorization", "Bearer wrong"), 401},
		{"wrong header", h("X-Admin-Token", "s3cret-admin2"), 401},
		{"a prefix", h("X-Admin-Token", "s3cret"), 401},
		{"the endpoint's Basic credentials", h("Authorization", "Basic "+b64("a:s3cret-admin")), 401},
		{"Bearer", h("Authorization", "Bearer s3cret-admin"), 200},
		{"bearer, any case", h("Authorization", "bearer s3cret-admin"), 200},
		{"X-Admin-Token", h("X-Admin-Token", "s3cret-admin"), 200},
		{"X-Admin-Token with a wrong Authorization", h("X-Admin-Token", "s3cret-admin", "Authorization", "Bearer x"), 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range []string{"/__admin/status", "/__admin/requests", "/__admin/reset"} {
				method := "GET"
				if p == "/__admin/reset" {
					method = "POST"
				}
				resp, body := adminDo(t, srv, method, p, "", tt.header)
				if resp.StatusCode != tt.status {
					t.Fatalf("%s %s: %d, want %d", method, p, resp.StatusCode, tt.status)
				}
				if tt.status == 401 {
					checkContract(t, set, 401, body)
					if code, _ := errorCodeOf(t, body); code != schemas.CodeAdminUnauthorized {
						t.Errorf("errorCode %d", code)
					}
					if resp.Header.Get("WWW-Authenticate") != `Bearer realm="profilemock admin"` {
						t.Errorf("WWW-Authenticate %q", resp.Header.Get("WWW-Authenticate"))
					}
					if strings.Contains(string(body), "s3cret") {
						t.Error("the 401 echoes the token")
					}
				}
			}
		})
	}
	// The endpoint does not want the admin token, nor the admin API the endpoint's credentials.
	if resp, _ := do(t, srv, "GET", endpoint("", dept, "tok"), auth()); resp.StatusCode != 200 {
		t.Errorf("endpoint: %d", resp.StatusCode)
	}
	open := start(t, Config{Seed: testSeed})
	if resp, _ := adminDo(t, open, "GET", "/__admin/status", "", nil); resp.StatusCode != 200 {
		t.Errorf("without --admin-token: %d", resp.StatusCode)
	}
}

func TestNoAdmin(t *testing.T) {
	srv := start(t, Config{Seed: testSeed, NoAdmin: true})
	for _, p := range []string{"/__admin/status", "/__admin/scenarios", "/__admin/active", "/__admin"} {
		resp, body := adminDo(t, srv, "GET", p, "", nil)
		if code, _ := errorCodeOf(t, body); resp.StatusCode != 404 || code != schemas.CodeUnknownPath {
			t.Errorf("%s: %d %s", p, resp.StatusCode, body)
		}
	}
	if resp, _ := adminDo(t, srv, "PUT", "/__admin/active", `{"scenario":"no-content"}`, nil); resp.StatusCode != 404 {
		t.Errorf("PUT: %d", resp.StatusCode)
	}
}

func TestAdminHTTP(t *testing.T) {
	srv := start(t, Config{Seed: testSeed, BasePath: "/api"})
	// Under the base path too, for a mock behind a proxy.
	getJSON(t, srv, "/api/__admin/status", nil, 200, nil)
	getJSON(t, srv, "/__admin/status", nil, 200, nil)
	// A page on another origin may switch scenarios.
	resp, _ := adminDo(t, srv, "OPTIONS", "/__admin/active", "", h("Origin", "http://localhost:3000", "Access-Control-Request-Method", "PUT"))
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Methods") != adminMethods ||
		resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = adminDo(t, srv, "GET", "/__admin/status", "", h("Origin", "http://localhost:3000"))
	if resp.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET: %v", resp.Header)
	}
	resp, _ = adminDo(t, srv, "DELETE", "/__admin/status", "", nil)
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET" {
		t.Errorf("DELETE status: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
