package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/profilemock/profilemock/schemas"
)

// runValidate checks JSON bodies from files or stdin against the contract.
// Exit 0: all valid; 1: violations; 2: bad usage, an unreadable file or a
// body that is not JSON.
func runValidate(_ context.Context, e env, args []string) int {
	fs := newCLI(e, "validate", "usage: profilemock validate [--status 200] [--strict] [--quiet] FILE...|-")
	status := fs.Int("status", 200, "the response status the bodies answer: 200, 204, 400, 401 or 500")
	strict := fs.Bool("strict", false, "also require every documented field, and no undocumented field")
	quiet := fs.Bool("quiet", false, "print only violations and errors, not a line per valid body")
	if code, ok := fs.parse(args, math.MaxInt); !ok {
		return code
	}
	files := fs.Args()
	if len(files) == 0 {
		return fs.usageErr("no input: name one or more files, or - for stdin")
	}
	if schemas.BodyFile(*status) == "" {
		return fs.usageErr("--status %d: %v", *status, &schemas.UnknownStatusError{Status: *status})
	}
	level := schemas.Contract
	if *strict {
		level = schemas.Strict
	}
	set, err := schemas.Load()
	if err != nil {
		fmt.Fprintf(e.stderr, "profilemock validate: %v\n", err)
		return exitUsage
	}
	code := exitOK
	worsen := func(c int) {
		if c > code {
			code = c
		}
	}
	for _, name := range files {
		body, err := readInput(e, name)
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: cannot read: %v\n", name, err)
			worsen(exitUsage)
			continue
		}
		vs, err := set.Validate(*status, level, body)
		var notJSON *schemas.NotJSONError
		switch {
		case errors.As(err, &notJSON):
			fmt.Fprintf(e.stderr, "%s: %v\n", name, err)
			worsen(exitUsage)
		case err != nil:
			fmt.Fprintf(e.stderr, "%s: %v\n", name, err)
			worsen(exitUsage)
		case len(vs) > 0:
			for _, v := range vs {
				fmt.Fprintf(e.stdout, "%s: %s\n", name, v)
			}
			fmt.Fprintf(e.stdout, "%s: %d violation(s) of the %s level for status %d\n", name, len(vs), level, *status)
			worsen(exitFail)
		case !*quiet:
			fmt.Fprintf(e.stdout, "%s: valid for status %d (%s level)\n", name, *status, level)
		}
	}
	return code
}

// readInput reads a file, or stdin for "-".
func readInput(e env, name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(e.stdin)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
	}
	return b, err
}
