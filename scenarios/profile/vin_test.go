package profile

import "testing"

func TestVINCheckDigit(t *testing.T) {
	for _, c := range []struct {
		vin   string
		valid bool
	}{
		{"1M8GDM9AXKP042788", true},  // the example of 49 CFR 565, check digit X
		{"11111111111111111", true},  // weights sum to 89, 89 mod 11 = 1
		{"1HGCM82633A004352", true},  // a 2003 Honda Accord
		{"1HGCM82643A004352", false}, // one character changed
		{"JH4KA7561PC008269", true},  // a 1993 Acura Legend
		{"1G1JC524417418958", true},  // a 2001 Chevrolet Cavalier
		{"JH4KA7561PC008268", false},
		{"1M8GDM9AXKP042789", false},
		{"1M8GDM9A1KP042788", false}, // check digit changed
		{"1M8GDM9AXKP04278", false},  // 16 characters
		{"1M8GDM9AXKP0427888", false},
		{"1M8GDM9AXKP04278O", false}, // O is not a VIN character
		{"IM8GDM9AXKP042788", false}, // nor is I
		{"QM8GDM9AXKP042788", false}, // nor Q
		{"1m8gdm9axkp042788", false}, // VINs are upper case
		{"", false},
	} {
		if got := validVIN(c.vin); got != c.valid {
			t.Errorf("validVIN(%q) = %v, want %v", c.vin, got, c.valid)
		}
	}
}

// TestVINOneCharacterChanged checks that replacing any one character of a valid VIN by another VIN
// character is caught, except where the rule itself cannot see it (weight 0 at position 9 is the check
// digit; equal transliterations such as A and J collide by design).
func TestVINOneCharacterChanged(t *testing.T) {
	const vin = "1M8GDM9AXKP042788"
	for i := range vin {
		for j := 0; j < len(vinChars); j++ {
			c := vinChars[j]
			if c == vin[i] {
				continue
			}
			mutated := vin[:i] + string(c) + vin[i+1:]
			same := i != 8 && vinValue(c) == vinValue(vin[i])
			if validVIN(mutated) != same {
				t.Errorf("validVIN(%q) = %v after changing position %d", mutated, !same, i+1)
			}
		}
	}
}

func TestVINYearCode(t *testing.T) {
	for year, want := range map[int]byte{2001: '1', 2009: '9', 2010: 'A', 2017: 'H', 2018: 'J', 2019: 'K', 2023: 'P', 2024: 'R', 2025: 'S', 2026: 'T', 2000: 0, 2031: 0} {
		if got := vinYearCode(year); got != want {
			t.Errorf("vinYearCode(%d) = %q, want %q", year, got, want)
		}
	}
}

// TestGeneratedVINs checks every VIN of many generated vehicles.
func TestGeneratedVINs(t *testing.T) {
	shape := Shape{Vehicles: Range{4, 4}}
	for seed := range uint64(5000) {
		for _, v := range Generate(seed, testDept, "vin", shape).CustomerProfileDataRequestDTO.CustomerInfo.Vehicles {
			if !validVIN(v.VIN) {
				t.Fatalf("seed %d: generated VIN %q is invalid", seed, v.VIN)
			}
		}
	}
}
