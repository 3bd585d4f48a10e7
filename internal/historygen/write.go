package historygen

import (
	"compress/gzip"
	"fmt"
	"io"

	"github.com/supportops/supportops/engine/history"
)

// WriteGzip writes records as gzip-compressed JSON Lines
// (engine/history.Write) that are the same bytes for the same records:
// the gzip header has no name, no comment and no modification time.
func WriteGzip(w io.Writer, records []history.Record) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return fmt.Errorf("start gzip: %w", err)
	}
	if err := history.Write(zw, records); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish gzip: %w", err)
	}
	return nil
}
