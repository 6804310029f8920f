package mock

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/profilemock/profilemock/schemas"

	"github.com/gin-gonic/gin"
)

// pathParam returns the named path value, percent-decoded. Gin matched the
// route on the raw path when the request had one (so that %2F stays inside a
// value); only then is the value still encoded.
func pathParam(c *gin.Context, name string) (string, error) {
	v := c.Param(name)
	if c.Request.URL.RawPath == "" {
		return v, nil
	}
	d, err := url.PathUnescape(v)
	if err != nil {
		return "", errorf(http.StatusBadRequest, codeForParam(name),
			"%s %q holds a malformed percent-encoding", name, clip(v))
	}
	return d, nil
}

func codeForParam(name string) int32 {
	if name == paramDepartment {
		return schemas.CodeDepartmentNotUUID
	}
	return schemas.CodeTokenForbiddenChar
}

// checkDepartment accepts only the canonical textual UUID: 36 characters,
// 8-4-4-4-12 hex digits in either case. No braces, no urn:uuid: prefix.
func checkDepartment(d string) error {
	if !schemas.IsUUID(d) {
		return errorf(http.StatusBadRequest, schemas.CodeDepartmentNotUUID,
			"%s %q is not a UUID (want 8-4-4-4-12 hex digits)", paramDepartment, clip(d))
	}
	return nil
}

// checkToken accepts 1 to 512 bytes of printable ASCII without space
// (0x21-0x7E). Byte positions in messages count from 0.
func checkToken(t string) error {
	fault, at := schemas.CheckToken(t)
	switch fault {
	case schemas.TokenEmpty:
		return errorf(http.StatusBadRequest, schemas.CodeTokenEmpty, "%s is empty", paramToken)
	case schemas.TokenTooLong:
		return errorf(http.StatusBadRequest, schemas.CodeTokenTooLong,
			"%s is %d bytes long (at most %d)", paramToken, len(t), schemas.MaxTokenBytes)
	case schemas.TokenForbiddenByte:
		var what string
		switch b := t[at]; {
		case b == ' ':
			what = "a space"
		case b < 0x20 || b == 0x7f:
			what = fmt.Sprintf("the control character 0x%02X", b)
		default:
			what = fmt.Sprintf("the non-ASCII byte 0x%02X", b)
		}
		return errorf(http.StatusBadRequest, schemas.CodeTokenForbiddenChar,
			"%s holds %s at byte %d (only printable ASCII 0x21-0x7E is allowed)", paramToken, what, at)
	}
	return nil
}

// clip shortens an echoed value so that a huge path cannot make a huge message.
func clip(s string) string { return schemas.Clip(s, 100, "...") }

// separatorAt returns the index of the first byte of v that a path segment
// can only carry percent-encoded and that common server stacks refuse there
// (Spring Security's StrictHttpFirewall, Tomcat): "/" (%2F), "\" (%5C) and
// NUL (%00); -1 when there is none. A value is checked once decoded, so every
// spelling (%2F, %2f) counts, whether or not gin routed on the raw path.
func separatorAt(v string) int {
	return strings.IndexAny(v, "/\\\x00")
}

// separatorError is the 400 (40008) for the separator at byte at of the
// named value.
func separatorError(name, v string, at int) error {
	what := map[byte]string{'/': `an encoded "/" (%2F)`, '\\': "a backslash (%5C)", 0: "a NUL (%00)"}[v[at]]
	return errorf(http.StatusBadRequest, schemas.CodeEncodedSeparator,
		"%s holds %s at byte %d, which common server stacks refuse in a path (start the mock with --allow-encoded-slash to accept it)",
		name, what, at)
}

// checkSeparators refuses a separator in the named value, unless the mock
// allows them.
func (s *server) checkSeparators(name, v string) error {
	if s.cfg.AllowEncodedSlash {
		return nil
	}
	if at := separatorAt(v); at >= 0 {
		return separatorError(name, v, at)
	}
	return nil
}

// checkTokenOf is checkToken with the separator check of s: of a separator
// and a forbidden byte, the first in the token is reported.
func (s *server) checkTokenOf(t string) error {
	err := checkToken(t)
	if s.cfg.AllowEncodedSlash || len(t) > schemas.MaxTokenBytes {
		return err
	}
	at := separatorAt(t)
	if at < 0 {
		return err
	}
	if fault, bad := schemas.CheckToken(t); fault == schemas.TokenForbiddenByte && bad < at {
		return err
	}
	return separatorError(paramToken, t, at)
}
