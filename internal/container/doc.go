// SPDX-License-Identifier: Apache-2.0

//go:build linux

// Package container finds a container's init process by the container's
// name or ID, so that a tool can enter its namespaces, and lists the
// running containers, so that a tool can name the container that owns a
// namespace. It asks docker, podman, CRI-O and containerd, in pure Go:
// no engine SDK, no engine command, no gRPC.
//
//	r := container.Default()        // the usual sockets and state directories
//	c, err := r.Resolve(ctx, "web") // a name, a full ID or a unique ID prefix
//	// c.PID is the init process: /proc/c.PID/ns/* are the container's namespaces
//
// # Engines
//
// Each engine is read where it keeps its truth, at a path that is a field
// of [Resolver]:
//
//   - docker: the Docker Engine API on its unix socket (DOCKER_HOST, else
//     /var/run/docker.sock): GET /containers/{ref}/json gives Id, Name,
//     State.Running and State.Pid, and dockerd itself matches the name,
//     ID or ID prefix; GET /containers/json lists. Paths carry no API
//     version: a daemon serves unversioned paths at its newest version,
//     while a pinned one is refused by daemons that dropped it.
//   - podman: the same API on podman's socket (CONTAINER_HOST, else
//     /run/podman/podman.sock as root), when its service listens there;
//     otherwise podman's files in containers/storage: names in
//     containers.json, the init PID in the run root's pidfile.
//   - CRI-O: the same containers/storage, whose metadata marks CRI-O's
//     containers; a container is found by its Kubernetes name (nginx),
//     its full name (k8s_nginx_POD_NAMESPACE_UID_ATTEMPT), its ID or an ID
//     prefix, and its PID comes from CRI-O's state.json.
//   - containerd: the task directories under its state directory
//     (/run/containerd/io.containerd.runtime.v2.task/NAMESPACE/ID/init.pid),
//     in every namespace; a containerd container is found by its ID.
//
// Without [Resolver.Runtime] every engine that is present (its socket or
// state directory exists) is asked, in the order docker, podman, CRI-O,
// containerd; with it, only that engine.
//
// # Matching
//
// A reference matches a container by name or full ID ("exact"), or as a
// prefix of an ID that the engine made (64 hexadecimal digits), as docker
// matches them. Exact matches win over prefix matches, across engines.
// One match is the answer; several are an *AmbiguousError listing them,
// so that the user can choose with a runtime or a longer reference.
//
// The same container may be reported by two engines: every docker
// container is also a containerd task (namespace "moby", docker's full ID
// as the task ID), and a podman service may also be reached as DOCKER_HOST.
// Two reports with the same init PID are one container, not an ambiguity:
// the report of the engine asked first is kept, the engine that manages
// the container and knows its name (docker before containerd), and it
// matched exactly if either report did. Stopped containers have no PID and
// are never merged.
//
// An engine that cannot be asked (not running, permission denied, a bad
// answer) does not stop the others: when another engine has the container
// it is the answer, otherwise the failures are part of the
// *NotFoundError. With a chosen runtime, its failure is the error.
//
// # Running or not
//
// An API answer says whether the container runs. A PID read from a state
// file is checked against /proc before it is believed, because state files
// outlive their processes and PIDs are reused: containerd's init process
// must be a live child of a containerd shim, podman's a live child of the
// conmon named in conmon.pid, CRI-O's must have the start time CRI-O
// recorded. A container that exists without such a process is a
// *NotRunningError. A listing holds running containers only.
//
// PIDs are numbers in the engine's PID namespace, which is also the
// caller's on a normal host; a tool running in another PID namespace than
// the engine (inside a container, say) gets numbers that are not its own.
//
// # Errors
//
// Every error reads as one line for a tool to print after its name, with
// system errors in C's words ("cannot connect to docker at
// /var/run/docker.sock: Permission denied"); the types hold the parts:
// [ConnectError], [TimeoutError], [APIError], [AnswerError], [HostError],
// [StateError], [NotFoundError], [NotRunningError], [AmbiguousError].
// Each engine gets [Resolver.Timeout] (default 5 s) for its whole work;
// the caller's context bounds everything.
//
// # Start-up cost
//
// Nothing happens at package initialisation, and the package links
// neither net/http nor net nor encoding/json: a tool that merely links
// them starts measurably slower on every run, --container or not. The API
// is spoken by a small HTTP/1.1 client (GET, Content-Length and chunked
// bodies, kept-alive connections) over a socket made with plain system
// calls, and JSON is read by a small parser that accepts exactly what
// encoding/json accepts (checked by a differential fuzz test).
package container
