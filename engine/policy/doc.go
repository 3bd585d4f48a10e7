// Package policy evaluates the Rego policies of supportops in process: where
// a ticket goes (routing), who must approve an action (approval) and who may
// call the API (authz).
//
// An [Engine] compiles the modules once — the embedded defaults of the
// policies directory overlaid by a configuration repository's own — puts the
// validated configuration and an index computed from it into the policies'
// data, and prepares each decision's query once. Each call then evaluates
// one request, built directly as an OPA value, and decodes the result into a
// typed decision that carries its reasons. [Test] runs the modules' Rego
// unit tests with coverage. The contract between this package and the Rego
// files is policies/README.md. The value types of principals and approvals
// and the API action names are declared in engine/access and aliased here.
package policy
