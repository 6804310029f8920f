package schemas_test

import (
	"strings"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

func TestIsUUID(t *testing.T) {
	for s, want := range map[string]bool{
		"3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10":   true,
		"3F0C2D4E-8A61-4D0B-9C55-0E6B1F7A2C10":   true,
		"3f0c2d4e8a614d0b9c550e6b1f7a2c10":       false, // no dashes
		"{3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10}": false,
		"urn:uuid:3f0c2d4e-8a61-4d0b-9c55-0e6b1": false,
		"3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c1g":   false,
		"3f0c2d4e-8a61-4d0b-9c55_0e6b1f7a2c10":   false,
		"3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c100":  false,
		"":                                       false,
	} {
		if got := schemas.IsUUID(s); got != want {
			t.Errorf("IsUUID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCheckToken(t *testing.T) {
	cases := []struct {
		token string
		fault schemas.TokenFault
		at    int
	}{
		{"ok-1", schemas.TokenOK, 0},
		{strings.Repeat("a", 512), schemas.TokenOK, 0},
		{"a/b~!", schemas.TokenOK, 0},
		{"", schemas.TokenEmpty, 0},
		{strings.Repeat("a", 513), schemas.TokenTooLong, 0},
		{"abc def", schemas.TokenForbiddenByte, 3},
		{"a\x01", schemas.TokenForbiddenByte, 1},
		{"\x7f", schemas.TokenForbiddenByte, 0},
		{"caf\xc3\xa9", schemas.TokenForbiddenByte, 3},
	}
	for _, c := range cases {
		fault, at := schemas.CheckToken(c.token)
		if fault != c.fault || at != c.at {
			t.Errorf("CheckToken(%q) = %v at %d, want %v at %d", c.token, fault, at, c.fault, c.at)
		}
	}
}
