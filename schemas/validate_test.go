package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/profilemock/profilemock/schemas"
)

func load(t testing.TB) *schemas.Set {
	t.Helper()
	s, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func pageExample(t testing.TB, status int) []byte {
	t.Helper()
	for _, sec := range readPage(t) {
		if sec.status == status {
			return sec.example
		}
	}
	t.Fatalf("page has no example for %d", status)
	return nil
}

func TestPageExamplesAreValid(t *testing.T) {
	s := load(t)
	for _, st := range schemas.Statuses {
		ex := pageExample(t, st)
		vs, err := s.Validate(st, schemas.Contract, ex)
		if err != nil || len(vs) > 0 {
			t.Errorf("status %d: page example rejected at the contract level: %v %v", st, err, vs)
		}
	}
	// The 200 example lists every field and nothing else, so it is strict too.
	if vs, err := s.Validate(200, schemas.Strict, pageExample(t, 200)); err != nil || len(vs) > 0 {
		t.Errorf("200 example rejected at the strict level: %v %v", err, vs)
	}
}

// mutate decodes body, applies fn to it, and encodes it again.
func mutate(t testing.TB, body []byte, fn func(root map[string]any)) []byte {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var root map[string]any
	if err := d.Decode(&root); err != nil {
		t.Fatal(err)
	}
	fn(root)
	out, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// parent walks to the container of the last token of a slash path and calls
// fn with it and that token.
func parent(root any, path string, fn func(container any, key string)) {
	toks := strings.Split(strings.TrimPrefix(path, "/"), "/")
	cur := root
	for _, tok := range toks[:len(toks)-1] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			cur = c[tok[0]-'0']
		}
	}
	fn(cur, toks[len(toks)-1])
}

func set(path string, raw string) func(map[string]any) {
	return func(root map[string]any) {
		var v any
		d := json.NewDecoder(strings.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			panic(err)
		}
		parent(root, path, func(c any, k string) {
			switch c := c.(type) {
			case map[string]any:
				c[k] = v
			case []any:
				c[k[0]-'0'] = v
			}
		})
	}
}

func del(path string) func(map[string]any) {
	return func(root map[string]any) {
		parent(root, path, func(c any, k string) { delete(c.(map[string]any), k) })
	}
}

const dto = "/customerProfileDataRequestDTO"

