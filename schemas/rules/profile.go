package rules

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/profilemock/profilemock/schemas"
)

// The semantic rules of a 200 body. Each reads the body decoded by Decode and
// judges only what is there: a missing array or object is the schema's
// business (the strict level requires it), except where the rule is about a
// value that must be present to mean anything (the echoed department).

const dto = "/customerProfileDataRequestDTO"

// Decode reads a JSON body as the rules expect it: schemas.DecodeJSON's one value with exact
// numbers, so that a rule never judges the first value of a body that holds more.
func Decode(body []byte) (any, error) {
	var v any
	if err := schemas.DecodeJSON(body, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// Profile applies every semantic rule of a 200 body for a request of
// department.
func Profile(v any, department string) []Violation {
	var out []Violation
	out = append(out, Department(v, department)...)
	out = append(out, Associates(v, department)...)
	out = append(out, VehicleInfo(v)...)
	out = append(out, ReviewTimes(v)...)
	return out
}

// Department checks that customerProfileDataRequestDTO.departmentUuid echoes
// the department of the path (in any letter case: schemas.CanonicalUUID).
func Department(v any, department string) []Violation {
	d, _ := field(v, "customerProfileDataRequestDTO").(map[string]any)
	got, ok := d["departmentUuid"]
	if !ok {
		return []Violation{{
			Pointer:  dto + "/departmentUuid",
			Expected: "the requested department " + strconv.Quote(department),
			Found:    "nothing",
		}}
	}
	return echo(dto+"/departmentUuid", got, department)
}

// Associates checks that every
// items[].dealerAssociatesWithApprovalAuthority[].departmentUuid present
// echoes the department of the path.
func Associates(v any, department string) []Violation {
	var out []Violation
	items, _ := field(field(v, "customerProfileDataRequestDTO"), "items").([]any)
	for i, it := range items {
		assocs, _ := field(it, "dealerAssociatesWithApprovalAuthority").([]any)
		for j, a := range assocs {
			m, _ := a.(map[string]any)
			got, ok := m["departmentUuid"]
			if !ok {
				continue
			}
			ptr := fmt.Sprintf("%s/items/%d/dealerAssociatesWithApprovalAuthority/%d/departmentUuid", dto, i, j)
			out = append(out, echo(ptr, got, department)...)
		}
	}
	return out
}

func echo(ptr string, got any, department string) []Violation {
	if s, ok := got.(string); ok && schemas.CanonicalUUID(s) == schemas.CanonicalUUID(department) {
		return nil
	}
	return []Violation{{Pointer: ptr, Expected: "the requested department " + strconv.Quote(department), Found: describe(got)}}
}

// identity holds the fields that say which vehicle a Vehicle object is.
var identity = []string{"uuid", "vin", "id", "vehicleKey"}

// VehicleInfo checks that vehicleInfo, when present, is one of
// customerInfo.vehicles: a vehicle with the same value in every identifying
// field (uuid, vin, id, vehicleKey) that vehicleInfo fills, or, if it fills
// none of them, the same value in every field it fills. A vehicleInfo that
// fills no field at all ("", 0, false or null everywhere, as in a profile
// without vehicles, where the strict level still wants the object) names no
// vehicle and passes.
func VehicleInfo(v any) []Violation {
	d := field(v, "customerProfileDataRequestDTO")
	info, ok := field(d, "vehicleInfo").(map[string]any)
	if !ok {
		return nil
	}
	keys := []string{}
	for _, k := range identity {
		if !zero(info[k]) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		for k, x := range info {
			if !zero(x) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
	}
	if len(keys) == 0 {
		return nil
	}
	vehicles, ok := field(field(d, "customerInfo"), "vehicles").([]any)
	if !ok {
		return nil // nothing to compare with: VehicleInfoNotApplicable says so
	}
	for _, veh := range vehicles {
		m, _ := veh.(map[string]any)
		same := m != nil
		for _, k := range keys {
			if !reflect.DeepEqual(m[k], info[k]) {
				same = false
				break
			}
		}
		if same {
			return nil
		}
	}
	var id []string
	for _, k := range keys {
		if len(id) == 3 {
			id = append(id, "…")
			break
		}
		id = append(id, k+" "+describeValue(info[k]))
	}
	return []Violation{{
		Pointer:  dto + "/vehicleInfo",
		Expected: "one of the vehicles of " + dto + "/customerInfo/vehicles (same " + strings.Join(keys, ", ") + ")",
		Found:    fmt.Sprintf("a vehicle with %s, matching none of the %d listed", strings.Join(id, ", "), len(vehicles)),
	}}
}

// VehicleInfoNotApplicable says why VehicleInfo has nothing to judge in v, or
// "": the page marks no field required, so a profile without vehicleInfo or
// without customerInfo.vehicles is not wrong (the strict level asks for
// both).
func VehicleInfoNotApplicable(v any) string {
	d := field(v, "customerProfileDataRequestDTO")
	if _, ok := field(d, "vehicleInfo").(map[string]any); !ok {
		return "the profile has no vehicleInfo"
	}
	if _, ok := field(field(d, "customerInfo"), "vehicles").([]any); !ok {
		return "the profile has no customerInfo.vehicles to compare vehicleInfo with"
	}
	return ""
}

// ReviewTimes checks that every items[].reviews[].reviewedAtDateTime present
// is an RFC 3339 date-time.
func ReviewTimes(v any) []Violation {
	var out []Violation
	items, _ := field(field(v, "customerProfileDataRequestDTO"), "items").([]any)
	for i, it := range items {
		reviews, _ := field(it, "reviews").([]any)
		for j, r := range reviews {
			m, _ := r.(map[string]any)
			got, ok := m["reviewedAtDateTime"]
			if !ok {
				continue
			}
			if s, isString := got.(string); isString && isRFC3339(s) {
				continue
			}
			out = append(out, Violation{
				Pointer:  fmt.Sprintf("%s/items/%d/reviews/%d/reviewedAtDateTime", dto, i, j),
				Expected: "an RFC 3339 date-time, e.g. \"2024-04-02T17:57:45Z\"",
				Found:    describe(got),
			})
		}
	}
	return out
}

// isRFC3339 accepts RFC 3339's date-time: a "T" (or "t") between date and
// time, seconds, optional fraction, and "Z" or a numeric offset.
func isRFC3339(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, strings.Replace(strings.Replace(s, "t", "T", 1), "z", "Z", 1))
	return err == nil
}

// zero reports a JSON value that fills nothing: absent, null, "", 0 or false.
func zero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		f, err := x.Float64()
		return err == nil && f == 0
	}
	return false
}

func field(v any, name string) any {
	m, _ := v.(map[string]any)
	return m[name]
}

func describe(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string " + describeValue(v)
	case json.Number:
		return "number " + describeValue(v)
	case bool:
		return "boolean " + describeValue(v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 60 {
			return strconv.Quote(x[:60]) + "…"
		}
		return strconv.Quote(x)
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}
