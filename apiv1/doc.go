// Package apiv1 is the wire contract of the supportopsd HTTP API: the
// request and answer types of every route, the route table, the error
// shape, a typed Client and the API's OpenAPI 3 document.
//
// It is light to import: besides the standard library it imports only
// project packages that do the same (engine/ticket, engine/drill,
// engine/access), never the Temporal SDK, OPA or CUE.
package apiv1
