package rules

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

func TestRoute(t *testing.T) {
	for _, tc := range []struct {
		template, base, dept, token, want string
	}{
		{"", "http://h:8080", "D", "ok-1", "http://h:8080/department/D/customer-profile/ok-1"},
		{"", "http://h/api/", "D", "ok 1", "http://h/api/department/D/customer-profile/ok%201"},
		{"", "http://h", "{x}", "a/b%\x01\x7f\xc3\xa9", "http://h/department/%7Bx%7D/customer-profile/a%2Fb%25%01%7F%C3%A9"},
		{"", "http://h", "urn:uuid:1", "", "http://h/department/urn:uuid:1/customer-profile/"},
		{"/x/%22q%22/{departmentUuid}/{customerProfileViewRequestToken}", "http://h", "D", "t", "http://h/x/%22q%22/D/t"},
		{"/p/{departmentUuid}?the%20token={customerProfileViewRequestToken}", "http://h", "D", "t", "http://h/p/D?the%20token=t"},
		{"/v2/p/{departmentUuid}?token={customerProfileViewRequestToken}&x=1", "https://h/gw", "D", "a b&c", "https://h/gw/v2/p/D?token=a+b%26c&x=1"},
	} {
		r, err := ParseRoute(tc.template)
		if err != nil {
			t.Fatal(err)
		}
		got := r.URL(tc.base, tc.dept, tc.token)
		if got != tc.want {
			t.Errorf("%q.URL(%q, %q, %q) = %q, want %q", tc.template, tc.base, tc.dept, tc.token, got, tc.want)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		dept, token, ok := r.Match(u)
		if !ok || dept != tc.dept || token != tc.token {
			t.Errorf("Match(%q) = %q, %q, %v; want %q, %q", got, dept, token, ok, tc.dept, tc.token)
		}
	}
	r, _ := ParseRoute("")
	for _, p := range []string{"/department/D/customer-profile", "/department//customer-profile/t", "/x/department/D/customer-profile/t/y", "/healthz"} {
		if _, _, ok := r.Match(&url.URL{Path: p}); ok {
			t.Errorf("Match(%q): want no match", p)
		}
	}
	for _, bad := range []string{
		"department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}",
		"/{departmentUuid}",
		"/{departmentUuid}/{departmentUuid}/{customerProfileViewRequestToken}",
		"/{departmentUuid}/{customerProfileViewRequestToken}/{other}",
		"/{departmentUuid}/{customerProfileViewRequestToken}#f",
		"/{departmentUuid}?t=x{customerProfileViewRequestToken}",
		"/0{departmentUuid}{customerProfileViewRequestToken}",
		"/{departmentUuid}-{customerProfileViewRequestToken}",
		// Literals a client sends escaped, or cannot send: the route would
		// never match (the fuzz crashers under testdata/fuzz/FuzzParseRoute).
		`/x/"q"/{departmentUuid}/{customerProfileViewRequestToken}`,
		"/x/é/{departmentUuid}/{customerProfileViewRequestToken}",
		"/x/%zz/{departmentUuid}/{customerProfileViewRequestToken}",
		"/{departmentUuid}?\x10={customerProfileViewRequestToken}",
		"/{departmentUuid}?a%zz={customerProfileViewRequestToken}",
		"/{departmentUuid}?t=1&t={customerProfileViewRequestToken}",
		"/{departmentUuid}?a;b={customerProfileViewRequestToken}",
	} {
		if _, err := ParseRoute(bad); err == nil {
			t.Errorf("ParseRoute(%q): no error", bad)
		}
	}
}

func FuzzParseRoute(f *testing.F) {
	f.Add(DefaultPath, "D", "t")
	f.Add("/p/{departmentUuid}?token={customerProfileViewRequestToken}", "a b", "%zz")
	f.Fuzz(func(t *testing.T, template, dept, token string) {
		r, err := ParseRoute(template)
		if err != nil || dept == "" || strings.Contains(template, "?") && (strings.Contains(dept, "\x00") || strings.Contains(token, "\x00")) {
			return
		}
		u, err := url.Parse(r.URL("http://h", dept, token))
		if err != nil {
			t.Fatalf("the URL does not parse: %v", err)
		}
		if d, tk, ok := r.Match(u); !ok || d != dept || tk != token {
			t.Fatalf("%q: Match gave %q, %q, %v for %q, %q", template, d, tk, ok, dept, token)
		}
	})
}

func TestHeaders(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "application/json; charset=utf-8": true, "Application/JSON": true,
		"application/problem+json": true, "text/plain": false, "": false, "text/json": false, "application/jsonx": false,
	} {
		if IsJSON(ct) != want {
			t.Errorf("IsJSON(%q) != %v", ct, want)
		}
	}
	h := http.Header{"Content-Type": {"text/plain"}}
	if vs := ContentType(200, h); len(vs) != 1 || vs[0].Found != `Content-Type "text/plain"` {
		t.Errorf("%v", vs)
	}
	if vs := ContentType(204, h); vs != nil {
		t.Errorf("204: %v", vs)
	}
	if vs := NoBody(http.Header{"Content-Length": {"0"}}, nil, nil); vs != nil {
		t.Errorf("%v", vs)
	}
	if vs := NoBody(http.Header{"Content-Length": {"5"}}, []string{"chunked"}, []byte("x")); len(vs) != 1 ||
		vs[0].Found != "Content-Length: 5, Transfer-Encoding: chunked, 1 bytes of body" {
		t.Errorf("%v", vs)
	}
	if vs := Challenge(401, http.Header{}); len(vs) != 1 {
		t.Errorf("%v", vs)
	}
	if vs := Status(403); len(vs) != 1 || vs[0].Found != "status 403 Forbidden" {
		t.Errorf("%v", vs)
	}
	if vs := Status(204); vs != nil {
		t.Errorf("%v", vs)
	}
}

