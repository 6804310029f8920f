package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// openAPIEndpointPath is the path the document gives the endpoint after BasePath.
const openAPIEndpointPath = "/department/{departmentUuid}/customer-profile/{customerProfileViewRequestToken}"

// openAPIDoc builds the document with o and decodes it, failing the test if
// either step fails.
func openAPIDoc(t testing.TB, o OpenAPIOptions) ([]byte, map[string]any) {
	t.Helper()
	raw, err := OpenAPI(o)
	if err != nil {
		t.Fatalf("OpenAPI(%+v): %v", o, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	return raw, doc
}

// jsonPointer follows a JSON pointer ("/a/b") from v.
func jsonPointer(v any, ptr string) (any, bool) {
	if ptr == "" {
		return v, true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = m[tok]; !ok {
			return nil, false
		}
	}
	return v, true
}

// mustJSONPointer is pointer for the places a test needs to exist.
func mustJSONPointer(t testing.TB, v any, ptr string) any {
	t.Helper()
	got, ok := jsonPointer(v, ptr)
	if !ok {
		t.Fatalf("the document has no %s", ptr)
	}
	return got
}

func TestOpenAPIOperation(t *testing.T) {
	_, doc := openAPIDoc(t, OpenAPIOptions{})
	if got := doc["openapi"]; got != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", got)
	}
	for ptr, want := range map[string]any{
		"/info/title":   "getCustomerProfileData",
		"/info/version": "1.0.0",
	} {
		if got := mustJSONPointer(t, doc, ptr); got != want {
			t.Errorf("%s = %v, want %v", ptr, got, want)
		}
	}
	if d, _ := jsonPointer(doc, "/info/description"); !strings.Contains(fmt.Sprint(d), "no path") {
		t.Errorf("info.description does not say that the page gives no path: %q", d)
	}

	paths := mustJSONPointer(t, doc, "/paths").(map[string]any)
	if len(paths) != 1 {
		t.Fatalf("paths has %d entries, want 1: %v", len(paths), paths)
	}
	item := mustJSONPointer(t, paths, "/"+strings.ReplaceAll(openAPIEndpointPath, "/", "~1")).(map[string]any)
	if len(item) != 1 {
		t.Errorf("the path has %d operations, want only get", len(item))
	}
	op := mustJSONPointer(t, item, "/get").(map[string]any)
	if op["operationId"] != "getCustomerProfileData" {
		t.Errorf("operationId = %v", op["operationId"])
	}
	for _, k := range []string{"summary", "description", "tags"} {
		if op[k] == nil {
			t.Errorf("the operation has no %s", k)
		}
	}

	params, _ := op["parameters"].([]any)
	wantParams := map[string]string{"departmentUuid": "UUID", "customerProfileViewRequestToken": "512"}
	if len(params) != len(wantParams) {
		t.Errorf("%d parameters, want %d", len(params), len(wantParams))
	}
	for _, p := range params {
		p := p.(map[string]any)
		name, _ := p["name"].(string)
		hint, known := wantParams[name]
		if !known {
			t.Errorf("unexpected parameter %q", name)
			continue
		}
		if p["in"] != "path" || p["required"] != true {
			t.Errorf("parameter %s: in=%v required=%v, want a required path parameter", name, p["in"], p["required"])
		}
		if !reflect.DeepEqual(p["schema"], map[string]any{"type": "string"}) {
			t.Errorf("parameter %s: schema = %v, want {type: string}", name, p["schema"])
		}
		if d, _ := p["description"].(string); !strings.Contains(d, hint) {
			t.Errorf("parameter %s: description %q does not mention %q", name, d, hint)
		}
	}

	tests := []struct {
		status, description, ref string // ref "" means no content at all
	}{
		{"200", "OK", "#/components/schemas/CustomerProfileResponse"},
		{"204", "No Content", ""},
		{"400", "Bad Request", "#/components/schemas/ErrorResponse"},
		{"401", "Unauthorized", "#/components/schemas/ErrorResponse"},
		{"500", "Internal Server Error", "#/components/schemas/ErrorResponse"},
	}
	responses := op["responses"].(map[string]any)
	if len(responses) != len(tests) {
		t.Errorf("%d responses, want %d", len(responses), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			r, ok := responses[tt.status].(map[string]any)
			if !ok {
				t.Fatalf("no response %s", tt.status)
			}
			if r["description"] != tt.description {
				t.Errorf("description = %v, want %q", r["description"], tt.description)
			}
			content, has := r["content"]
			if tt.ref == "" {
				if has {
					t.Errorf("content = %v, want none", content)
				}
				return
			}
			want := map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": tt.ref}}}
			if !reflect.DeepEqual(content, want) {
				t.Errorf("content = %v, want %v", content, want)
			}
		})
	}

	wantSchemes := map[string]any{
		"basicAuth":  "basic",
		"bearerAuth": "bearer",
	}
	for name, scheme := range wantSchemes {
		s, ok := jsonPointer(doc, "/components/securitySchemes/"+name)
		if !ok {
			t.Errorf("no security scheme %s", name)
			continue
		}
		if s := s.(map[string]any); s["type"] != "http" || s["scheme"] != scheme {
			t.Errorf("security scheme %s = %v, want http %s", name, s, scheme)
		}
	}
	wantSecurity := []any{map[string]any{"basicAuth": []any{}}, map[string]any{"bearerAuth": []any{}}}
	security := doc["security"]
	if security == nil {
		security = op["security"]
	}
	if !reflect.DeepEqual(security, wantSecurity) {
		t.Errorf("security = %v, want %v", security, wantSecurity)
	}
}

