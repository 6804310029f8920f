package profile

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/brianvoe/gofakeit/v7/data"

	"github.com/profilemock/profilemock/schemas"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const testDept = "3f2c9a1e-7b4d-4e8a-9c1f-2d3e4f5a6b7c"

// inputs are the (department, token) pairs every seed of the property tests is combined with.
var inputs = []struct{ dept, token string }{
	{testDept, "tok-7f3a"},
	{"0b6a3c2e-55d1-4c8e-9f0a-8e1d2c3b4a59", "eyJhbGciOiJIUzI1NiJ9.e30.x"},
	{"not-a-uuid ünïcødé", ""},
}

var (
	uuidRE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	emailRE = regexp.MustCompile(`^[a-z0-9]+([._][a-z0-9]+)*@[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)+$`)
	phoneRE = regexp.MustCompile(`^\+1[2-9][0-9]{2}[2-9][0-9]{6}$`)
	yearRE  = regexp.MustCompile(`^[0-9]{4}$`)
	imageRE = regexp.MustCompile(`^https://[a-z0-9.-]+/vehicles/([a-z0-9-]+)/([a-z0-9-]+)/([0-9]{4})\.jpg$`)
	fileRE  = regexp.MustCompile(`^https://[a-z0-9.-]+/[a-z0-9/-]+\.pdf$`)
)

// sample is one generated profile with the inputs that made it, so that a failure names them.
type sample struct {
	seed        uint64
	dept, token string
	shapeName   string
	shape       Shape
	r           *Response
}

func (s *sample) String() string {
	return fmt.Sprintf("seed %d, department %q, token %q, shape %s", s.seed, s.dept, s.token, s.shapeName)
}

func unicodeShape() Shape {
	s := DefaultShape()
	s.Names = NamesUnicode
	return s
}

// longTests reports whether PROFILEMOCK_LONG_TESTS=1 asks for the full counts of the property
// tests (CI's second test step). Without it they run the smaller counts that still reach every
// branch of the generator and every rule; each says why its count suffices.
func longTests() bool { return os.Getenv("PROFILEMOCK_LONG_TESTS") == "1" }

// corpus generates seeds x inputs profiles of the named shape: 2,000 seeds in the long run, 200
// otherwise. 200 seeds x 3 inputs are 600 profiles per shape, which reach every statement of the
// generator that 2,000 reach (go test -cover shows the same blocks), every document kind, status,
// communication type and label, dealer-name pattern and Unicode culture many times over, and
// keep each share TestDistributions checks more than five standard deviations inside its bounds.
func corpus(t testing.TB, shapeName string, shape Shape) []sample {
	t.Helper()
	seeds := 200
	if longTests() {
		seeds = 2000
	}
	out := make([]sample, 0, seeds*len(inputs))
	for seed := range uint64(seeds) {
		for _, in := range inputs {
			out = append(out, sample{seed, in.dept, in.token, shapeName, shape, Generate(seed, in.dept, in.token, shape)})
		}
	}
	return out
}

// rule is one realism rule: it returns the first way a profile breaks it.
type rule struct {
	name  string
	check func(s *sample) error
}

func rules() []rule {
	return []rule{
		{"non-nil slices and map", checkNonNil},
		{"envelope", checkEnvelope},
		{"customer", checkCustomer},
		{"uuids", checkUUIDs},
		{"ids", checkIDs},
		{"communications", checkCommunications},
		{"vehicles", checkVehicles},
		{"vehicleInfo", checkVehicleInfo},
		{"co-owners", checkCoOwners},
		{"dealer", checkDealer},
		{"department", checkDepartment},
		{"items", checkItems},
		{"status history", checkHistory},
		{"reviewers", checkReviewers},
		{"attributes", checkAttributes},
	}
}

// TestProperties checks every realism rule on every profile of the corpora, reporting the inputs of
// the first profile that breaks a rule.
func TestProperties(t *testing.T) {
	for _, c := range []struct {
		name  string
		shape Shape
	}{
		{"default", DefaultShape()},
		{"unicode", unicodeShape()},
		{"minimal", Shape{Minimal: true}},
	} {
		samples := corpus(t, c.name, c.shape)
		t.Run(c.name, func(t *testing.T) {
			for _, r := range rules() {
				t.Run(r.name, func(t *testing.T) {
					for i := range samples {
						if err := r.check(&samples[i]); err != nil {
							t.Fatalf("%v: %v", &samples[i], err)
						}
					}
				})
			}
		})
	}
}

