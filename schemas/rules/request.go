package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/profilemock/profilemock/schemas"
)

// TokenProblem says why a customerProfileViewRequestToken is not one an
// implementation must accept (schemas.CheckToken), or "".
func TokenProblem(t string) string {
	switch fault, at := schemas.CheckToken(t); fault {
	case schemas.TokenEmpty:
		return "is empty"
	case schemas.TokenTooLong:
		return fmt.Sprintf("is %d bytes long (at most %d)", len(t), schemas.MaxTokenBytes)
	case schemas.TokenForbiddenByte:
		return fmt.Sprintf("holds the byte 0x%02X at %d (only printable ASCII 0x21-0x7E, no space)", t[at], at)
	}
	return ""
}

// Expect returns the statuses the contract leaves for a request whose own
// shape decides the answer, and why; nil when the shape leaves every
// documented status possible. No credentials: 401. A department that is not a
// UUID or a token that breaks the rules: 400, or 401 (an implementation may
// check the credentials first, and find them missing or wrong).
func Expect(department, token string, authorization []string) ([]int, string) {
	var bad string
	if !schemas.IsUUID(department) {
		bad = "departmentUuid " + clipQuote(department) + " is not a UUID"
	} else if p := TokenProblem(token); p != "" {
		bad = "customerProfileViewRequestToken " + p
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
