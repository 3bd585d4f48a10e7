// Package history folds a ticket's events into one flat record of its
// whole life (Record, the schema's #TicketRecord), and reads and writes
// exported histories of such records (JSON Lines, CSV).
package history
