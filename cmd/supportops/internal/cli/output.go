package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// This file holds how the commands print their results: --output and its
// formats, JSON, and tables.

// The output formats of the commands that offer --output.
const (
	outputText   = "text"
	outputJSON   = "json"
	outputGitHub = "github"
)

// outputFlagName is the flag choosing a command's output format, and
// outputFormats the annotation of that flag listing the formats offered.
const (
	outputFlagName = "output"
	outputFormats  = "supportops/output-formats"
)

// outputFlag adds --output with the given formats, the first the default.
// The flag carries its formats, so that decode refuses any other.
func outputFlag(fs *pflag.FlagSet, formats ...string) {
	fs.StringP(outputFlagName, "o", formats[0], "output format: "+strings.Join(formats, "|"))
	// The flag was just added: SetAnnotation cannot fail.
	_ = fs.SetAnnotation(outputFlagName, outputFormats, formats)
}

// checkOutput reports a usage error for a format that cmd's --output does
// not offer; a command without --output takes any.
func checkOutput(cmd *cobra.Command, got string) error {
	f := cmd.Flags().Lookup(outputFlagName)
	if f == nil {
		return nil
	}
	formats, ok := f.Annotations[outputFormats]
	if !ok || slices.Contains(formats, got) {
		return nil
	}
	return usagef("unknown --output %q: want %s", got, strings.Join(formats, ", "))
}

// render writes v to the command's standard output as JSON with --output
// json, else as text writes it.
func render(cmd *cobra.Command, output string, v any, text func(io.Writer) error) error {
	if output == outputJSON {
		return writeJSONOut(cmd.OutOrStdout(), v)
	}
	return text(cmd.OutOrStdout())
}

// writeJSONOut writes v to w as indented JSON, a command's --output json.
func writeJSONOut(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSON prints v indented on stdout.
func writeJSON(cmd *cobra.Command, v any) error {
	if err := writeJSONOut(cmd.OutOrStdout(), v); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

// printTable prints a table on w, in the columns of every table the CLI
// prints: the header (the column names, tab-separated), then a line per
// item of rows with the cells row gives it.
func printTable[T any](w io.Writer, header string, rows []T, row func(T) []string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(row(r), "\t"))
	}
	return tw.Flush()
}
