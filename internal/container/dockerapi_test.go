// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// fakeDocker answers the two requests of the Engine API the package
// makes, for a fixed set of containers, as dockerd 20.10 does.
type fakeDocker struct {
	containers []fakeContainer
	mu         sync.Mutex
	requests   []string
}

type fakeContainer struct {
	id, name string
	pid      int // 0: stopped
}

func (f *fakeDocker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.URL.RequestURI())
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/containers/json" {
		var items []string
		for _, c := range f.containers {
			if c.pid > 0 || r.URL.Query().Get("all") == "1" {
				items = append(items, fmt.Sprintf(`{"Id":%q,"Names":["/%s"],"State":"running"}`, c.id, c.name))
			}
		}
		fmt.Fprintf(w, "[%s]", strings.Join(items, ","))
		return
	}
	ref, ok := strings.CutPrefix(r.URL.Path, "/containers/")
	ref, ok2 := strings.CutSuffix(ref, "/json")
	if !ok || !ok2 {
		w.WriteHeader(404)
		fmt.Fprint(w, `{"message":"page not found"}`)
		return
	}
	var match []fakeContainer
	for _, c := range f.containers {
		if c.id == ref || c.name == ref {
			match = []fakeContainer{c}
			break
		}
		if strings.HasPrefix(c.id, ref) {
			match = append(match, c)
		}
	}
	switch len(match) {
	case 0:
		w.WriteHeader(404)
		fmt.Fprintf(w, `{"message":"No such container: %s"}`, ref)
	case 1:
		fmt.Fprint(w, inspectJSON(match[0].id, match[0].name, match[0].pid))
	default:
		w.WriteHeader(500)
		fmt.Fprintf(w, `{"message":"Multiple IDs found with provided prefix: %s"}`, ref)
	}
}

func TestDockerResolve(t *testing.T) {
	f := &fakeDocker{containers: []fakeContainer{
		{hexID("aa1"), "web", 101},
		{hexID("aa2"), "db", 102},
		{hexID("b"), "stopped", 0},
		{hexID("c"), "aa1", 103}, // a name that is also a prefix of web's ID
	}}
	sock, _ := unixHTTPServer(t, f)
	r := &Resolver{Runtime: Docker, DockerHost: "unix://" + sock}
	for _, tc := range []struct {
		ref  string
		want Container
	}{
		{"web", Container{Runtime: Docker, ID: hexID("aa1"), Name: "web", PID: 101}},
		{hexID("aa2"), Container{Runtime: Docker, ID: hexID("aa2"), Name: "db", PID: 102}},
		{"aa2", Container{Runtime: Docker, ID: hexID("aa2"), Name: "db", PID: 102}},
		{"aa1", Container{Runtime: Docker, ID: hexID("c"), Name: "aa1", PID: 103}}, // the name wins, as in docker
	} {
		got, err := r.Resolve(context.Background(), tc.ref)
		if err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %+v, %v; want %+v", tc.ref, got, err, tc.want)
		}
	}

	_, err := r.Resolve(context.Background(), "stopped")
	var nr *NotRunningError
	if !errors.As(err, &nr) || nr.Container.ID != hexID("b") {
		t.Errorf("stopped container: %v", err)
	}
	if want := "container stopped (docker, ID b00000000000) is not running"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}

	_, err = r.Resolve(context.Background(), "nosuch")
	var nf *NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, fs.ErrNotExist) || err.Error() != "no such container: nosuch" {
		t.Errorf("unknown container: %v", err)
	}

	_, err = r.Resolve(context.Background(), "a")
	var amb *AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Fatalf("ambiguous prefix: %v", err)
	}
	want := "ambiguous container a: web (docker, ID aa1000000000, PID 101), db (docker, ID aa2000000000, PID 102)"
	if err.Error() != want {
		t.Errorf("message\n%q, want\n%q", err, want)
	}

	// A reference that cannot be a docker name is never sent.
	f.mu.Lock()
	f.requests = nil
	f.mu.Unlock()
	if _, err := r.Resolve(context.Background(), "../json"); !errors.As(err, &nf) {
		t.Errorf("../json: %v", err)
	}
	if len(f.requests) != 0 {
		t.Errorf("requests sent for an impossible name: %q", f.requests)
	}
}

