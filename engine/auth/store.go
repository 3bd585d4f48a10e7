package auth

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/supportops/supportops/engine/policy"
)

// TokensFile is the file name of the token store inside a data directory.
const TokensFile = "tokens.json"

// fileVersion is the version of the file format this package reads and
// writes.
const fileVersion = 1

// Entry is a stored token without its hash: whom it stands for and since
// when.
type Entry struct {
	// Principal is who authenticates with the token.
	Principal policy.Principal `json:"principal"`
	// CreatedAt is when the token was added, in UTC.
	CreatedAt time.Time `json:"created_at"`
}

// storeFile is the JSON form of the token store.
type storeFile struct {
	Version int      `json:"version"`
	Entries []record `json:"entries"`
}

// record is one token in the file.
type record struct {
	// Hash is the lower-case hex SHA-256 of the whole token.
	Hash      string           `json:"hash"`
	Principal policy.Principal `json:"principal"`
	CreatedAt time.Time        `json:"created_at"`
}

// Store holds the hashes of API tokens and the principals they stand for.
//
// The store lives in one file, by convention TokensFile in the daemon's data
// directory. It is created with mode 0600 and rewritten atomically (a
// temporary file in the same directory, fsync, rename); the mode of an
// existing file is not checked, but every write leaves it at 0600. Writers
// serialise on the lock file path+".lock", which stays in place, and re-read
// the file under the lock, so concurrent writers from several processes do
// not lose each other's tokens. A Store is safe for concurrent use.
type Store struct {
	path string

	mu sync.Mutex
	// info describes the file the cache below was read from; nil when the
	// file was missing.
	info    os.FileInfo
	byHash  map[[sha256.Size]byte]policy.Principal
	entries []Entry
}

// Open opens the token store at path (a missing file is an empty store).
// It reads the file at once, so that a malformed file is reported at start.
// Safe for concurrent use.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open token store: the path is empty")
	}
	s := &Store{path: path}
	if err := s.refresh(); err != nil {
		return nil, err
	}
	return s, nil
}

// Add creates a new random token for p, stores only its hash (with p and the
// creation time), and returns the token. The token is shown once; it cannot
// be recovered from the store. Roles must be non-empty, ID non-empty. Add
// creates the file, and its directory with mode 0700, when they are missing.
func (s *Store) Add(p policy.Principal, now time.Time) (token string, err error) {
	if err = checkPrincipal(p); err != nil {
		return "", fmt.Errorf("add token: %w", err)
	}
	token = newToken()
	sum := hashToken(token)
	r := record{Hash: hex.EncodeToString(sum[:]), Principal: clonePrincipal(p), CreatedAt: now.UTC()}
	err = s.update(func(f *storeFile) bool {
		f.Entries = append(f.Entries, r)
		return true
	})
	if err != nil {
		return "", fmt.Errorf("add token for %s: %w", p.ID, err)
	}
	return token, nil
}

// Authenticate returns the principal of token. It re-reads the file when it
// changed on disk (file identity, mtime or size), so tokens added by another
// process (e.g. `supportopsd token add` while the daemon runs) work at once,
// and revoked ones stop working at once. An unknown or malformed token
// returns an error wrapping ErrUnknownToken; a file that cannot be read or
// parsed returns that error instead, so that a broken store fails closed.
func (s *Store) Authenticate(token string) (policy.Principal, error) {
	if !wellFormed(token) {
		return policy.Principal{}, fmt.Errorf("authenticate: %w (malformed: want %q and %d base64url characters)",
			ErrUnknownToken, tokenPrefix, tokenLen-len(tokenPrefix))
	}
	sum := hashToken(token)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refresh(); err != nil {
		return policy.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	// The lookup is by the SHA-256 of a 256-bit random secret in a map with
	// a per-process random hash seed, so its timing reveals nothing that
	// helps to forge a token; there is no byte comparison of secrets that
	// crypto/subtle would make constant-time.
	p, ok := s.byHash[sum]
	if !ok {
		return policy.Principal{}, fmt.Errorf("authenticate: %w", ErrUnknownToken)
	}
	return clonePrincipal(p), nil
}

// Revoke removes the tokens of principal id; it returns how many were
// removed. It does not write the file when nothing is removed.
func (s *Store) Revoke(id string) (int, error) {
	n := 0
	err := s.update(func(f *storeFile) bool {
		n = 0
		kept := f.Entries[:0]
		for _, r := range f.Entries {
			if r.Principal.ID == id {
				n++
				continue
			}
			kept = append(kept, r)
		}
		f.Entries = kept
		return n > 0
	})
	if err != nil {
		return 0, fmt.Errorf("revoke tokens of %s: %w", id, err)
	}
	return n, nil
}

// List returns the stored principals with creation times (no hashes),
// sorted by ID then time. Like Authenticate, it re-reads a changed file.
func (s *Store) List() ([]Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refresh(); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]Entry, len(s.entries))
	for i, e := range s.entries {
		out[i] = Entry{Principal: clonePrincipal(e.Principal), CreatedAt: e.CreatedAt}
	}
	return out, nil
}

