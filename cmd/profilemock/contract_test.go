package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/profilemock/profilemock/features"
	"github.com/profilemock/profilemock/mock"

	"github.com/profilemock/profilemock/schemas"
)

// The contract suite is worth running only if it fails a service that drifts
// from the contract, and never a service that keeps it. driftService is such a
// service: the implementation a team writes from the API page alone, which
// accepts any non-empty token as the page allows (the mock behind a wrapper
// that hands it tokens it would refuse under another name), behind a wrapper
// that breaks one rule of the contract, chosen by name, or none. Like a real
// service it has a base path (/svc) and its own test hooks (the token none-1
// is answered 204, boom-1 500), so that it is called with a fixtures file, as
// a real service would be.

const (
	driftBase     = "/svc"
	driftUserPass = "qa:secret"
	otherDept     = "00000000-0000-4000-8000-000000000000"
)

// driftFixtures are the fixtures of driftService: only what the page says.
var driftFixtures = `# the fixtures of driftService
auth: "Basic ` + base64.StdEncoding.EncodeToString([]byte(driftUserPass)) + `"
responses:
  200: {departmentUuid: ` + features.BuiltinDepartment + `, token: ok-1}
  204: {departmentUuid: ` + features.BuiltinDepartment + `, token: none-1}
  500:
    departmentUuid: ` + features.BuiltinDepartment + `
    token: boom-1
`

// driftDeclared are driftFixtures with the rules driftService keeps beyond the
// page declared: a department in any case, no empty token.
var driftDeclared = driftFixtures + `rules:
  departmentCase: insensitive
badRequests:
  - {token: ""}
`

// driftTokenRules are driftDeclared with the mock's token rule declared too:
// a service that declares it must refuse what it leaves out.
var driftTokenRules = driftDeclared[:strings.Index(driftDeclared, "badRequests:")] +
	"  token: {maxBytes: 512, characters: visible-ascii}\nbadRequests:\n  - {token: \"\"}\n"

// acceptAnyToken makes the mock the implementation written from the page: a
// non-empty token the mock would refuse (a space, a control character,
// non-ASCII, more than 512 bytes) reaches it under another name, so it is
// answered as any other token is.
func acceptAnyToken(r *http.Request) bool {
	esc := r.URL.EscapedPath()
	i := strings.LastIndex(esc, "/customer-profile/")
	if i < 0 {
		return false
	}
	tok, err := url.PathUnescape(esc[i+len("/customer-profile/"):])
	if err != nil || tok == "" {
		return false
	}
	if fault, _ := schemas.CheckToken(tok); fault == schemas.TokenOK {
		return false
	}
	sum := sha256.Sum256([]byte(tok))
	raw := esc[:i] + "/customer-profile/page-" + hex.EncodeToString(sum[:8])
	path, err := url.PathUnescape(raw)
	if err != nil {
		return false
	}
	r.URL.Path, r.URL.RawPath = path, raw
	return true
}

// answerDraft is the mock's answer, for a drift to rewrite.
type answerDraft struct {
	status int
	header http.Header
	body   []byte
	// raw, when set, is written as it is on the connection: an answer Go's
	// server refuses to write (a 204 with a body).
	raw []byte
}