func TestExpect(t *testing.T) {
	const d = "3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10"
	mock, none := MockRules(), Declared{}
	for _, tc := range []struct {
		dept, token string
		auth        []string
		declared    Declared
		want        []int
	}{
		{d, "ok-1", []string{"Bearer x"}, mock, nil},
		{d, "ok-1", nil, mock, []int{401}},
		{d, "ok-1", []string{"  "}, mock, []int{401}},
		{"nope", "ok-1", []string{"Bearer x"}, mock, []int{400, 401}},
		{d, "ok 1", []string{"Bearer x"}, mock, []int{400, 401}},
		{d, strings.Repeat("x", 513), []string{"Bearer x"}, mock, []int{400, 401}},
		{d, strings.Repeat("x", 512), []string{"Bearer x"}, mock, nil},
		{"nope", "ok-1", nil, mock, []int{400, 401}},
		// Undeclared, the token is the page's plain string: nothing is implied.
		{d, "ok 1", []string{"Bearer x"}, none, nil},
		{d, strings.Repeat("x", 513), []string{"Bearer x"}, none, nil},
		{"nope", "ok-1", []string{"Bearer x"}, none, []int{400, 401}},
		{d, "ok-1", nil, none, []int{401}},
	} {
		got, why := Expect(tc.dept, tc.token, tc.auth, tc.declared)
		if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("Expect(%q, %q…, %q) = %v (%s), want %v", tc.dept, tc.token[:min(8, len(tc.token))], tc.auth, got, why, tc.want)
		}
	}
	if vs := Expected(200, []int{400, 401}, "why"); len(vs) != 1 || vs[0].Expected != "status 400 or 401 (why)" || vs[0].Found != "status 200 OK" {
		t.Errorf("%v", vs)
	}
	if vs := Expected(401, []int{400, 401}, "why"); vs != nil {
		t.Errorf("%v", vs)
	}
}

