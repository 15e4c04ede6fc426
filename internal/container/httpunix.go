// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// A minimal HTTP/1.1 client for engine API sockets: GET only, one request
// at a time on one kept-alive connection, bodies framed by Content-Length,
// chunked transfer coding, or the end of the connection. Linking net/http
// would add about a millisecond to the start-up of every tool that links
// this package (see the package documentation), and these sockets need
// none of the rest of it. The socket is made with plain system calls and
// kept blocking: deadlines are the kernel's (SO_RCVTIMEO, SO_SNDTIMEO) and
// a cancelled context shuts the socket down, which wakes a blocked read.
// The runtime's poller is never started for it (its epoll instance and
// the thread that waits on it cost a tool a tenth of a millisecond).

// maxAnswer bounds an answer's body: a listing of thousands of containers
// fits many times over.
const maxAnswer = 64 << 20

// maxHeader bounds the status line and headers together.
const maxHeader = 1 << 20

// httpAnswer is a response: its status code and reason phrase, and body.
type httpAnswer struct {
	status int
	reason string
	body   []byte
}

// httpClient talks to one unix socket. It is not safe for concurrent use.
type httpClient struct {
	socket string
	conn   *os.File
	br     *bufio.Reader
}

// dialUnix connects to a unix stream socket. The errno of a failed
// connect(2) is returned bare: ENOENT, ECONNREFUSED, EACCES...
func dialUnix(ctx context.Context, path string) (*os.File, error) {
	if len(path) >= len(unix.RawSockaddrUnix{}.Path) {
		return nil, errSocketPathTooLong
	}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	// A non-blocking connect to a unix socket completes at once, or fails
	// with EAGAIN while the listener's backlog is full: then try again
	// until the context ends.
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		err = unix.Connect(fd, &unix.SockaddrUnix{Name: path})
		if err != unix.EAGAIN && err != unix.EINTR {
			break
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			unix.Close(fd)
			return nil, ctx.Err()
		case <-t.C:
		}
	}
	if err == nil {
		err = unix.SetNonblock(fd, false)
	}
	if err != nil {
		unix.Close(fd)
		return nil, err
	}
	// Blocking, so that os.NewFile leaves it out of the runtime's poller.
	return os.NewFile(uintptr(fd), path), nil
}

// setTimeouts bounds each read and write on conn by what is left until
// the deadline d (none when d is zero).
func setTimeouts(conn *os.File, d time.Time) error {
	var tv unix.Timeval
	if !d.IsZero() {
		left := time.Until(d)
		if left <= 0 {
			return context.DeadlineExceeded
		}
		tv = unix.NsecToTimeval(max(left.Nanoseconds(), int64(time.Microsecond)))
	}
	raw, err := conn.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	err = raw.Control(func(fd uintptr) {
		for _, opt := range []int{unix.SO_RCVTIMEO, unix.SO_SNDTIMEO} {
			if e := unix.SetsockoptTimeval(int(fd), unix.SOL_SOCKET, opt, &tv); e != nil {
				serr = e
			}
		}
	})
	if err == nil {
		err = serr
	}
	return err
}

var (
	errSocketPathTooLong = errors.New("socket path too long")
	errAnswerTooLarge    = errors.New("answer too large")
)

// dialError is a failure to connect.
type dialError struct{ err error }

func (e *dialError) Error() string { return e.err.Error() }
func (e *dialError) Unwrap() error { return e.err }

// get sends GET path and reads the whole answer. Errors are *dialError, the
// context's (context.DeadlineExceeded, context.Canceled) when
// it ended first, or *answerError for anything that is not HTTP.
func (c *httpClient) get(ctx context.Context, path string) (httpAnswer, error) {
	if c.conn != nil {
		a, err := c.roundTrip(ctx, path)
		if err == nil || !errors.Is(err, errConnReused) {
			return a, err
		}
		c.close() // the engine closed the idle connection: one new try
	}
	conn, err := dialUnix(ctx, c.socket)
	if err != nil {
		return httpAnswer{}, &dialError{err}
	}
	c.conn = conn
	c.br = bufio.NewReaderSize(conn, 16<<10)
	a, err := c.roundTrip(ctx, path)
	if errors.Is(err, errConnReused) {
		err = &answerError{err: io.ErrUnexpectedEOF}
	}
	return a, err
}

