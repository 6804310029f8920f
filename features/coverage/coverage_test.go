package coverage

import (
	"fmt"
	"strings"
	"testing"
)

func TestForm(t *testing.T) {
	for in, want := range map[string]string{
		"3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10": FormUUID,
		"2024-04-02T17:57:45Z":                 FormDateTime,
		"2024-04-02T17:57:45.5+02:00":          FormDateTime,
		"+14155550123":                         FormE164,
		"(415) 555-0123":                       FormText,
		"ann.lee@example.com":                  FormEmail,
		"Ann <ann.lee@example.com>":            FormText,
		"1HGCM82633A004352":                    FormVIN,
		"1HGCM82633A00435I":                    FormText, // I is never in a VIN
		"https://cdn.example.com/a.png":        FormURL,
		"/relative/a.png":                      FormText,
		"Honda":                                FormText,
	} {
		if got := Form(in); got != want {
			t.Errorf("Form(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestParseMinimum(t *testing.T) {
	for in, want := range map[string]Minimum{
		"":                         {},
		"80":                       {80, 80, 80},
		"enumValues=100":           {EnumValues: 100},
		"fields=90, arrays=50.5":   {Fields: 90, Arrays: 50.5},
		"fields=0,enumValues=12.5": {EnumValues: 12.5},
	} {
		got, err := ParseMinimum(in)
		if err != nil || got != want {
			t.Errorf("ParseMinimum(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"101", "-1", "x", "fields", "fields=", "colour=5", "fields=NaN", "enumValues=200"} {
		if _, err := ParseMinimum(bad); err == nil {
			t.Errorf("ParseMinimum(%q): no error", bad)
		}
	}
	r := Report{Percent: Percent{Fields: 90, EnumValues: 62.5, Arrays: 100}}
	if b := r.Below(Minimum{80, 80, 80}); len(b) != 1 || b[0] != "enumValues 62.5% < 80%" {
		t.Errorf("Below: %q", b)
	}
}

// TestCounts: one body, counted by hand.
func TestCounts(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	c.Add(200, []byte(`{"errors": [], "customerProfileDataRequestDTO": {
		"customerInfo": {"fname": "Ann", "company": "", "dealerId": null, "vehicles": [{"vin": "1HGCM82633A004352"}, {"vin": ""}]},
		"items": [{"status": "DECLINED", "reviews": []}, {"status": "CANCELLED", "reviews": [{"reviewStatus": "DECLINED"}]}]}}`))
	c.Add(204, nil)
	c.Add(200, []byte(`not json`))
	r := c.Report()
	if r.Bodies != 1 || r.Statuses["200"] != 2 || r.Statuses["204"] != 1 {
		t.Errorf("bodies %d, statuses %v", r.Bodies, r.Statuses)
	}
	ci := "/customerProfileDataRequestDTO/customerInfo/"
	for ptr, want := range map[string]FieldCount{
		ci + "fname":           {Present: 1},
		ci + "company":         {Present: 1, Empty: 1},
		ci + "dealerId":        {Null: 1},
		ci + "lname":           {Absent: 1},
		ci + "vehicles/*/vin":  {Present: 2, Empty: 1},
		ci + "vehicles/*/make": {Absent: 2},
		"/warnings":            {Absent: 1},
		"/errors":              {Present: 1, Empty: 1},
		"/customerProfileDataRequestDTO/vaultDataRequestUUID": {Absent: 1},
	} {
		if got := *r.Fields[ptr]; got != want {
			t.Errorf("%s: %+v, want %+v", ptr, got, want)
		}
	}
	status := r.Enums["/customerProfileDataRequestDTO/items/*/status"]
	if status["DECLINED"] != 1 || status["CANCELLED"] != 1 || status["COMPLETED"] != 0 || len(status) != 6 {
		t.Errorf("status enum: %v", status)
	}
	if a := r.Arrays["/customerProfileDataRequestDTO/items/*/reviews"]; a.Empty != 1 || a.NonEmpty != 1 || a.MinLen != 0 || a.MaxLen != 1 {
		t.Errorf("reviews: %+v", a)
	}
	if f := r.Formats[ci+"vehicles/*/vin"]; f[FormVIN] != 1 || len(f) != 1 {
		t.Errorf("vin forms: %v", f)
	}
	gaps := strings.Join(r.Gaps(0), "; ")
	for _, want := range []string{"no items[].status was ever COMPLETED", "errors was always empty", "customerInfo.company was always empty", "customerInfo.lname never came"} {
		if !strings.Contains(gaps, want) {
			t.Errorf("gaps lack %q: %s", want, gaps)
		}
	}
	if r.Percent.EnumValues != 25 { // DECLINED of 5 statuses, DECLINED of 3 review statuses: 2 of 8
		t.Errorf("enum values %v%%, want 25%%", r.Percent.EnumValues)
	}
}

func TestCompare(t *testing.T) {
	mock, err := Mock(20)
	if err != nil {
		t.Fatal(err)
	}
	if d := Compare(mock, mock); len(d) != 0 {
		t.Errorf("the mock differs from itself: %v", d)
	}
	c, _ := New()
	for range 3 {
		c.Add(200, []byte(`{"customerProfileDataRequestDTO": {"customerInfo": {"fname": "", "vehicles": [],
			"communications": [{"commValue": "(415) 555-0123", "commType": "PHONE"}]},
			"items": [{"status": "ARCHIVED"}]}}`))
	}
	var says []string
	for _, d := range Compare(c.Report(), mock) {
		says = append(says, d.String())
	}
	all := strings.Join(says, "\n")
	for _, want := range []string{
		"customerInfo.fname: the service always leaves it empty; the mock always fills it",
		"items[].status: only the service sends ARCHIVED",
		"items[].status: only the mock sends COMPLETED",
		"customerInfo.vehicles: the service sends 0 elements, the mock 1 to",
		"customerInfo.communications[].commValue: the service sends free text values, the mock E.164 phone number",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the differences lack %q:\n%s", want, all)
		}
	}
}

// TestUndocumentedValuesBounded: a target that sends a new undocumented
// value each time keeps maxExtraValues of them, each clipped, and counts
// the rest together; the documented values are counted whatever came before.
func TestUndocumentedValuesBounded(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	const n = 500
	long := strings.Repeat("x", 10*maxExtraBytes)
	for i := range n {
		c.Add(200, fmt.Appendf(nil, `{"customerProfileDataRequestDTO": {"items": [{"status": "V%d%s"}, {"status": "PENDING_APPROVAL"}]}}`, i, long))
	}
	status := c.Report().Enums["/customerProfileDataRequestDTO/items/*/status"]
	if len(status) != 5+maxExtraValues+1 {
		t.Errorf("%d values kept, want the 5 documented, %d undocumented and %q", len(status), maxExtraValues, OtherValues)
	}
	if status[OtherValues] != n-maxExtraValues || status["PENDING_APPROVAL"] != n {
		t.Errorf("other %d (want %d), PENDING_APPROVAL %d (want %d)", status[OtherValues], n-maxExtraValues, status["PENDING_APPROVAL"], n)
	}
	for v := range status {
		if len(v) > maxExtraBytes+len("…") {
			t.Errorf("a value of %d bytes kept whole", len(v))
		}
	}
}
