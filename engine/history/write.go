package history

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Write writes records as JSON Lines, one a line, in the order given:
// fields in the schema's order, sla metrics sorted, times as they are
// (RFC 3339), so the same records always give the same bytes.
func Write(w io.Writer, records []Record) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range records {
		if err := enc.Encode(&records[i]); err != nil {
			return fmt.Errorf("write the record of ticket %s: %w", records[i].ID, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write history: %w", err)
	}
	return nil
}