// editJSON rewrites a JSON body; edit reports whether it changed anything.
func (a *answerDraft) editJSON(edit func(v map[string]any) bool) bool {
	d := json.NewDecoder(bytes.NewReader(a.body))
	d.UseNumber()
	var v map[string]any
	if err := d.Decode(&v); err != nil || !edit(v) {
		return false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	a.setBody(b)
	return true
}

func (a *answerDraft) setBody(b []byte) {
	a.body = b
	a.header.Set("Content-Length", strconv.Itoa(len(b)))
}

// dto returns customerProfileDataRequestDTO of a profile.
func dto(v map[string]any) map[string]any {
	m, _ := v["customerProfileDataRequestDTO"].(map[string]any)
	return m
}

func customerInfo(v map[string]any) map[string]any {
	m, _ := dto(v)["customerInfo"].(map[string]any)
	return m
}

// firstReview returns the first review of the first item that has one.
func firstReview(v map[string]any) map[string]any {
	items, _ := dto(v)["items"].([]any)
	for _, it := range items {
		m, _ := it.(map[string]any)
		reviews, _ := m["reviews"].([]any)
		if len(reviews) > 0 {
			r, _ := reviews[0].(map[string]any)
			return r
		}
	}
	return nil
}

// drift is one way of breaking the contract.
type drift struct {
	name string
	// request rewrites the request before the mock sees it; answer rewrites
	// the mock's answer. Each reports whether it applied.
	request func(r *http.Request) bool
	answer  func(a *answerDraft) bool
	// strict runs the suite with --strict: the drift breaks only the strict
	// level.
	strict bool
	// names is what the suite's report, and the proxy's violations, must say.
	names *regexp.Regexp
	// via is the request that shows the drift to the proxy.
	via proxyRequest
	// fixtures are the fixtures file of the run; "": driftDeclared.
	fixtures string
	// suiteOnly: the proxy sees one answer at a time and cannot see the
	// drift (it takes two answers to compare).
	suiteOnly bool
	// mockTokens keeps the mock's own token rule: the service refuses the
	// tokens the mock refuses, instead of accepting any.
	mockTokens bool
}

type proxyRequest int

const (
	viaProfile proxyRequest = iota
	viaNoContent
	viaServerError
	viaBadDepartment
	viaNoAuth
	viaWrongPassword
	viaBadToken
)

func onStatus(status int, f func(a *answerDraft) bool) func(a *answerDraft) bool {
	return func(a *answerDraft) bool { return a.status == status && f(a) }
}

func onProfile(edit func(v map[string]any) bool) func(a *answerDraft) bool {
	return onStatus(200, func(a *answerDraft) bool { return a.editJSON(edit) })
}

// drifts is the table: at least one drift per kind of rule.
func drifts() []drift {
	return []drift{
		{
			name: "customerInfo.id is a string",
			answer: onProfile(func(v map[string]any) bool {
				ci := customerInfo(v)
				ci["id"] = fmt.Sprint(ci["id"])
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/customerInfo/id: expected integer \(int64\), found string`),
		},
		{
			name: "vehicles[0].year is a number",
			answer: onProfile(func(v map[string]any) bool {
				vs, _ := customerInfo(v)["vehicles"].([]any)
				if len(vs) == 0 {
					return false
				}
				vs[0].(map[string]any)["year"] = json.Number("2016")
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/customerInfo/vehicles/0/year: expected string, found number 2016`),
		},
		{
			name: "reviews[0].reviewStatus is a number",
			answer: onProfile(func(v map[string]any) bool {
				r := firstReview(v)
				if r == nil {
					return false
				}
				r["reviewStatus"] = json.Number("1")
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/items/\d+/reviews/0/reviewStatus: expected .*found number 1`),
		},
		{
			name: `items[0].status is "CANCELLED"`,
			answer: onProfile(func(v map[string]any) bool {
				items, _ := dto(v)["items"].([]any)
				if len(items) == 0 {
					return false
				}
				items[0].(map[string]any)["status"] = "CANCELLED"
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/items/0/status: expected one of SCHEDULED, .*found string "CANCELLED"`),
		},
		{
			name: "a 400 with errorCode 2147483648 (int32 overflow)",
			answer: onStatus(400, func(a *answerDraft) bool {
				return a.editJSON(func(v map[string]any) bool {
					v["errors"].([]any)[0].(map[string]any)["errorCode"] = json.Number("2147483648")
					return true
				})
			}),
			names: regexp.MustCompile(`/errors/0/errorCode: expected an int32, from -2147483648 to 2147483647, found number 2147483648`),
			via:   viaBadDepartment,
		},
		{
			name: "a 401 whose errors is an object",
			answer: onStatus(401, func(a *answerDraft) bool {
				return a.editJSON(func(v map[string]any) bool {
					v["errors"] = v["errors"].([]any)[0]
					return true
				})
			}),
			names: regexp.MustCompile(`/errors: expected array, found object`),
			via:   viaNoAuth,
		},
		{
			name: "a 204 with a body",
			answer: onStatus(204, func(a *answerDraft) bool {
				body := `{"errors":[],"warnings":[]}`
				a.raw = []byte("HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nContent-Length: " +
					strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n" + body)
				return true
			}),
			names: regexp.MustCompile(`expected no body \(a 204 answer has none\), found Content-Length: 27`),
			via:   viaNoContent,
		},
		{
			name: "a 200 as text/plain",
			answer: onStatus(200, func(a *answerDraft) bool {
				a.header.Set("Content-Type", "text/plain; charset=utf-8")
				return true
			}),
			names: regexp.MustCompile(`expected Content-Type application/json, found Content-Type "text/plain; charset=utf-8"`),
		},
		{
			name: "403 instead of 401",
			answer: onStatus(401, func(a *answerDraft) bool {
				a.status = 403
				a.header.Del("WWW-Authenticate")
				return a.editJSON(func(v map[string]any) bool {
					v["errors"].([]any)[0].(map[string]any)["errorTitle"] = "Forbidden"
					return true
				})
			}),
			names: regexp.MustCompile(`403 Forbidden`),
			via:   viaWrongPassword,
		},
		{
			name: "no credentials check (200 without Authorization)",
			request: func(r *http.Request) bool {
				if r.Header.Get("Authorization") != "" {
					return false
				}
				r.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(driftUserPass)))
				return true
			},
			names: regexp.MustCompile(`expected status 401.* found (status )?200 OK`),
			via:   viaNoAuth,
		},
		{
			name: "no 400 for a department that is not a UUID",
			request: func(r *http.Request) bool {
				parts := strings.Split(r.URL.EscapedPath(), "/")
				for i, p := range parts {
					if p == "department" && i+1 < len(parts) {
						d, _ := url.PathUnescape(parts[i+1])
						if schemas.IsUUID(d) {
							return false
						}
						parts[i+1] = features.BuiltinDepartment
						u, err := url.Parse(strings.Join(parts, "/"))
						if err != nil {
							return false
						}
						r.URL.Path, r.URL.RawPath = u.Path, u.RawPath
						return true
					}
				}
				return false
			},
			names: regexp.MustCompile(`expected status 400.* found (status )?200 OK`),
			via:   viaBadDepartment,
		},
		{
			name: "an HTML 500",
			answer: onStatus(500, func(a *answerDraft) bool {
				a.header.Set("Content-Type", "text/html; charset=utf-8")
				a.setBody([]byte("<html><body><h1>500 Internal Server Error</h1></body></html>\n"))
				return true
			}),
			names: regexp.MustCompile(`text/html`),
			via:   viaServerError,
		},
		{
			name: "a truncated JSON profile",
			answer: onStatus(200, func(a *answerDraft) bool {
				a.setBody(a.body[:len(a.body)/2])
				return true
			}),
			names: regexp.MustCompile(`expected a JSON body, found not JSON: the JSON value ends early`),
		},
		{
			name: "departmentUuid does not echo the path",
			answer: onProfile(func(v map[string]any) bool {
				dto(v)["departmentUuid"] = otherDept
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/departmentUuid: expected the requested department "` + features.BuiltinDepartment + `", found string "` + otherDept + `"`),
		},
		{
			name: "an approval associate of another department",
			answer: onProfile(func(v map[string]any) bool {
				items, _ := dto(v)["items"].([]any)
				for _, it := range items {
					as, _ := it.(map[string]any)["dealerAssociatesWithApprovalAuthority"].([]any)
					if len(as) > 0 {
						as[0].(map[string]any)["departmentUuid"] = otherDept
						return true
					}
				}
				return false
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/items/\d+/dealerAssociatesWithApprovalAuthority/0/departmentUuid: expected the requested department`),
		},
		{
			name: "vehicleInfo is not among the customer's vehicles",
			answer: onProfile(func(v map[string]any) bool {
				vi, _ := dto(v)["vehicleInfo"].(map[string]any)
				if vi == nil {
					return false
				}
				vi["uuid"], vi["vin"], vi["id"], vi["vehicleKey"] = otherDept, "1HGCM82633A004352", json.Number("1"), otherDept
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/vehicleInfo: expected one of the vehicles of /customerProfileDataRequestDTO/customerInfo/vehicles`),
		},
		{
			name: "a reviewedAtDateTime that is not RFC 3339",
			answer: onProfile(func(v map[string]any) bool {
				r := firstReview(v)
				if r == nil {
					return false
				}
				r["reviewedAtDateTime"] = "04/02/2024 17:57"
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/items/\d+/reviews/0/reviewedAtDateTime: expected an RFC 3339 date-time.*found string "04/02/2024 17:57"`),
		},
		{
			name: "null for a string (dealerInfo.name)",
			answer: onProfile(func(v map[string]any) bool {
				di, _ := dto(v)["dealerInfo"].(map[string]any)
				if di == nil {
					return false
				}
				di["name"] = nil
				return true
			}),
			names: regexp.MustCompile(`/customerProfileDataRequestDTO/dealerInfo/name: expected string, found null`),
		},
		{
			name: "a 500 whose warnings is null",
			answer: onStatus(500, func(a *answerDraft) bool {
				return a.editJSON(func(v map[string]any) bool {
					v["warnings"] = nil
					return true
				})
			}),
			names: regexp.MustCompile(`/warnings: expected array, found null`),
			via:   viaServerError,
		},
		{
			name: "a 401 without WWW-Authenticate",
			answer: onStatus(401, func(a *answerDraft) bool {
				a.header.Del("WWW-Authenticate")
				return true
			}),
			names: regexp.MustCompile(`WWW-Authenticate`),
			via:   viaNoAuth,
		},
		{
			name: "an undocumented field (strict)",
			answer: onProfile(func(v map[string]any) bool {
				customerInfo(v)["middleName"] = "Quincy"
				return true
			}),
			strict: true,
			names:  regexp.MustCompile(`/customerProfileDataRequestDTO/customerInfo/middleName: expected no undocumented property`),
		},
		{
			name: "a documented field missing (strict)",
			answer: onProfile(func(v map[string]any) bool {
				delete(customerInfo(v), "company")
				return true
			}),
			strict: true,
			names:  regexp.MustCompile(`/customerProfileDataRequestDTO/customerInfo/company: expected property "company"`),
		},
		{
			name: "a 204 with a body but no Content-Length",
			answer: onStatus(204, func(a *answerDraft) bool {
				// Go's client drops these bytes: only a read of the wire sees them.
				a.raw = []byte("HTTP/1.1 204 No Content\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" +
					`{"errors":[],"warnings":[]}`)
				return true
			}),
			names: regexp.MustCompile(`expected no body \(a 204 answer has none\), found 27 bytes of body`),
			via:   viaNoContent,
		},
		{
			name: "a token rule declared but not enforced",
			// The service accepts any token, as the page allows; its fixtures
			// say it refuses what the mock refuses.
			request: func(r *http.Request) bool {
				return strings.Contains(r.URL.EscapedPath(), "/customer-profile/page-")
			},
			fixtures: driftTokenRules,
			names:    regexp.MustCompile(`expected status 400\b.*found (status )?200 OK`),
			via:      viaBadToken,
		},
		{
			name: "a department matched case-sensitively, departmentCase: insensitive declared",
			request: func(r *http.Request) bool {
				esc := r.URL.EscapedPath()
				upper := strings.ToUpper(features.BuiltinDepartment)
				if !strings.Contains(esc, "/department/"+upper+"/") {
					return false
				}
				// Another department: another customer.
				r.URL.Path = strings.Replace(r.URL.Path, upper, otherDept, 1)
				r.URL.RawPath = ""
				return true
			},
			names:     regexp.MustCompile(`the department in upper case is another department`),
			suiteOnly: true,
		},
	}
}

// driftService serves the mock with drift d applied (none when d is nil) and
// counts the answers d changed.
func driftService(t testing.TB, d *drift) (*httptest.Server, *atomic.Int64) {
	pageOnly := d == nil || !d.mockTokens
	t.Helper()
	m, err := mock.New(mock.Config{Seed: 1, BasePath: driftBase, Auth: mock.Auth{Basic: []string{driftUserPass}}})
	if err != nil {
		t.Fatal(err)
	}
	applied := new(atomic.Int64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.Clone(r.Context())
		// The service's test hooks.
		switch {
		case strings.HasSuffix(r.URL.Path, "/none-1"):
			r.Header.Set("Prefer", "code=204")
		case strings.HasSuffix(r.URL.Path, "/boom-1"):
			r.Header.Set("Prefer", "code=500")
		}
		if pageOnly {
			acceptAnyToken(r)
		}
		if d != nil && d.request != nil && d.request(r) {
			applied.Add(1)
		}
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, r)
		a := &answerDraft{status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
		if d != nil && d.answer != nil && d.answer(a) {
			applied.Add(1)
		}
		if a.raw != nil {
			conn, buf, err := w.(http.Hijacker).Hijack()
			if err != nil {
				return
			}
			_, _ = buf.Write(a.raw)
			_ = buf.Flush()
			_ = conn.Close()
			return
		}
		for k, vs := range a.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	}))
	t.Cleanup(srv.Close)
	return srv, applied
}

// contractRun runs "profilemock contract" with args, as main would.
func contractRun(t *testing.T, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"contract"}, args...),
		func(k string) string { return environ[k] }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func contractFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var summaryLine = regexp.MustCompile(`(?m)^(\d+) passed, (\d+) failed, (\d+) skipped$`)

// summary returns the counts of the summary line, which must be the last line.
func summary(t *testing.T, stdout string) (passed, failed, skipped int) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	last := lines[len(lines)-1]
	m := summaryLine.FindStringSubmatch(last)
	if m == nil {
		t.Fatalf("the last line is %q, not the summary line; output:\n%s", last, stdout)
	}
	passed, _ = strconv.Atoi(m[1])
	failed, _ = strconv.Atoi(m[2])
	skipped, _ = strconv.Atoi(m[3])
	return passed, failed, skipped
}

