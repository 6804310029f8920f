// Command profilemock is a mock server and contract-testing toolkit for the
// getCustomerProfileData endpoint. See README.md for the subcommands.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
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
	if len(args) == 0 {
		usage(stderr, cmds)
		return exitUsage
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout, cmds)
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