// TestRulesCatchBreakage breaks a good profile in one way per case and expects the matching rule to
// notice: a rule that cannot fail would prove nothing.
func TestRulesCatchBreakage(t *testing.T) {
	byName := map[string]func(*sample) error{}
	for _, r := range rules() {
		byName[r.name] = r.check
	}
	// A profile with something of everything to break.
	shape := DefaultShape()
	shape.Vehicles = Range{2, 2}
	shape.CoOwners = Range{2, 2}
	shape.Communications = Range{5, 5}
	shape.Attributes = Range{maxAttributes, maxAttributes}
	shape.Statuses = []string{StatusCompleted, StatusPendingApproval, StatusDeclined, StatusRequested}
	shape.ReviewRounds = Range{1, 1}
	shape.Items = Range{4, 4}
	fresh := func() *sample {
		return &sample{seed: 1, dept: testDept, token: "t", shapeName: "breakage", shape: shape, r: Generate(1, testDept, "t", shape)}
	}
	for _, c := range []struct {
		rule   string
		mutate func(p *CustomerProfileData, r *Response)
	}{
		{"non-nil slices and map", func(p *CustomerProfileData, _ *Response) { p.Items[0].Reviews = nil }},
		{"non-nil slices and map", func(p *CustomerProfileData, _ *Response) { p.Attributes = nil }},
		{"envelope", func(_ *CustomerProfileData, r *Response) { r.Warnings = append(r.Warnings, Warning{}) }},
		{"customer", func(p *CustomerProfileData, _ *Response) { p.CustomerInfo.Fname = "" }},
		{"uuids", func(p *CustomerProfileData, _ *Response) {
			p.CustomerInfo.CustomerKey = strings.ToUpper(p.CustomerInfo.CustomerKey)
		}},
		{"uuids", func(p *CustomerProfileData, _ *Response) { p.Items[1].UUID = p.Items[0].UUID }},
		{"ids", func(p *CustomerProfileData, _ *Response) {
			p.CustomerInfo.Vehicles[1].ID = p.CustomerInfo.Vehicles[0].ID
		}},
		{"ids", func(p *CustomerProfileData, _ *Response) {
			p.CustomerInfo.SecondaryCustomerData[0].CustomerID = p.CustomerInfo.ID
		}},
		{"communications", func(p *CustomerProfileData, _ *Response) { p.CustomerInfo.Communications[1].CommValue = "+15551234567" }},
		{"communications", func(p *CustomerProfileData, _ *Response) {
			for i := range p.CustomerInfo.Communications {
				p.CustomerInfo.Communications[i].Preferred = true
			}
		}},
		{"communications", func(p *CustomerProfileData, _ *Response) {
			p.CustomerInfo.Communications[0].CommValue = "someone@gmail.com"
		}},
		{"vehicles", func(p *CustomerProfileData, _ *Response) {
			p.CustomerInfo.Vehicles[0].Model = "Camry"
			p.CustomerInfo.Vehicles[0].Make = "Tesla"
		}},
		{"vehicles", func(p *CustomerProfileData, _ *Response) { p.CustomerInfo.Vehicles[0].VIN = "1M8GDM9AXKP042789" }},
		{"vehicles", func(p *CustomerProfileData, _ *Response) { p.CustomerInfo.Vehicles[0].Year = "1999" }},
		{"vehicleInfo", func(p *CustomerProfileData, _ *Response) { p.VehicleInfo.Trim = "Imaginary" }},
		{"co-owners", func(p *CustomerProfileData, _ *Response) { p.CustomerInfo.SecondaryCustomerData[0].Lname = "" }},
		{"dealer", func(p *CustomerProfileData, _ *Response) { p.DealerInfo.Name = "" }},
		{"department", func(p *CustomerProfileData, _ *Response) {
			p.Items[0].DealerAssociatesWithApprovalAuthority[0].DepartmentUUID = "other"
		}},
		{"items", func(p *CustomerProfileData, _ *Response) { p.Items[1].Type = p.Items[0].Type }},
		{"items", func(p *CustomerProfileData, _ *Response) {
			p.Items[0].DealerAssociatesWithApprovalAuthority[0].DealerSupportedItemUUID = p.Items[1].UUID
		}},
		{"items", func(p *CustomerProfileData, _ *Response) { p.Items[3].ApprovalNeeded = !p.Items[3].ApprovalNeeded }},
		{"status history", func(p *CustomerProfileData, _ *Response) { p.Items[3].VaultPiiDataUUID = p.Items[0].VaultPiiDataUUID }},
		{"status history", func(p *CustomerProfileData, _ *Response) { p.Items[0].Reviews[1].ReviewStatus = ReviewDeclined }},
		{"status history", func(p *CustomerProfileData, _ *Response) { p.Items[2].Reviews[1].Reason = "" }},
		{"status history", func(p *CustomerProfileData, _ *Response) { p.Items[0].Reviews[0].Reason = "" }},
		{"status history", func(p *CustomerProfileData, _ *Response) {
			p.Items[0].Reviews[1].ReviewedAtDateTime = p.Items[0].Reviews[0].ReviewedAtDateTime
		}},
		{"status history", func(p *CustomerProfileData, _ *Response) {
			p.Items[0].Reviews[0].ReviewedAtDateTime = "2025-03-01T10:00:00+01:00"
		}},
		{"status history", func(p *CustomerProfileData, _ *Response) { p.Items[1].Reviews = p.Items[0].Reviews }},
		{"reviewers", func(p *CustomerProfileData, _ *Response) {
			p.Items[0].Reviews[0].ReviewerUserUUID = p.CustomerInfo.UUID
		}},
		{"reviewers", func(p *CustomerProfileData, _ *Response) { p.Items[0].Reviews[0].ReviewerName = "Someone Else" }},
		{"attributes", func(p *CustomerProfileData, _ *Response) { p.Attributes["appointmentDate"] = "2026-02-30" }},
		{"attributes", func(p *CustomerProfileData, _ *Response) { p.Attributes["favouriteColour"] = "blue" }},
	} {
		s := fresh()
		if err := byName[c.rule](s); err != nil {
			t.Fatalf("rule %q fails on the unbroken profile: %v", c.rule, err)
		}
		c.mutate(&s.r.CustomerProfileDataRequestDTO, s.r)
		if err := byName[c.rule](s); err == nil {
			t.Errorf("rule %q did not notice a broken profile", c.rule)
		}
	}
}

// checkNonNil walks the whole response: nil marshals to null, which the contract rejects.
func checkNonNil(s *sample) error {
	if s.r == nil {
		return errors.New("nil response")
	}
	if path, ok := nilAt(reflect.ValueOf(*s.r)); ok {
		return fmt.Errorf("%s is nil", path)
	}
	return nil
}

// nilAt returns the path below v of the first nil slice or map. The path is built on the way back
// from a nil only: formatting it for every field of every profile was most of the walk's cost.
func nilAt(v reflect.Value) (string, bool) {
	switch v.Kind() {
	case reflect.Slice, reflect.Map:
		if v.IsNil() {
			return "", true
		}
		if v.Kind() == reflect.Slice {
			for i := 0; i < v.Len(); i++ {
				if p, ok := nilAt(v.Index(i)); ok {
					return fmt.Sprintf("[%d]", i) + p, true
				}
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if p, ok := nilAt(v.Field(i)); ok {
				return "." + v.Type().Field(i).Name + p, true
			}
		}
	}
	return "", false
}

func checkEnvelope(s *sample) error {
	if len(s.r.Errors) != 0 || len(s.r.Warnings) != 0 {
		return fmt.Errorf("errors %v and warnings %v, want both empty", s.r.Errors, s.r.Warnings)
	}
	return nil
}

func inRange(n int, r Range) bool { return n >= r.Min && n <= r.Max }

// companies is gofakeit's company list.
var companies = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range data.Company["name"] {
		m[c] = true
	}
	return m
}()

// checkName checks a generated person's first and last name.
func checkName(s *sample, first, last string) error {
	if s.shape.Minimal {
		if first != "" || last != "" {
			return fmt.Errorf("name %q %q in a minimal profile", first, last)
		}
		return nil
	}
	if first == "" || last == "" || !utf8.ValidString(first) || !utf8.ValidString(last) {
		return fmt.Errorf("name %q %q: want a non-empty first and last name", first, last)
	}
	if s.shape.Names == NamesDefault {
		if !slices.Contains(data.Person["first"], first) || !slices.Contains(data.Person["last"], last) {
			return fmt.Errorf("name %q %q is not from gofakeit's pools", first, last)
		}
		return nil
	}
	if _, _, ok := unicodeName(first, last); !ok {
		return fmt.Errorf("name %q %q is not a given and family name of one culture of the Unicode pool", first, last)
	}
	return nil
}

