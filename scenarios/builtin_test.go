package scenarios_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/scenarios/profile"
	"github.com/profilemock/profilemock/schemas"
)

const dept = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"

func loadSchemas(t testing.TB) *schemas.Set {
	t.Helper()
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func loadBuiltin(t testing.TB) (*scenarios.Catalog, *schemas.Set) {
	t.Helper()
	set := loadSchemas(t)
	c, err := scenarios.LoadDefault(set, "", true)
	if err != nil {
		t.Fatalf("the built-in library does not load:\n%v", err)
	}
	return c, set
}

func TestBuiltinLibrary(t *testing.T) {
	c, _ := loadBuiltin(t)
	// The library the README promises.
	builtinNames := []string{
		"all-declined", "approval-flow", "bad-request", "connection-reset", "default", "empty-reply",
		"flaky", "large-profile", "minimal-profile", "no-content", "pending-approval", "server-error",
		"slow", "status-completed", "status-declined", "status-pending-approval", "status-requested",
		"status-scheduled", "truncated-json", "unauthorized", "unicode-names", "with-warnings",
	}
	if got := c.Names(); !slices.Equal(got, builtinNames) {
		t.Fatalf("built-in names:\n got %v\nwant %v", got, builtinNames)
	}
	for _, s := range c.All() {
		if len(s.Description) < 30 {
			t.Errorf("%s: description %q is too short to help anyone", s.Name, s.Description)
		}
		if !strings.HasPrefix(s.Source, "builtin/"+s.Name+".yaml:") {
			t.Errorf("%s: Source %q: want builtin/%s.yaml:LINE", s.Name, s.Source, s.Name)
		}
		if s.Name == "default" {
			if !s.Match.IsZero() {
				t.Errorf("default: has match rules %q; it must be reached by name only", s.Match.String())
			}
			continue
		}
		// Every state is reachable by token, for clients that cannot add headers.
		want := scenarios.MatchRules{Token: s.Name + "-*"}
		if s.Match.String() != want.String() {
			t.Errorf("%s: match %q, want %q", s.Name, s.Match.String(), want.String())
		}
		if got, ok := c.Match(dept, s.Name+"-42", nil); !ok || got != s {
			t.Errorf("token %s-42 selects %v, want %s", s.Name, got, s.Name)
		}
	}
}

// longTests reports whether PROFILEMOCK_LONG_TESTS=1 asks for the full counts (CI's second test
// step); without it the tests run the smaller counts that still reach every branch.
func longTests() bool { return os.Getenv("PROFILEMOCK_LONG_TESTS") == "1" }

// TestBuiltinBodiesHonourTheContract renders every step of every on-contract built-in scenario for
// many requests and validates the bytes at both levels: 200 tokens per step in the long run, 20
// otherwise. What this test adds to the generator's own contract test (scenarios/profile's
// TestSchemaValid, 1,000 bodies and more) is each scenario's layer: its shape, statuses, warnings,
// patches and overrides, which are the same for every token. 20 tokens per step (2 of the ten times
// larger large-profile) reach the same statements of the loader, the renderer and the generator as
// 200 (go test -cover).
func TestBuiltinBodiesHonourTheContract(t *testing.T) {
	c, set := loadBuiltin(t)
	tokens := 20
	if longTests() {
		tokens = 200
	}
	for _, s := range c.All() {
		if s.OffContract {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			tokens := tokens
			if s.Name == "large-profile" {
				tokens /= 8 // ten times the body of the others
			}
			for i := range s.Steps {
				r := &s.Steps[i]
				switch r.Status {
				case 200:
					for k := 0; k < tokens; k++ {
						body, err := r.Render200(uint64(k)*7919, dept, fmt.Sprintf("%s-%d", s.Name, k))
						if err != nil {
							t.Fatal(err)
						}
						mustValidate(t, set, 200, body, fmt.Sprintf("step %d token %d", i, k))
					}
				case 204:
					if b := r.ErrorBody(); b != nil {
						t.Errorf("step %d: a 204 has a body: %s", i, b)
					}
				default:
					mustValidate(t, set, r.Status, r.ErrorBody(), fmt.Sprintf("step %d", i))
				}
			}
		})
	}
}

