package pgstate

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestVersions: a version saved through one replica's DB is read back
// through another's byte for byte; saving again is idempotent, versions
// share files, and what cannot be a version is refused.
func TestVersions(t *testing.T) {
	v1 := map[string][]byte{"center.cue": []byte("center: {}\n"), "agents.cue": []byte("agents: {}\n"),
		"policies/routing/routing.rego": []byte("package x\n"), "empty.cue": {}}
	v2 := map[string][]byte{"center.cue": []byte("center: {}\n"), "agents.cue": []byte("agents: {a: {}}\n"), "copy.cue": []byte("center: {}\n")}
	type save struct {
		version string
		files   map[string][]byte
		wantErr string
	}
	tests := map[string]struct {
		reason string
		saves  []save
		read   string
		want   map[string][]byte
		// wantErr is part of the error of reading read; notFound says it
		// wraps ErrVersionNotFound.
		wantErr  string
		notFound bool
	}{
		"round trip": {
			reason: "a replica runs a ticket under a version another replica loaded",
			saves:  []save{{version: "v1", files: v1}}, read: "v1", want: v1,
		},
		"saved twice": {
			reason: "every replica saves the version it loads; the second save changes nothing",
			saves:  []save{{version: "v1", files: v1}, {version: "v1", files: v1}}, read: "v1", want: v1,
		},
		"versions share files": {
			reason: "a file kept once by its hash still belongs to every version that has it",
			saves:  []save{{version: "v1", files: v1}, {version: "v2", files: v2}}, read: "v2", want: v2,
		},
		"same version, other files": {
			reason: "a version names its content; other files under its name are a mistake",
			saves: []save{{version: "v1", files: v1},
				{version: "v1", files: v2, wantErr: "save configuration version v1: the version is saved with other files"}},
			read: "v1", want: v1,
		},
		"never saved": {
			reason: "a version nobody saved is a clear not-found",
			read:   "v9", wantErr: "read configuration version v9: configuration version not saved", notFound: true,
		},
		"refused": {
			reason: "an empty version, no files, paths that leave the directory",
			saves: []save{
				{version: "", files: v1, wantErr: "the version is empty"},
				{version: "v3", files: nil, wantErr: "no files"},
				{version: "v3", files: map[string][]byte{"../x.cue": nil}, wantErr: `path "../x.cue" is not relative`},
				{version: "v3", files: map[string][]byte{"/x.cue": nil}, wantErr: `path "/x.cue" is not relative`},
				{version: "v3", files: map[string][]byte{"a/./x.cue": nil}, wantErr: `path "a/./x.cue" is not relative`},
				{version: "v3", files: map[string][]byte{"": nil}, wantErr: `path "" is not relative`},
			},
			read: "v3", wantErr: "not saved", notFound: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			dsn := newPostgresDSN(t)
			writer, reader := openDB(t, dsn).Versions(), openDB(t, dsn).Versions()
			for i, s := range tc.saves {
				err := writer.Save(t.Context(), s.version, s.files)
				if (s.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), s.wantErr)) {
					t.Errorf("%s: save %d (%s): %v, want error %q", tc.reason, i, s.version, err, s.wantErr)
				}
			}
			got, err := reader.Files(t.Context(), tc.read)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || errors.Is(err, ErrVersionNotFound) != tc.notFound {
					t.Errorf("%s: files of %s: %v, want error %q (not found: %t)", tc.reason, tc.read, err, tc.wantErr, tc.notFound)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: files of %s: %v", tc.reason, tc.read, err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b []byte) bool { return string(a) == string(b) })); diff != "" {
				t.Errorf("%s: files of %s (-want +got):\n%s", tc.reason, tc.read, diff)
			}
		})
	}
}
