// Package schemas is the getCustomerProfileData contract as code: the JSON Schema
// files beside this file, embedded and compiled once, and a validator that answers
// "is this body a valid answer for status S at level L?" with readable violations.
package schemas

import "embed"

// Files holds the schema documents: defs.schema.json (shared definitions),
// profile.schema.json (the 200 body) and error.schema.json (the 204, 400, 401
// and 500 body). Everything else (the validator, the strict level, the OpenAPI
// document) is derived from these files, never copied from them.
//
//go:embed *.schema.json
var Files embed.FS