func TestBodyNotJSON(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	vs, err := Body(set, 500, schemas.Contract, []byte("<html>oops</html>"))
	if err != nil || len(vs) != 1 || vs[0].Expected != "a JSON body" || !strings.Contains(vs[0].Found, `starting "<html>oops</html>"`) {
		t.Errorf("%v %v", vs, err)
	}
	if _, err := Body(set, 418, schemas.Contract, []byte("{}")); err == nil {
		t.Error("status 418: no error")
	}
}

// TestDecodeExactlyOneValue: the rules judge the one value of a body; a body with more after it is
// not the JSON the contract documents, so Decode refuses it instead of judging only its start.
func TestDecodeExactlyOneValue(t *testing.T) {
	for _, body := range []string{"{} {}", "{}x", `{"a":1}]`, "", "{"} {
		if v, err := Decode([]byte(body)); err == nil {
			t.Errorf("Decode(%q) = %v, want an error", body, v)
		}
	}
	v, err := Decode([]byte(" {\"n\": 9007199254740993}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n := v.(map[string]any)["n"]; n != json.Number("9007199254740993") {
		t.Errorf("n = %#v, want the exact json.Number", n)
	}
}

// TestProfileRules applies the semantic rules to the mock's golden profile
// and to broken copies of it.
func TestProfileRules(t *testing.T) {
	b, err := os.ReadFile("../../scenarios/profile/testdata/default.json")
	if err != nil {
		t.Fatal(err)
	}
	fresh := func() map[string]any {
		v, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		return v.(map[string]any)
	}
	v := fresh()
	dto := v["customerProfileDataRequestDTO"].(map[string]any)
	dept := dto["departmentUuid"].(string)
	if vs := Profile(v, dept); len(vs) != 0 {
		t.Fatalf("the golden profile breaks the rules: %v", vs)
	}
	if vs := Profile(v, strings.ToUpper(dept)); len(vs) != 0 {
		t.Errorf("case matters: %v", vs)
	}
	if vs := Department(v, "00000000-0000-4000-8000-000000000000"); len(vs) != 1 || vs[0].Pointer != "/customerProfileDataRequestDTO/departmentUuid" {
		t.Errorf("%v", vs)
	}
	if vs := Associates(v, "00000000-0000-4000-8000-000000000000"); len(vs) == 0 {
		t.Errorf("associates of another department pass")
	}

	v = fresh()
	delete(v["customerProfileDataRequestDTO"].(map[string]any), "departmentUuid")
	if vs := Department(v, dept); len(vs) != 1 || vs[0].Found != "nothing" {
		t.Errorf("%v", vs)
	}

	v = fresh()
	vi := v["customerProfileDataRequestDTO"].(map[string]any)["vehicleInfo"].(map[string]any)
	vi["vin"] = "1HGCM82633A004352"
	if vs := VehicleInfo(v); len(vs) != 1 || !strings.Contains(vs[0].Found, `vin "1HGCM82633A004352"`) {
		t.Errorf("%v", vs)
	}
	// Without identifying fields, every field it holds must match.
	for _, k := range []string{"uuid", "vin", "id", "vehicleKey"} {
		delete(vi, k)
	}
	if vs := VehicleInfo(v); len(vs) != 0 {
		t.Errorf("vehicleInfo by its other fields: %v", vs)
	}
	vi["model"] = "Nope"
	if vs := VehicleInfo(v); len(vs) != 1 {
		t.Errorf("%v", vs)
	}
	// A vehicleInfo that fills nothing names no vehicle.
	for k := range vi {
		vi[k] = ""
	}
	vi["id"], vi["isValid"] = json.Number("0"), false
	if vs := VehicleInfo(v); vs != nil {
		t.Errorf("an empty vehicleInfo: %v", vs)
	}
	delete(v["customerProfileDataRequestDTO"].(map[string]any), "vehicleInfo")
	if vs := VehicleInfo(v); vs != nil {
		t.Errorf("no vehicleInfo: %v", vs)
	}

	for s, ok := range map[string]bool{
		"2024-04-02T17:57:45Z": true, "2024-04-02T17:57:45.123+02:00": true, "2024-04-02t17:57:45z": true,
		"2024-04-02 17:57:45Z": false, "2024-04-02T17:57Z": false, "2024-04-02": false, "04/02/2024 17:57": false,
		"2024-13-02T17:57:45Z": false, "2024-04-02T17:57:45": false, "": false,
	} {
		if isRFC3339(s) != ok {
			t.Errorf("isRFC3339(%q) != %v", s, ok)
		}
	}
}

func TestTokenRule(t *testing.T) {
	visible := &TokenRule{MaxBytes: 8, Characters: VisibleASCII}
	unreserved := &TokenRule{MaxBytes: 8, Characters: Unreserved}
	lengthOnly := &TokenRule{MaxBytes: 8}
	var none *TokenRule
	for _, tc := range []struct {
		rule  *TokenRule
		token string
		want  string
	}{
		{none, "", "is empty"},
		{none, "ok 1\x01é" + strings.Repeat("x", 600), ""},
		{visible, "ok-1;x!", ""},
		{visible, "ok 1", "holds the byte 0x20 at 2 (only printable ASCII 0x21-0x7E, no space)"},
		{visible, "ok\x7f", "holds the byte 0x7F at 2"},
		{visible, "123456789", "is 9 bytes long (at most 8)"},
		{visible, "12345678", ""},
		{unreserved, "A-z_0.9~", ""},
		{unreserved, "ok;1", "holds the byte 0x3B at 2 (only letters, digits and - . _ ~)"},
		{lengthOnly, "a b\x01", ""},
		{lengthOnly, "a b\x01xxxxx", "is 9 bytes long"},
	} {
		got := tc.rule.Problem(tc.token)
		if (tc.want == "") != (got == "") || !strings.HasPrefix(got, tc.want) {
			t.Errorf("%+v.Problem(%q) = %q, want %q", tc.rule, tc.token, got, tc.want)
		}
	}
	// The mock's rule is exactly schemas.CheckToken.
	mock := MockRules().Token
	for _, tok := range []string{"", "ok-1", "ok 1", "\x7f", "é", strings.Repeat("x", 512), strings.Repeat("x", 513)} {
		fault, _ := schemas.CheckToken(tok)
		if (fault == schemas.TokenOK) != (mock.Problem(tok) == "") {
			t.Errorf("%q: the mock's declared rule and schemas.CheckToken disagree", tok)
		}
	}
}

// TestVehicleInfoWithoutVehicles: the page marks no field required, so a
// profile without customerInfo is no violation of the vehicleInfo rule; the
// rule says it has nothing to compare against.
func TestVehicleInfoWithoutVehicles(t *testing.T) {
	for _, body := range []string{
		`{"customerProfileDataRequestDTO": {"vehicleInfo": {"vin": "1HGCM82633A004352", "uuid": "u"}}}`,
		`{"customerProfileDataRequestDTO": {"vehicleInfo": {"vin": "1HGCM82633A004352"}, "customerInfo": {"fname": "A"}}}`,
	} {
		v, err := Decode([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if vs := VehicleInfo(v); vs != nil {
			t.Errorf("%s: %v, want no violation", body, vs)
		}
		if why := VehicleInfoNotApplicable(v); !strings.Contains(why, "no customerInfo.vehicles") {
			t.Errorf("%s: not applicable because %q", body, why)
		}
	}
	v, _ := Decode([]byte(`{"customerProfileDataRequestDTO": {"vehicleInfo": {"vin": "X"}, "customerInfo": {"vehicles": []}}}`))
	if vs := VehicleInfo(v); len(vs) != 1 || VehicleInfoNotApplicable(v) != "" {
		t.Errorf("an empty list of vehicles and a vehicleInfo that names one: %v, want a violation", vs)
	}
}
