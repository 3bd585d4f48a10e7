// Command supportops validates, plans and tests a supportops configuration.
package main

import (
	"os"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
)

func main() { os.Exit(cli.Main()) }