// unicodeName finds the ASCII spellings of a Unicode-pool name.
func unicodeName(first, last string) (string, string, bool) {
	for _, c := range unicodeCultures {
		i := slices.IndexFunc(c.given, func(n nameText) bool { return n.text == first })
		j := slices.IndexFunc(c.family, func(n nameText) bool { return n.text == last })
		if i >= 0 && j >= 0 {
			return c.given[i].ascii, c.family[j].ascii, true
		}
	}
	return "", "", false
}

func checkCustomer(s *sample) error {
	c := &s.r.CustomerProfileDataRequestDTO.CustomerInfo
	if err := checkName(s, c.Fname, c.Lname); err != nil {
		return err
	}
	if c.Company != "" && (s.shape.Minimal || !companies[c.Company]) {
		return fmt.Errorf("company %q is not a gofakeit company name (or the profile is minimal)", c.Company)
	}
	return nil
}

func checkUUIDs(s *sample) error {
	p := &s.r.CustomerProfileDataRequestDTO
	// Fields that must each hold a fresh UUID: no two equal within a profile.
	fresh := map[string]string{}
	add := func(field, v string) error {
		if !uuidRE.MatchString(v) {
			return fmt.Errorf("%s is %q: want a canonical lowercase version 4 UUID", field, v)
		}
		if other, ok := fresh[v]; ok {
			return fmt.Errorf("%s repeats the UUID of %s: %s", field, other, v)
		}
		fresh[v] = field
		return nil
	}
	var errs []error
	c := &p.CustomerInfo
	errs = append(errs, add("customerKey", c.CustomerKey), add("uuid", c.UUID),
		add("dealerUUID", p.DealerInfo.DealerUUID), add("vaultDataRequestUUID", p.VaultDataRequestUUID))
	for i, v := range c.Vehicles {
		errs = append(errs, add(fmt.Sprintf("vehicles[%d].uuid", i), v.UUID), add(fmt.Sprintf("vehicles[%d].vehicleKey", i), v.VehicleKey))
	}
	for i, o := range c.SecondaryCustomerData {
		errs = append(errs, add(fmt.Sprintf("secondaryCustomerData[%d].customerKey", i), o.CustomerKey),
			add(fmt.Sprintf("secondaryCustomerData[%d].guid", i), o.GUID))
	}
	for i, it := range p.Items {
		errs = append(errs, add(fmt.Sprintf("items[%d].uuid", i), it.UUID),
			add(fmt.Sprintf("items[%d].vaultSupportedDataUuid", i), it.VaultSupportedDataUUID),
			add(fmt.Sprintf("items[%d].dealerSupportedItemMetaData.dealerSupportedItemUuid", i), it.DealerSupportedItemMetaData.DealerSupportedItemUUID))
		if it.VaultPiiDataUUID != "" {
			errs = append(errs, add(fmt.Sprintf("items[%d].vaultPiiDataUuid", i), it.VaultPiiDataUUID))
		}
		for j, a := range it.DealerAssociatesWithApprovalAuthority {
			if !uuidRE.MatchString(a.UserUUID) || !uuidRE.MatchString(a.DealerSupportedItemUUID) {
				return fmt.Errorf("items[%d].dealerAssociatesWithApprovalAuthority[%d] has uuids %q, %q", i, j, a.UserUUID, a.DealerSupportedItemUUID)
			}
		}
		for j, r := range it.Reviews {
			if !uuidRE.MatchString(r.ReviewerUserUUID) {
				return fmt.Errorf("items[%d].reviews[%d].reviewerUserUuid is %q", i, j, r.ReviewerUserUUID)
			}
		}
	}
	return errors.Join(errs...)
}

// uniquePositive checks that ids are positive and pairwise different.
func uniquePositive(what string, ids []int64) error {
	seen := map[int64]bool{}
	for i, id := range ids {
		if id <= 0 {
			return fmt.Errorf("%s[%d] is %d: want a positive id", what, i, id)
		}
		if seen[id] {
			return fmt.Errorf("%s[%d] repeats id %d", what, i, id)
		}
		seen[id] = true
	}
	return nil
}

func checkIDs(s *sample) error {
	p := &s.r.CustomerProfileDataRequestDTO
	c := &p.CustomerInfo
	if c.ID <= 0 || c.DealerID <= 0 {
		return fmt.Errorf("customer id %d, dealerId %d: want positive", c.ID, c.DealerID)
	}
	var ids []int64
	for _, m := range c.Communications {
		ids = append(ids, m.ID)
	}
	if err := uniquePositive("communications.id", ids); err != nil {
		return err
	}
	ids = ids[:0]
	for _, v := range c.Vehicles {
		ids = append(ids, v.ID)
	}
	if err := uniquePositive("vehicles.id", ids); err != nil {
		return err
	}
	ids = append(ids[:0], c.ID)
	for _, o := range c.SecondaryCustomerData {
		ids = append(ids, o.CustomerID)
	}
	if err := uniquePositive("customer id then secondaryCustomerData.customerId", ids); err != nil {
		return err
	}
	for i, it := range p.Items {
		ids = ids[:0]
		for _, a := range it.DealerAssociatesWithApprovalAuthority {
			ids = append(ids, a.ID)
		}
		if err := uniquePositive(fmt.Sprintf("items[%d].dealerAssociatesWithApprovalAuthority.id", i), ids); err != nil {
			return err
		}
	}
	return nil
}

