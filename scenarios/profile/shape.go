package profile

import (
	"errors"
	"fmt"
)

// Range is an inclusive count range; Min == Max means exactly that many.
type Range struct{ Min, Max int }

// Names selects the name pool.
type Names int

const (
	// NamesDefault draws everyday US names from gofakeit.
	NamesDefault Names = iota
	// NamesUnicode draws accented Latin, CJK and right-to-left (Arabic, Hebrew) names, so that
	// clients get exercised on the names real customers have.
	NamesUnicode
)

// Shape says what a generated profile looks like. Counts are taken literally: a zero Range means zero.
type Shape struct {
	Vehicles       Range
	Items          Range
	Communications Range
	CoOwners       Range
	Attributes     Range
	ReviewRounds   Range    // how many REQUESTED_AGAIN rounds may precede an item's final review (0..N)
	Statuses       []string // item statuses to use, cycled in order over the items (item i gets Statuses[i%len]); empty = drawn at random from all five
	Names          Names
	Minimal        bool // every free-text string field empty ("") and every array empty: the "minimal profile" screen state; ids stay
}

// The largest counts a Shape may ask for. They keep one generated body well under a megabyte, so that
// a typo in a scenario file cannot turn every request into a multi-second allocation.
const (
	maxVehicles       = 200
	maxItems          = 200
	maxCommunications = 100
	maxCoOwners       = 50
	maxReviewRounds   = 20
	// maxAttributes is the number of distinct attribute keys: attributes is a map, so asking for more
	// keys than the table holds cannot be honoured.
	maxAttributes = len(attributeKinds)
)

// DefaultShape is the full realistic profile: 1-4 vehicles, 3-6 items, 2-5 communications, 0-2 co-owners,
// 2-4 attributes, 0-2 review rounds, all statuses.
func DefaultShape() Shape {
	return Shape{
		Vehicles:       Range{1, 4},
		Items:          Range{3, 6},
		Communications: Range{2, 5},
		CoOwners:       Range{0, 2},
		Attributes:     Range{2, 4},
		ReviewRounds:   Range{0, 2},
		Names:          NamesDefault,
	}
}

// Validate refuses shapes Generate would have to bend: negative counts, Min > Max, counts above the
// limits, unknown name pools and unknown item statuses. Every problem is reported, each naming its field.
func (s Shape) Validate() error {
	var errs []error
	for _, r := range [...]struct {
		field string
		r     Range
		limit int
	}{
		{"Vehicles", s.Vehicles, maxVehicles},
		{"Items", s.Items, maxItems},
		{"Communications", s.Communications, maxCommunications},
		{"CoOwners", s.CoOwners, maxCoOwners},
		{"Attributes", s.Attributes, maxAttributes},
		{"ReviewRounds", s.ReviewRounds, maxReviewRounds},
	} {
		errs = append(errs, checkRange(r.field, r.r, r.limit)...)
	}
	if s.Names != NamesDefault && s.Names != NamesUnicode {
		errs = append(errs, fmt.Errorf("profile: Shape.Names is %d: want NamesDefault (0) or NamesUnicode (1)", int(s.Names)))
	}
	for i, st := range s.Statuses {
		if !isItemStatus(st) {
			errs = append(errs, fmt.Errorf("profile: Shape.Statuses[%d] is %q: want one of SCHEDULED, REQUESTED, PENDING_APPROVAL, COMPLETED, DECLINED", i, st))
		}
	}
	return errors.Join(errs...)
}

func checkRange(field string, r Range, limit int) []error {
	var errs []error
	if r.Min < 0 {
		errs = append(errs, fmt.Errorf("profile: Shape.%s.Min is %d: counts cannot be negative", field, r.Min))
	}
	if r.Max < 0 {
		errs = append(errs, fmt.Errorf("profile: Shape.%s.Max is %d: counts cannot be negative", field, r.Max))
	}
	if r.Min > r.Max {
		errs = append(errs, fmt.Errorf("profile: Shape.%s: Min %d is greater than Max %d", field, r.Min, r.Max))
	}
	if r.Max > limit {
		errs = append(errs, fmt.Errorf("profile: Shape.%s.Max is %d: the limit is %d", field, r.Max, limit))
	}
	return errs
}

// clamped is the nearest shape Validate accepts, so that Generate stays total: it is on the request
// path and must answer something sensible (and never panic) even for a shape nobody validated.
// Unknown statuses are dropped rather than emitted, because they would break the contract.
func (s Shape) clamped() Shape {
	s.Vehicles = clampRange(s.Vehicles, maxVehicles)
	s.Items = clampRange(s.Items, maxItems)
	s.Communications = clampRange(s.Communications, maxCommunications)
	s.CoOwners = clampRange(s.CoOwners, maxCoOwners)
	s.Attributes = clampRange(s.Attributes, maxAttributes)
	s.ReviewRounds = clampRange(s.ReviewRounds, maxReviewRounds)
	if s.Names != NamesUnicode {
		s.Names = NamesDefault
	}
	valid := 0
	for _, st := range s.Statuses {
		if isItemStatus(st) {
			valid++
		}
	}
	if valid < len(s.Statuses) {
		kept := make([]string, 0, valid)
		for _, st := range s.Statuses {
			if isItemStatus(st) {
				kept = append(kept, st)
			}
		}
		s.Statuses = kept
	}
	return s
}

func clampRange(r Range, limit int) Range {
	r.Min = min(max(r.Min, 0), limit)
	r.Max = min(max(r.Max, 0), limit)
	if r.Min > r.Max {
		r.Min = r.Max
	}
	return r
}
