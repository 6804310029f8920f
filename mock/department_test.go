package mock

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestDepartmentCase: RFC 9562 makes a UUID's hex digits case-insensitive on
// input, so the same UUID in upper and in lower case is one department
// through the whole handler: the same customer and bytes (one cache entry),
// the department echoed in lower case, one flow position, one active
// scenario, one journal filter, one match rule.
func TestDepartmentCase(t *testing.T) {
	const lower = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"
	upper := strings.ToUpper(lower)
	mixed := "3F0c2D4e-8A61-4d0B-9C55-0e6B1f7A2c10"
	dir := scenarioDir(t, map[string]string{
		"dept.yaml": "name: dept-only\ndescription: Answers one department's requests, matched in any case.\n" +
			"match: {departmentUuid: " + mixed + ", token: \"by-dept-*\"}\nresponse: {status: 204}\n",
	})
	srv := start(t, Config{Seed: testSeed, ScenarioDir: dir, NoWatch: true})

	get := func(dept, token string, kv ...string) (int, []byte, string) {
		t.Helper()
		resp, body := do(t, srv, "GET", endpoint("", dept, token), auth(kv...))
		return resp.StatusCode, body, resp.Header.Get("X-Mock-Scenario-Source")
	}

	// The same customer, the same bytes, echoed in lower case.
	st1, b1, _ := get(lower, "ok-1")
	st2, b2, _ := get(upper, "ok-1")
	st3, b3, _ := get(mixed, "ok-1")
	if st1 != 200 || st2 != 200 || st3 != 200 {
		t.Fatalf("statuses %d %d %d", st1, st2, st3)
	}
	if !bytes.Equal(b1, b2) || !bytes.Equal(b1, b3) {
		t.Error("the same UUID in upper, lower and mixed case gives different bodies")
	}
	var body struct {
		DTO struct {
			DepartmentUUID string `json:"departmentUuid"`
		} `json:"customerProfileDataRequestDTO"`
	}
	if err := json.Unmarshal(b2, &body); err != nil {
		t.Fatal(err)
	}
	if body.DTO.DepartmentUUID != lower {
		t.Errorf("an upper-case request echoes %q, want the canonical %q", body.DTO.DepartmentUUID, lower)
	}

	// One flow position: the upper-case call is the flow's first, the
	// lower-case one its second.
	flow := []string{"X-Mock-Scenario", "flaky"}
	if st, _, _ := get(upper, "flow-1", flow...); st != 200 {
		t.Errorf("flaky call 1: %d", st)
	}
	if st, _, _ := get(lower, "flow-1", flow...); st != 200 {
		t.Errorf("flaky call 2: %d", st)
	}
	if st, _, _ := get(mixed, "flow-1", flow...); st != 500 {
		t.Errorf("flaky call 3, in mixed case: %d, want 500 (the flow's third step)", st)
	}

	// One active scenario: set for the upper case, listed and found in lower.
	putActive(t, srv, "/__admin/active/"+upper, "no-content", 200)
	var act activeReply
	getJSON(t, srv, "/__admin/active", nil, 200, &act)
	if len(act.Departments) != 1 || act.Departments[lower] != "no-content" {
		t.Errorf("active departments %v, want {%s: no-content}", act.Departments, lower)
	}
	if st, _, src := get(lower, "ok-2"); st != 204 || src != "active-department" {
		t.Errorf("a lower-case request after PUT for the upper case: %d from %q", st, src)
	}
	if resp, body := adminDo(t, srv, "DELETE", "/__admin/active/"+mixed, "", nil); resp.StatusCode != 200 {
		t.Errorf("DELETE in mixed case: %d %s", resp.StatusCode, body)
	}
	if st, _, src := get(upper, "ok-2"); st != 200 || src != "default" {
		t.Errorf("after DELETE in mixed case: %d from %q", st, src)
	}

	// One match rule, written in mixed case, for every case.
	for _, d := range []string{lower, upper} {
		if st, _, src := get(d, "by-dept-1"); st != 204 || src != "match" {
			t.Errorf("%s: the department's match rule gives %d from %q", d, st, src)
		}
	}

	// One journal filter, in any case, counts the requests of every case.
	var count struct{ Count int }
	getJSON(t, srv, "/__admin/requests/count?departmentUuid="+mixed+"&token=ok-1", nil, 200, &count)
	if count.Count != 3 {
		t.Errorf("journal count for the department in mixed case: %d, want the 3 requests in three cases", count.Count)
	}
	var list struct {
		Requests []struct{ DepartmentUUID string } `json:"requests"`
	}
	getJSON(t, srv, "/__admin/requests?token=ok-1", nil, 200, &list)
	for _, r := range list.Requests {
		if r.DepartmentUUID != lower {
			t.Errorf("the journal holds department %q, want the canonical %q", r.DepartmentUUID, lower)
		}
	}
}
