// Package auth authenticates callers of the supportopsd API by bearer token
// and tells which principal, with which roles, a token stands for.
//
// Tokens are random secrets of the form "sop_" followed by 43 base64url
// characters; the prefix lets secret scanners find leaked tokens. A token is
// shown once, when it is created. The store keeps only its SHA-256 hash, with
// the principal and the creation time, in the file TokensFile of the daemon's
// data directory (never in the configuration repository). The file is written
// atomically with mode 0600, and writers from several processes serialise on
// a lock file next to it. Readers notice when the file changes on disk, so a
// token added by `supportopsd token add` works in a running daemon at once.
//
// Token hashes can also be given without a file, as a token-hashes list
// (ParseHashes): entries "PRINCIPAL:ROLE[+ROLE...][:TEAM]=SHA256" separated
// by ";" or line breaks, which supportopsd reads once at start from
// --token-hashes or SUPPORTOPS_TOKEN_HASHES, so that a deployment can keep
// them with its other secrets. Hashes looks such a list up; Chain combines
// it with a Store. Like the store, a list holds hashes only, never tokens,
// and never belongs in the configuration repository.
package auth