// cucumberReport is the part of a cucumber JSON report the tests read.
type cucumberReport []struct {
	URI      string `json:"uri"`
	Name     string `json:"name"`
	Elements []struct {
		Name  string `json:"name"`
		Type  string `json:"type"`
		Steps []struct {
			Keyword string `json:"keyword"`
			Name    string `json:"name"`
			Result  struct {
				Status string `json:"status"`
				Error  string `json:"error_message"`
			} `json:"result"`
		} `json:"steps"`
	} `json:"elements"`
}

func readCucumber(t *testing.T, name string) cucumberReport {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var r cucumberReport
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("the cucumber report does not parse: %v\n%s", err, b)
	}
	return r
}

// failedSteps lists "scenario › step" for every failed step of a report.
func (r cucumberReport) failedSteps() []string {
	var out []string
	for _, f := range r {
		for _, e := range f.Elements {
			for _, s := range e.Steps {
				if s.Result.Status == "failed" {
					out = append(out, fmt.Sprintf("%s › %s%s", e.Name, s.Keyword, s.Name))
				}
			}
		}
	}
	return out
}

// counts returns the scenarios of a report by outcome: failed (a failed
// step), skipped (a skipped step and no failed one) and passed.
func (r cucumberReport) counts() (passed, failed, skipped int) {
	for _, f := range r {
		for _, e := range f.Elements {
			bad, skip := false, false
			for _, s := range e.Steps {
				switch s.Result.Status {
				case "failed", "undefined", "pending", "ambiguous":
					bad = true
				case "skipped":
					skip = true
				}
			}
			switch {
			case bad:
				failed++
			case skip:
				skipped++
			default:
				passed++
			}
		}
	}
	return passed, failed, skipped
}