func (c *httpClient) close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn, c.br = nil, nil
	}
}

// errConnReused marks an answer that never began on a connection already
// used: the engine may close an idle connection at any time.
var errConnReused = errors.New("connection closed before an answer")

// answerError is an answer that is not the HTTP/1.1 the client reads.
type answerError struct{ err error }

func (e *answerError) Error() string { return e.err.Error() }
func (e *answerError) Unwrap() error { return e.err }

func (c *httpClient) roundTrip(ctx context.Context, path string) (a httpAnswer, err error) {
	d, _ := ctx.Deadline()
	if err := setTimeouts(c.conn, d); err != nil {
		c.close()
		return a, err
	}
	// A cancelled context interrupts blocked reads and writes at once:
	// shutdown(2) ends them (a read then sees the end of the stream).
	conn := c.conn
	stop := context.AfterFunc(ctx, func() {
		if raw, err := conn.SyscallConn(); err == nil {
			raw.Control(func(fd uintptr) { unix.Shutdown(int(fd), unix.SHUT_RDWR) })
		}
	})
	defer func() {
		if !stop() || err != nil {
			// Failed, or shut down by the context (whatever was read).
			c.close()
			switch {
			case ctx.Err() != nil:
				err = ctx.Err()
			case errors.Is(err, unix.EAGAIN):
				// SO_RCVTIMEO or SO_SNDTIMEO ended a blocking read or write.
				err = context.DeadlineExceeded
			}
		}
	}()

	req := "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: gonstools\r\nAccept: application/json\r\n\r\n"
	if _, err := io.WriteString(c.conn, req); err != nil {
		if errors.Is(err, unix.EPIPE) || errors.Is(err, unix.ECONNRESET) {
			return a, errConnReused
		}
		return a, err
	}
	if _, err := c.br.Peek(1); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, unix.ECONNRESET) {
			return a, errConnReused
		}
		return a, err
	}
	a, keep, err := readAnswer(c.br)
	if err != nil {
		return a, err
	}
	if !keep {
		c.close()
	}
	return a, nil
}

// readAnswer reads one HTTP/1.x response from br: an interim 1xx answer is
// skipped. keep reports whether the connection may carry another request.
// Errors are *answerError, or the reader's own (timeouts).
func readAnswer(br *bufio.Reader) (a httpAnswer, keep bool, err error) {
	for {
		a, keep, err = readOneAnswer(br)
		if err != nil || a.status >= 200 {
			return a, keep, err
		}
	}
}

