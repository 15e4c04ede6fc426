// Command gonsenter is being built; see the project's issues.
package main

import (
	"os"

	"github.com/gonstools/gonstools/pkg/cli"
)

var spec = &cli.Spec{Name: "gonsenter", Groups: []cli.Group{cli.StdGroup()}}

func main() {
	os.Exit(cli.Main(spec.Name, os.Stderr, func() error {
		_, done, err := spec.ParseArgs(os.Args[1:], os.Stdout)
		if err != nil || done {
			return err
		}
		return cli.Errorf("not implemented yet")
	}))
}
