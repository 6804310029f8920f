package schemas_test

import (
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/profilemock/profilemock/schemas"
)

// TestReadmeListsEveryErrorCode holds the README's error code tables to the
// one table in code: every code the toolkit can send is listed there with its
// status, and the README lists no other.
func TestReadmeListsEveryErrorCode(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| (\\d{5}) \\| (\\d{3}) \\|")
	listed := map[int32]int{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		code, _ := strconv.Atoi(m[1])
		status, _ := strconv.Atoi(m[2])
		if prev, dup := listed[int32(code)]; dup {
			t.Errorf("README lists errorCode %d twice (HTTP %d and %d)", code, prev, status)
		}
		listed[int32(code)] = status
	}
	inCode := map[int32]bool{}
	for _, c := range schemas.ErrorCodes() {
		if inCode[c.Code] {
			t.Errorf("schemas.ErrorCodes lists %d twice", c.Code)
		}
		inCode[c.Code] = true
		if c.Code/100 != int32(c.Status) {
			t.Errorf("errorCode %d comes with HTTP %d: its first three digits must be the status", c.Code, c.Status)
		}
		status, ok := listed[c.Code]
		switch {
		case !ok:
			t.Errorf("README.md does not list errorCode %d (HTTP %d, %s: %s)", c.Code, c.Status, c.Sender, c.When)
		case status != c.Status:
			t.Errorf("README.md lists errorCode %d with HTTP %d, the code sends it with %d", c.Code, status, c.Status)
		}
	}
	for code, status := range listed {
		if !inCode[code] {
			t.Errorf("README.md lists errorCode %d (HTTP %d), which schemas.ErrorCodes does not know", code, status)
		}
	}
}
