package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/features"
)

// coverageFile is the shape of --coverage that the tests read.
type coverageFile struct {
	Statuses map[string]int `json:"statuses"`
	Bodies   int            `json:"bodies"`
	Fields   map[string]struct {
		Present, Absent, Empty, Null int
	} `json:"fields"`
	Enums  map[string]map[string]int `json:"enums"`
	Arrays map[string]struct {
		Empty    int `json:"empty"`
		NonEmpty int `json:"nonEmpty"`
	} `json:"arrays"`
	Percent struct {
		Fields     float64 `json:"fields"`
		EnumValues float64 `json:"enumValues"`
		Arrays     float64 `json:"arrays"`
	} `json:"percent"`
	Differences []struct{ Pointer, Says string } `json:"differences"`
}

func readCoverage(t *testing.T, name string) coverageFile {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var c coverageFile
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("the coverage file does not parse: %v\n%s", err, b)
	}
	return c
}

// TestCoverageSelfCheck: against the mock, with its scenarios, every class
// of the contract is covered.
func TestCoverageSelfCheck(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	out := filepath.Join(t.TempDir(), "coverage.json")
	code, stdout, stderr := contractRun(t, nil, "--format", "progress", "--coverage", out, "--min-coverage", "100")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	c := readCoverage(t, out)
	if c.Percent.Fields != 100 || c.Percent.EnumValues != 100 || c.Percent.Arrays != 100 {
		t.Errorf("the self-check covers %+v, want 100%% of every class", c.Percent)
	}
	if !strings.Contains(stdout, "coverage of the contract over") || !strings.Contains(stdout, "fields 100%, enum values 100%, arrays 100%") {
		t.Errorf("the summary lacks the coverage:\n%s", stdout)
	}
}

// TestCoverageMatchesTheBodies: the coverage of a run against the faithful
// service is what this test counts by itself from the very bodies the
// service sent: by walking each body's own values, not the schema.
func TestCoverageMatchesTheBodies(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	var mu sync.Mutex
	var bodies [][]byte
	statuses := map[string]int{}
	probe := true
	record := drift{answer: func(a *answerDraft) bool {
		mu.Lock()
		defer mu.Unlock()
		if probe { // the first request only finds out whether the target answers
			probe = false
			return false
		}
		statuses[itoa(a.status)]++
		if a.status == 200 {
			bodies = append(bodies, append([]byte(nil), a.body...))
		}
		return false
	}}
	srv, _ := driftService(t, &record)
	fixtures := contractFile(t, "fixtures.yaml", strings.Replace(driftDeclared, "  200: {departmentUuid: "+features.BuiltinDepartment+", token: ok-1}",
		"  200:\n    - {departmentUuid: "+features.BuiltinDepartment+", token: ok-1}\n    - {departmentUuid: "+features.BuiltinDepartment+", token: large-profile-2}\n    - {departmentUuid: "+features.BuiltinDepartment+", token: minimal-profile-3}", 1))
	out := filepath.Join(t.TempDir(), "coverage.json")
	code, stdout, stderr := contractRun(t, nil, "--target", srv.URL+driftBase, "--fixtures", fixtures, "--coverage", out, "--format", "progress")
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	c := readCoverage(t, out)
	if !reflect.DeepEqual(c.Statuses, statuses) {
		t.Errorf("statuses %v, the service sent %v", c.Statuses, statuses)
	}
	if c.Bodies != len(bodies) || len(bodies) < 3 {
		t.Fatalf("%d bodies counted, the service sent %d", c.Bodies, len(bodies))
	}
	// Count by walking the bodies: every object key at its wildcard pointer.
	type count struct{ present, absent, empty, null int }
	want := map[string]*count{}
	enums := map[string]map[string]int{}
	for field := range c.Fields {
		want[field] = &count{}
	}
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		switch x := v.(type) {
		case map[string]any:
			for field, cnt := range want { // the documented keys of this object
				parent, key := field[:strings.LastIndexByte(field, '/')], field[strings.LastIndexByte(field, '/')+1:]
				if parent != ptr {
					continue
				}
				e, has := x[key]
				switch {
				case !has:
					cnt.absent++
				case e == nil:
					cnt.null++
				default:
					cnt.present++
					if e == "" || reflect.DeepEqual(e, []any{}) || reflect.DeepEqual(e, map[string]any{}) {
						cnt.empty++
					}
				}
			}
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "status" || k == "reviewStatus") {
					p := ptr + "/" + k
					if enums[p] == nil {
						enums[p] = map[string]int{}
					}
					enums[p][s]++
				}
				walk(e, ptr+"/"+k)
			}
		case []any:
			for _, e := range x {
				walk(e, ptr+"/*")
			}
		}
	}
	for _, b := range bodies {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		walk(v, "")
	}
	var wrong []string
	for field, w := range want {
		g := c.Fields[field]
		if g.Present != w.present || g.Absent != w.absent || g.Empty != w.empty || g.Null != w.null {
			wrong = append(wrong, field)
		}
	}
	sort.Strings(wrong)
	if len(wrong) > 0 {
		t.Errorf("%d fields counted otherwise than the bodies say, e.g. %s: report %+v, bodies %+v",
			len(wrong), wrong[0], c.Fields[wrong[0]], *want[wrong[0]])
	}
	for p, values := range enums {
		for v, n := range values {
			if c.Enums[p][v] != n {
				t.Errorf("enum %s value %s: report %d, bodies %d", p, v, c.Enums[p][v], n)
			}
		}
	}
}