func checkCommunications(s *sample) error {
	c := &s.r.CustomerProfileDataRequestDTO.CustomerInfo
	want := s.shape.Communications
	if s.shape.Minimal {
		want = Range{}
	}
	if !inRange(len(c.Communications), want) {
		return fmt.Errorf("%d communications, want %d..%d", len(c.Communications), want.Min, want.Max)
	}
	var first, last string
	if !s.shape.Minimal {
		first, last = strings.ToLower(c.Fname), strings.ToLower(c.Lname)
		if s.shape.Names == NamesUnicode {
			first, last, _ = unicodeName(c.Fname, c.Lname)
		}
	}
	preferred := map[string]int{}
	emails := map[string]bool{}
	for i, m := range c.Communications {
		switch m.CommType {
		case commEmail:
			if !emailRE.MatchString(m.CommValue) {
				return fmt.Errorf("communications[%d] is the email %q: not a plain ASCII address", i, m.CommValue)
			}
			local := m.CommValue[:strings.IndexByte(m.CommValue, '@')]
			if last == "" || first == "" || !strings.Contains(local, last) || !strings.Contains(local, first[:1]) {
				return fmt.Errorf("communications[%d] is the email %q: not made from the name %s %s", i, m.CommValue, c.Fname, c.Lname)
			}
			if emails[m.CommValue] {
				return fmt.Errorf("communications[%d] repeats the email %q", i, m.CommValue)
			}
			emails[m.CommValue] = true
			if m.CommLabel != labelHome && m.CommLabel != labelWork {
				return fmt.Errorf("communications[%d] is an email labelled %q", i, m.CommLabel)
			}
		case commPhone, commText:
			if !phoneRE.MatchString(m.CommValue) || strings.HasPrefix(m.CommValue[5:], "555") {
				return fmt.Errorf("communications[%d] is the %s %q: not an E.164 NANP number", i, m.CommType, m.CommValue)
			}
			if m.CommType == commText && m.CommLabel != labelMobile ||
				m.CommLabel != labelHome && m.CommLabel != labelWork && m.CommLabel != labelMobile {
				return fmt.Errorf("communications[%d] is a %s labelled %q", i, m.CommType, m.CommLabel)
			}
		default:
			return fmt.Errorf("communications[%d] has type %q", i, m.CommType)
		}
		if _, ok := preferred[m.CommType]; !ok {
			preferred[m.CommType] = 0
		}
		if m.Preferred {
			preferred[m.CommType]++
		}
	}
	for t, n := range preferred {
		if n != 1 {
			return fmt.Errorf("%d preferred %s entries, want exactly one", n, t)
		}
	}
	if len(c.Communications) > 0 && preferred[commEmail] != 1 {
		return errors.New("no EMAIL communication")
	}
	return nil
}

// modelOf finds the table entry of a make/model pair.
func modelOf(make, model string) *vehicleModel {
	for i := range vehicleModels {
		if vehicleModels[i].make == make && vehicleModels[i].model == model {
			return &vehicleModels[i]
		}
	}
	return nil
}

func checkVehicles(s *sample) error {
	vs := s.r.CustomerProfileDataRequestDTO.CustomerInfo.Vehicles
	want := s.shape.Vehicles
	if s.shape.Minimal {
		want = Range{}
	}
	if !inRange(len(vs), want) {
		return fmt.Errorf("%d vehicles, want %d..%d", len(vs), want.Min, want.Max)
	}
	for i, v := range vs {
		if err := checkVehicle(v); err != nil {
			return fmt.Errorf("vehicles[%d]: %v", i, err)
		}
	}
	return nil
}

func checkVehicle(v Vehicle) error {
	m := modelOf(v.Make, v.Model)
	if m == nil {
		return fmt.Errorf("%s %s is not a real make/model pair", v.Make, v.Model)
	}
	if v.BodyStyle != m.bodyStyle || !slices.Contains(m.engines, v.Engine) || !slices.Contains(m.trims, v.Trim) {
		return fmt.Errorf("%s %s with body %q, engine %q, trim %q: not how it is sold", v.Make, v.Model, v.BodyStyle, v.Engine, v.Trim)
	}
	var year int
	if !yearRE.MatchString(v.Year) {
		return fmt.Errorf("year %q is not four digits", v.Year)
	}
	fmt.Sscan(v.Year, &year)
	if year < referenceYear-24 || year > referenceYear || year < m.from || year > m.to {
		return fmt.Errorf("year %d: want 2002..2026 and %d..%d for a %s", year, m.from, m.to, v.Model)
	}
	if !validVIN(v.VIN) {
		return fmt.Errorf("VIN %q has a wrong check digit or character", v.VIN)
	}
	if v.VIN[:3] != m.wmi || v.VIN[9] != vinYearCode(year) {
		return fmt.Errorf("VIN %q does not start with %s or does not encode %d", v.VIN, m.wmi, year)
	}
	u := imageRE.FindStringSubmatch(v.ImageURL)
	if u == nil || u[1] != slug(v.Make) || u[2] != slug(v.Model) || u[3] != v.Year {
		return fmt.Errorf("imageUrl %q is not https://.../vehicles/<make>/<model>/<year>.jpg", v.ImageURL)
	}
	return nil
}

// slug lowercases s and turns every run of other characters than letters and digits into one "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

func checkVehicleInfo(s *sample) error {
	p := &s.r.CustomerProfileDataRequestDTO
	if len(p.CustomerInfo.Vehicles) == 0 {
		if p.VehicleInfo != (Vehicle{}) {
			return fmt.Errorf("vehicleInfo is %+v without vehicles, want the zero vehicle", p.VehicleInfo)
		}
		return nil
	}
	if !slices.Contains(p.CustomerInfo.Vehicles, p.VehicleInfo) {
		return fmt.Errorf("vehicleInfo %+v is none of the customer's vehicles", p.VehicleInfo)
	}
	return nil
}

func checkCoOwners(s *sample) error {
	co := s.r.CustomerProfileDataRequestDTO.CustomerInfo.SecondaryCustomerData
	want := s.shape.CoOwners
	if s.shape.Minimal {
		want = Range{}
	}
	if !inRange(len(co), want) {
		return fmt.Errorf("%d co-owners, want %d..%d", len(co), want.Min, want.Max)
	}
	for i, o := range co {
		if err := checkName(s, o.Fname, o.Lname); err != nil {
			return fmt.Errorf("secondaryCustomerData[%d]: %v", i, err)
		}
	}
	return nil
}

func checkDealer(s *sample) error {
	d := s.r.CustomerProfileDataRequestDTO.DealerInfo
	if s.shape.Minimal {
		if d.Name != "" {
			return fmt.Errorf("dealer name %q in a minimal profile", d.Name)
		}
		return nil
	}
	brand := false
	for _, m := range vehicleModels {
		brand = brand || strings.Contains(d.Name, m.make)
	}
	if d.Name == "" || !brand && !strings.HasSuffix(d.Name, " Motors") && !strings.HasSuffix(d.Name, " Auto Group") {
		return fmt.Errorf("dealer name %q names neither a make nor Motors nor Auto Group", d.Name)
	}
	return nil
}

