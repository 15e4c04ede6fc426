// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestReadAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		status    int
		reason    string
		body      string
		keep      bool
		err       string // part of the error, when one is expected
	}{
		{name: "content-length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", status: 200, reason: "OK", body: "hello", keep: true},
		{name: "bare LF", raw: "HTTP/1.1 200 OK\nContent-Length: 2\n\nhi", status: 200, reason: "OK", body: "hi", keep: true},
		{name: "chunked", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n", status: 200, reason: "OK", body: "hello, world", keep: true},
		{name: "chunked uppercase hex", raw: "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", status: 200, reason: "OK", body: "0123456789", keep: true},
		{name: "chunked wins over length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", status: 200, reason: "OK", body: "ok", keep: true},
		{name: "until close", raw: "HTTP/1.1 404 Not Found\r\n\r\n{\"message\":\"no\"}", status: 404, reason: "Not Found", body: `{"message":"no"}`},
		{name: "connection close", raw: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", status: 200, reason: "OK"},
		{name: "HTTP/1.0", raw: "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx", status: 200, reason: "OK", body: "x"},
		{name: "HTTP/1.0 keep-alive", raw: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx", status: 200, reason: "OK", body: "x", keep: true},
		{name: "no reason", raw: "HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n", status: 500, keep: true},
		{name: "interim answer skipped", raw: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", status: 204, reason: "No Content", keep: true},
		{name: "repeated equal lengths", raw: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx", status: 200, reason: "OK", body: "x", keep: true},
		{name: "not HTTP", raw: "SSH-2.0-OpenSSH_9.2\r\n", err: "not an HTTP/1.x status line"},
		{name: "HTTP/2", raw: "HTTP/2 200\r\n\r\n", err: "not an HTTP/1.x status line"},
		{name: "bad code", raw: "HTTP/1.1 2x0 OK\r\n\r\n", err: "bad status code"},
		{name: "code below 100", raw: "HTTP/1.1 099 Odd\r\n\r\n", err: "bad status code"},
		{name: "empty", raw: "", err: "unexpected EOF"},
		{name: "headers cut", raw: "HTTP/1.1 200 OK\r\nContent-Len", err: "unexpected EOF"},
		{name: "body cut", raw: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", err: "unexpected EOF"},
		{name: "chunk cut", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", err: "unexpected EOF"},
		{name: "no last chunk", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", err: "unexpected EOF"},
		{name: "bad chunk size", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", err: "bad chunk size"},
		{name: "negative chunk size", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", err: "bad chunk size"},
		{name: "chunk overrun", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n0\r\n\r\n", err: "chunk longer than its size"},
		{name: "huge chunk", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n", err: "answer too large"},
		{name: "gzip", raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", err: "unsupported Transfer-Encoding"},
		{name: "bad length", raw: "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", err: "bad Content-Length"},
		{name: "conflicting lengths", raw: "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy", err: "bad Content-Length"},
		{name: "huge length", raw: "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", err: "answer too large"},
		{name: "header without colon", raw: "HTTP/1.1 200 OK\r\nBroken\r\n\r\n", err: "malformed header line"},
		{name: "space before colon", raw: "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", err: "malformed header line"},
		{name: "body on 204", raw: "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc", err: "body on a 204 answer"},
		{name: "endless header", raw: "HTTP/1.1 200 OK\r\nX: " + strings.Repeat("a", maxHeader) + "\r\n\r\n", err: "header too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, keep, err := readAnswer(bufio.NewReader(strings.NewReader(tc.raw)))
			if tc.err != "" {
				var ae *answerError
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.As(err, &ae) {
					t.Fatalf("error %v (%T), want an *answerError with %q", err, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.status != tc.status || a.reason != tc.reason || string(a.body) != tc.body || keep != tc.keep {
				t.Errorf("got status %d %q, body %q, keep %v; want %d %q, %q, %v",
					a.status, a.reason, a.body, keep, tc.status, tc.reason, tc.body, tc.keep)
			}
		})
	}
}

func FuzzReadAnswer(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x\r\nhello\r\n0\r\nT: 1\r\n\r\n"))
	f.Add([]byte("HTTP/1.0 404 Not Found\r\nConnection: keep-alive\r\n\r\nbody"))
	f.Add([]byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, _, err := readAnswer(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			var ae *answerError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v is not an *answerError", err)
			}
			return
		}
		if a.status < 200 || a.status > 999 || len(a.body) > len(raw) {
			t.Fatalf("status %d, body of %d bytes from %d bytes", a.status, len(a.body), len(raw))
		}
	})
}

// readRequest reads one request's head from a connection.
func readRequest(br *bufio.Reader) (string, error) {
	var head strings.Builder
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return "", err
		}
		head.WriteString(line)
		if line == "\r\n" {
			return head.String(), nil
		}
	}
}

func TestClientRequest(t *testing.T) {
	got := make(chan string, 1)
	sock := rawServer(t, func(c net.Conn) {
		head, _ := readRequest(bufio.NewReader(c))
		got <- head
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
	})
	c := httpClient{socket: sock}
	defer c.close()
	a, err := c.get(context.Background(), "/containers/web/json")
	if err != nil || a.status != 200 || string(a.body) != "{}" {
		t.Fatalf("answer %+v, %v", a, err)
	}
	head := <-got
	if !strings.HasPrefix(head, "GET /containers/web/json HTTP/1.1\r\n") || !strings.Contains(head, "\r\nHost: ") {
		t.Errorf("request:\n%s", head)
	}
}

func TestClientKeepAlive(t *testing.T) {
	var conns atomic.Int32
	sock := rawServer(t, func(c net.Conn) {
		conns.Add(1)
		br := bufio.NewReader(c)
		for {
			if _, err := readRequest(br); err != nil {
				return
			}
			io.WriteString(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
		}
	})
	c := httpClient{socket: sock}
	defer c.close()
	for i := 0; i < 3; i++ {
		if a, err := c.get(context.Background(), "/x"); err != nil || string(a.body) != "ok" {
			t.Fatalf("request %d: %+v, %v", i, a, err)
		}
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections for 3 requests, want 1", n)
	}
}

func TestClientReconnects(t *testing.T) {
	// The engine closes the connection after each answer without saying
	// so: the next request finds it closed and is sent again.
	var conns atomic.Int32
	sock := rawServer(t, func(c net.Conn) {
		conns.Add(1)
		if _, err := readRequest(bufio.NewReader(c)); err == nil {
			io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	c := httpClient{socket: sock}
	defer c.close()
	for i := 0; i < 3; i++ {
		if a, err := c.get(context.Background(), "/x"); err != nil || string(a.body) != "ok" {
			t.Fatalf("request %d: %+v, %v", i, a, err)
		}
	}
	if n := conns.Load(); n != 3 {
		t.Errorf("%d connections, want 3", n)
	}
}

func TestClientNoAnswer(t *testing.T) {
	sock := rawServer(t, func(c net.Conn) { readRequest(bufio.NewReader(c)) })
	c := httpClient{socket: sock}
	_, err := c.get(context.Background(), "/x")
	var ae *answerError
	if !errors.As(err, &ae) || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error %v (%T), want an unexpected EOF", err, err)
	}
}

func TestClientDeadline(t *testing.T) {
	hold := make(chan struct{})
	defer close(hold)
	sock := rawServer(t, func(c net.Conn) { <-hold })
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(50*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			c := httpClient{socket: sock}
			if _, err := c.get(ctx, "/x"); !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
			if c.conn != nil {
				t.Error("the connection was kept after a failed request")
			}
		})
	}
}
