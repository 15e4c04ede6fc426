// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// unixHTTPServer serves handler on a unix socket in a temporary directory
// and returns the socket's path.
func unixHTTPServer(t testing.TB, handler http.Handler, configure ...func(*http.Server)) (string, *httptest.Server) {
	t.Helper()
	path := filepath.Join(shortTempDir(t), "api.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(handler)
	srv.Listener.Close()
	srv.Listener = l
	for _, f := range configure {
		f(srv.Config)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return path, srv
}

// rawServer answers every connection on a unix socket with serve, and
// returns the socket's path.
func rawServer(t testing.TB, serve func(net.Conn)) string {
	t.Helper()
	path := filepath.Join(shortTempDir(t), "raw.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { l.Close(); <-done })
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				serve(c)
			}()
		}
	}()
	return path
}

// shortTempDir is a temporary directory with a path short enough for a
// unix socket (t.TempDir's names grow with the test's name).
func shortTempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ct")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// spawnUnder starts a process whose command name is comm (a shell run
// through a link of that name) with one child, sleep; it returns both
// PIDs. They are killed when the test ends.
func spawnUnder(t testing.TB, comm string) (parent, child int) {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	link := filepath.Join(dir, comm)
	if err := os.Symlink(sh, link); err != nil {
		t.Fatal(err)
	}
	pidFile := filepath.Join(dir, "child")
	cmd := exec.Command(link, "-c", "sleep 1000 & echo $! >"+pidFile+".tmp; mv "+pidFile+".tmp "+pidFile+"; wait")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if child > 0 {
			syscall.Kill(child, syscall.SIGKILL)
		}
		cmd.Process.Kill()
		cmd.Wait()
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		b, err := os.ReadFile(pidFile)
		if err == nil {
			child, err = strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the child of the fake " + comm + " never started")
		}
	}
	return cmd.Process.Pid, child
}

// startTime returns field 22 of /proc/PID/stat.
func startTime(t testing.TB, pid int) string {
	t.Helper()
	st, err := readProcStat("/proc", pid)
	if err != nil {
		t.Fatal(err)
	}
	return st.start
}

// writeFile writes a file, making its directories.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hexID makes a full 64-digit ID from a short distinguishing prefix.
func hexID(prefix string) string {
	return prefix + strings.Repeat("0", 64-len(prefix))
}

// inspectJSON is an engine's answer to GET /containers/{id}/json.
func inspectJSON(id, name string, pid int) string {
	return fmt.Sprintf(`{"Id":%q,"Name":%q,"State":{"Status":"running","Running":%v,"Paused":false,"Pid":%d}}`,
		id, "/"+name, pid > 0, pid)
}