// TestRejects: single mutations of the page's examples, each with the JSON
// pointer the validator must name. strictOnly rows break only the strict
// level: the contract level invents no required field and no closed object.
func TestRejects(t *testing.T) {
	s := load(t)
	cases := []struct {
		name       string
		status     int
		change     func(map[string]any)
		pointer    string
		strictOnly bool
	}{
		{"customer id as a string", 200, set(dto+"/customerInfo/id", `"1"`), dto + "/customerInfo/id", false},
		{"customer id beyond int64", 200, set(dto+"/customerInfo/id", `9223372036854775808`), dto + "/customerInfo/id", false},
		{"customer id below int64", 200, set(dto+"/customerInfo/id", `-9223372036854775809`), dto + "/customerInfo/id", false},
		{"dealerId 1.5", 200, set(dto+"/customerInfo/dealerId", `1.5`), dto + "/customerInfo/dealerId", false},
		{"fname null", 200, set(dto+"/customerInfo/fname", `null`), dto + "/customerInfo/fname", false},
		{"customerInfo null", 200, set(dto+"/customerInfo", `null`), dto + "/customerInfo", false},
		{"vehicles not an array", 200, set(dto+"/customerInfo/vehicles", `{"vin":"x"}`), dto + "/customerInfo/vehicles", false},
		{"year as a number", 200, set(dto+"/customerInfo/vehicles/0/year", `2020`), dto + "/customerInfo/vehicles/0/year", false},
		{"isValid as a string", 200, set(dto+"/customerInfo/vehicles/0/isValid", `"true"`), dto + "/customerInfo/vehicles/0/isValid", false},
		{"vehicleInfo vin a number", 200, set(dto+"/vehicleInfo/vin", `123`), dto + "/vehicleInfo/vin", false},
		{"vehicleInfo id as a string", 200, set(dto+"/vehicleInfo/id", `"7"`), dto + "/vehicleInfo/id", false},
		{"preferred as a string", 200, set(dto+"/customerInfo/communications/0/preferred", `"yes"`), dto + "/customerInfo/communications/0/preferred", false},
		{"communications a string", 200, set(dto+"/customerInfo/communications", `"none"`), dto + "/customerInfo/communications", false},
		{"co-owner customerId a string", 200, set(dto+"/customerInfo/secondaryCustomerData/0/customerId", `"x"`), dto + "/customerInfo/secondaryCustomerData/0/customerId", false},
		{"dealerUUID a number", 200, set(dto+"/dealerInfo/dealerUUID", `42`), dto + "/dealerInfo/dealerUUID", false},
		{"vaultDataRequestUUID false", 200, set(dto+"/vaultDataRequestUUID", `false`), dto + "/vaultDataRequestUUID", false},
		{"items an object", 200, set(dto+"/items", `{}`), dto + "/items", false},
		{"status not in the enum", 200, set(dto+"/items/0/status", `"CANCELLED"`), dto + "/items/0/status", false},
		{"status in lower case", 200, set(dto+"/items/0/status", `"completed"`), dto + "/items/0/status", false},
		{"reviewStatus not in the enum", 200, set(dto+"/items/0/reviews/0/reviewStatus", `"REJECTED"`), dto + "/items/0/reviews/0/reviewStatus", false},
		{"reviewedAtDateTime a number", 200, set(dto+"/items/0/reviews/0/reviewedAtDateTime", `1700000000`), dto + "/items/0/reviews/0/reviewedAtDateTime", false},
		{"associate isValid 1", 200, set(dto+"/items/0/dealerAssociatesWithApprovalAuthority/0/isValid", `1`), dto + "/items/0/dealerAssociatesWithApprovalAuthority/0/isValid", false},
		{"metadata a string", 200, set(dto+"/items/0/dealerSupportedItemMetaData", `"meta"`), dto + "/items/0/dealerSupportedItemMetaData", false},
		{"required null", 200, set(dto+"/items/0/required", `null`), dto + "/items/0/required", false},
		{"isBackPageSupported a string", 200, set(dto+"/items/0/isBackPageSupported", `"false"`), dto + "/items/0/isBackPageSupported", false},
		{"departmentUuid a number", 200, set(dto+"/departmentUuid", `7`), dto + "/departmentUuid", false},
		{"attributes value not a string", 200, set(dto+"/attributes", `{"k":1}`), dto + "/attributes/k", false},
		{"attributes an array", 200, set(dto+"/attributes", `[]`), dto + "/attributes", false},
		{"DTO a string", 200, set(dto, `"x"`), dto, false},
		{"200 errors as an object", 200, set("/errors", `{"errorCode":1}`), "/errors", false},
		{"200 errorCode int32 overflow", 200, set("/errors/0/errorCode", `2147483648`), "/errors/0/errorCode", false},
		{"200 errorCode int32 underflow", 200, set("/errors/0/errorCode", `-2147483649`), "/errors/0/errorCode", false},
		{"200 errorDescription a number", 200, set("/errors/0/errorDescription", `1`), "/errors/0/errorDescription", false},
		{"warningCode int32 overflow", 200, set("/warnings/0/warningCode", `2147483648`), "/warnings/0/warningCode", false},
		{"warnings a string", 200, set("/warnings", `"none"`), "/warnings", false},
		{"400 errors as an object", 400, set("/errors", `{}`), "/errors", false},
		{"400 errorCode as a string", 400, set("/errors/0/errorCode", `"500"`), "/errors/0/errorCode", false},
		{"401 errorCode int32 overflow", 401, set("/errors/0/errorCode", `2147483648`), "/errors/0/errorCode", false},
		{"500 error entry null", 500, set("/errors/0", `null`), "/errors/0", false},
		{"500 errorMessage null", 500, set("/errors/0/errorMessage", `null`), "/errors/0/errorMessage", false},
		{"204 warningTitle a number", 204, set("/warnings/0/warningTitle", `5`), "/warnings/0/warningTitle", false},
		// Strict only.
		{"unknown top-level field", 200, set("/extra", `1`), "/extra", true},
		{"unknown vehicle field", 200, set(dto+"/customerInfo/vehicles/0/color", `"red"`), dto + "/customerInfo/vehicles/0/color", true},
		{"missing vin", 200, del(dto + "/customerInfo/vehicles/0/vin"), dto + "/customerInfo/vehicles/0/vin", true},
		{"missing attributes", 200, del(dto + "/attributes"), dto + "/attributes", true},
		{"missing reviews", 200, del(dto + "/items/0/reviews"), dto + "/items/0/reviews", true},
		{"200 error entry without errorDescription", 200, del("/errors/0/errorDescription"), "/errors/0/errorDescription", true},
		{"400 error entry with errorDescription", 400, set("/errors/0/errorDescription", `"x"`), "/errors/0/errorDescription", true},
		{"missing warnings", 500, del("/warnings"), "/warnings", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := mutate(t, pageExample(t, c.status), c.change)
			for _, lv := range []schemas.Level{schemas.Contract, schemas.Strict} {
				vs, err := s.Validate(c.status, lv, body)
				if err != nil {
					t.Fatalf("%s: %v", lv, err)
				}
				if lv == schemas.Contract && c.strictOnly {
					if len(vs) > 0 {
						t.Errorf("contract level rejected a body only the strict level may reject: %v", vs)
					}
					continue
				}
				if len(vs) == 0 {
					t.Fatalf("%s level accepted it; body: %s", lv, body)
				}
				found := false
				for _, v := range vs {
					if v.Pointer == c.pointer {
						found = true
						if v.Expected == "" || v.Found == "" {
							t.Errorf("%s: violation %+v lacks what was expected or found", lv, v)
						}
					}
				}
				if !found {
					t.Errorf("%s level: want a violation at %s, got %v", lv, c.pointer, vs)
				}
			}
		})
	}
}