func checkDepartment(s *sample) error {
	p := &s.r.CustomerProfileDataRequestDTO
	if p.DepartmentUUID != s.dept {
		return fmt.Errorf("departmentUuid is %q, want the argument %q", p.DepartmentUUID, s.dept)
	}
	for i, it := range p.Items {
		for j, a := range it.DealerAssociatesWithApprovalAuthority {
			if a.DepartmentUUID != s.dept {
				return fmt.Errorf("items[%d].dealerAssociatesWithApprovalAuthority[%d].departmentUuid is %q, want %q", i, j, a.DepartmentUUID, s.dept)
			}
		}
	}
	return nil
}

// kindOf finds the table entry of a document type.
func kindOf(typ string) *docKind {
	for i := range docKinds {
		if docKinds[i].typ == typ {
			return &docKinds[i]
		}
	}
	return nil
}

func checkItems(s *sample) error {
	p := &s.r.CustomerProfileDataRequestDTO
	want := s.shape.Items
	if s.shape.Minimal {
		want = Range{}
	}
	if !inRange(len(p.Items), want) {
		return fmt.Errorf("%d items, want %d..%d", len(p.Items), want.Min, want.Max)
	}
	seen := map[string]int{}
	for i, it := range p.Items {
		k := kindOf(it.Type)
		if k == nil {
			return fmt.Errorf("items[%d] has the unknown type %q", i, it.Type)
		}
		meta := it.DealerSupportedItemMetaData
		if it.Name != k.name || it.Action != k.action || it.Description != k.description || it.Required != k.required ||
			it.MaintainHistory != k.maintainHistory || it.IsBackPageSupported != k.backPage || meta.FileText != k.fileText {
			return fmt.Errorf("items[%d] (%s) does not match its kind: %+v", i, it.Type, it)
		}
		if !fileRE.MatchString(meta.FileURL) || !strings.Contains(meta.FileURL, meta.DealerSupportedItemUUID) {
			return fmt.Errorf("items[%d].dealerSupportedItemMetaData.fileUrl is %q", i, meta.FileURL)
		}
		as := it.DealerAssociatesWithApprovalAuthority
		if len(as) > 3 || it.ApprovalNeeded != (len(as) > 0) {
			return fmt.Errorf("items[%d] has %d associates and approvalNeeded %v", i, len(as), it.ApprovalNeeded)
		}
		for j, a := range as {
			if a.DealerSupportedItemUUID != meta.DealerSupportedItemUUID {
				return fmt.Errorf("items[%d].dealerAssociatesWithApprovalAuthority[%d].dealerSupportedItemUuid is %q, want the item's %q",
					i, j, a.DealerSupportedItemUUID, meta.DealerSupportedItemUUID)
			}
		}
		seen[it.Type]++
	}
	// Kinds do not repeat until all are used, and then evenly.
	lo, hi := len(p.Items)/len(docKinds), (len(p.Items)+len(docKinds)-1)/len(docKinds)
	for typ, n := range seen {
		if n < lo || n > hi {
			return fmt.Errorf("type %s appears %d times among %d items", typ, n, len(p.Items))
		}
	}
	// Co-buyer documents only come with a co-owner, or once every other kind is used.
	if len(p.CustomerInfo.SecondaryCustomerData) == 0 && len(p.Items) < len(docKinds) && seen["CO_BUYER_ID"] > 0 {
		return errors.New("a CO_BUYER_ID item without a co-owner")
	}
	return nil
}

func checkHistory(s *sample) error {
	p := &s.r.CustomerProfileDataRequestDTO
	for i, it := range p.Items {
		if len(s.shape.Statuses) > 0 && it.Status != s.shape.Statuses[i%len(s.shape.Statuses)] {
			return fmt.Errorf("items[%d] is %s, want Statuses[%d] = %s", i, it.Status, i%len(s.shape.Statuses), s.shape.Statuses[i%len(s.shape.Statuses)])
		}
		if err := checkItemHistory(s, &it); err != nil {
			return fmt.Errorf("items[%d] (%s): %v", i, it.Status, err)
		}
	}
	return nil
}

func checkItemHistory(s *sample, it *Item) error {
	rs := it.Reviews
	switch it.Status {
	case StatusScheduled, StatusRequested:
		if len(rs) != 0 || it.VaultPiiDataUUID != "" {
			return fmt.Errorf("%d reviews and vaultPiiDataUuid %q before any upload", len(rs), it.VaultPiiDataUUID)
		}
		return nil
	case StatusPendingApproval:
		if len(rs) != 0 || it.VaultPiiDataUUID == "" || !it.ApprovalNeeded || len(it.DealerAssociatesWithApprovalAuthority) == 0 {
			return fmt.Errorf("%d reviews, vaultPiiDataUuid %q, approvalNeeded %v, %d associates: want an upload waiting for an associate",
				len(rs), it.VaultPiiDataUUID, it.ApprovalNeeded, len(it.DealerAssociatesWithApprovalAuthority))
		}
		return nil
	case StatusCompleted, StatusDeclined:
	default:
		return fmt.Errorf("unknown status %q", it.Status)
	}
	if it.VaultPiiDataUUID == "" || len(rs) == 0 {
		return fmt.Errorf("vaultPiiDataUuid %q and %d reviews: want an upload and a final review", it.VaultPiiDataUUID, len(rs))
	}
	if rounds := len(rs) - 1; !inRange(rounds, s.shape.ReviewRounds) {
		return fmt.Errorf("%d REQUESTED_AGAIN rounds, want %d..%d", rounds, s.shape.ReviewRounds.Min, s.shape.ReviewRounds.Max)
	}
	final := map[string]string{StatusCompleted: ReviewApproved, StatusDeclined: ReviewDeclined}[it.Status]
	reasons := kindOf(it.Type).reasons()
	var prev time.Time
	for j, r := range rs {
		switch {
		case j < len(rs)-1 && r.ReviewStatus != ReviewRequestedAgain:
			return fmt.Errorf("reviews[%d] is %s before the final review", j, r.ReviewStatus)
		case j == len(rs)-1 && r.ReviewStatus != final:
			return fmt.Errorf("the final review is %s, want %s", r.ReviewStatus, final)
		case r.ReviewStatus == ReviewApproved && r.Reason != "":
			return fmt.Errorf("reviews[%d] approves with reason %q", j, r.Reason)
		case r.ReviewStatus != ReviewApproved && !slices.Contains(reasons, r.Reason):
			return fmt.Errorf("reviews[%d] is %s with reason %q, want one of %q", j, r.ReviewStatus, r.Reason, reasons)
		}
		at, err := time.Parse(time.RFC3339, r.ReviewedAtDateTime)
		if err != nil || !strings.HasSuffix(r.ReviewedAtDateTime, "Z") || at.Format(time.RFC3339) != r.ReviewedAtDateTime {
			return fmt.Errorf("reviews[%d].reviewedAtDateTime is %q: want RFC 3339 UTC, whole seconds, Z", j, r.ReviewedAtDateTime)
		}
		if at.Before(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) || at.After(time.Date(2026, 6, 30, 23, 59, 59, 0, time.UTC)) {
			return fmt.Errorf("reviews[%d] is dated %s, outside 2024-01-01..2026-06-30", j, at)
		}
		if j > 0 && !at.After(prev) {
			return fmt.Errorf("reviews[%d] at %s is not after reviews[%d] at %s", j, at, j-1, prev)
		}
		prev = at
	}
	return nil
}

