// Command supportopsd runs supportops tickets durably: the ticket workers,
// the HTTP API and, unless told of a Temporal cluster, an embedded Temporal
// server. See package daemon.
package main

import (
	"os"

	"github.com/supportops/supportops/cmd/supportopsd/internal/daemon"
)

func main() { os.Exit(daemon.Main()) }
