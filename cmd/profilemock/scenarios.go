package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/profilemock/profilemock/scenarios"
	"github.com/profilemock/profilemock/schemas"
)

const scenariosUsage = `usage: profilemock scenarios lint [--no-builtin] [DIR]
       profilemock scenarios list [--scenarios DIR] [--no-builtin]

lint  checks the scenario files of DIR (or --scenarios, or $PROFILEMOCK_SCENARIOS) together with the
      built-in library, without serving: "ok: N scenarios", or one "file:line: message" per problem.
      Exit 0 when all load, 1 on problems, 2 on bad usage (a DIR that is not a directory).
list  prints the scenarios a server would load: name, status(es), match rule, description.

The file format is described in scenarios/README.md.`

// runScenarios lints or lists scenario files.
func runScenarios(_ context.Context, e env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, scenariosUsage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(e.stdout, scenariosUsage)
		return exitOK
	case "lint":
		return scenariosCommand(e, "lint", args[1:])
	case "list":
		return scenariosCommand(e, "list", args[1:])
	}
	fmt.Fprintf(e.stderr, "profilemock scenarios: unknown subcommand %q: want lint or list\n", args[0])
	return exitUsage
}

// scenariosCommand parses the flags both subcommands share, loads the catalog and hands it to lint
// or list. lint also takes the folder as an argument.
func scenariosCommand(e env, sub string, args []string) int {
	fs := newCLI(e, "scenarios "+sub, scenariosUsage)
	dir := fs.String("scenarios", "", "a `DIR`ectory of scenario files (*.yaml, *.yml) added to the built-in library; a file named like a built-in scenario replaces it")
	noBuiltin := fs.Bool("no-builtin", false, "leave the built-in library out")
	maxArgs := 0
	if sub == "lint" {
		maxArgs = 1 // the folder
	}
	if code, ok := fs.parse(args, maxArgs); !ok {
		return code
	}
	usageErr := fs.usageErr
	if fs.NArg() == 1 {
		*dir = fs.Arg(0)
	}
	if *dir != "" {
		st, err := os.Stat(*dir)
		if err != nil {
			return usageErr("%v", err)
		}
		if !st.IsDir() {
			return usageErr("%s is not a directory", *dir)
		}
	}
	set, err := schemas.Load()
	if err != nil {
		fmt.Fprintf(e.stderr, "profilemock scenarios %s: %v\n", sub, err)
		return exitUsage
	}
	cat, err := scenarios.LoadDefault(set, *dir, !*noBuiltin)
	if err != nil {
		problems := scenarios.Problems(err)
		if len(problems) == 0 {
			fmt.Fprintf(e.stderr, "profilemock scenarios %s: %v\n", sub, err)
			return exitUsage
		}
		// lint's findings are its output; list reports them as the reason it has none.
		out := e.stdout
		if sub == "list" {
			out = e.stderr
		}
		for _, p := range problems {
			fmt.Fprintln(out, p.Error())
		}
		fmt.Fprintf(e.stderr, "profilemock scenarios %s: %d problem(s); nothing loads until every file does\n", sub, len(problems))
		return exitFail
	}
	if sub == "lint" {
		fmt.Fprintf(e.stdout, "ok: %d scenarios\n", cat.Len())
		return exitOK
	}
	listScenarios(e, cat)
	return exitOK
}

// listScenarios prints the catalog as a table.
func listScenarios(e env, cat *scenarios.Catalog) {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSTATUS\tMATCH\tDESCRIPTION")
	for _, s := range cat.All() {
		match := s.Match.String()
		if match == "" {
			match = "(by name only)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, statusLabel(s), match, s.Description)
	}
	_ = tw.Flush()
}

// statusLabel sums up what a scenario answers: "200", "200 after 2s", "204",
// "200 truncated-json (off-contract)", "200, 200, 500 (cycles)".
func statusLabel(s *scenarios.Scenario) string {
	steps := make([]string, len(s.Steps))
	for i := range s.Steps {
		r := &s.Steps[i]
		l := fmt.Sprint(r.Status)
		if r.Fault != scenarios.NoFault {
			l += " " + string(r.Fault)
		}
		if !r.Delay.IsZero() {
			l += " after " + r.Delay.String()
		}
		steps[i] = l
	}
	label := strings.Join(steps, ", ")
	switch {
	case len(s.Steps) > 1 && s.Cycle:
		label += " (cycles)"
	case len(s.Steps) > 1:
		label += " (last repeats)"
	}
	if s.OffContract {
		label += " (off-contract)"
	}
	return label
}