func mustValidate(t *testing.T, set *schemas.Set, status int, body []byte, what string) {
	t.Helper()
	for _, lv := range []schemas.Level{schemas.Contract, schemas.Strict} {
		vs, err := set.Validate(status, lv, body)
		if err != nil || len(vs) > 0 {
			t.Fatalf("%s: %d body breaks the %s level: %v %v\n%s", what, status, lv, err, vs, body)
		}
	}
}

func get(t *testing.T, c *scenarios.Catalog, name string) *scenarios.Scenario {
	t.Helper()
	s, ok := c.Get(name)
	if !ok {
		t.Fatalf("no scenario %q", name)
	}
	return s
}

func render(t *testing.T, r *scenarios.Response, token string) *profile.Response {
	t.Helper()
	b, err := r.Render200(1, dept, token)
	if err != nil {
		t.Fatal(err)
	}
	var p profile.Response
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	return &p
}

func itemStatuses(p *profile.Response) []string {
	var out []string
	for _, it := range p.CustomerProfileDataRequestDTO.Items {
		out = append(out, it.Status)
	}
	return out
}

func TestBuiltinApprovalFlow(t *testing.T) {
	c, _ := loadBuiltin(t)
	s := get(t, c, "approval-flow")
	if s.Cycle {
		t.Fatal("approval-flow cycles; its last step must repeat")
	}
	want := []string{"REQUESTED", "PENDING_APPROVAL", "COMPLETED", "COMPLETED", "COMPLETED", "COMPLETED"}
	for n, st := range want {
		for k := 0; k < 20; k++ {
			p := render(t, s.Step(n), fmt.Sprintf("approval-flow-%d", k))
			got := itemStatuses(p)
			if len(got) == 0 {
				t.Fatalf("call %d: no items", n)
			}
			for _, g := range got {
				if g != st {
					t.Fatalf("call %d: item statuses %v, want all %s", n, got, st)
				}
			}
		}
	}
	// The same customer all along: only the documents move.
	a, b := render(t, s.Step(0), "approval-flow-1"), render(t, s.Step(2), "approval-flow-1")
	if a.CustomerProfileDataRequestDTO.CustomerInfo.UUID != b.CustomerProfileDataRequestDTO.CustomerInfo.UUID {
		t.Error("the customer changes between the steps of approval-flow")
	}
}

func TestBuiltinFlaky(t *testing.T) {
	c, _ := loadBuiltin(t)
	s := get(t, c, "flaky")
	var got []int
	for n := 0; n < 9; n++ {
		got = append(got, s.Step(n).Status)
	}
	if want := []int{200, 200, 500, 200, 200, 500, 200, 200, 500}; !slices.Equal(got, want) {
		t.Errorf("flaky statuses over 9 calls: %v, want %v", got, want)
	}
}

func TestBuiltinStatusScenarios(t *testing.T) {
	c, _ := loadBuiltin(t)
	for _, st := range profile.ItemStatuses() {
		name := "status-" + strings.ReplaceAll(strings.ToLower(st), "_", "-")
		s := get(t, c, name)
		for k := 0; k < 50; k++ {
			got := itemStatuses(render(t, s.Step(0), fmt.Sprint(k)))
			if len(got) == 0 {
				t.Fatalf("%s: no items", name)
			}
			for _, g := range got {
				if g != st {
					t.Fatalf("%s: item statuses %v, want all %s", name, got, st)
				}
			}
		}
	}
	for name, st := range map[string]string{"pending-approval": "PENDING_APPROVAL", "all-declined": "DECLINED"} {
		for k := 0; k < 50; k++ {
			for _, g := range itemStatuses(render(t, get(t, c, name).Step(0), fmt.Sprint(k))) {
				if g != st {
					t.Fatalf("%s: an item is %s", name, g)
				}
			}
		}
	}
}