func TestOpenAPIRefsResolve(t *testing.T) {
	_, doc := openAPIDoc(t, OpenAPIOptions{})
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				refs = append(refs, r)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	// Both bodies and the definitions refer to one another: far more than a
	// handful of references must have been carried over.
	if len(refs) < 15 {
		t.Fatalf("only %d $refs in the document: %v", len(refs), refs)
	}
	for _, r := range refs {
		if !strings.HasPrefix(r, "#/components/schemas/") || strings.Contains(r, "$defs") || strings.Contains(r, ".json") {
			t.Errorf("$ref %q does not point at a component", r)
			continue
		}
		if _, ok := jsonPointer(doc, strings.TrimPrefix(r, "#")); !ok {
			t.Errorf("$ref %q does not resolve inside the document", r)
		}
	}
	if _, ok := jsonPointer(doc, "/components/schemas/CustomerProfileResponse/$schema"); ok {
		t.Error("the 200 body kept its $schema")
	}
}

// openAPISource decodes one embedded schema file.
func openAPISource(t testing.TB, name string) map[string]any {
	t.Helper()
	data, err := fs.ReadFile(Files, name)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// asComponent is what a schema of the files must look like in the document:
// the file keys gone and the references pointed at components. It works on
// the text so that it shares nothing with the code under test.
func asComponent(t testing.TB, schema any) any {
	t.Helper()
	data, err := json.Marshal(schema)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(data), `"defs.schema.json#/$defs/`, `"#/components/schemas/`)
	s = strings.ReplaceAll(s, `"#/$defs/`, `"#/components/schemas/`)
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "$schema")
	delete(v, "$id")
	return v
}

func TestOpenAPIComponentsAreTheFiles(t *testing.T) {
	_, doc := openAPIDoc(t, OpenAPIOptions{})
	components := mustJSONPointer(t, doc, "/components/schemas").(map[string]any)

	want := map[string]any{
		"CustomerProfileResponse": asComponent(t, openAPISource(t, "profile.schema.json")),
		"ErrorResponse":           asComponent(t, openAPISource(t, "error.schema.json")),
	}
	defs, ok := openAPISource(t, "defs.schema.json")["$defs"].(map[string]any)
	if !ok || len(defs) == 0 {
		t.Fatal("defs.schema.json has no $defs")
	}
	for name, def := range defs {
		want[name] = asComponent(t, def)
	}
	for name, w := range want {
		got, ok := components[name]
		if !ok {
			t.Errorf("no component %s", name)
			continue
		}
		if !reflect.DeepEqual(got, w) {
			t.Errorf("component %s differs from its source:\n got %v\nwant %v", name, got, w)
		}
	}
	for name := range components {
		if _, ok := want[name]; !ok {
			t.Errorf("component %s has no source", name)
		}
	}
}

// openAPIKeyOrder lists the keys of the JSON object raw in the order they appear,
// with their values, using nothing but encoding/json's tokenizer.
func openAPIKeyOrder(t testing.TB, raw json.RawMessage) ([]string, []json.RawMessage) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		vals = append(vals, v)
	}
	return keys, vals
}

