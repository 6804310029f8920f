package mock

import (
	"fmt"
	"net/http"
	"net/url"

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