// TestContractSelfCheck is the suite against the mock it ships with: every
// scenario passes, none is skipped, and the summary line says so.
func TestContractSelfCheck(t *testing.T) {
	code, stdout, stderr := contractRun(t, nil)
	if code != exitOK {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	passed, failed, skipped := summary(t, stdout)
	if failed != 0 || skipped != 0 || passed < 50 {
		t.Fatalf("summary %d passed, %d failed, %d skipped: want 50+ passed, 0 failed, 0 skipped\n%s", passed, failed, skipped, stdout)
	}
	if !strings.Contains(stdout, fmt.Sprintf("%d scenarios (%d passed, 0 failed, 0 skipped)", passed, passed)) {
		t.Errorf("godog's scenario line is not the run's own count:\n%s", stdout)
	}
	for _, feature := range []string{"The customer profile (200)", "No content (204)", "Bad request (400)", "Unauthorized (401)", "Server error (500)", "The mock's own choices"} {
		if !strings.Contains(stdout, "Feature: "+feature) {
			t.Errorf("the report does not show the feature %q", feature)
		}
	}

	// --strict adds the @strict scenarios, which the mock passes too.
	code, stdout, _ = contractRun(t, nil, "--strict", "--format", "progress")
	sp, sf, ss := summary(t, stdout)
	if code != exitOK || sf != 0 || ss != 0 || sp <= passed {
		t.Fatalf("--strict: exit %d, %d passed, %d failed, %d skipped: want 0 and more than %d passed\n%s", code, sp, sf, ss, passed, stdout)
	}
}

// TestContractDrift runs the suite against each drifting service, through the
// command line a CI job uses, and checks that it fails the service and names
// the drift; the faithful service passes with no false alarm.
func TestContractDrift(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	dir := t.TempDir()

	// A service that follows the page, and accepts any token: the default
	// suite has no failure; with its rules declared, the declared checks run
	// and pass; and the mock, which keeps its token rule, passes with that
	// rule declared.
	t.Run("faithful", func(t *testing.T) {
		page, _ := driftService(t, nil)
		mockTokens, _ := driftService(t, &drift{mockTokens: true})
		for _, run := range []struct {
			name, fixtures string
			srv            *httptest.Server
			declared       []string // scenarios that must have run
		}{
			{"the page only", driftFixtures, page, nil},
			{"its rules declared", driftDeclared, page, []string{"The department in upper case is the same department", "Every request the fixtures declare bad is answered 400"}},
			{"the mock's token rule declared", driftTokenRules, mockTokens, []string{"A token longer than the declared limit", "A token with a character the declared set leaves out"}},
		} {
			for _, strict := range []bool{false, true} {
				file := contractFile(t, "fixtures.yaml", run.fixtures)
				args := []string{"--target", run.srv.URL + driftBase, "--fixtures", file}
				if strict {
					args = append(args, "--strict")
				}
				code, stdout, stderr := contractRun(t, nil, args...)
				passed, failed, skipped := summary(t, stdout)
				if code != exitOK || failed != 0 || skipped != 0 || passed == 0 {
					t.Fatalf("%s, strict=%v: exit %d (%d passed, %d failed, %d skipped), want 0 with no failure\nstdout:\n%s\nstderr:\n%s",
						run.name, strict, code, passed, failed, skipped, stdout, stderr)
				}
				if strings.Contains(stdout, "@mock") || strings.Contains(stdout, "The mock's own choices") {
					t.Errorf("the @mock scenarios ran against a --target")
				}
				for _, sc := range run.declared {
					if !strings.Contains(stdout, sc) {
						t.Errorf("%s: the declared check %q did not run:\n%s", run.name, sc, stdout)
					}
				}
			}
		}
	})

	// The drifts run in parallel: each run has its own service, client and
	// report files.
	table := make([]string, len(drifts()))
	t.Run("drifts", func(t *testing.T) {
		for i, d := range drifts() {
			t.Run(d.name, func(t *testing.T) {
				t.Parallel()
				table[i] = contractDrift(t, d, filepath.Join(dir, fmt.Sprintf("drift-%d.json", i)))
			})
		}
	})
	if n := len(drifts()); n < 15 {
		t.Fatalf("the table holds %d drifts; want 15 or more", n)
	}
	t.Logf("drift → what caught it (contract suite):\n%s", strings.Join(table, "\n"))
}

// contractDrift runs the suite against the service with drift d, checks that
// it fails it and names the drift, and returns the row of the drift table.
func contractDrift(t *testing.T, d drift, report string) string {
	t.Helper()
	srv, applied := driftService(t, &d)
	if d.fixtures == "" {
		d.fixtures = driftDeclared
	}
	fixtures := contractFile(t, "fixtures.yaml", d.fixtures)
	args := []string{"--target", srv.URL + driftBase, "--fixtures", fixtures, "--cucumber", report}
	if d.strict {
		args = append(args, "--strict")
	}
	code, stdout, stderr := contractRun(t, nil, args...)
	if applied.Load() == 0 {
		t.Fatalf("the drift never applied: the mock's answers lack what it rewrites")
	}
	if code != exitFail {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	_, failed, _ := summary(t, stdout)
	if failed == 0 {
		t.Fatalf("exit 1 but the summary counts no failure:\n%s", stdout)
	}
	if !d.names.MatchString(stdout) {
		t.Fatalf("the report does not name the drift (%s):\n%s", d.names, stdout)
	}
	if !strings.Contains(stdout, "repeat:  curl -sS -i") || !strings.Contains(stdout, "request: GET "+srv.URL+driftBase+"/department/") {
		t.Errorf("the report does not name the request and repeat it with curl:\n%s", stdout)
	}
	if strings.Contains(stdout, base64.StdEncoding.EncodeToString([]byte(driftUserPass))) {
		t.Errorf("the report shows the credentials")
	}
	steps := readCucumber(t, report).failedSteps()
	shown := steps
	if len(shown) > 3 {
		shown = append(shown[:3:3], fmt.Sprintf("… (%d failed steps)", len(steps)))
	}
	return fmt.Sprintf("%-50s | %s", d.name, strings.Join(shown, "; "))
}

// TestContractMissingFixtures: scenarios whose fixture the file does not give
// are skipped, never passed, and the summary says why.
func TestContractMissingFixtures(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	srv, _ := driftService(t, nil)
	fixtures := contractFile(t, "fixtures.yaml", `auth: "Basic cWE6c2VjcmV0"
responses:
  200: {departmentUuid: `+features.BuiltinDepartment+`, token: ok-1}
`)
	junit := filepath.Join(t.TempDir(), "report.xml")
	code, stdout, stderr := contractRun(t, nil, "--target", srv.URL+driftBase, "--fixtures", fixtures, "--junit", junit)
	if code != exitOK {
		t.Fatalf("exit %d, want 0 (skipped is not failed)\n%s\n%s", code, stdout, stderr)
	}
	passed, failed, skipped := summary(t, stdout)
	// @204: no-content (1) + headers (1); @500: server-error (1) + headers (1).
	if failed != 0 || skipped != 4 {
		t.Fatalf("%d passed, %d failed, %d skipped: want 4 skipped\n%s", passed, failed, skipped, stdout)
	}
	for _, want := range []string{
		"skipped 2 scenarios: no fixture for status 204 (add responses.204 to the fixtures file to run them)",
		"skipped 2 scenarios: no fixture for status 500 (add responses.500 to the fixtures file to run them)",
		fmt.Sprintf("%d scenarios (%d passed, 0 failed, 4 skipped)", passed+4, passed),
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, stdout)
		}
	}
	suites := readJUnit(t, junit)
	if suites.Tests != passed+skipped || suites.Skipped != skipped || suites.Failures != 0 || suites.Errors != 0 {
		t.Errorf("JUnit: tests=%d skipped=%d failures=%d errors=%d, want %d, %d, 0, 0",
			suites.Tests, suites.Skipped, suites.Failures, suites.Errors, passed+skipped, skipped)
	}
	var reasons []string
	for _, s := range suites.Suites {
		for _, c := range s.Cases {
			if c.Skipped != nil {
				reasons = append(reasons, c.Skipped.Message)
			}
		}
	}
	if len(reasons) != 4 || !strings.HasPrefix(reasons[0], "no fixture for status ") {
		t.Errorf("JUnit skipped test cases: %q, want 4 with the reason", reasons)
	}

	// A Bearer fixture has no password to get wrong: that scenario is skipped.
	bearer := contractFile(t, "bearer.yaml", `auth: Bearer some-token
responses:
  200: {departmentUuid: `+features.BuiltinDepartment+`, token: ok-1}
`)
	code, stdout, _ = contractRun(t, nil, "--fixtures", bearer, "--tags", "@401")
	if _, f, s := summary(t, stdout); code != exitOK || f != 0 || s != 1 ||
		!strings.Contains(stdout, "skipped 1 scenario: the fixtures' auth is not Basic") {
		t.Errorf("Bearer fixtures against the mock, @401: exit %d, %d failed, %d skipped; want 0, 0, 1 with the reason\n%s", code, f, s, stdout)
	}
}

