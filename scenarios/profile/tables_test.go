package profile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTables checks the hand-curated tables, which nothing else would.
func TestTables(t *testing.T) {
	makes := map[string]bool{}
	for _, m := range vehicleModels {
		makes[m.make] = true
		if m.makeSlug != slug(m.make) || m.modelSlug != slug(m.model) {
			t.Errorf("%s %s: slugs %q %q, want %q %q", m.make, m.model, m.makeSlug, m.modelSlug, slug(m.make), slug(m.model))
		}
		if len(m.wmi) != 3 || vinValue(m.wmi[0]) < 0 || vinValue(m.wmi[1]) < 0 || vinValue(m.wmi[2]) < 0 {
			t.Errorf("%s %s: WMI %q", m.make, m.model, m.wmi)
		}
		if m.from > m.to || m.to < oldestModelYear || m.to > referenceYear || len(m.engines) == 0 || len(m.trims) == 0 {
			t.Errorf("%s %s: years %d..%d, %d engines, %d trims", m.make, m.model, m.from, m.to, len(m.engines), len(m.trims))
		}
	}
	if len(vehicleModels) < 40 || len(makes) < 12 {
		t.Errorf("%d models of %d makes, want at least 40 of 12", len(vehicleModels), len(makes))
	}
	if len(yearText) != 4*(referenceYear-oldestModelYear+1) {
		t.Errorf("yearText holds %d years", len(yearText)/4)
	}

	types := map[string]bool{}
	for _, k := range docKinds {
		if types[k.typ] || k.name == "" || k.description == "" || k.fileText == "" || k.slug != slug(k.slug) ||
			!strings.HasSuffix(k.description, ".") || (k.action != actionUpload && k.action != actionSign && k.action != actionVerify) {
			t.Errorf("document kind %+v", k)
		}
		types[k.typ] = true
	}
	if len(docKinds) < 8 || !kindOf("DRIVERS_LICENSE").backPage || !kindOf("INSURANCE_CARD").backPage {
		t.Error("want at least 8 document kinds, with back pages for the license and the insurance card")
	}

	for i, c := range unicodeCultures {
		for _, n := range append(append([]nameText{}, c.given...), c.family...) {
			if n.text == "" || !utf8.ValidString(n.text) || strings.ContainsRune(n.text, ' ') || n.ascii == "" ||
				string(appendHandle(nil, n.ascii, 0)) != n.ascii {
				t.Errorf("culture %d: name %+v", i, n)
			}
		}
	}
	keys := map[string]bool{}
	for _, a := range attributeKinds {
		if keys[a.key] {
			t.Errorf("attribute %s twice", a.key)
		}
		keys[a.key] = true
		if len(a.values) == 0 && attrFormats[a.key] == nil && a.key != "appointmentDate" {
			t.Errorf("attribute %s is generated but the tests do not check its format", a.key)
		}
	}
}
