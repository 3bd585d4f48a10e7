package apiv1_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// outsideModule is the go list template that prints a dependency which is
// neither in the standard library nor in this module: a third-party
// package (the Temporal SDK, OPA, CUE, ...).
const outsideModule = `{{if not .Standard}}{{if not .Module.Main}}{{.ImportPath}}{{end}}{{end}}`

// TestLightImport keeps apiv1 light to import for anyone integrating from
// Go: it and the project packages it imports depend on the standard
// library alone, never on a third-party module (a wire type aliased from
// workflows/..., engine/policy or engine/config would bring in the Temporal
// SDK, OPA or CUE).
func TestLightImport(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command: %v", err)
	}
	out, err := exec.CommandContext(t.Context(), gobin, "list", "-deps", "-f", outsideModule, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	got := strings.Fields(string(out))
	if diff := cmp.Diff([]string(nil), got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("apiv1 depends on packages outside the standard library and this module (-want +got):\n%s", diff)
	}
}
