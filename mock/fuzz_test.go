package mock

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{"", "Basic " + b64("a:b"), "Basic " + b64("ab"), "Basic !!", "Bearer abc==", "Bearer a=b",
		"bearer x", "Digest a=b", "Negotiate", "(x)", "Basic  " + b64(":"), "Bearer \t", "Basic\t" + b64("a:b")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		scheme, secret, err := parseAuthorization([]string{v})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Status != http.StatusUnauthorized || e.Code < 40101 || e.Code > 40103 {
				t.Fatalf("%q: error %v is not a 401 of the parser", v, err)
			}
			if e.Code != schemas.CodeUnsupportedScheme && len(secret) > 0 && strings.Contains(e.Message, secret) {
				t.Fatalf("%q: the message echoes the secret", v)
			}
			return
		}
		switch scheme {
		case "Basic":
			if !strings.Contains(secret, ":") {
				t.Fatalf("%q: accepted Basic %q without a colon", v, secret)
			}
		case "Bearer":
			if token68Error(secret) >= 0 {
				t.Fatalf("%q: accepted Bearer %q, not token68", v, secret)
			}
		default:
			t.Fatalf("%q: accepted scheme %q", v, scheme)
		}
	})
}

func FuzzPreferredCode(f *testing.F) {
	for _, s := range []string{"code=204", "foo, code=500", " CODE = 400 ", `code="401"`, `a="x,code=1", code=2;p=q`, "code", `code="`, `"`, ","} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		code, ok := preferredCode([]string{v})
		if ok && !strings.Contains(strings.ToLower(v), "code") {
			t.Fatalf("%q: found code %q in a header without one", v, code)
		}
		if ok && !strings.Contains(v, code) && !strings.Contains(v, `"`) {
			t.Fatalf("%q: code %q is not in the header", v, code)
		}
	})
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func FuzzCheckDepartment(f *testing.F) {
	for _, s := range []string{dept, strings.ToUpper(dept), "abc", "{" + dept + "}", "urn:uuid:" + dept, dept + "0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, d string) {
		if ok := checkDepartment(d) == nil; ok != uuidRE.MatchString(d) {
			t.Fatalf("%q: accepted = %v, regexp says %v", d, ok, !ok)
		}
	})
}

func FuzzCheckToken(f *testing.F) {
	for _, s := range []string{"tok", "", "a b", "\x01", "caf\xc3\xa9", strings.Repeat("t", 512), strings.Repeat("t", 513), "~!\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		want := len(tok) >= 1 && len(tok) <= 512
		for i := 0; i < len(tok); i++ {
			if tok[i] < 0x21 || tok[i] > 0x7e {
				want = false
			}
		}
		err := checkToken(tok)
		if (err == nil) != want {
			t.Fatalf("%q: err %v, want accepted = %v", tok, err, want)
		}
	})
}
