package profile

// VINs follow the North American rule (49 CFR 565): 17 characters without I, O and Q, a check digit at
// position 9 and the model-year code at position 10. Clients validate the check digit, so a VIN made
// of random characters would be refused by the very apps this mock is meant to feed.

const (
	// vinChars is the VIN alphabet: digits and letters except I, O and Q.
	vinChars = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
	// vinDigits are the characters of the serial number (positions 12-17) of a high-volume maker.
	vinDigits = "0123456789"
	// vinYearCodes maps model years 2001..2030 to position 10. The letters skip I, O, Q, U and Z
	// (and digit 0) so that the code cannot be misread; the cycle restarts at 'A' in 2010.
	vinYearCodes = "123456789ABCDEFGHJKLMNPRSTVWXY"
	vinFirstYear = 2001
)

// vinWeights are the position weights of the check-digit sum; position 9 (the check digit) weighs 0.
var vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// vinValue transliterates one VIN character for the check-digit sum; it returns -1 for a character
// outside the VIN alphabet.
func vinValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'A' && c <= 'H':
		return int(c-'A') + 1
	case c >= 'J' && c <= 'N':
		return int(c-'J') + 1
	case c == 'P':
		return 7
	case c == 'R':
		return 9
	case c >= 'S' && c <= 'Z':
		return int(c-'S') + 2
	}
	return -1
}

// vinCheckDigit computes the check digit of a 17-character VIN (whatever its position 9 holds); ok is
// false when vin is not 17 characters of the VIN alphabet. It is generic so that generation can check
// its byte array without converting it to a string.
func vinCheckDigit[S ~string | ~[]byte](vin S) (digit byte, ok bool) {
	if len(vin) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := vinValue(vin[i])
		if v < 0 {
			return 0, false
		}
		sum += v * vinWeights[i]
	}
	r := sum % 11
	if r == 10 {
		return 'X', true
	}
	return byte('0' + r), true
}

// validVIN reports whether vin is 17 characters of the VIN alphabet with a correct check digit.
func validVIN(vin string) bool {
	d, ok := vinCheckDigit(vin)
	return ok && vin[8] == d
}

// vinYearCode returns the position-10 code of a model year, or 0 outside 2001..2030.
func vinYearCode(year int) byte {
	i := year - vinFirstYear
	if i < 0 || i >= len(vinYearCodes) {
		return 0
	}
	return vinYearCodes[i]
}

// appendVIN appends a VIN for a vehicle of maker wmi and model year year, drawing the vehicle
// descriptor, plant and serial from g.
func (g *gen) appendVIN(dst []byte, wmi string, year int) []byte {
	var v [17]byte
	copy(v[:3], wmi)
	for i := 3; i < 8; i++ {
		v[i] = vinChars[g.f.IntN(len(vinChars))]
	}
	v[9] = vinYearCode(year)
	v[10] = vinChars[10+g.f.IntN(len(vinChars)-10)] // plants are letters
	for i := 11; i < 17; i++ {
		v[i] = vinDigits[g.f.IntN(len(vinDigits))]
	}
	v[8] = '0'
	d, _ := vinCheckDigit(v[:])
	v[8] = d
	return append(dst, v[:]...)
}
