package schemas

import "unicode/utf8"

// Clip shortens a value echoed in a message to at most most bytes and marks the cut with marker, so
// that a huge input cannot make a huge message. The cut moves back to the start of a character:
// half a UTF-8 character would show as a \x escape, or make the message invalid UTF-8. It lives in
// the lowest layer because the contract, the scenario loader and the mock all echo values.
func Clip(s string, most int, marker string) string {
	if len(s) <= most {
		return s
	}
	cut := max(most, 0)
	// No start within utf8.UTFMax bytes means s is not UTF-8 here: then the cut stays where asked.
	for back := 0; back < utf8.UTFMax && back <= cut && cut < len(s); back++ {
		if utf8.RuneStart(s[cut-back]) {
			return s[:cut-back] + marker
		}
	}
	return s[:cut] + marker
}
