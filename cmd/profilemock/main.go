// Command profilemock is a mock server and contract-testing toolkit for the
// getCustomerProfileData endpoint. See README.md for the subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes shared by every subcommand.
const (
	exitOK    = 0
	exitFail  = 1 // the check ran and found problems
	exitUsage = 2 // bad usage, unreadable input, a target that cannot be reached
)

// env carries what a subcommand may touch of the outside world, so that tests
// can call run() with their own streams and environment.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) int
}

func commands() map[string]command {
	return map[string]command{
		"contract":    {"run the contract suite against an implementation, or the mock", runContract},
		"healthcheck": {"exit 0 when a running mock answers /healthz", runHealthcheck},
		"openapi":     {"print the OpenAPI 3.1 document of the endpoint", runOpenAPI},
		"proxy":       {"forward to an implementation, checking every answer against the contract", runProxy},
		"scenarios":   {"lint or list scenario files", runScenarios},
		"serve":       {"start the mock server", runServe},
		"validate":    {"validate JSON bodies against the contract", runValidate},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr, cmds)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "profilemock: unknown command %q (run 'profilemock help')\n", args[0])
		return exitUsage
	}
	return c.run(ctx, e, args[1:])
}

func usage(w io.Writer, cmds map[string]command) {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: profilemock COMMAND [flags]\n\ncommands:")
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'profilemock COMMAND -h' for a command's flags.")
}

// parseFlags parses args into fs, first filling every flag not given on the
// command line from the environment variable PROFILEMOCK_<NAME> (dashes become
// underscores): flag > environment > default. It prints one line and returns
// false on bad usage; -h prints the flags and returns false with help=true.
func parseFlags(fs *flag.FlagSet, e env, args []string) (ok bool, help bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stderr)
			fmt.Fprintf(e.stderr, "usage of profilemock %s:\n", fs.Name())
			fs.PrintDefaults()
			return false, true
		}
		fmt.Fprintf(e.stderr, "profilemock %s: %v\n", fs.Name(), err)
		return false, false
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var bad error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || bad != nil {
			return
		}
		name := "PROFILEMOCK_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v := e.getenv(name)
		if v == "" {
			return
		}
		// A repeatable flag takes a comma-separated list from the environment.
		if _, multi := f.Value.(interface{ repeatable() }); multi {
			for _, part := range strings.Split(v, ",") {
				if err := f.Value.Set(strings.TrimSpace(part)); err != nil {
					bad = fmt.Errorf("%s: %v", name, err)
					return
				}
			}
			return
		}
		if err := f.Value.Set(v); err != nil {
			bad = fmt.Errorf("%s=%q: %v", name, v, err)
		}
	})
	if bad != nil {
		fmt.Fprintf(e.stderr, "profilemock %s: %v\n", fs.Name(), bad)
		return false, false
	}
	return true, false
}

// listFlag is a repeatable string flag (--auth-basic a --auth-basic b).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}
func (l *listFlag) repeatable() {}

// interspersed moves flags in front of positional arguments, so that
// "validate body.json --strict" works like "validate --strict body.json". A
// "--" ends the flags as usual.
func interspersed(fs *flag.FlagSet, args []string) []string {
	var flags, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil {
			continue // Parse reports it
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			continue
		}
		if i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	return append(append(flags, "--"), rest...)
}
