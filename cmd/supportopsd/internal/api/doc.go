// Package api is the HTTP API of supportopsd: tickets, their events and the
// configuration reload, behind bearer tokens and the authz policy.
package api
