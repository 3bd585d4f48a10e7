package screenshot

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// urlPage draws a page in script, after it loads, as a JavaScript
// application does: a screenshot taken too early is blank.
const urlPage = `<!doctype html><html><body style="margin:0"><div id="app"></div><script>
setTimeout(function () {
  var h = "";
  for (var i = 0; i < 80; i++) {
    h += '<div style="height:10px;background:rgb(' + (i * 3) + ',' + (240 - i * 3) + ',' + (60 + i) + ')"></div>';
  }
  document.getElementById("app").innerHTML = h;
}, 500);
</script></body></html>`

// TakeURL loads a page from a server and waits for its script to draw.
func TestTakeURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(urlPage))
	}))
	defer srv.Close()
	s := TakeURL(t, "scripted page", srv.URL, 400, 800)
	CheckDrawn(t, s)
	if got := s.Lowest; got != 799 {
		t.Errorf("lowest row drawn %d, want 799 (80 stripes of 10 px)", got)
	}
}
