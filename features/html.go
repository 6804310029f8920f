package features

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/profilemock/profilemock/features/coverage"
	"github.com/profilemock/profilemock/schemas"
)

// htmlTemplate is the page of --html: its styles inline, no script, nothing
// fetched, so the file reads the same offline, attached to a CI run.
//
//go:embed html.tmpl
var htmlTemplate string

var htmlPageTemplate = template.Must(template.New("html.tmpl").Parse(htmlTemplate))

// htmlRun is what the HTML report says of the run besides the scenarios.
type htmlRun struct {
	Target   string        // the implementation's base URL
	Started  time.Time     // when the scenarios started
	Duration time.Duration // how long they took
	Notes    []string      // the checks of undeclared rules that did not run, and why
	Warnings []string      // what the terminal report said before the scenarios
	// Views are the failed steps' failures by their text, as the cucumber
	// report holds it; SkipWhy the reason of each skipped scenario, by name.
	Views   map[string]failureView
	SkipWhy map[string]string
}

// viewLog keeps the failure of every failed step of a run, by its text, for
// the HTML report: the cucumber report has only the text.
type viewLog struct {
	mu    sync.Mutex
	views map[string]failureView
}

func (l *viewLog) add(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.views[err.Error()] = viewOf(err)
}

func (l *viewLog) all() map[string]failureView {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]failureView, len(l.views))
	for k, v := range l.views {
		out[k] = v
	}
	return out
}

// cukeFeature is what the HTML report reads of godog's cucumber JSON.
type cukeFeature struct {
	URI      string `json:"uri"`
	Name     string `json:"name"`
	Elements []struct {
		Name string `json:"name"`
		Line int    `json:"line"`
		Tags []struct {
			Name string `json:"name"`
		} `json:"tags"`
		Steps []struct {
			Keyword string `json:"keyword"`
			Name    string `json:"name"`
			Result  struct {
				Status string `json:"status"`
				Error  string `json:"error_message"`
			} `json:"result"`
		} `json:"steps"`
	} `json:"elements"`
}

// htmlPage is the model of the template.
type htmlPage struct {
	Target, Started, Duration string
	Summary                   string
	Scenarios                 counts
	Steps                     counts
	SkippedFor                []htmlReason
	Notes, Warnings           []string
	Failures                  []htmlFailure
	Features                  []htmlFeature
	Coverage                  htmlCoverage
}

type counts struct{ Total, Passed, Failed, Skipped, Other int }

type htmlReason struct {
	Why string
	N   int
}

type htmlFeature struct {
	Name, URI string
	Scenarios []htmlScenario
}

type htmlScenario struct {
	ID, Name, Status, Skip string
	Line                   int
	Tags                   []string
	Steps                  []htmlStep
}

type htmlStep struct {
	Keyword, Name, Status string
	Failure               string // the id of its failure, when it failed
}

type htmlFailure struct {
	ID, Feature, Scenario, ScenarioID, Step string
	View                                    failureView
}

type htmlCoverage struct {
	Summary       []string
	Bodies        int
	Fields, Enums string // the percentages, as the terminal prints them
	Arrays        string
	Statuses      []htmlValue
	FieldRows     []htmlField
	EnumRows      []htmlEnum
	ArrayRows     []htmlArray
	Gaps          []string
	HasMock       bool
	MockPercent   [3]string // fields, enum values, arrays
	Differences   []coverage.Difference
}

// htmlValue is a status or an enum value and how often it came: a gap when
// the contract documents it and it never came, extra when the contract does
// not document it.
type htmlValue struct {
	Value      string
	N          int
	Gap, Extra bool
}

type htmlField struct {
	Pointer, Name string
	coverage.FieldCount
	Gap bool
}

type htmlEnum struct {
	Pointer, Name string
	Values        []htmlValue
}

type htmlArray struct {
	Pointer, Name         string
	Empty, NonEmpty       int
	MinLen, MaxLen        int
	EmptyGap, NonEmptyGap bool
}

// writeHTML writes the self-contained HTML report of a run to path, from the
// run's cucumber JSON report, its result and the failures of its steps.
func writeHTML(path string, cucumberJSON []byte, res Result, run htmlRun) error {
	page, err := buildPage(cucumberJSON, res, run)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := htmlPageTemplate.Execute(f, page); err != nil {
		return err
	}
	return f.Close()
}