func TestViolationText(t *testing.T) {
	s := load(t)
	body := mutate(t, pageExample(t, 200), set(dto+"/items/0/status", `"CANCELLED"`))
	vs, err := s.Validate(200, schemas.Contract, body)
	if err != nil || len(vs) != 1 {
		t.Fatalf("want one violation, got %v %v", vs, err)
	}
	want := dto + `/items/0/status: expected one of SCHEDULED, REQUESTED, PENDING_APPROVAL, COMPLETED, DECLINED, found string "CANCELLED"`
	if got := vs[0].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	body = mutate(t, pageExample(t, 400), set("/errors/0/errorCode", `2147483648`))
	vs, _ = s.Validate(400, schemas.Contract, body)
	if len(vs) != 1 || !strings.Contains(vs[0].Expected, "int32") || vs[0].Found != "number 2147483648" {
		t.Errorf("int32 overflow explained as %v", vs)
	}
}

// TestClipKeepsWholeCharacters: wherever the limit falls in a multi-byte character, the cut moves
// back to the character's start; the output is a prefix of the input plus the marker.
func TestClipKeepsWholeCharacters(t *testing.T) {
	for _, tt := range []struct {
		s      string
		most   int
		marker string
		want   string
	}{
		{"short", 10, "…", "short"},
		{"exactly", 7, "…", "exactly"},
		{"abcdef", 3, "...", "abc..."},
		{"abé", 3, "…", "ab…"},                                 // 2-byte é at bytes 2-3, cut inside
		{"ab€cd", 3, "…", "ab…"},                               // 3-byte €, cut after its first byte
		{"ab€cd", 4, "…", "ab…"},                               // cut after its second byte
		{"ab€cd", 5, "…", "ab€…"},                              // cut after it
		{"a😀b", 2, "", "a"},                                    // 4-byte emoji, cut after its first byte
		{"a😀b", 4, "", "a"},                                    // cut before its last byte
		{"a😀b", 5, "", "a😀"},                                   // cut after it
		{"\x80\x80\x80\x80\x80x", 4, "…", "\x80\x80\x80\x80…"}, // not UTF-8: cut where asked
		{"abc", 0, "…", "…"},
	} {
		got := schemas.Clip(tt.s, tt.most, tt.marker)
		if got != tt.want {
			t.Errorf("Clip(%q, %d, %q) = %q, want %q", tt.s, tt.most, tt.marker, got, tt.want)
		}
	}
	// Every limit over a run of mixed widths.
	s := strings.Repeat("aé€😀", 8)
	for most := 0; most <= len(s); most++ {
		got := schemas.Clip(s, most, "")
		if !utf8.ValidString(got) || !strings.HasPrefix(s, got) || len(got) > most || len(got) < most-3 {
			t.Errorf("Clip(%q, %d) = %q: want a valid prefix of at most %d bytes", s, most, got, most)
		}
	}
}

