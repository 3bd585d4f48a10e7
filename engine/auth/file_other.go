//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package auth

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// lockWait is how long lockFile waits for another writer.
const lockWait = 10 * time.Second

// lockFile takes the lock at path by creating it exclusively, retrying for
// lockWait while another writer holds it, and returns the function that
// releases it by removing it. A writer that dies leaves the file behind; the
// error then says to remove it.
func lockFile(path string) (func() error, error) {
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			if cerr := f.Close(); cerr != nil {
				return nil, fmt.Errorf("create lock file: %w", cerr)
			}
			return func() error { return os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("create lock file: %w", err)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("lock %s: held for more than %s; remove it if no other process is writing tokens", path, lockWait)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syncDir does nothing: not every platform can sync a directory.
func syncDir(string) error { return nil }