type junitReport struct {
	Tests    int `xml:"tests,attr"`
	Skipped  int `xml:"skipped,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Name  string `xml:"name,attr"`
		Tests int    `xml:"tests,attr"`
		Cases []struct {
			Name    string `xml:"name,attr"`
			Status  string `xml:"status,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func readJUnit(t *testing.T, name string) junitReport {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var r junitReport
	if err := xml.Unmarshal(b, &r); err != nil {
		t.Fatalf("the JUnit report does not parse: %v\n%s", err, b)
	}
	return r
}

// TestContractReports: one run writes the terminal report, a JUnit XML and a
// cucumber JSON file, with the same counts.
func TestContractReports(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	d := drifts()[0] // customerInfo.id is a string: fails the @200 scenarios that check the schema
	srv, _ := driftService(t, &d)
	fixtures := contractFile(t, "fixtures.yaml", driftFixtures)
	dir := t.TempDir()
	junit, cucumber := filepath.Join(dir, "report.xml"), filepath.Join(dir, "cucumber.json")
	code, stdout, stderr := contractRun(t, nil, "--target", srv.URL+driftBase, "--fixtures", fixtures,
		"--junit", junit, "--cucumber", cucumber)
	if code != exitFail {
		t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	passed, failed, skipped := summary(t, stdout)
	if failed != 1 || skipped != 0 {
		t.Fatalf("%d passed, %d failed, %d skipped: want exactly the profile scenario failed\n%s", passed, failed, skipped, stdout)
	}
	j := readJUnit(t, junit)
	if j.Tests != passed+failed || j.Failures != failed || j.Skipped != 0 {
		t.Errorf("JUnit: tests=%d failures=%d skipped=%d, want %d, %d, 0", j.Tests, j.Failures, j.Skipped, passed+failed, failed)
	}
	var failure string
	for _, s := range j.Suites {
		for _, c := range s.Cases {
			if c.Failure != nil {
				failure = c.Failure.Message
			}
		}
	}
	if !strings.Contains(failure, "/customerProfileDataRequestDTO/customerInfo/id") || !strings.Contains(failure, "curl") {
		t.Errorf("the JUnit failure does not name the violation and the curl command: %q", failure)
	}
	cp, cf, cs := readCucumber(t, cucumber).counts()
	if cp != passed || cf != failed || cs != 0 {
		t.Errorf("cucumber: %d passed, %d failed, %d skipped; want %d, %d, 0", cp, cf, cs, passed, failed)
	}
	// The terminal report, in the same run.
	for _, want := range []string{"Feature: The customer profile (200)", "--- Failed steps:", "customerInfo/id: expected integer (int64), found string"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the terminal report lacks %q", want)
		}
	}
}

