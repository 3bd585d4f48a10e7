// Package command is the command set-up both binaries share: settings read
// by one viper (flag > SUPPORTOPS_* environment > settings file > default)
// and decoded into typed option structs, usage errors, and the exit codes
// 0 ok, 1 findings, 2 usage or internal error, set only when a run ends.
package command