// refresh re-reads the file into the cache when it changed since the last
// read. The caller holds s.mu. On error the cache is left as it was.
func (s *Store) refresh() error {
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if s.info == nil && s.byHash != nil { // missing at the last read too
			return nil
		}
	case err != nil:
		return fmt.Errorf("read token store: %w", err)
	case s.info != nil && unchanged(s.info, fi):
		return nil
	}
	f, info, err := readFile(s.path)
	if err != nil {
		return err
	}
	byHash := make(map[[sha256.Size]byte]policy.Principal, len(f.Entries))
	entries := make([]Entry, len(f.Entries))
	for i, r := range f.Entries {
		var sum [sha256.Size]byte
		hex.Decode(sum[:], []byte(r.Hash)) // checked by parse
		byHash[sum] = r.Principal
		entries[i] = Entry{Principal: r.Principal, CreatedAt: r.CreatedAt}
	}
	slices.SortStableFunc(entries, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Principal.ID, b.Principal.ID), a.CreatedAt.Compare(b.CreatedAt))
	})
	s.info, s.byHash, s.entries = info, byHash, entries
	return nil
}

// unchanged reports whether a and b describe the same version of a file.
// Every write replaces the file by rename, so the identity changes too.
func unchanged(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}

// update changes the file under the lock: it re-reads the file, calls
// change, and writes the result if change returns true.
func (s *Store) update(change func(*storeFile) bool) (err error) {
	if err = os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	unlock, err := lockFile(s.path + ".lock")
	if err != nil {
		return err
	}
	defer func() {
		if uerr := unlock(); uerr != nil && err == nil {
			err = fmt.Errorf("unlock token store: %w", uerr)
		}
	}()
	f, _, err := readFile(s.path)
	if err != nil {
		return err
	}
	if !change(&f) {
		return nil
	}
	return writeFile(s.path, f)
}

// readFile reads and checks the store at path, and returns it with the
// description of the file read; a missing file is an empty store with a nil
// description.
func readFile(path string) (storeFile, os.FileInfo, error) {
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return storeFile{Version: fileVersion}, nil, nil
	}
	if err != nil {
		return storeFile{}, nil, fmt.Errorf("read token store: %w", err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return storeFile{}, nil, fmt.Errorf("read token store: %w", err)
	}
	data, err := io.ReadAll(fh)
	if err != nil {
		return storeFile{}, nil, fmt.Errorf("read token store: %w", err)
	}
	f, err := parse(path, data)
	if err != nil {
		return storeFile{}, nil, err
	}
	return f, info, nil
}

// parse decodes and checks the contents of the store file at path. Its
// errors name the file and, for JSON errors, the line and column.
func parse(path string, data []byte) (storeFile, error) {
	var f storeFile
	if err := json.Unmarshal(data, &f); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		offset := int64(-1)
		switch {
		case errors.As(err, &syntax):
			offset = syntax.Offset
		case errors.As(err, &typ):
			offset = typ.Offset
		}
		if offset >= 0 {
			line, col := position(data, offset)
			return storeFile{}, fmt.Errorf("parse token store: %s:%d:%d (byte %d): %w", path, line, col, offset, err)
		}
		return storeFile{}, fmt.Errorf("parse token store: %s: %w", path, err)
	}
	if f.Version != fileVersion {
		return storeFile{}, fmt.Errorf("parse token store: %s: version %d is not supported (want %d)", path, f.Version, fileVersion)
	}
	seen := make(map[string]int, len(f.Entries))
	for i, r := range f.Entries {
		if err := checkRecord(r); err != nil {
			return storeFile{}, fmt.Errorf("parse token store: %s: entry %d: %w", path, i, err)
		}
		if j, ok := seen[r.Hash]; ok {
			return storeFile{}, fmt.Errorf("parse token store: %s: entry %d: same hash as entry %d", path, i, j)
		}
		seen[r.Hash] = i
	}
	return f, nil
}

// position returns the 1-based line and column (in bytes) of the byte at
// offset-1 in data, where encoding/json reports an error "after reading
// offset bytes".
func position(data []byte, offset int64) (line, col int) {
	at := int(min(max(offset-1, 0), int64(len(data))))
	before := data[:at]
	line = bytes.Count(before, []byte("\n")) + 1
	col = at - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// checkRecord checks one entry of the file.
func checkRecord(r record) error {
	if _, err := hex.DecodeString(r.Hash); err != nil || len(r.Hash) != 2*sha256.Size || strings.ToLower(r.Hash) != r.Hash {
		// The value is not printed: it might be a token pasted by mistake.
		return fmt.Errorf("hash is not %d lower-case hex digits (it has %d characters)", 2*sha256.Size, len(r.Hash))
	}
	return checkPrincipal(r.Principal)
}

// checkPrincipal checks that p has an ID and roles.
func checkPrincipal(p policy.Principal) error {
	if p.ID == "" {
		return errors.New("principal id is empty")
	}
	if len(p.Roles) == 0 {
		return fmt.Errorf("principal %s has no roles", p.ID)
	}
	if slices.Contains(p.Roles, "") {
		return fmt.Errorf("principal %s has an empty role", p.ID)
	}
	return nil
}

// clonePrincipal returns a copy of p that shares no memory with it.
func clonePrincipal(p policy.Principal) policy.Principal {
	p.Roles = slices.Clone(p.Roles)
	return p
}

// writeFile writes f to path atomically: a temporary file in the same
// directory with mode 0600, fsync, rename, and a sync of the directory.
func writeFile(path string, f storeFile) (err error) {
	f.Version = fileVersion
	if f.Entries == nil {
		f.Entries = []record{}
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encode token store: %w", err)
	}
	data = append(data, '\n')
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*") // mode 0600
	if err != nil {
		return fmt.Errorf("write token store: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write token store: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write token store: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write token store: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write token store: %w", err)
	}
	if serr := syncDir(dir); serr != nil {
		return fmt.Errorf("write token store: sync %s: %w", dir, serr)
	}
	return nil
}