func TestDockerList(t *testing.T) {
	f := &fakeDocker{containers: []fakeContainer{
		{hexID("2"), "web", 201},
		{hexID("1"), "db", 202},
		{hexID("3"), "stopped", 0},
	}}
	var conns atomic.Int32
	sock, _ := unixHTTPServer(t, f, func(s *http.Server) {
		s.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				conns.Add(1)
			}
		}
	})
	r := &Resolver{Runtime: Docker, DockerHost: sock} // a plain path works too
	got, err := r.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Container{
		{Runtime: Docker, ID: hexID("1"), Name: "db", PID: 202},
		{Runtime: Docker, ID: hexID("2"), Name: "web", PID: 201},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("List = %v, want %v", got, want)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("List used %d connections, want 1 for all its requests", n)
	}
}

// answer is a handler that always gives the same answer.
func answer(status int, contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

func TestDockerAPIErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler http.Handler
		check   func(error) bool
		msg     string // the message, with SOCK for the socket's path
	}{
		{
			name:    "server error with a message",
			handler: answer(500, "application/json", `{"message":"container store is corrupt"}`),
			check:   func(err error) bool { var e *APIError; return errors.As(err, &e) && e.Status == 500 },
			msg:     "docker at SOCK: GET /containers/web/json: 500 Internal Server Error: container store is corrupt",
		},
		{
			name:    "plain text error",
			handler: answer(503, "text/plain", "daemon is shutting down\nsecond line\n"),
			check:   func(err error) bool { var e *APIError; return errors.As(err, &e) && e.Status == 503 },
			msg:     "docker at SOCK: GET /containers/web/json: 503 Service Unavailable: daemon is shutting down",
		},
		{
			name:    "API version refused",
			handler: answer(400, "application/json", `{"message":"client version 1.99 is too new. Maximum supported API version is 1.41"}`),
			check:   func(err error) bool { var e *APIError; return errors.As(err, &e) && e.Status == 400 },
			msg:     "docker at SOCK: GET /containers/web/json: 400 Bad Request: client version 1.99 is too new. Maximum supported API version is 1.41",
		},
		{
			name:    "empty error",
			handler: answer(502, "", ""),
			check:   func(err error) bool { var e *APIError; return errors.As(err, &e) && e.Message == "" },
			msg:     "docker at SOCK: GET /containers/web/json: 502 Bad Gateway",
		},
		{
			name:    "garbage",
			handler: answer(200, "application/json", `{"Id": "abc", "State": {`),
			check:   func(err error) bool { var e *AnswerError; return errors.As(err, &e) },
			msg:     "docker at SOCK: GET /containers/web/json: unreadable answer: unexpected end of JSON input at offset 24",
		},
		{
			name:    "HTML",
			handler: answer(200, "text/html", `<html>hello</html>`),
			check:   func(err error) bool { var e *AnswerError; return errors.As(err, &e) },
			msg:     "docker at SOCK: GET /containers/web/json: unreadable answer: invalid character '<' looking for beginning of value at offset 0",
		},
		{
			name:    "not an object",
			handler: answer(200, "application/json", `[]`),
			check:   func(err error) bool { var e *AnswerError; return errors.As(err, &e) },
			msg:     "docker at SOCK: GET /containers/web/json: unreadable answer: not a JSON object",
		},
		{
			name:    "no State",
			handler: answer(200, "application/json", `{"Id":"abc","Name":"/web"}`),
			check:   func(err error) bool { var e *AnswerError; return errors.As(err, &e) },
			msg:     "docker at SOCK: GET /containers/web/json: unreadable answer: no container State",
		},
		{
			name:    "PID as a string",
			handler: answer(200, "application/json", `{"Id":"abc","Name":"/web","State":{"Running":true,"Pid":"42"}}`),
			check:   func(err error) bool { var e *AnswerError; return errors.As(err, &e) },
			msg:     "docker at SOCK: GET /containers/web/json: unreadable answer: State.Pid is not a PID",
		},
		{
			name: "no answer in time",
			handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			}),
			check: func(err error) bool {
				var e *TimeoutError
				return errors.As(err, &e) && errors.Is(err, context.DeadlineExceeded)
			},
			msg: "docker at SOCK did not answer within 100ms",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sock, _ := unixHTTPServer(t, tc.handler)
			r := &Resolver{Runtime: Docker, DockerHost: "unix://" + sock, Timeout: 100 * time.Millisecond}
			_, err := r.Resolve(context.Background(), "web")
			if err == nil || !tc.check(err) {
				t.Fatalf("error %v (%T)", err, err)
			}
			if want := strings.ReplaceAll(tc.msg, "SOCK", sock); err.Error() != want {
				t.Errorf("message\n%q, want\n%q", err, want)
			}
		})
	}
}

