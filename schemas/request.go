package schemas

import "strings"

// The page gives the path parameters only as required strings. The toolkit's
// reading of them, which the mock enforces and the contract suite expects of
// every implementation, lives here once.

// MaxTokenBytes is the longest customerProfileViewRequestToken an
// implementation must accept.
const MaxTokenBytes = 512

// IsUUID reports a UUID in its textual form: 8-4-4-4-12 hex digits, in either
// case, with no braces or prefix.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// CanonicalUUID returns a textual UUID in its canonical form, lower case, and
// anything else unchanged. RFC 9562 makes a UUID's hex digits case-insensitive
// on input: "3F0C2D4E-..." and "3f0c2d4e-..." are one department, for the
// mock everywhere (the customer, the cache, the flows, the active scenarios,
// the journal) and for the semantic rules. This is the one place that says so.
func CanonicalUUID(s string) string {
	if !IsUUID(s) {
		return s
	}
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'F' {
			return strings.ToLower(s)
		}
	}
	return s // already canonical: no copy on the request path
}

// TokenFault is what is wrong with a customerProfileViewRequestToken.
type TokenFault int

const (
	TokenOK            TokenFault = iota
	TokenEmpty                    // no bytes
	TokenTooLong                  // longer than MaxTokenBytes
	TokenForbiddenByte            // a byte outside printable ASCII 0x21-0x7E (a space, a control character, non-ASCII)
)

// CheckToken tells whether t is a token an implementation must accept: 1 to
// MaxTokenBytes bytes of printable ASCII without space. For
// TokenForbiddenByte it also returns the offending byte's index.
func CheckToken(t string) (TokenFault, int) {
	switch {
	case t == "":
		return TokenEmpty, 0
	case len(t) > MaxTokenBytes:
		return TokenTooLong, 0
	}
	for i := 0; i < len(t); i++ {
		if b := t[i]; b < 0x21 || b > 0x7e {
			return TokenForbiddenByte, i
		}
	}
	return TokenOK, 0
}