func TestValidateErrors(t *testing.T) {
	s := load(t)
	var unknown *schemas.UnknownStatusError
	if _, err := s.Validate(418, schemas.Contract, []byte(`{}`)); !errors.As(err, &unknown) {
		t.Errorf("status 418: want UnknownStatusError, got %v", err)
	}
	var notJSON *schemas.NotJSONError
	for _, body := range []string{"", "   ", "{", `{"errors":[]} x`, "<html>", `{"a":1}{"b":2}`} {
		if _, err := s.Validate(200, schemas.Contract, []byte(body)); !errors.As(err, &notJSON) {
			t.Errorf("body %q: want NotJSONError, got %v", body, err)
		}
	}
	if vs, err := s.Validate(204, schemas.Strict, nil); err != nil || vs != nil {
		t.Errorf("empty 204: want valid, got %v %v", vs, err)
	}
	if vs, err := s.Validate(200, schemas.Contract, []byte(`[]`)); err != nil || len(vs) != 1 || vs[0].Pointer != "" {
		t.Errorf("array body: want one violation at the root, got %v %v", vs, err)
	}
}

func FuzzValidate(f *testing.F) {
	s := load(f)
	for _, st := range schemas.Statuses {
		f.Add(st, false, pageExample(f, st))
	}
	f.Add(200, true, []byte(`{"customerProfileDataRequestDTO":{"items":[{"status":null}]}}`))
	f.Add(200, false, []byte(`{"errors":[{"errorCode":1e999}]}`))
	f.Fuzz(func(t *testing.T, status int, strict bool, body []byte) {
		lv := schemas.Contract
		if strict {
			lv = schemas.Strict
		}
		vs, err := s.Validate(status, lv, body)
		for _, v := range vs {
			if v.Expected == "" || v.Found == "" {
				t.Fatalf("violation without text: %+v", v)
			}
		}
		if err == nil && len(vs) == 0 && json.Valid(body) == false && !(status == 204 && len(bytes.TrimSpace(body)) == 0) {
			t.Fatalf("invalid JSON accepted: %q", body)
		}
	})
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schemas.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate200(b *testing.B) {
	s := load(b)
	body := pageExample(b, 200)
	for _, lv := range []schemas.Level{schemas.Contract, schemas.Strict} {
		b.Run(lv.String(), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if vs, err := s.Validate(200, lv, body); err != nil || len(vs) > 0 {
					b.Fatal(err, vs)
				}
			}
		})
	}
}

// TestDecodeJSONCauses: the admin API words the cause of a refusal itself, so each cause must
// stay reachable through the NotJSONError.
func TestDecodeJSONCauses(t *testing.T) {
	var v any
	for _, tt := range []struct {
		body  string
		cause error
	}{
		{"", io.EOF},
		{" \n", io.EOF},
		{"{} {}", schemas.ErrTrailingData},
		{"{}x", schemas.ErrTrailingData},
		{"[1]]", schemas.ErrTrailingData},
		{"{", io.ErrUnexpectedEOF},
	} {
		err := schemas.DecodeJSON([]byte(tt.body), &v)
		var notJSON *schemas.NotJSONError
		if !errors.As(err, &notJSON) || !errors.Is(err, tt.cause) {
			t.Errorf("DecodeJSON(%q) = %v, want a NotJSONError caused by %v", tt.body, err, tt.cause)
		}
	}
	var s struct{ A string }
	if err := schemas.DecodeJSON([]byte(`{"A":"x","B":1}`), &s); err == nil || !strings.Contains(err.Error(), `unknown field "B"`) {
		t.Errorf("a member without a field: %v, want it refused", err)
	}
}
