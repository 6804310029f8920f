package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/profilemock/profilemock/schemas"
)

// Declared are the rules a service says it keeps beyond the contract, in its
// fixtures (rules:): the page leaves the token a plain string and says nothing
// of letter case, so the suite and the proxy hold a service to these only
// when it declares them. The zero value declares nothing.
type Declared struct {
	// Token, when set, is what the service refuses with 400 in a token.
	Token *TokenRule
	// DepartmentCase "insensitive" says the same UUID in any letter case is
	// the same department; "" declares nothing.
	DepartmentCase string
}

// DepartmentInsensitive is the one value of Declared.DepartmentCase.
const DepartmentInsensitive = "insensitive"

// TokenRule is a service's limits on customerProfileViewRequestToken.
type TokenRule struct {
	// MaxBytes is the longest token accepted.
	MaxBytes int
	// Characters is the set a token's bytes must come from: one of the
	// TokenCharacters, or "" for any byte.
	Characters string
}

// The character sets a TokenRule may name.
const (
	// VisibleASCII is printable ASCII without space: 0x21-0x7E (RFC 5234
	// VCHAR), the mock's own set.
	VisibleASCII = "visible-ascii"
	// Unreserved is RFC 3986's unreserved set: letters, digits and - . _ ~.
	Unreserved = "unreserved"
)

// TokenCharacters lists the sets a TokenRule may name.
func TokenCharacters() []string { return []string{VisibleASCII, Unreserved} }

// MockRules are the mock's own rules, declared as any service declares its
// own: tokens of at most 512 bytes of visible ASCII (schemas.CheckToken), and
// departments in any case (schemas.CanonicalUUID).
func MockRules() Declared {
	return Declared{Token: &TokenRule{MaxBytes: schemas.MaxTokenBytes, Characters: VisibleASCII}, DepartmentCase: DepartmentInsensitive}
}

// Problem says why t breaks the rule, or "" when it keeps it. A nil rule is
// kept by any token but the empty one.
func (r *TokenRule) Problem(t string) string {
	if t == "" {
		return "is empty"
	}
	if r == nil {
		return ""
	}
	if r.MaxBytes > 0 && len(t) > r.MaxBytes {
		return fmt.Sprintf("is %d bytes long (at most %d)", len(t), r.MaxBytes)
	}
	for i := 0; i < len(t); i++ {
		if !r.allows(t[i]) {
			return fmt.Sprintf("holds the byte 0x%02X at %d (%s)", t[i], i, r.setText())
		}
	}
	return ""
}

func (r *TokenRule) allows(b byte) bool {
	switch r.Characters {
	case VisibleASCII:
		return 0x21 <= b && b <= 0x7e
	case Unreserved:
		return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '.' || b == '_' || b == '~'
	}
	return true
}

func (r *TokenRule) setText() string {
	if r.Characters == Unreserved {
		return "only letters, digits and - . _ ~"
	}
	return "only printable ASCII 0x21-0x7E, no space"
}

// Expect returns the statuses the contract leaves for a request whose own
// shape decides the answer, and why; nil when the shape leaves every
// documented status possible. No credentials: 401. A department that is not a
// UUID, or a token that breaks a rule the service declares: 400, or 401 (an
// implementation may check the credentials first, and find them missing or
// wrong). A token breaks no rule unless one is declared: the page makes it a
// plain string.
func Expect(department, token string, authorization []string, declared Declared) ([]int, string) {
	var bad string
	if !schemas.IsUUID(department) {
		bad = "departmentUuid " + clipQuote(department) + " is not a UUID"
	} else if declared.Token != nil {
		if p := declared.Token.Problem(token); p != "" {
			bad = "customerProfileViewRequestToken " + p + ", which the declared rules refuse"
		}
	}
	noAuth := len(authorization) == 0 || len(authorization) == 1 && strings.TrimSpace(authorization[0]) == ""
	switch {
	case bad != "" && noAuth:
		return []int{400, 401}, bad + ", and the request has no Authorization header"
	case bad != "":
		return []int{400, 401}, bad
	case noAuth:
		return []int{401}, "the request has no Authorization header"
	}
	return nil, ""
}

// Expected returns the violation of a status outside want, or nil.
func Expected(status int, want []int, why string) []Violation {
	if len(want) == 0 {
		return nil
	}
	names := make([]string, len(want))
	for i, w := range want {
		if w == status {
			return nil
		}
		names[i] = strconv.Itoa(w)
	}
	return []Violation{{
		Expected: "status " + strings.Join(names, " or ") + " (" + why + ")",
		Found:    "status " + statusText(status),
	}}
}

func clipQuote(s string) string { return quoteClipped(s, 60) }