// checkReviewers checks that reviews are written by the item's associates, and that a reviewer has
// one name throughout the profile.
func checkReviewers(s *sample) error {
	names := map[string]string{}
	for i, it := range s.r.CustomerProfileDataRequestDTO.Items {
		for j, r := range it.Reviews {
			if !slices.ContainsFunc(it.DealerAssociatesWithApprovalAuthority, func(a DealerAssociate) bool { return a.UserUUID == r.ReviewerUserUUID }) {
				return fmt.Errorf("items[%d].reviews[%d] is by %s, who is not one of the item's associates", i, j, r.ReviewerUserUUID)
			}
			first, last, ok := strings.Cut(r.ReviewerName, " ")
			if !ok {
				return fmt.Errorf("items[%d].reviews[%d].reviewerName %q is not a full name", i, j, r.ReviewerName)
			}
			if s.shape.Names == NamesUnicode {
				if _, _, ok := unicodeName(first, last); !ok {
					if _, _, ok := unicodeName(last, first); !ok {
						return fmt.Errorf("items[%d].reviews[%d].reviewerName %q is not from the Unicode pool", i, j, r.ReviewerName)
					}
				}
			} else if err := checkName(s, first, last); err != nil {
				return fmt.Errorf("items[%d].reviews[%d]: %v", i, j, err)
			}
			if n, ok := names[r.ReviewerUserUUID]; ok && n != r.ReviewerName {
				return fmt.Errorf("reviewer %s is called %q and %q", r.ReviewerUserUUID, n, r.ReviewerName)
			}
			names[r.ReviewerUserUUID] = r.ReviewerName
		}
	}
	return nil
}

var attrFormats = map[string]*regexp.Regexp{
	"leadId":        regexp.MustCompile(`^LD-[1-9][0-9]{7}$`),
	"crmCustomerId": regexp.MustCompile(`^CRM-[1-9][0-9]{6}$`),
	"stockNumber":   regexp.MustCompile(`^[A-Z][1-9][0-9]{4}$`),
	"salesPerson":   regexp.MustCompile(`^\S+ \S+$`),
}

func checkAttributes(s *sample) error {
	as := s.r.CustomerProfileDataRequestDTO.Attributes
	want := s.shape.Attributes
	if s.shape.Minimal {
		want = Range{}
	}
	if !inRange(len(as), want) {
		return fmt.Errorf("%d attributes, want %d..%d", len(as), want.Min, want.Max)
	}
	for k, v := range as {
		i := slices.IndexFunc(attributeKinds[:], func(a attributeKind) bool { return a.key == k })
		switch {
		case i < 0:
			return fmt.Errorf("unknown attribute %q", k)
		case len(attributeKinds[i].values) > 0:
			if !slices.Contains(attributeKinds[i].values, v) {
				return fmt.Errorf("attribute %s is %q, want one of %q", k, v, attributeKinds[i].values)
			}
		case k == "appointmentDate":
			d, err := time.Parse(time.DateOnly, v)
			if err != nil || d.Before(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)) || d.After(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) {
				return fmt.Errorf("attribute appointmentDate is %q: want a date in 2026-01-05..2026-06-30", v)
			}
		default:
			if !attrFormats[k].MatchString(v) {
				return fmt.Errorf("attribute %s is %q, want %s", k, v, attrFormats[k])
			}
		}
	}
	return nil
}

