package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/supportops/supportops/cmd/supportops/internal/cli"
	"github.com/supportops/supportops/internal/testutil"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"supportops": func() { os.Exit(cli.Main()) },
	})
}

// params returns the testscript parameters shared by the CLI tests.
// SUPPORTOPS_UPDATE=1 rewrites the expected output inside the scripts.
func params(t *testing.T, dir string) testscript.Params {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	return testscript.Params{
		Dir:                 dir,
		UpdateScripts:       testutil.Updating(),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLES", examples)
			return nil
		},
	}
}

// TestCLI runs the command's behaviour tests in testdata/script.
func TestCLI(t *testing.T) {
	testscript.Run(t, params(t, "testdata/script"))
}

// TestBrokenExamples runs every broken example in examples/broken: each
// must fail validation with exit 1 and exactly the expected diagnostics.
func TestBrokenExamples(t *testing.T) {
	testscript.Run(t, params(t, "../../examples/broken"))
}
