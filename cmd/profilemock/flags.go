package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// cli is the command line of one subcommand: its flags, each of which may
// also come from the environment variable PROFILEMOCK_<NAME> (flag >
// environment > default), and the one way the subcommand reports bad usage:
// one line on stderr naming what was wrong, exit 2. --help prints the usage to
// stdout (so that a pipe to less shows it) and exits 0.
type cli struct {
	*flag.FlagSet
	e        env
	synopsis string // what --help prints above the flags
}

// newCLI starts the command line of the subcommand name ("serve", "scenarios
// lint"). synopsis, when not "", is printed by --help above the flags.
func newCLI(e env, name, synopsis string) *cli {
	return &cli{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), e: e, synopsis: synopsis}
}

// parse reads args: flags anywhere among the positional arguments (a "--"
// ends the flags), then the environment for every flag not given. It allows at
// most maxArgs positional arguments. When it returns false, the subcommand
// returns code at once: exitOK after --help, exitUsage after the one line that
// says what was wrong.
func (c *cli) parse(args []string, maxArgs int) (code int, ok bool) {
	c.SetOutput(io.Discard)
	if err := c.Parse(interspersed(c.FlagSet, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.help()
			return exitOK, false
		}
		return c.usageErr("%v", err), false
	}
	if err := c.fromEnvironment(); err != nil {
		return c.usageErr("%v", err), false
	}
	if c.NArg() > maxArgs {
		return c.usageErr("unexpected argument %q", c.Arg(maxArgs)), false
	}
	return exitOK, true
}

// help prints the usage and the flags on stdout.
func (c *cli) help() {
	w := c.e.stdout
	fmt.Fprintf(w, "usage of profilemock %s:\n", c.Name())
	if c.synopsis != "" {
		fmt.Fprintln(w, c.synopsis)
	}
	c.SetOutput(w)
	c.PrintDefaults()
	c.SetOutput(io.Discard)
}

// usageErr reports bad usage in one line, "profilemock NAME: message", and
// returns exitUsage.
func (c *cli) usageErr(format string, a ...any) int {
	fmt.Fprintf(c.e.stderr, "profilemock %s: %s\n", c.Name(), fmt.Sprintf(format, a...))
	return exitUsage
}

// fromEnvironment fills every flag not given on the command line from the
// environment variable PROFILEMOCK_<NAME> (dashes become underscores). A
// repeatable flag takes a comma-separated list there.
func (c *cli) fromEnvironment() error {
	given := map[string]bool{}
	c.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var bad error
	c.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || bad != nil {
			return
		}
		name := "PROFILEMOCK_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v := c.e.getenv(name)
		if v == "" {
			return
		}
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
	return bad
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