func TestDockerCancel(t *testing.T) {
	sock, _ := unixHTTPServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := (&Resolver{Runtime: Docker, DockerHost: sock}).Resolve(ctx, "web")
	var te *TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v (%T)", err, err)
	}
	if want := "request to docker at " + sock + " cancelled"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}

func TestDockerConnectErrors(t *testing.T) {
	dir := shortTempDir(t)
	// A socket nobody listens on: bound, never listened to, as a daemon
	// that died leaves it.
	dead := filepath.Join(dir, "dead.sock")
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: dead}); err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	long := "/" + strings.Repeat("x", 200) + "/docker.sock"
	for _, tc := range []struct {
		name, host string
		errno      error
		msg        string
	}{
		{"missing socket", "unix://" + dir + "/none.sock", syscall.ENOENT,
			"cannot connect to docker at " + dir + "/none.sock: No such file or directory"},
		{"refused", "unix://" + dead, syscall.ECONNREFUSED,
			"cannot connect to docker at " + dead + ": Connection refused"},
		{"not a socket", "unix://" + dir, syscall.ECONNREFUSED,
			"cannot connect to docker at " + dir + ": Connection refused"},
		{"path too long", long, errSocketPathTooLong,
			"cannot connect to docker at " + long + ": Socket path too long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&Resolver{Runtime: Docker, DockerHost: tc.host}).Resolve(context.Background(), "web")
			var ce *ConnectError
			if !errors.As(err, &ce) || !errors.Is(err, tc.errno) {
				t.Fatalf("error %v (%T), want a *ConnectError for %v", err, err, tc.errno)
			}
			if err.Error() != tc.msg {
				t.Errorf("message %q, want %q", err, tc.msg)
			}
		})
	}
}

// permissionEnv makes the test binary resolve "web" through the socket it
// names and print the error, as the user nobody (see TestMain).
const permissionEnv = "CONTAINER_TEST_PERMISSION_SOCKET"