// sameOpenAPIKeyOrder reports, for every object in src, whether got lists the same
// keys in the same order, skipping the keys in drop at the top.
func sameOpenAPIKeyOrder(t testing.TB, where string, src, got json.RawMessage, drop ...string) {
	t.Helper()
	sk, sv := openAPIKeyOrder(t, src)
	gk, gv := openAPIKeyOrder(t, got)
	if sk == nil {
		var sa, ga []json.RawMessage
		if json.Unmarshal(src, &sa) == nil && json.Unmarshal(got, &ga) == nil && len(sa) == len(ga) {
			for i := range sa {
				sameOpenAPIKeyOrder(t, fmt.Sprintf("%s[%d]", where, i), sa[i], ga[i])
			}
		}
		return
	}
	var keys []string
	var vals []json.RawMessage
	for i, k := range sk {
		if !slices.Contains(drop, k) {
			keys = append(keys, k)
			vals = append(vals, sv[i])
		}
	}
	if !reflect.DeepEqual(keys, gk) {
		t.Errorf("%s: keys %v, want the source order %v", where, gk, keys)
		return
	}
	for i, k := range keys {
		sameOpenAPIKeyOrder(t, where+"/"+k, vals[i], gv[i])
	}
}

func TestOpenAPIKeepsKeyOrder(t *testing.T) {
	raw, _ := openAPIDoc(t, OpenAPIOptions{})
	var doc struct {
		Components struct {
			Schemas json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	names, components := openAPIKeyOrder(t, doc.Components.Schemas)
	got := map[string]json.RawMessage{}
	for i, n := range names {
		got[n] = components[i]
	}

	read := func(name string) json.RawMessage {
		data, err := fs.ReadFile(Files, name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	fileKeys := []string{"$schema", "$id", "$defs"}
	sameOpenAPIKeyOrder(t, "CustomerProfileResponse", read("profile.schema.json"), got["CustomerProfileResponse"], fileKeys...)
	sameOpenAPIKeyOrder(t, "ErrorResponse", read("error.schema.json"), got["ErrorResponse"], fileKeys...)

	var defs struct {
		Defs json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(read("defs.schema.json"), &defs); err != nil {
		t.Fatal(err)
	}
	defNames, defValues := openAPIKeyOrder(t, defs.Defs)
	for i, n := range defNames {
		sameOpenAPIKeyOrder(t, n, defValues[i], got[n])
	}
	// The definitions follow the two bodies in the order of defs.schema.json.
	if want := append([]string{"CustomerProfileResponse", "ErrorResponse"}, defNames...); !reflect.DeepEqual(names, want) {
		t.Errorf("components.schemas in order %v, want %v", names, want)
	}
}

// openAPIPageExamples returns the JSON examples of the API reference page,
// one for each "Example (from schema)": the 200 body, then the 204, 400, 401
// and 500 bodies.
func openAPIPageExamples(t testing.TB) []json.RawMessage {
	t.Helper()
	page, err := os.ReadFile("testdata/api-reference.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []json.RawMessage
	rest := string(page)
	for {
		i := strings.Index(rest, "Example (from schema)")
		if i < 0 {
			break
		}
		rest = rest[i:]
		// The example is the first line that opens an object after the field list.
		j := strings.Index(rest, "\n{\n")
		if j < 0 {
			t.Fatal("an Example (from schema) without a JSON object after it")
		}
		var v json.RawMessage
		if err := json.NewDecoder(strings.NewReader(rest[j+1:])).Decode(&v); err != nil {
			t.Fatalf("example %d: %v", len(out)+1, err)
		}
		out = append(out, v)
		rest = rest[j+1+len(v):]
	}
	if len(out) != 5 {
		t.Fatalf("found %d examples on the page, want 5", len(out))
	}
	return out
}

func TestOpenAPISchemasValidate(t *testing.T) {
	raw, doc := openAPIDoc(t, OpenAPIOptions{})
	const base = "https://profilemock.invalid/openapi.json"
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(base, bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	compiled := map[string]*jsonschema.Schema{}
	for name := range mustJSONPointer(t, doc, "/components/schemas").(map[string]any) {
		s, err := c.Compile(base + "#/components/schemas/" + name)
		if err != nil {
			t.Errorf("component %s does not compile: %v", name, err)
			continue
		}
		compiled[name] = s
	}

	examples := openAPIPageExamples(t)
	tests := []struct {
		name      string
		component string
		body      json.RawMessage
		valid     bool
	}{
		{"page 200 example", "CustomerProfileResponse", examples[0], true},
		{"page 204 example", "ErrorResponse", examples[1], true},
		{"page 400 example", "ErrorResponse", examples[2], true},
		{"page 401 example", "ErrorResponse", examples[3], true},
		{"page 500 example", "ErrorResponse", examples[4], true},
		// The schemas must still say no, or the rows above prove nothing.
		{"unknown item status", "CustomerProfileResponse", json.RawMessage(`{"customerProfileDataRequestDTO":{"items":[{"status":"LOST"}]}}`), false},
		{"unknown review status", "CustomerProfileResponse", json.RawMessage(`{"customerProfileDataRequestDTO":{"items":[{"reviews":[{"reviewStatus":"MAYBE"}]}]}}`), false},
		{"int32 error code overflows", "ErrorResponse", json.RawMessage(`{"errors":[{"errorCode":2147483648}]}`), false},
		{"vehicle id is a string", "CustomerProfileResponse", json.RawMessage(`{"customerProfileDataRequestDTO":{"vehicleInfo":{"id":"7"}}}`), false},
		{"attribute is not a string", "CustomerProfileResponse", json.RawMessage(`{"customerProfileDataRequestDTO":{"attributes":{"a":1}}}`), false},
		{"int64 bounds", "Communication", json.RawMessage(`{"id":-9223372036854775808}`), true},
		{"beyond int64", "Communication", json.RawMessage(`{"id":9223372036854775808}`), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := compiled[tt.component]
			if s == nil {
				t.Fatalf("no compiled component %s", tt.component)
			}
			var v any
			dec := json.NewDecoder(bytes.NewReader(tt.body))
			dec.UseNumber()
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			err := s.Validate(v)
			if tt.valid && err != nil {
				t.Errorf("rejected: %v", err)
			}
			if !tt.valid && err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestOpenAPIOptions(t *testing.T) {
	tests := []struct {
		name       string
		opts       OpenAPIOptions
		wantServer string
		wantPath   string
		wantErr    string // "" means success
	}{
		{"defaults", OpenAPIOptions{}, "http://localhost:8080", openAPIEndpointPath, ""},
		{"server", OpenAPIOptions{ServerURL: "https://dealer.example.org/api"}, "https://dealer.example.org/api", openAPIEndpointPath, ""},
		{"base path", OpenAPIOptions{BasePath: "/v1"}, DefaultServerURL, "/v1" + openAPIEndpointPath, ""},
		{"deep base path", OpenAPIOptions{BasePath: "/api/v1", ServerURL: "http://127.0.0.1:9000"}, "http://127.0.0.1:9000", "/api/v1" + openAPIEndpointPath, ""},
		{"base path without leading slash", OpenAPIOptions{BasePath: "v1"}, "", "", "base path"},
		{"base path with trailing slash", OpenAPIOptions{BasePath: "/v1/"}, "", "", "base path"},
		{"base path is a slash", OpenAPIOptions{BasePath: "/"}, "", "", "base path"},
		{"base path with a parameter", OpenAPIOptions{BasePath: "/{tenant}"}, "", "", "base path"},
		{"base path with a query", OpenAPIOptions{BasePath: "/v1?x=1"}, "", "", "base path"},
		{"relative server", OpenAPIOptions{ServerURL: "localhost:8080"}, "", "", "server URL"},
		{"server without host", OpenAPIOptions{ServerURL: "http://"}, "", "", "server URL"},
		{"ftp server", OpenAPIOptions{ServerURL: "ftp://example.org"}, "", "", "server URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw, err := OpenAPI(tt.opts)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one about %q", err, tt.wantErr)
				}
				if verr := tt.opts.Validate(); verr == nil || verr.Error() != err.Error() {
					t.Errorf("Validate() = %v, want the error OpenAPI gives: %v", verr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Servers []struct{ URL string } `json:"servers"`
				Paths   map[string]any         `json:"paths"`
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Servers) != 1 || doc.Servers[0].URL != tt.wantServer {
				t.Errorf("servers = %+v, want one with url %s", doc.Servers, tt.wantServer)
			}
			if _, ok := doc.Paths[tt.wantPath]; !ok || len(doc.Paths) != 1 {
				t.Errorf("paths = %v, want only %s", doc.Paths, tt.wantPath)
			}
		})
	}
}

func TestOpenAPIIsDeterministic(t *testing.T) {
	for _, o := range []OpenAPIOptions{{}, {ServerURL: "https://x.example.org", BasePath: "/a/b"}} {
		first, err := OpenAPI(o)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			again, err := OpenAPI(o)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, again) {
				t.Fatalf("two calls with %+v gave different bytes", o)
			}
		}
		if !bytes.HasSuffix(first, []byte("}\n")) || bytes.HasSuffix(first, []byte("\n\n")) {
			t.Errorf("the document does not end with exactly one newline")
		}
		if !bytes.HasPrefix(first, []byte("{\n  \"openapi\": \"3.1.0\",\n")) {
			t.Errorf("the document is not indented JSON starting with openapi: %.60q", first)
		}
		// The int64 bounds must come through digit for digit, not as floats.
		if !bytes.Contains(first, []byte(`"minimum": -9223372036854775808`)) {
			t.Error("the int64 minimum did not survive")
		}
	}
}

// openAPIContractFS is a set of schema files that tests can change one at a time.
func openAPIContractFS(defs string) fstest.MapFS {
	body := `{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
		"properties":{"errors":{"type":"array","items":{"$ref":"defs.schema.json#/$defs/E"}}}}`
	return fstest.MapFS{
		"defs.schema.json":    {Data: []byte(defs)},
		"profile.schema.json": {Data: []byte(body)},
		"error.schema.json":   {Data: []byte(body)},
	}
}

func TestOpenAPIFollowsTheFiles(t *testing.T) {
	tests := []struct {
		name    string
		defs    string
		wantErr string // "" means success
	}{
		{"minimal", `{"$defs":{"E":{"type":"object"}}}`, ""},
		{"a new definition becomes a component", `{"$defs":{"E":{"$ref":"#/$defs/New"},"New":{"type":"string"}}}`, ""},
		{"a property named $ref is not a reference", `{"$defs":{"E":{"properties":{"$ref":{"type":"string"}}}}}`, ""},
		{"an enum value is data", `{"$defs":{"E":{"enum":[{"$ref":"elsewhere"}]}}}`, ""},
		{"dangling reference", `{"$defs":{"E":{"$ref":"#/$defs/Missing"}}}`, `no $defs entry "Missing"`},
		{"reference to another file", `{"$defs":{"E":{"$ref":"other.schema.json#/$defs/E"}}}`, "only defs.schema.json"},
		{"reference by pointer", `{"$defs":{"E":{"properties":{"a":{"$ref":"#/properties/b"}}}}}`, "only defs.schema.json"},
		{"nested $id", `{"$defs":{"E":{"properties":{"a":{"$id":"a.json"}}}}}`, "$id below the root"},
		{"definition with its own $id", `{"$defs":{"E":{"$id":"e.json"}}}`, "$id below the root"},
		{"nested $defs", `{"$defs":{"E":{"items":{"$defs":{}}}}}`, "$defs below the root"},
		{"name not allowed in components", `{"$defs":{"E":{},"A B":{}}}`, "cannot be a component name"},
		{"name taken by a body", `{"$defs":{"E":{},"ErrorResponse":{}}}`, "taken by a response body"},
		{"no $defs", `{"definitions":{"E":{}}}`, "no $defs"},
		{"duplicate key", `{"$defs":{"E":{"type":"object","type":"string"}}}`, "duplicate key"},
		{"not JSON", `{"$defs":`, "defs.schema.json"},
		{"trailing data", `{"$defs":{"E":{}}} {}`, "after the top-level value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := openAPIContractFS(tt.defs)
			raw, err := buildOpenAPI(fsys, OpenAPIOptions{})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			var defs struct {
				Defs map[string]any `json:"$defs"`
			}
			if err := json.Unmarshal([]byte(tt.defs), &defs); err != nil {
				t.Fatal(err)
			}
			for name := range defs.Defs {
				if _, ok := jsonPointer(doc, "/components/schemas/"+name); !ok {
					t.Errorf("definition %s is not a component", name)
				}
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		fsys := openAPIContractFS(`{"$defs":{"E":{}}}`)
		delete(fsys, "error.schema.json")
		if _, err := buildOpenAPI(fsys, OpenAPIOptions{}); err == nil || !strings.Contains(err.Error(), "error.schema.json") {
			t.Fatalf("err = %v, want one naming error.schema.json", err)
		}
	})
}

func BenchmarkOpenAPI(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := OpenAPI(OpenAPIOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