func TestBuiltinMinimalProfile(t *testing.T) {
	c, _ := loadBuiltin(t)
	for k := 0; k < 20; k++ {
		p := render(t, get(t, c, "minimal-profile").Step(0), fmt.Sprint(k))
		d := &p.CustomerProfileDataRequestDTO
		ci := &d.CustomerInfo
		if n := len(d.Items) + len(ci.Vehicles) + len(ci.Communications) + len(ci.SecondaryCustomerData) + len(d.Attributes) + len(p.Warnings) + len(p.Errors); n != 0 {
			t.Fatalf("minimal-profile has %d array entries: %+v", n, p)
		}
		if ci.Fname != "" || ci.Lname != "" || ci.Company != "" || d.DealerInfo.Name != "" || d.VehicleInfo.Make != "" {
			t.Fatalf("minimal-profile has text: %+v", p)
		}
		if ci.UUID == "" || d.VaultDataRequestUUID == "" {
			t.Fatal("minimal-profile lost its ids")
		}
	}
}

func TestBuiltinLargeProfile(t *testing.T) {
	c, _ := loadBuiltin(t)
	p := render(t, get(t, c, "large-profile").Step(0), "large-profile-1")
	d := &p.CustomerProfileDataRequestDTO
	if len(d.CustomerInfo.Vehicles) != 12 || len(d.Items) != 40 {
		t.Fatalf("large-profile: %d vehicles, %d items; want 12 and 40", len(d.CustomerInfo.Vehicles), len(d.Items))
	}
	reviewed := 0
	for _, it := range d.Items {
		if it.Status == profile.StatusCompleted || it.Status == profile.StatusDeclined {
			reviewed++
			if len(it.Reviews) != 6 {
				t.Errorf("a %s item has %d reviews, want 5 rounds and the final one", it.Status, len(it.Reviews))
			}
		}
	}
	if reviewed == 0 {
		t.Error("large-profile has no reviewed item")
	}
}

func TestBuiltinUnicodeNames(t *testing.T) {
	c, _ := loadBuiltin(t)
	s := get(t, c, "unicode-names")
	nonASCII, han, rtl := 0, false, false
	const n = 200
	for k := 0; k < n; k++ {
		p := render(t, s.Step(0), fmt.Sprint("unicode-names-", k))
		ci := &p.CustomerProfileDataRequestDTO.CustomerInfo
		names := ci.Fname + ci.Lname
		if names != strings.ToValidUTF8(names, "") {
			t.Fatalf("invalid UTF-8 in %q", names)
		}
		for _, r := range names {
			if r > unicode.MaxASCII {
				nonASCII++
				break
			}
		}
		for _, co := range ci.SecondaryCustomerData {
			names += co.Fname + co.Lname
		}
		for _, r := range names {
			han = han || unicode.Is(unicode.Han, r)
			rtl = rtl || unicode.Is(unicode.Arabic, r) || unicode.Is(unicode.Hebrew, r)
		}
	}
	if nonASCII < n*3/4 || !han || !rtl {
		t.Errorf("unicode-names: %d of %d customers with a non-ASCII name (want most), CJK %v, right-to-left %v", nonASCII, n, han, rtl)
	}
}

func TestBuiltinOtherStates(t *testing.T) {
	c, _ := loadBuiltin(t)
	p := render(t, get(t, c, "with-warnings").Step(0), "w")
	if len(p.Warnings) != 2 || p.Warnings[0].WarningCode == p.Warnings[1].WarningCode {
		t.Errorf("with-warnings: %+v, want 2 distinct warnings", p.Warnings)
	}
	if d := get(t, c, "slow").Step(0).Delay; d.Min != 2*time.Second || d.Max != 2*time.Second {
		t.Errorf("slow: delay %v, want 2s", d)
	}
	for name, status := range map[string]int{"no-content": 204, "bad-request": 400, "unauthorized": 401, "server-error": 500, "default": 200} {
		r := get(t, c, name).Step(0)
		if r.Status != status || r.Fault != "" || !r.Delay.IsZero() {
			t.Errorf("%s: %+v, want a plain %d", name, r, status)
		}
	}
	for _, f := range scenarios.Faults() {
		s := get(t, c, string(f))
		if !s.OffContract || s.Step(0).Fault != f {
			t.Errorf("%s: offContract %v, fault %q", f, s.OffContract, s.Step(0).Fault)
		}
	}
	for _, s := range c.All() {
		if s.OffContract != (s.Step(0).Fault != "") {
			t.Errorf("%s: off-contract %v but fault %q: only the fault scenarios break the contract", s.Name, s.OffContract, s.Step(0).Fault)
		}
	}
}

