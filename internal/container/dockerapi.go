// SPDX-License-Identifier: Apache-2.0

//go:build linux

package container

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"time"
)

// The Docker Engine API, as dockerd and podman's compatible service speak
// it. Paths carry no API version: a daemon serves unversioned paths at its
// own newest version, while a fixed version is refused by daemons that no
// longer support it (Docker 25 dropped versions below 1.24, Docker 29
// below 1.44). The fields read (Id, Name, State.Running, State.Pid) have
// not changed since the first versions.

// dockerEngine asks dockerd, or podman's service, over its unix socket.
type dockerEngine struct {
	rt      Runtime
	host    string
	proc    string
	timeout time.Duration
}

func (e *dockerEngine) runtime() Runtime { return e.rt }

// parseHost returns the socket path of a DOCKER_HOST-style address:
// unix:///path, or a plain path.
func parseHost(rt Runtime, host string) (string, error) {
	switch {
	case strings.HasPrefix(host, "unix://") && len(host) > len("unix://"):
		return host[len("unix://"):], nil
	case strings.HasPrefix(host, "/"):
		return host, nil
	}
	return "", &HostError{Runtime: rt, Host: host}
}

func (e *dockerEngine) present() bool {
	if e.host == "" {
		return false
	}
	path, err := parseHost(e.rt, e.host)
	if err != nil {
		return true // asked, so that the bad address is reported
	}
	_, err = os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// session is a connection to the engine for one resolution or listing.
type session struct {
	e *dockerEngine
	c httpClient
}

func (e *dockerEngine) open() (*session, error) {
	path, err := parseHost(e.rt, e.host)
	if err != nil {
		return nil, err
	}
	return &session{e: e, c: httpClient{socket: path}}, nil
}

// get asks for path and returns the answer, whatever its status, turning
// every failure into the package's errors.
func (s *session) get(ctx context.Context, path string) (httpAnswer, error) {
	a, err := s.c.get(ctx, path)
	if err == nil {
		return a, nil
	}
	var (
		de *dialError
		ae *answerError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		te := &TimeoutError{Runtime: s.e.rt, Socket: s.c.socket, Err: err}
		if errors.Is(err, context.DeadlineExceeded) {
			te.Timeout = s.e.timeout
		}
		return a, te
	case errors.As(err, &de):
		return a, &ConnectError{Runtime: s.e.rt, Socket: s.c.socket, Err: de.err}
	case errors.As(err, &ae):
		return a, &AnswerError{Runtime: s.e.rt, Socket: s.c.socket, Request: "GET " + path, Err: ae.err}
	}
	return a, &AnswerError{Runtime: s.e.rt, Socket: s.c.socket, Request: "GET " + path, Err: err}
}

// apiError describes an answer with an unexpected status.
func (s *session) apiError(path string, a httpAnswer) error {
	return &APIError{Runtime: s.e.rt, Socket: s.c.socket, Request: "GET " + path,
		Status: a.status, Reason: a.reason, Message: answerMessage(a.body)}
}

func (s *session) badAnswer(path string, err error) error {
	return &AnswerError{Runtime: s.e.rt, Socket: s.c.socket, Request: "GET " + path, Err: err}
}

// inspect asks for one container. A container the engine does not know
// is (Container{}, false, nil).
func (s *session) inspect(ctx context.Context, ref string) (Container, bool, error) {
	path := "/containers/" + ref + "/json"
	a, err := s.get(ctx, path)
	switch {
	case err != nil:
		return Container{}, false, err
	case a.status == 404:
		return Container{}, false, nil
	case a.status != 200:
		return Container{}, false, s.apiError(path, a)
	}
	c, err := decodeInspect(a.body)
	if err != nil {
		return Container{}, false, s.badAnswer(path, err)
	}
	c.Runtime = s.e.rt
	return c, true, nil
}

// ids asks for the IDs of the containers: all of them, or the running.
func (s *session) ids(ctx context.Context, all bool) ([]string, error) {
	path := "/containers/json"
	if all {
		path += "?all=1"
	}
	a, err := s.get(ctx, path)
	if err != nil {
		return nil, err
	}
	if a.status != 200 {
		return nil, s.apiError(path, a)
	}
	ids, err := decodeList(a.body)
	if err != nil {
		return nil, s.badAnswer(path, err)
	}
	return ids, nil
}

func (e *dockerEngine) find(ctx context.Context, ref string) ([]candidate, error) {
	if !dockerName(ref) {
		if _, err := parseHost(e.rt, e.host); err != nil {
			return nil, err
		}
		return nil, nil // no such name can exist
	}
	s, err := e.open()
	if err != nil {
		return nil, err
	}
	defer s.c.close()
	c, ok, err := s.inspect(ctx, ref)
	if err != nil {
		// An ID prefix that several containers share is an error of the
		// engine (dockerd 20.10 answers 500 "Multiple IDs found with
		// provided prefix"): the candidates come from the listing.
		var api *APIError
		if errors.As(err, &api) && isHex(ref) {
			if cs, lerr := e.prefixMatches(ctx, s, ref); lerr == nil && len(cs) > 1 {
				return cs, nil
			}
		}
		return nil, err
	}
	if !ok {
		return nil, nil
	}
	exact := c.ID == ref || c.Name == ref
	return []candidate{{Container: c, exact: exact}}, nil
}

// prefixMatches inspects every container whose ID starts with prefix.
func (e *dockerEngine) prefixMatches(ctx context.Context, s *session, prefix string) ([]candidate, error) {
	ids, err := s.ids(ctx, true)
	if err != nil {
		return nil, err
	}
	var cs []candidate
	for _, id := range ids {
		if !strings.HasPrefix(id, prefix) {
			continue
		}
		c, ok, err := s.inspect(ctx, id)
		if err != nil {
			return nil, err
		}
		if ok {
			cs = append(cs, candidate{Container: c})
		}
	}
	return cs, nil
}

func (e *dockerEngine) list(ctx context.Context) ([]Container, error) {
	s, err := e.open()
	if err != nil {
		return nil, err
	}
	defer s.c.close()
	ids, err := s.ids(ctx, false)
	if err != nil {
		return nil, err
	}
	var out []Container
	for _, id := range ids {
		c, ok, err := s.inspect(ctx, id)
		if err != nil {
			return out, err
		}
		if ok && c.PID > 0 { // not gone or stopped since the listing
			out = append(out, c)
		}
	}
	return out, nil
}

// decodeInspect reads GET /containers/{id}/json: Id, Name and State.
func decodeInspect(body []byte) (Container, error) {
	v, err := parseJSONAs(body, jsonObject)
	if err != nil {
		return Container{}, err
	}
	id, ok := v.get("Id").str()
	if !ok || id == "" {
		return Container{}, errors.New("no container Id")
	}
	name, ok := v.get("Name").str()
	if !ok && !v.get("Name").isNull() {
		return Container{}, errors.New("container Name is not a string")
	}
	state := v.get("State")
	if state.kind != jsonObject {
		return Container{}, errors.New("no container State")
	}
	running, ok := state.get("Running").boolean()
	if !ok {
		return Container{}, errors.New("no State.Running")
	}
	pid, ok := state.get("Pid").integer()
	if !ok || pid < 0 || pid >= maxPID {
		return Container{}, errors.New("State.Pid is not a PID")
	}
	c := Container{ID: id, Name: strings.TrimPrefix(name, "/")}
	if running {
		c.PID = int(pid)
	}
	return c, nil
}

// maxPID is the kernel's PID_MAX_LIMIT: every PID is below it.
const maxPID = 1 << 22

// decodeList reads the IDs of GET /containers/json.
func decodeList(body []byte) ([]string, error) {
	v, err := parseJSONAs(body, jsonArray)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(v.items))
	for _, item := range v.items {
		id, ok := item.get("Id").str()
		if !ok || id == "" {
			return nil, errors.New("a container without Id")
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// answerMessage is the engine's message in an error answer: the "message"
// of a JSON body, or else the body's first line.
func answerMessage(body []byte) string {
	if v, err := parseJSON(body); err == nil {
		if m, ok := v.get("message").str(); ok {
			return oneLine(m)
		}
	}
	return oneLine(string(body))
}

// oneLine keeps the first line of s, trimmed and shortened, with control
// characters replaced, so that a message stays on one line.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
	return cut(s, 200)
}

// dockerName reports a string docker or podman could have as a name or
// ID: [a-zA-Z0-9][a-zA-Z0-9_.-]*. Nothing else is sent to an engine, so a
// reference never needs escaping in a request path.
func dockerName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || i > 0 && (c == '_' || c == '.' || c == '-')) {
			return false
		}
	}
	return s != ""
}