func readOneAnswer(br *bufio.Reader) (a httpAnswer, keep bool, err error) {
	budget := maxHeader
	line, err := readLine(br, &budget)
	if err != nil {
		return a, false, err
	}
	var proto string
	proto, a.status, a.reason, err = parseStatusLine(line)
	if err != nil {
		return a, false, err
	}
	keep = proto == "HTTP/1.1"
	length, chunked := int64(-1), false
	for {
		line, err := readLine(br, &budget)
		if err != nil {
			return a, false, err
		}
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return a, false, &answerError{errors.New("malformed header line " + strconv.Quote(line))}
		}
		value = strings.Trim(value, " \t")
		switch strings.ToLower(name) {
		case "content-length":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || !allDigits(value) || length >= 0 && n != length {
				return a, false, &answerError{errors.New("bad Content-Length " + strconv.Quote(value))}
			}
			length = n
		case "transfer-encoding":
			codings := strings.Split(strings.ToLower(value), ",")
			if strings.TrimSpace(codings[len(codings)-1]) != "chunked" || len(codings) > 1 {
				return a, false, &answerError{errors.New("unsupported Transfer-Encoding " + strconv.Quote(value))}
			}
			chunked = true
		case "connection":
			for _, t := range strings.Split(value, ",") {
				switch strings.ToLower(strings.TrimSpace(t)) {
				case "close":
					keep = false
				case "keep-alive":
					keep = keep || proto == "HTTP/1.0"
				}
			}
		}
	}
	switch {
	case a.status < 200 || a.status == 204 || a.status == 304:
		if chunked || length > 0 {
			return a, false, &answerError{errors.New("body on a " + strconv.Itoa(a.status) + " answer")}
		}
	case chunked: // Transfer-Encoding overrides Content-Length (RFC 9112 6.3)
		a.body, err = readChunked(br)
	case length >= 0:
		if length > maxAnswer {
			return a, false, &answerError{errAnswerTooLarge}
		}
		a.body = make([]byte, length)
		_, err = io.ReadFull(br, a.body)
	default: // the body ends with the connection
		keep = false
		a.body, err = io.ReadAll(io.LimitReader(br, maxAnswer+1))
		if err == nil && len(a.body) > maxAnswer {
			err = &answerError{errAnswerTooLarge}
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		err = &answerError{io.ErrUnexpectedEOF}
	}
	return a, keep, err
}

// parseStatusLine splits "HTTP/1.1 404 Not Found".
func parseStatusLine(line string) (proto string, status int, reason string, err error) {
	proto, rest, ok := strings.Cut(line, " ")
	code, reason, _ := strings.Cut(rest, " ")
	if !ok || proto != "HTTP/1.1" && proto != "HTTP/1.0" || len(code) != 3 {
		return "", 0, "", &answerError{errors.New("not an HTTP/1.x status line: " + strconv.Quote(cut(line, 80)))}
	}
	status, err = strconv.Atoi(code)
	if err != nil || !allDigits(code) || status < 100 {
		return "", 0, "", &answerError{errors.New("bad status code " + strconv.Quote(code))}
	}
	return proto, status, reason, nil
}

// readLine reads one CRLF- (or LF-) terminated line, charging it to budget.
func readLine(br *bufio.Reader, budget *int) (string, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		*budget -= len(frag)
		if *budget < 0 {
			return "", &answerError{errors.New("header too large")}
		}
		line = append(line, frag...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", &answerError{io.ErrUnexpectedEOF}
			}
			return "", err
		}
		line = line[:len(line)-1]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		return string(line), nil
	}
}

// readChunked reads a chunked body and its trailer.
func readChunked(br *bufio.Reader) ([]byte, error) {
	var body []byte
	budget := maxHeader
	for {
		line, err := readLine(br, &budget)
		if err != nil {
			return nil, err
		}
		size, _, _ := strings.Cut(line, ";") // chunk extensions are ignored
		size = strings.TrimRight(size, " \t")
		n, err := strconv.ParseUint(size, 16, 63)
		if err != nil {
			return nil, &answerError{errors.New("bad chunk size " + strconv.Quote(cut(line, 40)))}
		}
		if n == 0 {
			break
		}
		if uint64(len(body))+n > maxAnswer {
			return nil, &answerError{errAnswerTooLarge}
		}
		start := len(body)
		body = append(body, make([]byte, n)...)
		if _, err := io.ReadFull(br, body[start:]); err != nil {
			return nil, err
		}
		crlf, err := readLine(br, &budget)
		if err != nil {
			return nil, err
		}
		if crlf != "" {
			return nil, &answerError{errors.New("chunk longer than its size")}
		}
	}
	for { // trailer fields, up to an empty line
		line, err := readLine(br, &budget)
		if err != nil {
			return nil, err
		}
		if line == "" {
			return body, nil
		}
	}
}

// allDigits reports a non-empty string of decimal digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cut shortens s to at most n bytes for a message.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
