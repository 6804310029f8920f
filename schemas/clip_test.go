package schemas_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/profilemock/profilemock/schemas"
)

// TestClipKeepsWholeCharacters: wherever the limit falls in a multi-byte character, the cut moves
// back to the character's start; the output is a prefix of the input plus the marker.
func TestClipKeepsWholeCharacters(t *testing.T) {
	for _, tt := range []struct {
		s      string
		most   int
		marker string
		want   string
	}{
		{"short", 10, "…", "short"},
		{"exactly", 7, "…", "exactly"},
		{"abcdef", 3, "...", "abc..."},
		{"abé", 3, "…", "ab…"},                                 // 2-byte é at bytes 2-3, cut inside
		{"ab€cd", 3, "…", "ab…"},                               // 3-byte €, cut after its first byte
		{"ab€cd", 4, "…", "ab…"},                               // cut after its second byte
		{"ab€cd", 5, "…", "ab€…"},                              // cut after it
		{"a😀b", 2, "", "a"},                                    // 4-byte emoji, cut after its first byte
		{"a😀b", 4, "", "a"},                                    // cut before its last byte
		{"a😀b", 5, "", "a😀"},                                   // cut after it
		{"\x80\x80\x80\x80\x80x", 4, "…", "\x80\x80\x80\x80…"}, // not UTF-8: cut where asked
		{"abc", 0, "…", "…"},
	} {
		got := schemas.Clip(tt.s, tt.most, tt.marker)
		if got != tt.want {
			t.Errorf("Clip(%q, %d, %q) = %q, want %q", tt.s, tt.most, tt.marker, got, tt.want)
		}
	}
	// Every limit over a run of mixed widths.
	s := strings.Repeat("aé€😀", 8)
	for most := 0; most <= len(s); most++ {
		got := schemas.Clip(s, most, "")
		if !utf8.ValidString(got) || !strings.HasPrefix(s, got) || len(got) > most || len(got) < most-3 {
			t.Errorf("Clip(%q, %d) = %q: want a valid prefix of at most %d bytes", s, most, got, most)
		}
	}
}
