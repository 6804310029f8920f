package profile

import (
	"strings"
	"testing"
)

func TestValidateAccepts(t *testing.T) {
	for name, s := range map[string]Shape{
		"default": DefaultShape(),
		"zero":    {},
		"minimal": {Minimal: true},
		"unicode": {Names: NamesUnicode},
		"limits": {Vehicles: Range{maxVehicles, maxVehicles}, Items: Range{0, maxItems}, Communications: Range{0, maxCommunications},
			CoOwners: Range{0, maxCoOwners}, Attributes: Range{0, maxAttributes}, ReviewRounds: Range{0, maxReviewRounds}},
		"statuses": {Statuses: ItemStatuses()},
		"repeated": {Statuses: []string{StatusCompleted, StatusCompleted, StatusDeclined}},
	} {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: Validate() = %v, want nil", name, err)
		}
	}
}

// TestValidateRejects is the reject table: each bad shape with the messages it must produce.
func TestValidateRejects(t *testing.T) {
	for _, c := range []struct {
		name  string
		shape Shape
		want  []string
	}{
		{"negative min", Shape{Vehicles: Range{-1, 2}}, []string{"Shape.Vehicles.Min is -1: counts cannot be negative"}},
		{"negative max", Shape{Items: Range{-2, -1}}, []string{"Shape.Items.Min is -2", "Shape.Items.Max is -1: counts cannot be negative"}},
		{"min above max", Shape{Communications: Range{5, 2}}, []string{"Shape.Communications: Min 5 is greater than Max 2"}},
		{"too many vehicles", Shape{Vehicles: Range{0, 201}}, []string{"Shape.Vehicles.Max is 201: the limit is 200"}},
		{"too many items", Shape{Items: Range{1000, 1000}}, []string{"Shape.Items.Max is 1000: the limit is 200"}},
		{"too many co-owners", Shape{CoOwners: Range{0, 51}}, []string{"Shape.CoOwners.Max is 51: the limit is 50"}},
		{"too many attributes", Shape{Attributes: Range{0, 13}}, []string{"Shape.Attributes.Max is 13: the limit is 12"}},
		{"too many rounds", Shape{ReviewRounds: Range{0, 21}}, []string{"Shape.ReviewRounds.Max is 21: the limit is 20"}},
		{"unknown names", Shape{Names: 7}, []string{"Shape.Names is 7"}},
		{"unknown status", Shape{Statuses: []string{StatusCompleted, "APPROVED"}}, []string{`Shape.Statuses[1] is "APPROVED"`}},
		{"empty status", Shape{Statuses: []string{""}}, []string{`Shape.Statuses[0] is ""`}},
		{"lower-case status", Shape{Statuses: []string{"completed"}}, []string{`Shape.Statuses[0] is "completed"`}},
		{"every problem reported", Shape{Vehicles: Range{3, 1}, Statuses: []string{"X"}},
			[]string{"Shape.Vehicles: Min 3 is greater than Max 1", `Shape.Statuses[0] is "X"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.shape.Validate()
			if err == nil {
				t.Fatal("Validate() = nil, want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate() = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestDefaultShape(t *testing.T) {
	s := DefaultShape()
	want := Shape{Vehicles: Range{1, 4}, Items: Range{3, 6}, Communications: Range{2, 5}, CoOwners: Range{0, 2},
		Attributes: Range{2, 4}, ReviewRounds: Range{0, 2}}
	if s.Vehicles != want.Vehicles || s.Items != want.Items || s.Communications != want.Communications || s.CoOwners != want.CoOwners ||
		s.Attributes != want.Attributes || s.ReviewRounds != want.ReviewRounds || len(s.Statuses) != 0 || s.Names != NamesDefault || s.Minimal {
		t.Fatalf("DefaultShape() = %+v", s)
	}
}

// TestClampedIsValid checks that what Generate uses is always a shape Validate accepts.
func TestClampedIsValid(t *testing.T) {
	for k := range uint64(20000) {
		s := shapeFromKnobs(k * 0x9e3779b97f4a7c15)
		if err := s.clamped().Validate(); err != nil {
			t.Fatalf("%+v clamped to %+v, which Validate refuses: %v", s, s.clamped(), err)
		}
	}
}
