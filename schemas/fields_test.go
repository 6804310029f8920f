package schemas_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

// schemaDocs decodes the embedded schema files as they are written.
func schemaDocs(t testing.TB) map[string]map[string]any {
	t.Helper()
	docs := map[string]map[string]any{}
	entries, err := fs.ReadDir(schemas.Files, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(schemas.Files, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(string(b)))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		docs[e.Name()] = m
	}
	return docs
}

// resolve follows $ref (to another file or within one) until it reaches a
// schema without one.
func resolve(t testing.TB, docs map[string]map[string]any, file string, node map[string]any) (string, map[string]any) {
	t.Helper()
	for i := 0; i < 10; i++ {
		ref, ok := node["$ref"].(string)
		if !ok {
			return file, node
		}
		target, frag, _ := strings.Cut(ref, "#")
		if target != "" {
			file = target
		}
		var cur any = docs[file]
		for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			if tok == "" {
				continue
			}
			m, _ := cur.(map[string]any)
			cur = m[tok]
		}
		next, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s: $ref %q does not resolve", file, ref)
		}
		node = next
	}
	t.Fatalf("%s: $ref chain too long", file)
	return "", nil
}

// at returns the schema of the property at path (arrays transparent), or nil.
func at(t testing.TB, docs map[string]map[string]any, body string, path []string) (string, map[string]any) {
	t.Helper()
	file, node := resolve(t, docs, body, docs[body])
	for _, name := range path {
		if node["type"] == "array" {
			items, _ := node["items"].(map[string]any)
			file, node = resolve(t, docs, file, items)
		}
		props, _ := node["properties"].(map[string]any)
		next, ok := props[name].(map[string]any)
		if !ok {
			return "", nil
		}
		file, node = resolve(t, docs, file, next)
	}
	return file, node
}

// checkType tells how a schema node differs from the page's type, or "".
func checkType(t testing.TB, docs map[string]map[string]any, file string, node map[string]any, typ string) string {
	num := func(k string) string {
		if n, ok := node[k].(json.Number); ok {
			return n.String()
		}
		return fmt.Sprint(node[k])
	}
	switch typ {
	case "int32", "int64":
		lo, hi := "-2147483648", "2147483647"
		if typ == "int64" {
			lo, hi = "-9223372036854775808", "9223372036854775807"
		}
		if node["type"] != "integer" || num("minimum") != lo || num("maximum") != hi {
			return fmt.Sprintf("want an integer from %s to %s, schema has type %v from %s to %s", lo, hi, node["type"], num("minimum"), num("maximum"))
		}
	case "string", "boolean", "object":
		if node["type"] != typ {
			return fmt.Sprintf("want type %s, schema has %v", typ, node["type"])
		}
		if _, ok := node["format"]; ok && typ == "string" {
			return "the page gives no string formats, schema has one"
		}
	case "object[]":
		if node["type"] != "array" {
			return fmt.Sprintf("want an array of objects, schema has %v", node["type"])
		}
		items, _ := node["items"].(map[string]any)
		if _, it := resolve(t, docs, file, items); it["type"] != "object" {
			return fmt.Sprintf("want an array of objects, items have type %v", it["type"])
		}
	}
	if _, ok := node["required"]; ok {
		return "the page marks no response field as required, schema does"
	}
	return ""
}

// TestSchemasFollowThePage reads the page's field listing of each response,
// places each field by the page's own example, and checks the schema file
// has it at that place with that type. It also checks the reverse: the
// schema holds no property the page does not list.
func TestSchemasFollowThePage(t *testing.T) {
	docs := schemaDocs(t)
	for _, sec := range readPage(t) {
		body := schemas.BodyFile(sec.status)
		t.Run(fmt.Sprint(sec.status), func(t *testing.T) {
			keys := exampleKeys(t, sec.example)
			var fields []pageField
			var extra *pageField
			for i, f := range sec.fields {
				if f.name == "property name*" {
					extra = &sec.fields[i]
					continue
				}
				fields = append(fields, f)
			}
			if len(fields) != len(keys) {
				t.Fatalf("page lists %d fields but its example has %d keys", len(fields), len(keys))
			}
			listed := map[string]bool{}
			for i, f := range fields {
				path := keys[i]
				where := "/" + strings.Join(path, "/")
				listed[where] = true
				if path[len(path)-1] != f.name {
					t.Fatalf("page field %d %q does not line up with example key %s", i, f.name, where)
				}
				file, node := at(t, docs, body, path)
				if node == nil {
					t.Errorf("%s %s: field %s (%s) is missing from the schema", body, where, f.name, f.typ)
					continue
				}
				if msg := checkType(t, docs, file, node, f.typ); msg != "" {
					t.Errorf("%s %s: %s", body, where, msg)
				}
				if f.enum != nil {
					var got []string
					for _, v := range node["enum"].([]any) {
						got = append(got, v.(string))
					}
					if !reflect.DeepEqual(got, f.enum) {
						t.Errorf("%s %s: enum %v, page says %v", body, where, got, f.enum)
					}
				} else if _, ok := node["enum"]; ok {
					t.Errorf("%s %s: schema has an enum the page does not give", body, where)
				}
				if f.name == "attributes" {
					if extra == nil || extra.typ != "string" {
						t.Fatalf("page: attributes has no 'property name* string' line")
					}
					ap, _ := node["additionalProperties"].(map[string]any)
					if ap["type"] != "string" {
						t.Errorf("%s %s: values must be strings, schema has additionalProperties %v", body, where, node["additionalProperties"])
					}
				}
			}
			// The reverse: nothing in the schema that the page does not list.
			var invented []string
			var walk func(path []string, node map[string]any, file string)
			walk = func(path []string, node map[string]any, file string) {
				file, node = resolve(t, docs, file, node)
				if node["type"] == "array" {
					items, _ := node["items"].(map[string]any)
					file, node = resolve(t, docs, file, items)
				}
				props, _ := node["properties"].(map[string]any)
				for name, p := range props {
					sub := append(append([]string{}, path...), name)
					if !listed["/"+strings.Join(sub, "/")] {
						invented = append(invented, "/"+strings.Join(sub, "/"))
					}
					walk(sub, p.(map[string]any), file)
				}
			}
			walk(nil, docs[body], body)
			sort.Strings(invented)
			if len(invented) > 0 {
				t.Errorf("%s has properties the page does not list: %v", body, invented)
			}
		})
	}
}

// TestOneVehicleDefinition: customerInfo.vehicles[] and vehicleInfo must
// share one definition, so that they can never drift apart.
func TestOneVehicleDefinition(t *testing.T) {
	docs := schemaDocs(t)
	dto := docs["defs.schema.json"]["$defs"].(map[string]any)
	ci := dto["CustomerInfo"].(map[string]any)["properties"].(map[string]any)
	vehicles := ci["vehicles"].(map[string]any)["items"].(map[string]any)["$ref"]
	info := dto["CustomerProfileData"].(map[string]any)["properties"].(map[string]any)["vehicleInfo"].(map[string]any)["$ref"]
	if vehicles == nil || vehicles != info {
		t.Fatalf("vehicles[] refers to %v, vehicleInfo to %v: want one shared $ref", vehicles, info)
	}
}
