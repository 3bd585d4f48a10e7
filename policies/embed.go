// Package policies embeds the default Rego policies of supportops: routing,
// approval and API authorisation, with their unit tests. engine/policy
// compiles them; a configuration repository's own policies/ directory
// replaces or extends them file by file.
package policies

import (
	"embed"
	"io/fs"
)

//go:embed */*.rego
var files embed.FS

// FS returns the default policy files, paths like "routing/routing.rego".
func FS() fs.FS { return files }
