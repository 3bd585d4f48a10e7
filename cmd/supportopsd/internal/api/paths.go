package api

import (
	"bytes"
	"fmt"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"

	tkt "github.com/supportops/supportops/engine/ticket"
)

// drillIDPattern is the grammar of a drill id, and of a plan step's id in a
// path: a letter or digit, then up to 127 letters, digits, '_', '.' or
// '-'. A drill id names the workflow and prefixes the drill's event ids.
var drillIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)

// DrillIDGrammar says in words what a drill id may look like.
const DrillIDGrammar = "1 to 128 letters, digits, '_', '.' or '-', starting with a letter or digit, without '..'"

// CheckDrillID says why id cannot be a drill id; nil when it can.
func CheckDrillID(id string) error {
	if !drillIDPattern.MatchString(id) || strings.Contains(id, "..") {
		return fmt.Errorf("%q is not a drill id (%s)", clip(id), DrillIDGrammar)
	}
	return nil
}

// approvalTicket returns the ticket of an approval id, "<ticket>.A<n>",
// and whether approval is one.
func approvalTicket(approval string) (string, bool) {
	i := strings.LastIndex(approval, ".A")
	if i <= 0 || tkt.CheckID(approval[:i]) != nil {
		return "", false
	}
	n, err := strconv.Atoi(approval[i+2:])
	if err != nil || n < 1 || strconv.Itoa(n) != approval[i+2:] {
		return "", false
	}
	return approval[:i], true
}

// checkPath checks the ids in the request's path before anything reads
// them: one outside its grammar (a NUL, invalid UTF-8, "..", an id of a
// thousand characters) names nothing, and is answered 404 here rather
// than sent to Temporal. It returns 0 when every id is well formed.
func checkPath(r *http.Request) (int, string) {
	drill := strings.Contains(r.Pattern, "/v1/drills/")
	if id := r.PathValue("id"); id != "" {
		if drill {
			if err := CheckDrillID(id); err != nil {
				return http.StatusNotFound, fmt.Sprintf("no drill %q: %v", clip(id), err)
			}
		} else if err := tkt.CheckID(id); err != nil {
			return http.StatusNotFound, fmt.Sprintf("no ticket %q: %v", clip(id), err)
		}
	}
	if step := r.PathValue("step"); step != "" && !drillIDPattern.MatchString(step) {
		return http.StatusNotFound, fmt.Sprintf("no step %q (step ids are %s)", clip(step), DrillIDGrammar)
	}
	if a := r.PathValue("approval"); a != "" {
		if _, ok := approvalTicket(a); !ok {
			return http.StatusNotFound, fmt.Sprintf("no approval %q (approval ids look like T-1001.A1)", clip(a))
		}
	}
	return 0, ""
}

// clip shortens s for a message.
func clip(s string) string {
	const most = 80
	if len(s) <= most {
		return s
	}
	return s[:most] + "..."
}

// jsonFallback serves mux's routes, and answers in JSON what net/http's
// ServeMux answers in plain text for a request no route takes: 404 for an
// unknown path, 405 (with its Allow header) for a method the path does not
// take, and 400 for a path that is not clean ("..", ".", "//"), which the
// mux would redirect to its cleaned form, outside the API's contract.
func jsonFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The mux redirects an unclean path to its cleaned form, with
		// the cleaned path's pattern: refuse it before asking the mux.
		if p := r.URL.EscapedPath(); r.Method != http.MethodConnect && p != cleanPath(p) {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("path %q is not clean (no \"..\", \".\" or \"//\" segments)", clip(p)))
			return
		}
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// Let the mux say what it would, then say it in JSON.
		rec := &recorder{header: http.Header{}}
		h.ServeHTTP(rec, r)
		switch {
		case rec.code == http.StatusMethodNotAllowed:
			w.Header().Set("Allow", rec.header.Get("Allow"))
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s (allowed: %s)", clip(r.Method), clip(r.URL.Path), rec.header.Get("Allow")))
		case rec.code >= 300 && rec.code < 400:
			writeError(w, http.StatusBadRequest, fmt.Sprintf("path %q is not clean (no \"..\", \".\" or \"//\" segments)", clip(r.URL.Path)))
		default:
			writeError(w, http.StatusNotFound, fmt.Sprintf("no route for %s %q", clip(r.Method), clip(r.URL.Path)))
		}
	})
}

// cleanPath is p as net/http's ServeMux cleans it: rooted, without "."
// and ".." segments or repeated slashes, a trailing slash kept.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	np := path.Clean(p)
	if strings.HasSuffix(p, "/") && np != "/" {
		np += "/"
	}
	return np
}

// recorder keeps what a handler answers, to be answered otherwise.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}
