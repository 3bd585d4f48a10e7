package htmlpage

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// wellFormed reads s to its end as XML.
func wellFormed(s string) error {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