func buildPage(cucumberJSON []byte, res Result, run htmlRun) (*htmlPage, error) {
	var feats []cukeFeature
	if err := json.Unmarshal(cucumberJSON, &feats); err != nil {
		return nil, fmt.Errorf("reading the cucumber report: %w", err)
	}
	p := &htmlPage{
		Target:   run.Target,
		Duration: run.Duration.Round(time.Millisecond).String(),
		Summary:  res.Summary(),
		Scenarios: counts{
			Total: res.Passed + res.Failed + res.Skipped, Passed: res.Passed, Failed: res.Failed, Skipped: res.Skipped,
		},
		Notes:    run.Notes,
		Warnings: run.Warnings,
		Coverage: coverageModel(res),
	}
	if !run.Started.IsZero() {
		p.Started = run.Started.UTC().Format(time.RFC3339)
	}
	for why, n := range res.SkippedFor {
		p.SkippedFor = append(p.SkippedFor, htmlReason{why + skipHint(why), n})
	}
	sort.Slice(p.SkippedFor, func(i, j int) bool { return p.SkippedFor[i].Why < p.SkippedFor[j].Why })
	for fi, cf := range feats {
		hf := htmlFeature{Name: cf.Name, URI: cf.URI}
		for ei, el := range cf.Elements {
			sc := htmlScenario{ID: fmt.Sprintf("s%d-%d", fi+1, ei+1), Name: el.Name, Line: el.Line}
			for _, t := range el.Tags {
				sc.Tags = append(sc.Tags, t.Name)
			}
			failed, skipped := false, false
			for _, st := range el.Steps {
				hs := htmlStep{Keyword: strings.TrimSpace(st.Keyword), Name: st.Name, Status: st.Result.Status}
				p.Steps.Total++
				switch st.Result.Status {
				case "passed":
					p.Steps.Passed++
				case "skipped":
					p.Steps.Skipped++
					skipped = true
				case "failed":
					p.Steps.Failed++
					failed = true
				default: // undefined, pending, ambiguous: the scenario fails
					p.Steps.Other++
					failed = true
				}
				if st.Result.Status != "passed" && st.Result.Status != "skipped" {
					v, ok := run.Views[st.Result.Error]
					if !ok {
						v = failureView{Headline: st.Result.Error}
						if v.Headline == "" {
							v.Headline = "the step is " + st.Result.Status
						}
					}
					hs.Failure = fmt.Sprintf("f%d", len(p.Failures)+1)
					p.Failures = append(p.Failures, htmlFailure{
						ID: hs.Failure, Feature: cf.Name, Scenario: el.Name, ScenarioID: sc.ID,
						Step: hs.Keyword + " " + st.Name, View: v,
					})
				}
				sc.Steps = append(sc.Steps, hs)
			}
			switch {
			case failed:
				sc.Status = "failed"
			case skipped:
				sc.Status = "skipped"
				sc.Skip = run.SkipWhy[el.Name]
			default:
				sc.Status = "passed"
			}
			hf.Scenarios = append(hf.Scenarios, sc)
		}
		p.Features = append(p.Features, hf)
	}
	return p, nil
}

// coverageModel lays the coverage out in tables, in the page's order, with
// its gaps marked: a status the page documents and no answer had, a field
// never filled, an enum value that never came, an array never seen empty or
// never seen with an element.
func coverageModel(res Result) htmlCoverage {
	r := res.Coverage
	c := htmlCoverage{
		Summary: r.Summary(),
		Bodies:  r.Bodies,
		Fields:  pct(r.Percent.Fields), Enums: pct(r.Percent.EnumValues), Arrays: pct(r.Percent.Arrays),
		Gaps:        r.Gaps(0),
		Differences: res.Differences,
	}
	if res.Mock != nil {
		m := res.Mock.Percent
		c.HasMock, c.MockPercent = true, [3]string{pct(m.Fields), pct(m.EnumValues), pct(m.Arrays)}
	}
	var statuses []int
	for s := range r.Statuses {
		if n, err := strconv.Atoi(s); err == nil {
			statuses = append(statuses, n)
		}
	}
	for s := 100; s < 600; s++ {
		if _, seen := r.Statuses[strconv.Itoa(s)]; !seen && schemas.BodyFile(s) != "" {
			statuses = append(statuses, s)
		}
	}
	sort.Ints(statuses)
	for _, s := range statuses {
		n := r.Statuses[strconv.Itoa(s)]
		c.Statuses = append(c.Statuses, htmlValue{Value: strconv.Itoa(s), N: n, Gap: n == 0, Extra: schemas.BodyFile(s) == ""})
	}
	fields, _ := schemas.Outline(200) // the collector read the same outline
	for _, f := range fields {
		name := coverage.Name(f.Pointer)
		if fc := r.Fields[f.Pointer]; fc != nil {
			c.FieldRows = append(c.FieldRows, htmlField{Pointer: f.Pointer, Name: name, FieldCount: *fc, Gap: fc.Present <= fc.Empty})
		}
		if vals, ok := r.Enums[f.Pointer]; ok {
			e := htmlEnum{Pointer: f.Pointer, Name: name}
			listed := map[string]bool{}
			for _, v := range f.Enum {
				listed[v] = true
				e.Values = append(e.Values, htmlValue{Value: v, N: vals[v], Gap: vals[v] == 0})
			}
			var extra []string
			for v := range vals {
				if !listed[v] {
					extra = append(extra, v)
				}
			}
			sort.Strings(extra)
			for _, v := range extra {
				e.Values = append(e.Values, htmlValue{Value: v, N: vals[v], Extra: true})
			}
			c.EnumRows = append(c.EnumRows, e)
		}
		if a := r.Arrays[f.Pointer]; a != nil {
			c.ArrayRows = append(c.ArrayRows, htmlArray{
				Pointer: f.Pointer, Name: name, Empty: a.Empty, NonEmpty: a.NonEmpty, MinLen: a.MinLen, MaxLen: a.MaxLen,
				EmptyGap: a.Empty == 0, NonEmptyGap: a.NonEmpty == 0,
			})
		}
	}
	return c
}

// pct is a percentage as the terminal summary prints it.
func pct(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