// TestCoverageGaps: a service whose customers never show a value has the
// gap named in words, a --min-coverage it misses fails the run, and
// --compare-mock names what its fakes would not have prepared a frontend for.
func TestCoverageGaps(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	scheduled := drift{answer: onProfile(func(v map[string]any) bool {
		items, _ := dto(v)["items"].([]any)
		for _, it := range items {
			m := it.(map[string]any)
			m["status"], m["reviews"] = "SCHEDULED", []any{}
		}
		customerInfo(v)["fname"] = ""
		return true
	})}
	srv, _ := driftService(t, &scheduled)
	fixtures := contractFile(t, "fixtures.yaml", driftDeclared)
	out := filepath.Join(t.TempDir(), "coverage.json")
	code, stdout, stderr := contractRun(t, nil, "--target", srv.URL+driftBase, "--fixtures", fixtures, "--format", "progress",
		"--coverage", out, "--min-coverage", "enumValues=100", "--compare-mock")
	if code != exitFail {
		t.Fatalf("exit %d, want 1: the enum values are not all covered\n%s\n%s", code, stdout, stderr)
	}
	if _, failed, _ := summary(t, stdout); failed != 0 {
		t.Errorf("%d scenarios failed; the answers keep the contract, only the coverage is short", failed)
	}
	for _, want := range []string{
		"no items[].status was ever COMPLETED or DECLINED or PENDING_APPROVAL or REQUESTED",
		"items[].reviews was always empty",
		"differs: customerInfo.fname: the service always leaves it empty; the mock always fills it",
		"differs: items[].status: only the mock sends COMPLETED",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "below --min-coverage: enumValues") {
		t.Errorf("stderr does not say why the run failed: %q", stderr)
	}
	c := readCoverage(t, out)
	if n := c.Enums["/customerProfileDataRequestDTO/items/*/status"]["DECLINED"]; n != 0 {
		t.Errorf("DECLINED counted %d times", n)
	}
	if f := c.Fields["/customerProfileDataRequestDTO/customerInfo/fname"]; f.Present == 0 || f.Present != f.Empty {
		t.Errorf("fname: %+v, want always present and empty", f)
	}
	if len(c.Differences) == 0 {
		t.Error("the coverage file holds no differences with --compare-mock")
	}
	for _, bad := range []string{"101", "fields=x", "colour=5", "-1"} {
		if code, _, stderr := contractRun(t, nil, "--min-coverage", bad); code != exitUsage || !strings.Contains(stderr, "--min-coverage") {
			t.Errorf("--min-coverage %s: exit %d, %q", bad, code, stderr)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