// TestContractTags: --tags runs a subset; the words and/or/not work too.
func TestContractTags(t *testing.T) {
	count := func(args ...string) (int, string) {
		t.Helper()
		cucumber := filepath.Join(t.TempDir(), "c.json")
		code, stdout, stderr := contractRun(t, nil, append(args, "--cucumber", cucumber)...)
		if code != exitOK {
			t.Fatalf("%q: exit %d\n%s\n%s", args, code, stdout, stderr)
		}
		p, _, _ := summary(t, stdout)
		var names []string
		for _, f := range readCucumber(t, cucumber) {
			for _, e := range f.Elements {
				names = append(names, f.URI+": "+e.Name)
			}
		}
		return p, strings.Join(names, "\n")
	}
	n401, names := count("--tags", "@401")
	if n401 != 14 || strings.Contains(names, "bad-request.feature") {
		t.Errorf("--tags @401: %d scenarios, want 14 (all in unauthorized and headers):\n%s", n401, names)
	}
	n, names := count("--tags", "@200 && ~@semantic")
	if n != 2 || strings.Contains(names, "semantic") {
		t.Errorf("--tags '@200 && ~@semantic': %d scenarios, want 2:\n%s", n, names)
	}
	n2, _ := count("--tags", "@200 and not @semantic")
	if n2 != n {
		t.Errorf("--tags with words: %d scenarios, want %d", n2, n)
	}
	n, _ = count("--tags", "@204,@500")
	if n != 4 {
		t.Errorf("--tags @204,@500: %d scenarios, want 4", n)
	}
	n, _ = count("--tags", "@strict", "--strict")
	if n != 4 {
		t.Errorf("--tags @strict --strict: %d scenarios, want 4", n)
	}
	// The environment stands in for the flag.
	code, stdout, _ := contractRun(t, map[string]string{"PROFILEMOCK_TAGS": "@204"})
	if p, _, _ := summary(t, stdout); code != exitOK || p != 2 {
		t.Errorf("PROFILEMOCK_TAGS=@204: exit %d, %d passed, want 0 and 2", code, p)
	}
}