// TestRender200Deterministic: the same inputs give the same bytes, and the default scenario gives
// exactly what the generator gives, encoded as the mock encodes.
func TestRender200Deterministic(t *testing.T) {
	c, _ := loadBuiltin(t)
	r := get(t, c, "default").Step(0)
	a, err := r.Render200(7, dept, "tok")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Render200(7, dept, "tok")
	if !bytes.Equal(a, b) {
		t.Fatal("Render200 is not deterministic")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(profile.Generate(7, dept, "tok", profile.DefaultShape())); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, buf.Bytes()) {
		t.Error("the default scenario's body differs from profile.Generate with the default shape")
	}
	if c, _ := r.Render200(8, dept, "tok"); bytes.Equal(a, c) {
		t.Error("another seed gives the same body")
	}
	if _, err := get(t, c, "no-content").Step(0).Render200(1, dept, "t"); err == nil {
		t.Error("Render200 of a 204 step: want an error")
	}
}

func BenchmarkRender200(b *testing.B) {
	c, _ := loadBuiltin(b)
	s, _ := c.Get("default")
	r := s.Step(0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := r.Render200(uint64(i), dept, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender200Patched(b *testing.B) {
	set := loadSchemas(b)
	c, err := scenarios.Load(set, source(map[string]string{"p.yaml": "name: p\ndescription: d\nresponse:\n  patch: {customerProfileDataRequestDTO: {dealerInfo: {name: Acme Motors}}}\n"}))
	if err != nil {
		b.Fatal(err)
	}
	r := c.All()[0].Step(0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := r.Render200(uint64(i), dept, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBuiltin is the start-up cost of the library: parsing, and rendering and validating
// every step against the contract.
func BenchmarkLoadBuiltin(b *testing.B) {
	set := loadSchemas(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scenarios.LoadDefault(set, "", true); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBuiltinPassesTheLoadCheck: LoadDefault trusts the built-in files
// (Proven) to start fast; this is the check it skips, run on them here.
func TestBuiltinPassesTheLoadCheck(t *testing.T) {
	if _, err := scenarios.Load(loadSchemas(t), scenarios.Source{FS: scenarios.Builtin(), Label: scenarios.BuiltinLabel}); err != nil {
		t.Fatalf("a built-in scenario fails the contract check that user files get:\n%v", err)
	}
}

// TestBuiltinErrorCodesAreListed: every errorCode a built-in scenario answers
// with is in the one table of the toolkit's codes, as a scenario's, with its
// status.
func TestBuiltinErrorCodesAreListed(t *testing.T) {
	c, _ := loadBuiltin(t)
	listed := map[int32]schemas.ErrorCode{}
	for _, ec := range schemas.ErrorCodes() {
		listed[ec.Code] = ec
	}
	seen := 0
	for _, s := range c.All() {
		for i := range s.Steps {
			for _, e := range s.Steps[i].Errors {
				seen++
				ec, ok := listed[e.ErrorCode]
				switch {
				case !ok:
					t.Errorf("%s step %d answers errorCode %d, which schemas.ErrorCodes does not list", s.Name, i, e.ErrorCode)
				case ec.Sender != schemas.SentByScenario || ec.Status != s.Steps[i].Status:
					t.Errorf("%s step %d: errorCode %d with HTTP %d; the table has it as %s's, with HTTP %d", s.Name, i, e.ErrorCode, s.Steps[i].Status, ec.Sender, ec.Status)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no built-in scenario has an error entry")
	}
}
