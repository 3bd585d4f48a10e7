// Package apiv1 is the wire contract of the supportopsd HTTP API: the
// request and answer types of every route, the route table, the error
// shape, a typed Client and the API's OpenAPI 3 document.
package apiv1