// TestContractOwnFeatures: --features runs a team's own feature files with
// the same steps; a step nobody defined fails the run (strict).
func TestContractOwnFeatures(t *testing.T) {
	dir := t.TempDir()
	own := `Feature: Our dealership's checks
  Scenario: Our known customer
    Given a request for department "` + features.BuiltinDepartment + `" and token "ok-1"
    When the client requests the customer profile
    Then the response status is 200
    And the response body satisfies the contract for status 200
    And the profile satisfies every semantic rule
`
	if err := os.WriteFile(filepath.Join(dir, "ours.feature"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := contractRun(t, nil, "--features", dir)
	if p, f, s := summary(t, stdout); code != exitOK || p != 1 || f != 0 || s != 0 {
		t.Fatalf("exit %d (%d/%d/%d), want 0 with 1 passed\n%s\n%s", code, p, f, s, stdout, stderr)
	}
	undefined := strings.Replace(own, "Then the response status is 200", "Then the moon is full", 1)
	if err := os.WriteFile(filepath.Join(dir, "ours.feature"), []byte(undefined), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = contractRun(t, nil, "--features", dir)
	if _, f, _ := summary(t, stdout); code != exitFail || f != 1 {
		t.Errorf("an undefined step: exit %d, %d failed; want 1 and 1\n%s", code, f, stdout)
	}
}

// TestContractPathAndPrefix: an implementation on another route, with a
// prefix in the target URL, is reached through --path.
func TestContractPathAndPrefix(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	m, err := mock.New(mock.Config{Seed: 1, Auth: mock.Auth{Basic: []string{driftUserPass}}})
	if err != nil {
		t.Fatal(err)
	}
	// The service answers /gw/v2/profiles/{dept}?token={token}.
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dept, ok := strings.CutPrefix(r.URL.EscapedPath(), "/gw/v2/profiles/")
		if !ok {
			http.NotFound(w, r)
			return
		}
		hits.Add(1)
		r = r.Clone(r.Context())
		u, err := url.Parse("/department/" + dept + "/customer-profile/" + url.PathEscape(r.URL.Query().Get("token")))
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		r.URL = u
		m.ServeHTTP(w, r)
	}))
	defer srv.Close()
	fixtures := contractFile(t, "fixtures.yaml", strings.Replace(driftFixtures, "responses:", "path: /nope/{departmentUuid}/{customerProfileViewRequestToken}\nresponses:", 1))
	code, stdout, stderr := contractRun(t, nil, "--target", srv.URL+"/gw/", "--fixtures", fixtures,
		"--path", "/v2/profiles/{departmentUuid}?token={customerProfileViewRequestToken}", "--tags", "@200,@400")
	if p, f, _ := summary(t, stdout); code != exitOK || f != 0 || p < 10 || hits.Load() < 10 {
		t.Fatalf("exit %d, %d passed, %d failed, %d hits: want 0 and every request on the route\n%s\n%s", code, p, f, hits.Load(), stdout, stderr)
	}
}

