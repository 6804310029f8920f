package mock

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"

	"golang.org/x/net/http/httpguts"

	"github.com/profilemock/profilemock/schemas"
)

// authorizer checks the Authorization header. Accepted credentials are kept
// as SHA-256 digests so that every comparison is of equal length and constant
// time.
type authorizer struct {
	disabled   bool
	restricted bool // some credentials are listed: only those pass
	basic      [][sha256.Size]byte
	bearer     [][sha256.Size]byte
}

func newAuthorizer(a Auth) authorizer {
	z := authorizer{disabled: a.Disabled, restricted: len(a.Basic)+len(a.Bearer) > 0}
	for _, b := range a.Basic {
		z.basic = append(z.basic, sha256.Sum256([]byte(b)))
	}
	for _, t := range a.Bearer {
		z.bearer = append(z.bearer, sha256.Sum256([]byte(t)))
	}
	return z
}

// check returns nil when the Authorization header fields in values are
// accepted, else a 401 *Error. Messages never repeat the credentials.
func (a authorizer) check(values []string) error {
	if a.disabled {
		return nil
	}
	scheme, secret, err := parseAuthorization(values)
	if err != nil {
		return err
	}
	if !a.restricted {
		return nil
	}
	list := a.basic
	if scheme == "Bearer" {
		list = a.bearer
	}
	if !acceptedIn(list, secret) {
		return errorf(http.StatusUnauthorized, schemas.CodeCredentialsRejected,
			"the %s credentials are well-formed but not among those this mock accepts", scheme)
	}
	return nil
}

// acceptedIn reports whether secret is in list, comparing against every entry
// so that the time taken does not say which one (or how much of it) matched.
func acceptedIn(list [][sha256.Size]byte, secret string) bool {
	sum := sha256.Sum256([]byte(secret))
	found := 0
	for i := range list {
		found |= subtle.ConstantTimeCompare(sum[:], list[i][:])
	}
	return found == 1
}

// parseAuthorization reads one Authorization header. It returns the scheme
// ("Basic" or "Bearer") and the secret to compare: the decoded "user:pass"
// for Basic, the token for Bearer.
func parseAuthorization(values []string) (scheme, secret string, err error) {
	switch {
	case len(values) == 0 || len(values) == 1 && strings.TrimSpace(values[0]) == "":
		return "", "", errorf(http.StatusUnauthorized, schemas.CodeMissingAuthorization,
			"the Authorization header is missing (send Basic or Bearer credentials)")
	case len(values) > 1:
		return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
			"the request holds %d Authorization headers (send one)", len(values))
	}
	v := strings.Trim(values[0], " \t")
	name, rest, _ := strings.Cut(v, " ")
	rest = strings.TrimLeft(rest, " ")
	// An auth-scheme is an RFC 9110 token, the syntax of a field name.
	if !httpguts.ValidHeaderFieldName(name) {
		return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
			"the Authorization header is malformed (want \"Basic <base64 of user:pass>\" or \"Bearer <token>\")")
	}
	switch {
	case strings.EqualFold(name, "Basic"):
		if rest == "" {
			return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
				"the Basic credentials are empty (want base64 of user:pass)")
		}
		raw, err := base64.StdEncoding.Strict().DecodeString(rest)
		if err != nil || strings.ContainsAny(rest, "\r\n") {
			return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
				"the Basic credentials are not valid standard base64 (want base64 of user:pass)")
		}
		if !strings.Contains(string(raw), ":") {
			return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
				"the Basic credentials decode to something without a colon (want base64 of user:pass)")
		}
		return "Basic", string(raw), nil
	case strings.EqualFold(name, "Bearer"):
		if at := token68Error(rest); at >= 0 {
			if rest == "" {
				return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
					"the Bearer token is empty")
			}
			return "", "", errorf(http.StatusUnauthorized, schemas.CodeMalformedAuthorization,
				"the Bearer token holds a character outside the RFC 6750 token68 set at byte %d", at)
		}
		return "Bearer", rest, nil
	}
	return "", "", errorf(http.StatusUnauthorized, schemas.CodeUnsupportedScheme,
		"the Authorization scheme %q is not supported (use Basic or Bearer)", clip(name))
}

// token68Error returns -1 when t is an RFC 7235 token68
// (1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="), else the
// index of the first offending byte (0 for an empty t).
func token68Error(t string) int {
	if t == "" {
		return 0
	}
	i := 0
	for i < len(t) && isToken68Char(t[i]) {
		i++
	}
	if i == 0 {
		return 0
	}
	for i < len(t) && t[i] == '=' {
		i++
	}
	if i < len(t) {
		return i
	}
	return -1
}

func isToken68Char(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		b == '-' || b == '.' || b == '_' || b == '~' || b == '+' || b == '/'
}
