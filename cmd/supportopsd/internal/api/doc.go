// Package api is the HTTP API of supportopsd: tickets, their events and the
// configuration reload, behind bearer tokens and the authz policy. It serves
// the routes of apiv1.Routes with apiv1's wire types.
package api
