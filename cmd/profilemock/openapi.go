package main

import (
	"context"
	"fmt"
	"os"

	"github.com/goccy/go-yaml"

	"github.com/profilemock/profilemock/schemas"
)

// runOpenAPI prints the OpenAPI 3.1 document of the endpoint, built from the
// embedded contract, so that Prism, Redocly and type generators read the same
// schemas the mock and the validator use.
func runOpenAPI(_ context.Context, e env, args []string) int {
	fs := newCLI(e, "openapi", "")
	server := fs.String("server", schemas.DefaultServerURL, "the `URL` of the document's single server")
	basePath := fs.String("base-path", "", "a `PATH` in front of /department/..., starting with / and not ending with / (default none)")
	output := fs.String("output", "", "write the document to `FILE` instead of stdout")
	asYAML := fs.Bool("yaml", false, "emit YAML instead of JSON")
	if code, ok := fs.parse(args, 0); !ok {
		return code
	}
	opts := schemas.OpenAPIOptions{ServerURL: *server, BasePath: *basePath}
	if err := opts.Validate(); err != nil {
		return fs.usageErr("%v", err)
	}

	doc, err := schemas.OpenAPI(opts)
	if err != nil {
		// The options are valid, so this is the embedded contract itself.
		fmt.Fprintf(e.stderr, "profilemock openapi: %v\n", err)
		return exitFail
	}
	if *asYAML {
		// JSONToYAML decodes into an ordered map: the YAML keeps the JSON's key order.
		if doc, err = yaml.JSONToYAML(doc); err != nil {
			fmt.Fprintf(e.stderr, "profilemock openapi: converting to YAML: %v\n", err)
			return exitFail
		}
	}

	if *output == "" {
		if _, err := e.stdout.Write(doc); err != nil {
			fmt.Fprintf(e.stderr, "profilemock openapi: %v\n", err)
			return exitFail
		}
		return exitOK
	}
	if err := os.WriteFile(*output, doc, 0o644); err != nil {
		// A path we cannot write to is bad usage, like an unreadable input.
		fmt.Fprintf(e.stderr, "profilemock openapi: %v\n", err)
		return exitUsage
	}
	return exitOK
}