// TestDistributions checks what no single profile can show: how often optional things happen.
func TestDistributions(t *testing.T) {
	samples := corpus(t, "default", DefaultShape())
	var withCompany, vehicles, validVehicles, coBuyers, items, multiEmail int
	statuses := map[string]int{}
	kinds := map[string]int{}
	for _, s := range samples {
		p := &s.r.CustomerProfileDataRequestDTO
		if p.CustomerInfo.Company != "" {
			withCompany++
		}
		for _, v := range p.CustomerInfo.Vehicles {
			vehicles++
			if v.IsValid {
				validVehicles++
			}
		}
		for _, it := range p.Items {
			items++
			statuses[it.Status]++
			kinds[it.Type]++
			if it.Type == "CO_BUYER_ID" {
				coBuyers++
			}
		}
		n := 0
		for _, c := range p.CustomerInfo.Communications {
			if c.CommType == commEmail {
				n++
			}
		}
		if n > 1 {
			multiEmail++
		}
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	if f := share(withCompany, len(samples)); f < 0.55 || f > 0.8 {
		t.Errorf("%.2f of customers have a company, want about two thirds", f)
	}
	if f := share(validVehicles, vehicles); f < 0.8 || f == 1 {
		t.Errorf("%.2f of vehicles are valid, want most but not all", f)
	}
	for _, st := range ItemStatuses() {
		if f := share(statuses[st], items); f < 0.15 || f > 0.25 {
			t.Errorf("%.2f of items are %s, want about a fifth", f, st)
		}
	}
	if len(kinds) != len(docKinds) {
		t.Errorf("%d document kinds used, want all %d", len(kinds), len(docKinds))
	}
	if coBuyers == 0 || multiEmail == 0 {
		t.Errorf("%d co-buyer documents and %d customers with two emails: want some", coBuyers, multiEmail)
	}
}

// TestCounts checks that a shape's counts are taken literally.
func TestCounts(t *testing.T) {
	for _, c := range []struct {
		name  string
		shape Shape
	}{
		{"zero", Shape{}},
		{"exact", Shape{Vehicles: Range{3, 3}, Items: Range{5, 5}, Communications: Range{4, 4}, CoOwners: Range{2, 2}, Attributes: Range{6, 6}, ReviewRounds: Range{2, 2}}},
		{"more items than kinds", Shape{Items: Range{30, 30}, ReviewRounds: Range{0, 5}}},
		{"limits", Shape{Vehicles: Range{maxVehicles, maxVehicles}, Items: Range{maxItems, maxItems}, Communications: Range{maxCommunications, maxCommunications},
			CoOwners: Range{maxCoOwners, maxCoOwners}, Attributes: Range{maxAttributes, maxAttributes}, ReviewRounds: Range{maxReviewRounds, maxReviewRounds}}},
		{"one status", Shape{Items: Range{4, 4}, Statuses: []string{StatusDeclined}, ReviewRounds: Range{3, 3}}},
		{"cycled statuses", Shape{Items: Range{7, 7}, Statuses: []string{StatusCompleted, StatusScheduled, StatusCompleted}}},
		{"unicode", Shape{Vehicles: Range{1, 1}, Items: Range{12, 12}, Communications: Range{6, 6}, CoOwners: Range{3, 3}, Attributes: Range{4, 4}, Names: NamesUnicode}},
	} {
		t.Run(c.name, func(t *testing.T) {
			seeds := uint64(50)
			if c.name == "limits" && !longTests() {
				// A profile at the limits holds 200 vehicles, 200 items (21 reviews on each
				// reviewed one) and 50 co-owners: 5 of them put more of everything through the
				// rules than the 50 profiles of any other row, and its counts do not depend on
				// the seed.
				seeds = 5
			}
			for seed := range seeds {
				s := sample{seed, testDept, "counts", c.name, c.shape, Generate(seed, testDept, "counts", c.shape)}
				p := &s.r.CustomerProfileDataRequestDTO
				if got := []int{len(p.CustomerInfo.Vehicles), len(p.Items), len(p.CustomerInfo.Communications), len(p.CustomerInfo.SecondaryCustomerData), len(p.Attributes)}; !slices.Equal(got,
					[]int{c.shape.Vehicles.Min, c.shape.Items.Min, c.shape.Communications.Min, c.shape.CoOwners.Min, c.shape.Attributes.Min}) {
					t.Fatalf("%v: counts %v (vehicles, items, communications, co-owners, attributes), want the Min of each range", &s, got)
				}
				for _, r := range rules() {
					if err := r.check(&s); err != nil {
						t.Fatalf("%v: rule %s: %v", &s, r.name, err)
					}
				}
			}
		})
	}
}

// TestClamp checks that Generate bends a shape Validate refuses to the nearest valid one instead
// of panicking or emitting what the contract rejects.
func TestClamp(t *testing.T) {
	bad := Shape{
		Vehicles: Range{-3, -1}, Items: Range{5, 2}, Communications: Range{0, 1 << 40}, CoOwners: Range{-1, 1},
		Attributes: Range{50, 60}, ReviewRounds: Range{0, 1000}, Statuses: []string{"BOGUS", StatusCompleted, ""}, Names: 42,
	}
	r := Generate(9, testDept, "clamp", bad)
	p := &r.CustomerProfileDataRequestDTO
	if len(p.CustomerInfo.Vehicles) != 0 || len(p.Items) != 2 || len(p.CustomerInfo.Communications) > maxCommunications ||
		len(p.Attributes) != maxAttributes || len(p.CustomerInfo.SecondaryCustomerData) > 1 {
		t.Fatalf("counts vehicles %d, items %d, communications %d, attributes %d, co-owners %d: not clamped",
			len(p.CustomerInfo.Vehicles), len(p.Items), len(p.CustomerInfo.Communications), len(p.Attributes), len(p.CustomerInfo.SecondaryCustomerData))
	}
	for _, it := range p.Items {
		if it.Status != StatusCompleted || len(it.Reviews) > maxReviewRounds+1 {
			t.Fatalf("item %s with %d reviews: unknown statuses must be dropped and rounds clamped", it.Status, len(it.Reviews))
		}
	}
	if !slices.Contains(data.Person["first"], p.CustomerInfo.Fname) {
		t.Fatalf("an unknown Names value gave %q, want the default pool", p.CustomerInfo.Fname)
	}
	if bad.Statuses[0] != "BOGUS" {
		t.Fatal("Generate changed the caller's Statuses")
	}
}

func marshal(t testing.TB, r *Response) []byte {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDeterminism(t *testing.T) {
	shapes := map[string]Shape{"default": DefaultShape(), "unicode": unicodeShape(), "minimal": {Minimal: true}}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			for seed := range uint64(200) {
				a, b := Generate(seed, testDept, "tok", shape), Generate(seed, testDept, "tok", shape)
				if !reflect.DeepEqual(a, b) {
					t.Fatalf("seed %d: two calls gave different responses", seed)
				}
				if ja, jb := marshal(t, a), marshal(t, b); !bytes.Equal(ja, jb) {
					t.Fatalf("seed %d: two calls gave different JSON:\n%s\n%s", seed, ja, jb)
				}
			}
		})
	}
	t.Run("every input matters", func(t *testing.T) {
		base := marshal(t, Generate(1, testDept, "tok", DefaultShape()))
		for _, c := range []struct {
			name        string
			seed        uint64
			dept, token string
		}{
			{"seed", 2, testDept, "tok"},
			{"department", 1, "0b6a3c2e-55d1-4c8e-9f0a-8e1d2c3b4a59", "tok"},
			{"token", 1, testDept, "tok2"},
			// The parts are length-prefixed: moving a byte from one to the other is a different input.
			{"boundary", 1, testDept + "t", "ok"},
		} {
			if bytes.Equal(base, marshal(t, Generate(c.seed, c.dept, c.token, DefaultShape()))) {
				t.Errorf("changing the %s did not change the body", c.name)
			}
		}
	})
	t.Run("distinct bodies", func(t *testing.T) {
		seen := map[string]uint64{}
		for seed := range uint64(2000) {
			r := Generate(seed, testDept, "tok", DefaultShape())
			key := r.CustomerProfileDataRequestDTO.CustomerInfo.UUID
			if other, ok := seen[key]; ok {
				t.Fatalf("seeds %d and %d gave the same customer uuid %s", other, seed, key)
			}
			seen[key] = seed
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		want := marshal(t, Generate(5, testDept, "tok", DefaultShape()))
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				for range 100 {
					if b, _ := json.Marshal(Generate(5, testDept, "tok", DefaultShape())); !bytes.Equal(b, want) {
						errs <- errors.New("a concurrent call gave a different body")
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	})
}

// TestSectionsIndependent checks that a part of the profile does not change when the shape of another
// part does, and that a minimal profile keeps the ids of the full one.
func TestSectionsIndependent(t *testing.T) {
	for seed := range uint64(300) {
		full := Generate(seed, testDept, "tok", DefaultShape()).CustomerProfileDataRequestDTO
		other := DefaultShape()
		other.Items, other.Vehicles, other.Attributes, other.ReviewRounds = Range{9, 9}, Range{0, 0}, Range{0, 0}, Range{4, 4}
		o := Generate(seed, testDept, "tok", other).CustomerProfileDataRequestDTO
		if full.CustomerInfo.Fname != o.CustomerInfo.Fname || full.CustomerInfo.Lname != o.CustomerInfo.Lname ||
			!slices.Equal(full.CustomerInfo.Communications, o.CustomerInfo.Communications) ||
			!slices.Equal(full.CustomerInfo.SecondaryCustomerData, o.CustomerInfo.SecondaryCustomerData) || full.DealerInfo != o.DealerInfo {
			t.Fatalf("seed %d: changing items, vehicles and attributes changed the customer, co-owners or dealer", seed)
		}
		m := Generate(seed, testDept, "tok", Shape{Minimal: true}).CustomerProfileDataRequestDTO
		if m.CustomerInfo.ID != full.CustomerInfo.ID || m.CustomerInfo.DealerID != full.CustomerInfo.DealerID ||
			m.CustomerInfo.UUID != full.CustomerInfo.UUID || m.CustomerInfo.CustomerKey != full.CustomerInfo.CustomerKey ||
			m.DealerInfo.DealerUUID != full.DealerInfo.DealerUUID || m.VaultDataRequestUUID != full.VaultDataRequestUUID {
			t.Fatalf("seed %d: the minimal profile has other ids than the full one", seed)
		}
	}
}

// TestUUIDIsGofakeits checks that our buffer-writing UUID is the one gofakeit's faker would give.
func TestUUIDIsGofakeits(t *testing.T) {
	g := &gen{key: 77}
	g.f = gofakeit.NewFaker(&g.pcg, false)
	g.section(secItems)
	var ours []string
	for range 50 {
		sp := g.uuid()
		ours = append(ours, string(g.buf[sp.off:sp.end]))
	}
	g.section(secItems)
	for i := range 50 {
		if theirs := g.f.UUID(); theirs != ours[i] {
			t.Fatalf("uuid %d is %s, gofakeit gives %s", i, ours[i], theirs)
		}
	}
}

// TestGolden pins the bytes of a few profiles as the mock serves them, Encode's output (compact, no
// HTML escaping, one final newline), not an indented rendering that no client ever receives: they
// must not change between processes, days or refactorings (a deliberate change is accepted with
// go test -run TestGolden -update).
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		file  string
		seed  uint64
		shape Shape
	}{
		{"default.json", 1, DefaultShape()},
		{"unicode.json", 2, unicodeShape()},
		{"minimal.json", 3, Shape{Minimal: true}},
	} {
		t.Run(c.file, func(t *testing.T) {
			got, err := schemas.Encode(Generate(c.seed, testDept, "golden-token", c.shape))
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", c.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the generated body: run go test -run TestGolden -update if the change is deliberate\ngot:\n%s", path, got)
			}
		})
	}
}