func TestMain(m *testing.M) {
	if sock := os.Getenv(permissionEnv); sock != "" {
		_, err := (&Resolver{Runtime: Docker, DockerHost: sock}).Resolve(context.Background(), "web")
		fmt.Print(err)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestDockerPermissionDenied(t *testing.T) {
	dir := shortTempDir(t)
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	sock, _ := unixHTTPServer(t, &fakeDocker{})
	// The socket's owner alone may connect: as dockerd's socket, for
	// which one must be root or in group docker.
	private := filepath.Join(dir, "docker.sock")
	if err := os.Rename(sock, private); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(private, 0o600); err != nil {
		t.Fatal(err)
	}
	want := "cannot connect to docker at " + private + ": Permission denied"
	if os.Geteuid() != 0 {
		if err := os.Chmod(private, 0); err != nil {
			t.Fatal(err)
		}
		_, err := (&Resolver{Runtime: Docker, DockerHost: private}).Resolve(context.Background(), "web")
		if !errors.Is(err, syscall.EACCES) || err.Error() != want {
			t.Fatalf("error %v", err)
		}
		return
	}
	// Root may connect to any socket: ask as nobody, in a copy of the
	// test binary that nobody may run.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "container.test")
	b, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Env = []string{permissionEnv + "=" + private}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if string(out) != want {
		t.Errorf("as nobody: %q, want %q", out, want)
	}
}

func TestDockerHost(t *testing.T) {
	for _, tc := range []struct {
		host, path string
	}{
		{"unix:///var/run/docker.sock", "/var/run/docker.sock"},
		{"unix://relative.sock", "relative.sock"},
		{"/run/podman/podman.sock", "/run/podman/podman.sock"},
		{"tcp://127.0.0.1:2375", ""},
		{"ssh://user@host", ""},
		{"npipe:////./pipe/docker_engine", ""},
		{"unix://", ""},
		{"docker.sock", ""},
		{"", ""},
	} {
		path, err := parseHost(Docker, tc.host)
		if path != tc.path || (err == nil) != (tc.path != "") {
			t.Errorf("parseHost(%q) = %q, %v; want %q", tc.host, path, err, tc.path)
		}
	}
	_, err := (&Resolver{Runtime: Docker, DockerHost: "tcp://127.0.0.1:2375"}).Resolve(context.Background(), "web")
	var he *HostError
	if !errors.As(err, &he) || err.Error() != `unsupported docker host "tcp://127.0.0.1:2375": only unix:// sockets are supported` {
		t.Errorf("tcp host: %v", err)
	}
	// Without a chosen runtime, a bad DOCKER_HOST is still reported.
	_, err = (&Resolver{DockerHost: "tcp://127.0.0.1:2375"}).Resolve(context.Background(), "web")
	var nf *NotFoundError
	if !errors.As(err, &he) || errors.As(err, &nf) {
		t.Errorf("tcp host, no runtime chosen: %v (%T)", err, err)
	}
}

func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"unix:///var/run/docker.sock", "tcp://1.2.3.4:2375", "/x", "unix://", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		path, err := parseHost(Docker, host)
		if err != nil {
			var he *HostError
			if path != "" || !errors.As(err, &he) || strings.ContainsAny(err.Error(), "\n") && !strings.ContainsAny(host, "\n") {
				t.Fatalf("parseHost(%q) = %q, %v", host, path, err)
			}
			return
		}
		if path == "" || !strings.HasSuffix(host, path) {
			t.Fatalf("parseHost(%q) = %q", host, path)
		}
	})
}

func FuzzDecodeInspect(f *testing.F) {
	f.Add([]byte(inspectJSON(hexID("a"), "web", 42)))
	f.Add([]byte(`{"Id":"x","State":{"Running":false,"Pid":0}}`))
	f.Add([]byte(`{"Id":"x","Name":null,"State":{"Running":true,"Pid":1e3}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := decodeInspect(body)
		if err != nil {
			return
		}
		if c.ID == "" || c.PID < 0 || c.PID >= maxPID {
			t.Fatalf("decodeInspect(%q) = %+v", body, c)
		}
	})
}

func FuzzDecodeList(f *testing.F) {
	f.Add([]byte(`[{"Id":"a","Names":["/web"]},{"Id":"b"}]`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"message":"x"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ids, err := decodeList(body)
		for _, id := range ids {
			if id == "" || err != nil {
				t.Fatalf("decodeList(%q) = %q, %v", body, ids, err)
			}
		}
	})
}

func FuzzAnswerMessage(f *testing.F) {
	f.Add([]byte(`{"message":"No such container: x"}`))
	f.Add([]byte("line one\r\nline two"))
	f.Add([]byte(`{"message":"a\nb"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		m := answerMessage(body)
		if strings.ContainsAny(m, "\r\n") || len(m) > 203 {
			t.Fatalf("answerMessage(%q) = %q", body, m)
		}
	})
}
