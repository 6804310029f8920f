package scenarios_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/profilemock/profilemock/scenarios"
)

// TestMergePatchRFC7396 runs the examples of RFC 7396: appendix A, then section 3.
func TestMergePatchRFC7396(t *testing.T) {
	cases := []struct{ original, patch, result string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
		// Section 3.
		{`{
		   "title": "Goodbye!",
		   "author" : {"givenName" : "John", "familyName" : "Doe"},
		   "tags":[ "example", "sample" ],
		   "content": "This will be unchanged"
		 }`, `{
		   "title": "Hello!",
		   "phoneNumber": "+01-123-456-7890",
		   "author": {"familyName": null},
		   "tags": [ "example" ]
		 }`, `{
		   "title": "Hello!",
		   "author" : {"givenName" : "John"},
		   "tags": [ "example" ],
		   "content": "This will be unchanged",
		   "phoneNumber": "+01-123-456-7890"
		 }`},
	}
	for _, tt := range cases {
		got, err := scenarios.MergePatch([]byte(tt.original), []byte(tt.patch))
		if err != nil {
			t.Errorf("MergePatch(%s, %s): %v", tt.original, tt.patch, err)
			continue
		}
		if !jsonEqual(t, got, []byte(tt.result)) {
			t.Errorf("MergePatch(%s, %s) = %s, want %s", tt.original, tt.patch, got, tt.result)
		}
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(x, y)
}

func TestMergePatchDetails(t *testing.T) {
	// int64 values beyond float64's 2^53 survive untouched; no HTML escaping; a final newline.
	got, err := scenarios.MergePatch([]byte(`{"id":9007199254740993,"n":1.50}`), []byte(`{"name":"A & B <c>"}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":9007199254740993,"n":1.50,"name":"A & B <c>"}` + "\n"; string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	// The patch is not consumed: applying it twice gives the same result.
	patch := []byte(`{"a":{"b":{"c":1,"d":null}}}`)
	one, _ := scenarios.MergePatch([]byte(`{"a":{"b":{"d":2}}}`), patch)
	two, _ := scenarios.MergePatch([]byte(`{"a":{"b":{"d":2}}}`), patch)
	if !bytes.Equal(one, two) || !bytes.Equal(one, []byte(`{"a":{"b":{"c":1}}}`+"\n")) {
		t.Errorf("%s, then %s", one, two)
	}
	for _, bad := range [][2]string{{`{`, `{}`}, {`{}`, `{"a":`}, {`{} {}`, `{}`}, {`{}`, ``}} {
		if _, err := scenarios.MergePatch([]byte(bad[0]), []byte(bad[1])); err == nil {
			t.Errorf("MergePatch(%q, %q): want an error", bad[0], bad[1])
		}
	}
}

// FuzzMergePatch: MergePatch never panics, returns JSON, and is idempotent (applying a merge patch
// twice gives what applying it once gives, RFC 7396 section 1).
func FuzzMergePatch(f *testing.F) {
	f.Add([]byte(`{"a":"b","c":{"d":1}}`), []byte(`{"a":null,"c":{"e":[1,2]}}`))
	f.Add([]byte(`[1,2]`), []byte(`{"a":{"bb":{"ccc":null}}}`))
	f.Add([]byte(`{"id":9007199254740993}`), []byte(`"x"`))
	f.Fuzz(func(t *testing.T, doc, patch []byte) {
		once, err := scenarios.MergePatch(doc, patch)
		if err != nil {
			return
		}
		if !json.Valid(once) {
			t.Fatalf("not JSON: %s", once)
		}
		twice, err := scenarios.MergePatch(once, patch)
		if err != nil || !bytes.Equal(once, twice) {
			t.Fatalf("not idempotent: %s then %s (%v)", once, twice, err)
		}
	})
}
