// SPDX-License-Identifier: Apache-2.0

//go:build linux

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// gonsenter --container against what it replaces: asking the engine for
// the container's PID, then nsenter -t PID. The reference is nsenter's
// run plus one round trip of the engine's API, timed together (the
// target: at most 1.5x that); the round trip alone, from this process, is
// measured beside them in its own row, so that the table shows how much
// of the reference is the engine's. The case needs a gonsenter with
// --container, a Docker engine on its socket and a running container
// named by -container (the bench starts none); without them it is
// skipped, and the table says why.
func containerCases() []benchCase {
	var name string
	api := func() error { _, err := dockerPID(name); return err }
	return []benchCase{{
		name: "gonsenter --container NAME -i -u true",
		cmds: []command{
			cmd("gonsenter", "--container", "{NAME}", "-i", "-u", "true"),
			{label: "nsenter -t PID -i -u true + API", argvs: [][]string{{"nsenter", "-t", "{PID}", "-i", "-u", "true"}}, call: api},
			{label: "the engine's API round trip alone", call: api},
		},
		ratios: []ratio{{against: 1, target: 1.5}, {against: 2}},
		skip:   containerSkip,
		setup: func(cfg *config) (map[string]string, error) {
			name = cfg.container
			pid, err := dockerPID(name)
			return map[string]string{"NAME": name, "PID": strconv.Itoa(pid)}, err
		},
	}}
}

// dockerSocket is where the Docker engine listens.
const dockerSocket = "/run/docker.sock"

// containerSkip says why the container case cannot run, if it cannot.
func containerSkip(cfg *config) string {
	help, _ := exec.Command(filepath.Join(cfg.bin, "gonsenter"), "--help").Output()
	switch {
	case !strings.Contains(string(help), "--container"):
		return "this gonsenter has no --container"
	case cfg.container == "":
		return "no container to enter (-container NAME: a running Docker container)"
	}
	if _, err := os.Stat(dockerSocket); err != nil {
		return "no Docker engine (" + dockerSocket + ")"
	}
	if _, err := dockerPID(cfg.container); err != nil {
		return err.Error()
	}
	return ""
}

// docker is a client of the engine's API on its socket. Each request
// has a connection of its own, as it has for a program started to make
// one request (gonsenter --container, docker inspect, curl): a kept-alive
// connection would leave the engine's accept out of the round trip.
var docker = &http.Client{
	Timeout: 10 * time.Second,
	Transport: &http.Transport{DisableKeepAlives: true, DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", dockerSocket)
	}},
}

// dockerPID asks the engine for the PID of a running container's first
// process: one round trip of its API.
func dockerPID(name string) (int, error) {
	resp, err := docker.Get("http://docker/containers/" + name + "/json")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var c struct{ State struct{ Pid int } }
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil || resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("container %s: %s", name, resp.Status)
	}
	if c.State.Pid == 0 {
		return 0, fmt.Errorf("container %s is not running", name)
	}
	return c.State.Pid, nil
}
