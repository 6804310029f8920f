package coverage

import (
	"net/mail"
	"net/url"
	"regexp"
	"time"

	"github.com/profilemock/profilemock/schemas"
)

// The forms a string value may take: what a frontend parses or shows a value
// as. A value of none of them is FormText.
const (
	FormUUID     = "uuid"
	FormDateTime = "rfc3339"
	FormE164     = "e164"
	FormEmail    = "email"
	FormVIN      = "vin"
	FormURL      = "url"
	FormText     = "text"
)

var (
	e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)
	vin  = regexp.MustCompile(`^[A-HJ-NPR-Z0-9]{17}$`)
)

// Form names the form of a non-empty string value.
func Form(s string) string {
	switch {
	case schemas.IsUUID(s):
		return FormUUID
	case e164.MatchString(s):
		return FormE164
	case vin.MatchString(s):
		return FormVIN
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return FormDateTime
	}
	if u, err := url.Parse(s); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return FormURL
	}
	if a, err := mail.ParseAddress(s); err == nil && a.Address == s && a.Name == "" {
		return FormEmail
	}
	return FormText
}
