package scenarios_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/scenarios/profile"
)

// source is a folder of scenario files labelled "dir".
func source(files map[string]string) scenarios.Source {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return scenarios.Source{FS: fsys, Label: "dir"}
}

// TestLoadRejects is the reject table: each bad file with the "file:line: message" it must produce.
// The line is the line of the offending key.
func TestLoadRejects(t *testing.T) {
	set := loadSchemas(t)
	const head = "name: x\ndescription: d\n"
	// A "billion laughs": nine aliases of nine aliases of ... nine strings.
	bomb := head + "response:\n  patch:\n    l0: &l0 [x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < 9; i++ {
		prev := "*l" + strconv.Itoa(i-1)
		bomb += "    l" + strconv.Itoa(i) + ": &l" + strconv.Itoa(i) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n"
	}
	cases := []struct {
		name  string
		files map[string]string // "" key: the file bad.yaml
		want  []string
	}{
		{"YAML syntax error", map[string]string{"": head + "response: {status: 200\n"},
			[]string{"dir/bad.yaml:3: not valid YAML: "}},
		{"YAML duplicate key", map[string]string{"": head + "response:\n  status: 200\n  status: 204\n"},
			[]string{`dir/bad.yaml:5: not valid YAML: mapping key "status" already defined at [4:3]`}},
		{"empty file", map[string]string{"": "# nothing yet\n"},
			[]string{"dir/bad.yaml:1: the file is empty"}},
		{"two documents", map[string]string{"": head + "response: {status: 200}\n---\n" + head},
			[]string{"dir/bad.yaml:5: a second YAML document: one scenario per file"}},
		{"a list, not a mapping", map[string]string{"": "- name: x\n"},
			[]string{"dir/bad.yaml:1: want a mapping of keys (name, description, response, ...), found a list"}},
		{"unknown status", map[string]string{"": head + "response:\n  status: 418\n"},
			[]string{"dir/bad.yaml:4: response.status: 418 is not a documented response of getCustomerProfileData (want 200, 204, 400, 401 or 500)"}},
		{"unknown status in a sequence", map[string]string{"": head + "sequence:\n  - status: 200\n  - delay: 1s\n    status: 302\n"},
			[]string{"dir/bad.yaml:6: sequence[1].status: 302 is not a documented response"}},
		{"unknown key with a typo", map[string]string{"": head + "response:\n  stauts: 200\n"},
			[]string{`dir/bad.yaml:4: unknown key "stauts" in response (did you mean "status"?)`}},
		{"unknown key", map[string]string{"": head + "response: {status: 200}\ntags: [a]\n"},
			[]string{`dir/bad.yaml:4: unknown key "tags" (known keys: cycle, description, match, name, offContract, response, sequence)`}},
		{"unknown key deep", map[string]string{"": head + "response:\n  profile:\n    vehicle: 2\n"},
			[]string{`dir/bad.yaml:5: unknown key "vehicle" in response.profile (did you mean "vehicles"?)`}},
		{"every unknown key", map[string]string{"": head + "colour: red\nresponse: {status: 200, size: 1}\nmatch: {tokn: a}\n"},
			[]string{`dir/bad.yaml:3: unknown key "colour"`, `dir/bad.yaml:4: unknown key "size" in response`, `dir/bad.yaml:5: unknown key "tokn" in match (did you mean "token"?)`}},
		{"wrong kind", map[string]string{"": head + "response:\n  status: ok\n"},
			[]string{`dir/bad.yaml:4: response.status: want a whole number, found text "ok"`}},
		{"fractional status", map[string]string{"": head + "response:\n  status: 200.5\n"},
			[]string{`dir/bad.yaml:4: response.status: want a whole number, found the number 200.5`}},
		{"offContract not a boolean", map[string]string{"": head + "offContract: 1\nresponse: {status: 200}\n"},
			[]string{"dir/bad.yaml:3: offContract: want true or false, found the number 1"}},
		{"missing name", map[string]string{"": "description: d\nresponse: {status: 200}\n"},
			[]string{"dir/bad.yaml:1: name is required"}},
		{"bad name", map[string]string{"": "name: Slow Profile\ndescription: d\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:1: name: "Slow Profile" is not a valid name: want lowercase letters, digits and dashes ([a-z0-9][a-z0-9-]*)`}},
		{"name starting with a dash", map[string]string{"": "name: -x\ndescription: d\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:1: name: "-x" is not a valid name`}},
		{"missing description", map[string]string{"": "name: x\nresponse: {status: 200}\n"},
			[]string{"dir/bad.yaml:1: description is required"}},
		{"description on two lines", map[string]string{"": "name: x\ndescription: |\n  one\n  two\nresponse: {status: 200}\n"},
			[]string{"dir/bad.yaml:2: description: want one line (a folded > block is fine), found 2 lines"}},
		{"response and sequence", map[string]string{"": head + "response: {status: 200}\nsequence: [{status: 200}]\n"},
			[]string{"dir/bad.yaml:4: response and sequence exclude each other"}},
		{"neither response nor sequence", map[string]string{"": head},
			[]string{"dir/bad.yaml:1: response or sequence is required"}},
		{"empty response", map[string]string{"": head + "response:\n"},
			[]string{"dir/bad.yaml:3: response is empty"}},
		{"empty sequence", map[string]string{"": head + "sequence: []\n"},
			[]string{"dir/bad.yaml:3: sequence is empty"}},
		{"empty sequence entry", map[string]string{"": head + "sequence:\n  - status: 200\n  -\n"},
			[]string{"dir/bad.yaml:5: sequence[1] is empty"}},
		{"cycle without sequence", map[string]string{"": head + "response: {status: 200}\ncycle: true\n"},
			[]string{"dir/bad.yaml:4: cycle applies only to a sequence"}},
		{"negative delay", map[string]string{"": head + "response:\n  status: 200\n  delay: -1s\n"},
			[]string{"dir/bad.yaml:5: response.delay: -1s is negative"}},
		{"negative delay min", map[string]string{"": head + "response:\n  delay:\n    min: -5ms\n    max: 1s\n"},
			[]string{"dir/bad.yaml:5: response.delay.min: -5ms is negative"}},
		{"delay min > max", map[string]string{"": head + "response:\n  status: 200\n  delay: {min: 2s, max: 1s}\n"},
			[]string{"dir/bad.yaml:5: response.delay: min 2s is greater than max 1s"}},
		{"delay over the cap", map[string]string{"": head + "response:\n  delay: 2m\n"},
			[]string{"dir/bad.yaml:4: response.delay: 2m0s is longer than the limit of 1m0s"}},
		{"delay without a unit", map[string]string{"": head + "response:\n  delay: 5\n"},
			[]string{"dir/bad.yaml:4: response.delay: 5 has no unit: write 5s or 5ms"}},
		{"delay not a duration", map[string]string{"": head + "response:\n  delay: soon\n"},
			[]string{`dir/bad.yaml:4: response.delay: "soon" is not a duration`}},
		{"delay range half given", map[string]string{"": head + "response:\n  delay: {max: 1s}\n"},
			[]string{"dir/bad.yaml:4: response.delay: a range needs both min and max"}},
		{"delay range unknown key", map[string]string{"": head + "response:\n  delay:\n    min: 1s\n    max: 2s\n    jitter: 1s\n"},
			[]string{`dir/bad.yaml:7: response.delay: unknown key "jitter"`}},
		{"unknown fault", map[string]string{"": head + "offContract: true\nresponse:\n  fault: timeout\n"},
			[]string{`dir/bad.yaml:5: response.fault: "timeout" is not a fault (want connection-reset, empty-reply or truncated-json)`}},
		{"fault without offContract", map[string]string{"": head + "response:\n  status: 200\n  fault: connection-reset\n"},
			[]string{"dir/bad.yaml:5: response.fault: a fault breaks the contract on purpose: it needs offContract: true"}},
		{"truncated 204", map[string]string{"": head + "offContract: true\nresponse:\n  status: 204\n  fault: truncated-json\n"},
			[]string{"dir/bad.yaml:6: response.fault: a 204 has no body to truncate"}},
		{"patch breaking the contract", map[string]string{"": head + "response:\n  status: 200\n  patch:\n    customerProfileDataRequestDTO:\n      items: oops\n"},
			[]string{`dir/bad.yaml:5: response: the 200 body for seed 0, token "contract-check" breaks the contract (contract level): /customerProfileDataRequestDTO/items: expected array, found string "oops" (set offContract: true to serve it anyway)`}},
		{"patch adding an undocumented field", map[string]string{"": head + "sequence:\n  - status: 200\n  - status: 200\n    patch: {customerProfileDataRequestDTO: {loyaltyTier: gold}}\n"},
			[]string{`dir/bad.yaml:6: sequence[1]: the 200 body for seed 0, token "contract-check" breaks the contract (strict level): /customerProfileDataRequestDTO/loyaltyTier: expected no undocumented property`}},
		{"patch deleting a field", map[string]string{"": head + "response:\n  patch: {warnings: null}\n"},
			[]string{`dir/bad.yaml:4: response: the 200 body for seed 0, token "contract-check" breaks the contract (strict level): /warnings: expected property "warnings"`}},
		{"patch not an object", map[string]string{"": head + "response:\n  patch: [1, 2]\n"},
			[]string{"dir/bad.yaml:4: response.patch: want a mapping (a JSON merge patch object, applied to the 200 body), found a list"}},
		{"patch not JSON", map[string]string{"": head + "response:\n  patch: {a: .inf}\n"},
			[]string{"dir/bad.yaml:4: response.patch: cannot be written as JSON"}},
		{"profile on a 400", map[string]string{"": head + "response:\n  status: 400\n  profile: {items: 1}\n"},
			[]string{"dir/bad.yaml:5: response.profile: only a 200 has a profile (status is 400)"}},
		{"warnings on a 500", map[string]string{"": head + "response:\n  status: 500\n  warnings: [{warningCode: 1}]\n"},
			[]string{"dir/bad.yaml:5: response.warnings: only a 200 has warnings of its own"}},
		{"patch on a 204", map[string]string{"": head + "response:\n  status: 204\n  patch: {a: 1}\n"},
			[]string{"dir/bad.yaml:5: response.patch: only a 200 has a patch (status is 204)"}},
		{"errors on a 200", map[string]string{"": head + "response:\n  status: 200\n  errors: [{errorCode: 1}]\n"},
			[]string{"dir/bad.yaml:5: response.errors: only a 400, 401 or 500 has error entries (status is 200)"}},
		{"errorCode outside int32", map[string]string{"": head + "response:\n  status: 500\n  errors:\n    - errorTitle: t\n      errorCode: 3000000000\n"},
			[]string{"dir/bad.yaml:7: response.errors[0].errorCode: 3000000000 is outside int32"}},
		{"errorCode missing", map[string]string{"": head + "response:\n  status: 401\n  errors:\n    - {errorCode: 1}\n    - errorTitle: t\n"},
			[]string{"dir/bad.yaml:7: response.errors[1]: errorCode is required"}},
		{"warningCode outside int32", map[string]string{"": head + "response:\n  warnings: [{warningCode: -2147483649}]\n"},
			[]string{"dir/bad.yaml:4: response.warnings[0].warningCode: -2147483649 is outside int32"}},
		{"negative count", map[string]string{"": head + "response:\n  profile:\n    items: 2\n    vehicles: -1\n"},
			[]string{"dir/bad.yaml:6: response.profile.vehicles: -1 is negative: counts start at 0"}},
		{"count min > max", map[string]string{"": head + "response:\n  profile:\n    items: {min: 5, max: 2}\n"},
			[]string{"dir/bad.yaml:5: response.profile.items: min 5 is greater than max 2"}},
		{"count range half given", map[string]string{"": head + "response:\n  profile:\n    items: {min: 1}\n"},
			[]string{"dir/bad.yaml:5: response.profile.items: a range needs both min and max, e.g. {min: 1, max: 4}"}},
		{"count range unknown key", map[string]string{"": head + "response:\n  profile:\n    items:\n      min: 1\n      max: 2\n      step: 1\n"},
			[]string{`dir/bad.yaml:8: response.profile.items: unknown key "step" (a count range has min and max)`}},
		{"count over the limit", map[string]string{"": head + "response:\n  profile:\n    items: 500\n    vehicles: {min: 1, max: 999}\n"},
			[]string{"dir/bad.yaml:5: response.profile.items is 500: the limit is 200", "dir/bad.yaml:6: response.profile.vehicles.max is 999: the limit is 200"}},
		{"count not a number", map[string]string{"": head + "response:\n  profile:\n    coOwners: some\n"},
			[]string{`dir/bad.yaml:5: response.profile.coOwners: want a count (3) or a range ({min: 1, max: 4}), found text "some"`}},
		{"unknown item status", map[string]string{"": head + "response:\n  profile:\n    statuses:\n      - COMPLETED\n      - LOST\n"},
			[]string{`dir/bad.yaml:7: response.profile.statuses[1] is "LOST": want one of SCHEDULED, REQUESTED, PENDING_APPROVAL, COMPLETED, DECLINED`}},
		{"unknown name pool", map[string]string{"": head + "response:\n  profile: {names: klingon}\n"},
			[]string{`dir/bad.yaml:4: response.profile.names: "klingon" is not a name pool (want default or unicode)`}},
		{"empty match", map[string]string{"": head + "match: {}\nresponse: {status: 200}\n"},
			[]string{"dir/bad.yaml:3: match is empty"}},
		{"token and tokenRegex", map[string]string{"": head + "match:\n  token: a-*\n  tokenRegex: ^a-\nresponse: {status: 200}\n"},
			[]string{"dir/bad.yaml:5: match: token and tokenRegex exclude each other: give one"}},
		{"bad glob", map[string]string{"": head + "match:\n  token: \"a[\"\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:4: match.token: "a[" is not a valid glob (path.Match syntax`}},
		{"bad regexp", map[string]string{"": head + "match:\n  tokenRegex: \"^(a\"\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:4: match.tokenRegex: "^(a" is not a valid Go regular expression: error parsing regexp: missing closing )`}},
		{"department not a UUID", map[string]string{"": head + "match:\n  departmentUuid: sales\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:4: match.departmentUuid: "sales" is not a UUID`}},
		{"bad header name", map[string]string{"": head + "match:\n  headers:\n    \"X Client\": a\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:5: match.headers: "X Client" is not a valid header name`}},
		{"same header twice", map[string]string{"": head + "match:\n  headers:\n    x-client: a\n    X-Client: b\nresponse: {status: 200}\n"},
			[]string{`dir/bad.yaml:6: match.headers: "X-Client" is the same header as "x-client"`}},
		{"alias bomb", map[string]string{"": bomb},
			[]string{"dir/bad.yaml:1: the file expands to more than 100000 YAML values through its aliases"}},
		{"duplicate name in one folder", map[string]string{
			"a.yaml": "name: same\ndescription: d\nresponse: {status: 200}\n",
			"b.yaml": "# the second\nname: same\ndescription: d\nresponse: {status: 204}\n"},
			[]string{`dir/b.yaml:2: name: "same" is already the name of the scenario at dir/a.yaml:1 (one scenario per name in a folder)`}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for k, v := range tt.files {
				if k == "" {
					k = "bad.yaml"
				}
				files[k] = v
			}
			c, err := scenarios.Load(set, source(files))
			if err == nil {
				t.Fatalf("loaded %v; want an error", c.Names())
			}
			if c != nil {
				t.Error("a catalog with the error")
			}
			got := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("error:\n%s\nwant it to contain:\n%s", got, w)
				}
			}
			// One line per problem, each "file:line: message".
			ps := scenarios.Problems(err)
			if len(ps) != len(strings.Split(got, "\n")) {
				t.Errorf("%d problems for %d lines:\n%s", len(ps), len(strings.Split(got, "\n")), got)
			}
			for _, p := range ps {
				if p.Line < 1 || !strings.HasPrefix(p.File, "dir/") {
					t.Errorf("problem without a place: %+v", p)
				}
			}
		})
	}
}

// TestLoadClipsWholeCharacters: a value echoed in a message is cut short at a character's start,
// never inside it, so the message stays valid UTF-8 and shows no \x escape of half a character.
func TestLoadClipsWholeCharacters(t *testing.T) {
	set := loadSchemas(t)
	// 39 ASCII bytes, then two-byte characters: a cut at byte 40 falls inside the first é.
	long := strings.Repeat("a", 39) + strings.Repeat("é", 20)
	for _, tt := range []struct{ name, file, want string }{
		{"quoted after the cut", "name: " + long + "\ndescription: d\nresponse: {status: 200}\n", strings.Repeat("a", 39) + `…"`},
		{"cut after quoting", "name: x\ndescription: d\nresponse: {status: \"" + strings.Repeat("é", 30) + "\"}\n", "found text \"" + strings.Repeat("é", 19) + "…"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Load(set, source(map[string]string{"bad.yaml": tt.file}))
			ps := scenarios.Problems(err)
			if len(ps) != 1 {
				t.Fatalf("want one problem, got %v", err)
			}
			msg := ps[0].Message
			if !utf8.ValidString(msg) || strings.Contains(msg, `\x`) || !strings.Contains(msg, tt.want) {
				t.Errorf("message %q: want valid UTF-8, no \\x escape, and %q", msg, tt.want)
			}
		})
	}
}

// TestLoadReportsEveryProblem: all problems of all files, in file order, then by line.
func TestLoadReportsEveryProblem(t *testing.T) {
	_, err := scenarios.Load(loadSchemas(t), source(map[string]string{
		"a.yaml":  "name: a\ndescription: d\nresponse:\n  status: 418\n  delay: -1s\n  fault: boom\n",
		"b.yml":   "name: B\ndescription: d\nresponse: {status: 200}\n",
		"ok.yaml": "name: ok\ndescription: d\nresponse: {status: 200}\n",
	}))
	var got []string
	for _, p := range scenarios.Problems(err) {
		got = append(got, p.File+":"+strconv.Itoa(p.Line))
	}
	want := []string{"dir/a.yaml:4", "dir/a.yaml:5", "dir/a.yaml:6", "dir/b.yml:1"}
	if !slices.Equal(got, want) {
		t.Errorf("problems at %v, want %v:\n%v", got, want, err)
	}
}

func TestLoadAccepts(t *testing.T) {
	set := loadSchemas(t)
	c, err := scenarios.Load(set, source(map[string]string{
		"full.yaml": `# every key
name: full-1
description: >-
  A folded
  description.
match:
  tokenRegex: "^pa-[0-9]+$"
  departmentUuid: 3F0C2D4E-8A61-4D0B-9C55-0E6B1F7A2C10
  headers: {x-client: storybook, X-Build: "42"}
response:
  delay: {min: 100ms, max: 2s}
  profile:
    vehicles: 2
    items: {min: 3, max: 6}
    communications: 0
    coOwners: {min: 0, max: 1}
    attributes: 2
    reviewRounds: 1
    statuses: [PENDING_APPROVAL, COMPLETED]
    names: unicode
  warnings:
    - {warningCode: 2001, warningTitle: Stale data, warningMessage: "Refreshed an hour ago."}
  patch: {customerProfileDataRequestDTO: {dealerInfo: {name: "Acme Motors & Sons"}}}
`,
		"seq.yml": `name: seq
description: anchors, aliases and defaults
sequence:
  - &ok {profile: {items: 1}}
  - status: 500
    delay: 0
  - *ok
  - status: 204
cycle: true
`,
		"off.yaml": `name: off
description: off-contract patch
offContract: true
response:
  patch: {customerProfileDataRequestDTO: {items: "not a list"}}
`,
		"README.md":     "not a scenario",
		".hidden.yaml":  "not: [valid",
		"sub/deep.yaml": "not: [valid",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Names(); !slices.Equal(got, []string{"full-1", "off", "seq"}) {
		t.Fatalf("names %v", got)
	}
	full, _ := c.Get("full-1")
	if full.Source != "dir/full.yaml:2" || full.Description != "A folded description." {
		t.Errorf("source %q, description %q", full.Source, full.Description)
	}
	wantMatch := "token ~ ^pa-[0-9]+$ & department 3f0c2d4e-8a61-4d0b-9c55-0e6b1f7a2c10 & header X-Build=42 & header X-Client=storybook"
	if got := full.Match.String(); got != wantMatch {
		t.Errorf("match %q, want %q", got, wantMatch)
	}
	r := full.Step(0)
	want := profile.Shape{
		Vehicles: profile.Range{Min: 2, Max: 2}, Items: profile.Range{Min: 3, Max: 6}, CoOwners: profile.Range{Max: 1},
		Attributes: profile.Range{Min: 2, Max: 2}, ReviewRounds: profile.Range{Min: 1, Max: 1},
		Statuses: []string{"PENDING_APPROVAL", "COMPLETED"}, Names: profile.NamesUnicode,
	}
	if r.Status != 200 || r.Delay != (scenarios.Delay{Min: 100 * time.Millisecond, Max: 2 * time.Second}) || !shapeEqual(r.Shape, want) {
		t.Errorf("response %+v", r)
	}
	p := render(t, r, "pa-1")
	if p.CustomerProfileDataRequestDTO.DealerInfo.Name != "Acme Motors & Sons" {
		t.Errorf("the patch did not apply: dealer %q", p.CustomerProfileDataRequestDTO.DealerInfo.Name)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].WarningTitle != "Stale data" {
		t.Errorf("warnings %+v", p.Warnings)
	}
	if n := len(p.CustomerProfileDataRequestDTO.CustomerInfo.Communications); n != 0 {
		t.Errorf("%d communications, want 0", n)
	}

	seq, _ := c.Get("seq")
	var statuses []int
	for n := 0; n < 6; n++ {
		statuses = append(statuses, seq.Step(n).Status)
	}
	if !slices.Equal(statuses, []int{200, 500, 200, 204, 200, 500}) || seq.Step(2).Shape.Items.Max != 1 {
		t.Errorf("sequence statuses %v, step 2 %+v", statuses, seq.Step(2))
	}
	if got := seq.Step(1).Errors; !slices.Equal(got, scenarios.DefaultErrors(500)) {
		t.Errorf("default error entries %+v", got)
	}
	if seq.Step(1).Shape.Items != profile.DefaultShape().Items || seq.Step(0).Shape.Vehicles != profile.DefaultShape().Vehicles {
		t.Error("omitted profile keys do not keep the default shape")
	}

	off, _ := c.Get("off")
	b, err := off.Step(0).Render200(1, dept, "t")
	if err != nil || !bytes.Contains(b, []byte(`"items":"not a list"`)) {
		t.Errorf("off-contract patch: %v %s", err, b)
	}
}

func shapeEqual(a, b profile.Shape) bool {
	return a.Vehicles == b.Vehicles && a.Items == b.Items && a.Communications == b.Communications &&
		a.CoOwners == b.CoOwners && a.Attributes == b.Attributes && a.ReviewRounds == b.ReviewRounds &&
		slices.Equal(a.Statuses, b.Statuses) && a.Names == b.Names && a.Minimal == b.Minimal
}

func TestLoadOverride(t *testing.T) {
	set := loadSchemas(t)
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("default.yaml", "name: default\ndescription: our own default, a 204\nresponse: {status: 204}\n")
	write("renamed.yaml", "name: slow\ndescription: slower\nresponse: {delay: 5s}\n")
	write("mine.yaml", "name: mine\ndescription: an extra one\nmatch: {token: mine-*}\nresponse: {status: 200}\n")

	builtin, err := scenarios.LoadDefault(set, "", true)
	if err != nil {
		t.Fatal(err)
	}
	c, err := scenarios.LoadDefault(set, dir, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != builtin.Len()+1 {
		t.Errorf("%d scenarios, want the %d built-in ones and mine", c.Len(), builtin.Len())
	}
	d, _ := c.Get("default")
	if d.Step(0).Status != 204 || d.Source != filepath.Join(dir, "default.yaml")+":1" {
		t.Errorf("default not replaced: %d from %s", d.Step(0).Status, d.Source)
	}
	// The name decides, not the file name.
	if s, _ := c.Get("slow"); s.Step(0).Delay.Min != 5*time.Second {
		t.Errorf("slow not replaced: %+v", s.Step(0).Delay)
	}
	if s, ok := c.Match(dept, "mine-1", nil); !ok || s.Name != "mine" {
		t.Errorf("mine-1 selects %v", s)
	}
	// Without the built-in library, only the folder.
	own, err := scenarios.LoadDefault(set, dir, false)
	if err != nil || !slices.Equal(own.Names(), []string{"default", "mine", "slow"}) {
		t.Errorf("without the built-in library: %v %v", own, err)
	}
	// The built-in catalog is untouched by the other loads.
	if b, _ := builtin.Get("default"); b.Step(0).Status != 200 {
		t.Error("loading a folder changed another catalog")
	}
}

func TestLoadMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := scenarios.LoadDefault(loadSchemas(t), dir, true)
	if err == nil || !strings.HasPrefix(err.Error(), dir+": cannot read the scenario folder: ") {
		t.Errorf("got %v", err)
	}
}

func TestLoadNoSources(t *testing.T) {
	c, err := scenarios.Load(nil)
	if err != nil || c.Len() != 0 || len(c.Names()) != 0 {
		t.Errorf("got %v %v", c, err)
	}
	if _, ok := c.Match(dept, "x", nil); ok {
		t.Error("an empty catalog matches")
	}
}

// TestCatalogIsTheCallersCopy: the slices a Catalog hands out cannot change it.
func TestCatalogIsTheCallersCopy(t *testing.T) {
	c, _ := loadBuiltin(t)
	names, all := c.Names(), c.All()
	names[0], all[0] = "changed", nil
	if c.Names()[0] == "changed" || c.All()[0] == nil {
		t.Error("Names or All share the catalog's slice")
	}
}

func TestStepAndDelay(t *testing.T) {
	steps := []scenarios.Response{{Status: 200}, {Status: 204}, {Status: 500}}
	last := &scenarios.Scenario{Steps: steps}
	cyc := &scenarios.Scenario{Steps: steps, Cycle: true}
	one := &scenarios.Scenario{Steps: steps[:1]}
	for n, want := range [][3]int{{200, 200, 200}, {204, 204, 200}, {500, 500, 200}, {500, 200, 200}, {500, 204, 200}} {
		got := [3]int{last.Step(n).Status, cyc.Step(n).Status, one.Step(n).Status}
		if got != want {
			t.Errorf("call %d: last-repeats, cycle, single = %v, want %v", n, got, want)
		}
	}
	if last.Step(-1).Status != 200 {
		t.Error("a negative call count")
	}
	if (&scenarios.Scenario{}).Step(0) != nil {
		t.Error("a scenario without steps")
	}

	fixed := scenarios.Delay{Min: time.Second, Max: time.Second}
	if fixed.Pick(12345) != time.Second || fixed.String() != "1s" {
		t.Error("a fixed delay varies")
	}
	r := scenarios.Delay{Min: 100 * time.Millisecond, Max: 2 * time.Second}
	seen := map[time.Duration]bool{}
	for u := uint64(0); u < 1000; u++ {
		d := r.Pick(u * 0x9e3779b97f4a7c15)
		if d < r.Min || d > r.Max {
			t.Fatalf("Pick = %v, outside %v", d, r)
		}
		seen[d] = true
	}
	if len(seen) < 900 || r.Pick(^uint64(0)) > r.Max || r.String() != "100ms-2s" {
		t.Errorf("Pick: %d distinct delays in 1000", len(seen))
	}
}

func TestErrorBody(t *testing.T) {
	r := scenarios.Response{Status: 401, Errors: []scenarios.ErrorEntry{{ErrorCode: 1, ErrorTitle: "<t>", ErrorMessage: "m & n"}}}
	want := `{"errors":[{"errorCode":1,"errorTitle":"<t>","errorMessage":"m & n"}],"warnings":[]}` + "\n"
	if got := string(r.ErrorBody()); got != want {
		t.Errorf("ErrorBody = %s, want %s", got, want)
	}
	var env struct{ Errors []scenarios.ErrorEntry }
	if err := json.Unmarshal((&scenarios.Response{Status: 500}).ErrorBody(), &env); err != nil || !slices.Equal(env.Errors, scenarios.DefaultErrors(500)) {
		t.Errorf("a hand-built 500 without entries: %+v %v", env, err)
	}
	for _, st := range []int{200, 204} {
		if b := (&scenarios.Response{Status: st}).ErrorBody(); b != nil {
			t.Errorf("%d: ErrorBody %s, want nil", st, b)
		}
	}
}
