package profile

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

// TestSchemaValid checks generated bodies against the contract at both levels: 10,000 default ones
// across seeds, departments and tokens, and a few hundred of each special shape, in the long run.
//
// Otherwise a tenth of that: 1,000 default bodies, 50 of each special shape (20 empty ones). Whether
// a body is valid depends on its structure, not on the words drawn for it: every number comes from
// a fixed range inside its int32 or int64, every enum value from a fixed list. The 1,000 default
// bodies reach every statement of the generator that the 10,000 reach (go test -cover) but one,
// which turns a 555 exchange into 554 (one phone in 800: a digit no schema can see), with every
// count of every range, every document kind, status and vehicle model many times over.
func TestSchemaValid(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 1_000
	if longTests() {
		n = 10_000
	}
	type shapeCase struct {
		name        string
		shape       Shape
		first, last int // seeds
	}
	var cases []shapeCase
	// In parts, so that they run on every core.
	const parts = 4
	for p := range parts {
		cases = append(cases, shapeCase{fmt.Sprintf("default/%d", p), DefaultShape(), p * n / parts, (p + 1) * n / parts})
	}
	cases = append(cases, []shapeCase{
		{"minimal", Shape{Minimal: true}, 0, n / 20},
		{"unicode", unicodeShape(), 0, n / 20},
		{"zero", Shape{}, 0, n / 50},
		{"limits", Shape{Vehicles: Range{maxVehicles, maxVehicles}, Items: Range{maxItems, maxItems}, Communications: Range{maxCommunications, maxCommunications},
			CoOwners: Range{maxCoOwners, maxCoOwners}, Attributes: Range{maxAttributes, maxAttributes}, ReviewRounds: Range{maxReviewRounds, maxReviewRounds}}, 0, 3},
	}...)
	for _, st := range ItemStatuses() {
		s := DefaultShape()
		s.Statuses = []string{st}
		s.ReviewRounds = Range{0, 3}
		cases = append(cases, shapeCase{"only " + st, s, 0, n / 20})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for i := c.first; i < c.last; i++ {
				seed := uint64(i)
				in := inputs[i%len(inputs)]
				body, err := json.Marshal(Generate(seed, in.dept, in.token, c.shape))
				if err != nil {
					t.Fatal(err)
				}
				for _, lv := range []schemas.Level{schemas.Contract, schemas.Strict} {
					vs, err := set.Validate(200, lv, body)
					if err != nil {
						t.Fatalf("seed %d, department %q, token %q: %v", seed, in.dept, in.token, err)
					}
					if len(vs) > 0 {
						msg := fmt.Sprintf("seed %d, department %q, token %q: %d violations at level %v:", seed, in.dept, in.token, len(vs), lv)
						for _, v := range vs {
							msg += "\n  " + v.String()
						}
						t.Fatalf("%s\nbody: %s", msg, body)
					}
				}
			}
		})
	}
}

// TestSchemaCatchesBreakage makes sure the test above could fail: a null array and a missing field
// are violations at the strict level.
func TestSchemaCatchesBreakage(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := Generate(1, testDept, "t", DefaultShape())
	r.CustomerProfileDataRequestDTO.Items = nil
	body, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	vs, err := set.Validate(200, schemas.Strict, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("a body with items: null passed the strict level")
	}
}