// TestContractUsage: bad flags, bad fixtures and an unreachable target are
// exit 2, with one clear message.
func TestContractUsage(t *testing.T) {
	fixtures := contractFile(t, "fixtures.yaml", driftFixtures)
	closed := "http://" + closedPort(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unreachable target", []string{"--target", closed + "/svc", "--fixtures", fixtures},
			"profilemock contract: cannot reach the target: GET " + closed + "/svc/department/" + features.BuiltinDepartment + "/customer-profile/ok-1: dial tcp"},
		{"target without fixtures", []string{"--target", closed}, "--target needs --fixtures FILE"},
		{"target not a URL", []string{"--target", "localhost:8080", "--fixtures", fixtures}, `target "localhost:8080": want an absolute http or https URL`},
		{"bad format", []string{"--format", "html"}, `format "html": want pretty or progress`},
		{"bad tags", []string{"--tags", "@200 @400"}, "join tags with && (and) or , (or)"},
		{"no scenario", []string{"--tags", "@nothing"}, `no scenario to run: none matches the tags`},
		{"bad path", []string{"--path", "/department/{departmentUuid}"}, "must hold {customerProfileViewRequestToken} exactly once"},
		// The fuzz crasher: a literal the client escapes would never match,
		// so the route would check nothing. It is refused before any request.
		{"path literal sent escaped", []string{"--target", closed, "--fixtures", fixtures, "--path", `/x/"q"/{departmentUuid}/{customerProfileViewRequestToken}`},
			`--path: route "/x/\"q\"/{departmentUuid}/{customerProfileViewRequestToken}": path segment "\"q\"" is sent as "%22q%22"; write it escaped`},
		{"path literal broken escape", []string{"--target", closed, "--fixtures", fixtures, "--path", "/x/%zz/{departmentUuid}/{customerProfileViewRequestToken}"},
			`path segment "%zz" is not valid percent-encoding`},
		{"path not the mock's", []string{"--path", "/x/{departmentUuid}/{customerProfileViewRequestToken}"}, "is not the mock's"},
		{"missing fixtures file", []string{"--fixtures", "/nonexistent/f.yaml"}, "/nonexistent/f.yaml: cannot read the fixtures file: no such file or directory"},
		{"missing features folder", []string{"--features", "/nonexistent/features"}, "features /nonexistent/features: no such file or directory"},
		{"bad timeout", []string{"--timeout", "0s"}, "--timeout 0s: must be positive"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
		{"unwritable junit", []string{"--junit", "/nonexistent/dir/r.xml"}, "junit report: open /nonexistent/dir/r.xml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := contractRun(t, nil, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q (stdout %q)", code, stderr, tc.want, stdout)
			}
		})
	}

	// A bad fixtures file: exit 2 with file:line and the reason.
	bad := contractFile(t, "bad.yaml", "auth: \"Basic cWE6c2VjcmV0\"\nresponses:\n  200: {departmentUuid: nope, token: ok-1}\n  404: {departmentUuid: "+features.BuiltinDepartment+", token: x}\n")
	code, _, stderr := contractRun(t, nil, "--fixtures", bad)
	for _, want := range []string{bad + `:3: responses.200.departmentUuid "nope" is not a UUID`, bad + ":4: responses: status 404 takes no fixture"} {
		if code != exitUsage || !strings.Contains(stderr, want) {
			t.Errorf("bad fixtures: exit %d, stderr %q; want 2 and %q", code, stderr, want)
		}
	}
}

// TestContractTimeout: a target that answers the first request and then hangs
// fails the hanging checks within --timeout, naming the request.
func TestContractTimeout(t *testing.T) {
	gin.SetMode(gin.ReleaseMode)
	m, err := mock.New(mock.Config{Seed: 1, Auth: mock.Auth{Basic: []string{driftUserPass}}})
	if err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		m.ServeHTTP(w, r)
	}))
	defer srv.Close()
	defer close(release)
	fixtures := contractFile(t, "fixtures.yaml", strings.Replace(driftFixtures, "  204:", "  #204:", 1))
	start := time.Now()
	code, stdout, _ := contractRun(t, nil, "--target", srv.URL, "--fixtures", fixtures, "--tags", "@401", "--timeout", "200ms")
	if code != exitFail || !strings.Contains(stdout, "the request got no answer") || !strings.Contains(stdout, "Client.Timeout exceeded") {
		t.Errorf("exit %d, want 1 with the timeout named:\n%s", code, stdout)
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("took %v: --timeout was not applied", el)
	}
}

// TestContractOutputIsLineOriented: the summary line is alone on the last
// line, after godog's own report, even with the progress format.
func TestContractOutputIsLineOriented(t *testing.T) {
	_, stdout, _ := contractRun(t, nil, "--format", "progress", "--tags", "@204")
	sc := bufio.NewScanner(strings.NewReader(stdout))
	var last string
	for sc.Scan() {
		last = sc.Text()
	}
	if last != "2 passed, 0 failed, 0 skipped" {
		t.Errorf("last line %q\n%s", last, stdout)
	}
}
