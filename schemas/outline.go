package schemas

import (
	"fmt"
	"strings"
)

// Field is one field the contract documents in a body: where it is, its type,
// and the values of an enum.
type Field struct {
	// Pointer is the field's JSON pointer, with "*" for every element of an
	// array: "/customerProfileDataRequestDTO/items/*/status".
	Pointer string
	// Type is the schema's type: object, array, string, integer, number or
	// boolean.
	Type string
	// Enum holds the values of an enum, in the schema's order; nil for none.
	Enum []string
}

// Outline lists every field the contract documents in the body of status, in
// the order of the schema files (the page's order), parents before their
// fields. An array's elements are not fields of their own: their fields are
// ("/…/vehicles/*/vin"). An object with free keys (attributes) is one field.
func Outline(status int) ([]Field, error) {
	file := BodyFile(status)
	if file == "" {
		return nil, &UnknownStatusError{Status: status}
	}
	docs := map[string]jsonObject{}
	for _, name := range []string{file, "defs.schema.json"} {
		o, err := readOrdered(Files, name)
		if err != nil {
			return nil, err
		}
		docs[name] = o
	}
	var out []Field
	var walk func(file string, schema jsonObject, ptr string, depth int) error
	walk = func(file string, schema jsonObject, ptr string, depth int) error {
		if depth > 32 {
			return fmt.Errorf("schemas: %s: the $refs nest more than 32 deep", ptr)
		}
		if ref, ok := schema.get("$ref"); ok {
			target, tfile, err := resolveRef(docs, file, fmt.Sprint(ref))
			if err != nil {
				return fmt.Errorf("schemas: %s: %w", ptr, err)
			}
			return walk(tfile, target, ptr, depth+1)
		}
		typ, _ := schema.get("type")
		f := Field{Pointer: ptr, Type: fmt.Sprint(typ)}
		if enum, ok := schema.get("enum"); ok {
			for _, v := range enum.([]any) {
				f.Enum = append(f.Enum, fmt.Sprint(v))
			}
			if f.Type == "<nil>" {
				f.Type = "string"
			}
		}
		if ptr != "" {
			out = append(out, f)
		}
		if props, ok := schema.get("properties"); ok {
			for _, m := range props.(jsonObject) {
				sub, _ := m.Value.(jsonObject)
				if err := walk(file, sub, ptr+"/"+escape(m.Key), depth+1); err != nil {
					return err
				}
			}
		}
		if items, ok := schema.get("items"); ok {
			sub, _ := items.(jsonObject)
			if err := walk(file, sub, ptr+"/*", depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(file, docs[file], "", 0); err != nil {
		return nil, err
	}
	// An array element is not a field: drop "…/*" itself, keep its fields.
	kept := out[:0]
	for _, f := range out {
		if !strings.HasSuffix(f.Pointer, "/*") {
			kept = append(kept, f)
		}
	}
	return kept, nil
}

// resolveRef finds the schema a $ref names: "#/$defs/X" in file, or
// "defs.schema.json#/$defs/X".
func resolveRef(docs map[string]jsonObject, file, ref string) (jsonObject, string, error) {
	name, frag, _ := strings.Cut(ref, "#")
	if name == "" {
		name = file
	}
	doc, ok := docs[name]
	if !ok {
		return nil, "", fmt.Errorf("$ref %q names an unknown file", ref)
	}
	var cur any = doc
	for _, part := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		o, ok := cur.(jsonObject)
		if !ok {
			return nil, "", fmt.Errorf("$ref %q does not resolve", ref)
		}
		if cur, ok = o.get(unescape(part)); !ok {
			return nil, "", fmt.Errorf("$ref %q does not resolve", ref)
		}
	}
	o, ok := cur.(jsonObject)
	if !ok {
		return nil, "", fmt.Errorf("$ref %q is not a schema", ref)
	}
	return o, name, nil
}