// FuzzGenerate checks that no input makes Generate panic, return nil slices or give different bodies
// for the same input. knobs picks a shape, valid or not.
func FuzzGenerate(f *testing.F) {
	f.Add(uint64(0), "", "", uint64(0))
	f.Add(uint64(1), testDept, "tok", uint64(1))
	f.Add(uint64(1<<63), "\xff\xfe", "\x00", uint64(0xffffffffffffffff))
	f.Add(uint64(42), "ünïcødé", "محمد", uint64(0x123456789abcdef))
	f.Fuzz(func(t *testing.T, seed uint64, dept, token string, knobs uint64) {
		shape := shapeFromKnobs(knobs)
		r := Generate(seed, dept, token, shape)
		s := sample{seed: seed, dept: dept, token: token, shapeName: fmt.Sprintf("knobs %#x", knobs), shape: shape.clamped(), r: r}
		if err := checkNonNil(&s); err != nil {
			t.Fatal(err)
		}
		if err := checkDepartment(&s); err != nil {
			t.Fatal(err)
		}
		a, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := json.Marshal(Generate(seed, dept, token, shape)); !bytes.Equal(a, b) {
			t.Fatal("the same input gave two bodies")
		}
	})
}

// shapeFromKnobs turns fuzz bits into a shape that is often out of range: small signed counts,
// sometimes huge ones, a status list and the Minimal and Names switches.
func shapeFromKnobs(k uint64) Shape {
	next := func(bits uint) int {
		v := int(k & (1<<bits - 1))
		k >>= bits
		return v
	}
	r := func() Range { return Range{next(4) - 3, next(5) - 3} }
	s := Shape{Vehicles: r(), Items: r(), Communications: r(), CoOwners: r(), Attributes: r(), ReviewRounds: r()}
	all := append(ItemStatuses(), "", "bogus")
	for range next(2) {
		s.Statuses = append(s.Statuses, all[next(3)%len(all)])
	}
	s.Names = Names(next(2))
	s.Minimal = next(1) == 1
	if next(1) == 1 {
		s.Items.Max = 1 << 40
	}
	return s
}

func BenchmarkGenerate(b *testing.B) {
	shape := DefaultShape()
	b.ReportAllocs()
	var seed uint64
	for b.Loop() {
		seed++
		Generate(seed, testDept, "eyJhbGciOiJIUzI1NiJ9.e30.x", shape)
	}
}

// BenchmarkGenerateAndEncode is the cost of a new token: generation plus the
// encoder every served body goes through.
func BenchmarkGenerateAndEncode(b *testing.B) {
	shape := DefaultShape()
	b.ReportAllocs()
	var seed uint64
	for b.Loop() {
		seed++
		if _, err := schemas.Encode(Generate(seed, testDept, "eyJhbGciOiJIUzI1NiJ9.e30.x", shape)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode is the encoding alone, of one default profile.
func BenchmarkEncode(b *testing.B) {
	r := Generate(1, testDept, "eyJhbGciOiJIUzI1NiJ9.e30.x", DefaultShape())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := schemas.Encode(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerateMinimal(b *testing.B) {
	b.ReportAllocs()
	var seed uint64
	for b.Loop() {
		seed++
		Generate(seed, testDept, "eyJhbGciOiJIUzI1NiJ9.e30.x", Shape{Minimal: true})
	}
}
