package scenarios

import (
	"path"
	"testing"
)

// TestPrefixGlobAgreesWithPathMatch: the fast path for "literal*" globs must
// answer exactly as path.Match does.
func TestPrefixGlobAgreesWithPathMatch(t *testing.T) {
	globs := []string{"slow-*", "a*", "*", "x\\*", "a?*", "[ab]-*", "pre-*-post", "slow-"}
	tokens := []string{"", "slow-", "slow-1", "slow-a/b", "slow", "a", "ab/c", "x*", "xy", "a-1", "b-2", "pre-1-post", "SLOW-1"}
	for _, g := range globs {
		r := MatchRules{Token: g}
		r.tokenPrefix, r.tokenIsPrefix = globPrefix(g)
		for _, tok := range tokens {
			want, _ := path.Match(g, tok)
			if got := r.Holds("", tok, nil); got != want {
				t.Errorf("glob %q, token %q: Holds %v, path.Match %v (prefix fast path %v)", g, tok, got, want, r.tokenIsPrefix)
			}
		}
	}
}
