// Package schemas embeds the CUE schema of a supportops configuration, the
// single source of truth for its shape.
package schemas

import (
	"embed"
	"io/fs"
)

//go:embed *.cue
var files embed.FS

// FS returns the schema files, all in package supportops at the root of the
// file system.
func FS() fs.FS { return files }

// Definition is the CUE definition every configuration is checked against.
const Definition = "#Config"

// RecordDefinition is the CUE definition every line of an exported ticket
// history is checked against (engine/history's Record).
const RecordDefinition = "#TicketRecord"
