// SPDX-License-Identifier: Apache-2.0

//go:build linux

package completions

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonstools/gonstools/internal/completion"
	"github.com/gonstools/gonstools/internal/nstest"
	"golang.org/x/sys/unix"
)

func TestMain(m *testing.M) { nstest.Main(m) }

// TestFilesAreFresh: the committed files are what the generator writes
// from today's option tables, and there are no others.
func TestFilesAreFresh(t *testing.T) {
	want := map[string]bool{}
	for _, f := range completion.Files() {
		want[f.Path] = true
		got, err := os.ReadFile(f.Path)
		if err != nil || string(got) != f.Text {
			t.Errorf("completions/%s is stale or missing: run 'make completions' and commit it", f.Path)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		entries, _ := os.ReadDir(shell)
		for _, e := range entries {
			if !want[shell+"/"+e.Name()] {
				t.Errorf("completions/%s/%s is not generated any more: remove it", shell, e.Name())
			}
		}
	}
}

// bashWords splits a command line as readline does for completion: at
// blanks, and around the word-break characters "=" and ":" (bash's
// default COMP_WORDBREAKS has both), which are words of their own.
func bashWords(line string) []string {
	var words []string
	for _, f := range strings.Split(line, " ") {
		if f == "" {
			continue
		}
		for f != "" {
			i := strings.IndexAny(f, "=:")
			switch {
			case i < 0:
				words, f = append(words, f), ""
			case i == 0:
				j := 0
				for j < len(f) && strings.ContainsRune("=:", rune(f[j])) {
					j++
				}
				words, f = append(words, f[:j]), f[j:]
			default:
				words, f = append(words, f[:i]), f[i:]
			}
		}
	}
	if strings.HasSuffix(line, " ") || line == "" {
		words = append(words, "")
	}
	return words
}

// bashComplete completes line (the cursor at its end) with the generated
// bash completion of its first word, through bash-completion, and returns
// COMPREPLY, sorted.
func bashComplete(t *testing.T, line string) []string {
	t.Helper()
	bc := "/usr/share/bash-completion/bash_completion"
	_, err := os.Stat(bc)
	nstest.Require(t, err == nil, "bash-completion is not installed")
	// The tools' completions, where bash-completion looks for them on
	// demand (gonstools TOOL loads TOOL's).
	userDir := t.TempDir()
	abs, _ := filepath.Abs("bash")
	if err := os.Symlink(abs, filepath.Join(userDir, "completions")); err != nil {
		t.Fatal(err)
	}
	words := bashWords(line)
	var quoted []string
	for _, w := range words {
		quoted = append(quoted, strconv.Quote(w))
	}
	script := `
set -u
source ` + bc + `
fakecmd() { :; }
complete -W "alpha beta" fakecmd
source bash/` + words[0] + `
COMP_LINE=` + strconv.Quote(line) + `
COMP_POINT=${#COMP_LINE}
COMP_WORDS=(` + strings.Join(quoted, " ") + `)
COMP_CWORD=` + strconv.Itoa(len(words)-1) + `
fn=$(complete -p ` + words[0] + ` | sed -n 's/.*-F \([^ ]*\) .*/\1/p')
"$fn" ` + words[0] + ` "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
`
	cmd := exec.Command(nstest.Tool(t, "bash"), "--norc", "--noprofile", "-c", script)
	cmd.Env = append(os.Environ(), "BASH_COMPLETION_USER_DIR="+userDir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	// compopt complains outside a real completion (there is no readline
	// here); anything else is an error of the script.
	noise := regexp.MustCompile(`(?m)^.*compopt: not currently executing completion function\n`)
	if rest := noise.ReplaceAllString(stderr.String(), ""); err != nil || rest != "" {
		t.Fatalf("completing %q: %v\n%s", line, err, rest)
	}
	var reply []string
	for _, l := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if l != "" {
			reply = append(reply, l)
		}
	}
	slices.Sort(reply)
	return reply
}

func TestBash(t *testing.T) {
	self := strconv.Itoa(os.Getpid())
	for _, c := range []struct {
		line    string
		want    []string // exactly these
		contain []string // at least these
	}{
		{line: "gounshare --prop", want: []string{"--propagation"}},
		{line: "gounshare --propagation ", want: []string{"private", "shared", "slave", "unchanged"}},
		{line: "gounshare --propagation=sh", want: []string{"shared"}},
		{line: "gounshare --setgroups ", want: []string{"allow", "deny"}},
		{line: "gounshare --kill-child=SIGKI", want: []string{"SIGKILL"}},
		{line: "gounshare --mount-p", want: []string{"--mount-proc", "--mount-proc="}},
		{line: "gounshare -S ", contain: []string{"0"}},
		{line: "gounshare -R /pro", want: []string{"/proc"}},
		{line: "gounshare --ipc=/pro", want: []string{"/proc"}},
		{line: "gounshare --whitelist-env=HOME,PAT", want: []string{"HOME,PATH"}},
		// The program, then its own completion; optional values are
		// attached only, so "--kill-child fakecmd" names the program.
		{line: "gounshare -fp fakec", want: []string{"fakecmd"}},
		{line: "gounshare -fp fakecmd a", want: []string{"alpha"}},
		{line: "gounshare --kill-child fakecmd b", want: []string{"beta"}},
		{line: "gounshare -w /tmp fakecmd ", want: []string{"alpha", "beta"}},
		{line: "gounshare -Rw fakecmd ", want: []string{"alpha", "beta"}}, // -R takes "w"
		{line: "gounshare -- fakecmd a", want: []string{"alpha"}},
		{line: "gonsenter -t ", contain: []string{"1", self}},
		{line: "gonsenter --target=", contain: []string{"1", self}},
		{line: "gonsenter -S ", contain: []string{"follow", "0"}},
		{line: "gonsenter -t 1 -u fakecmd a", want: []string{"alpha"}},
		{line: "gonsenter -ut fakec", want: []string{"fakecmd"}}, // -ut is --uts=t
		{line: "gonsenter --wdn", want: []string{"--wdns"}},
		{line: "golsns -o NS,TY", want: []string{"NS,TYPE"}},
		{line: "golsns --output=NS,PN", want: []string{"NS,PNS"}},
		{line: "golsns -t ", want: []string{"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}},
		{line: "golsns --tree=", want: []string{"owner", "parent", "process"}},
		{line: "golsns -p ", contain: []string{self}},
		{line: "goipcrm --all=p", want: []string{"pmsg", "psem", "pshm"}},
		{line: "goipcs --j", want: []string{"--json"}},
		{line: "goipcs --target ", contain: []string{"1", self}},
		{line: "goipcs --runtime=c", want: []string{"containerd", "cri-o"}},
		{line: "gonsenter --runtime ", want: []string{"containerd", "cri-o", "docker", "podman"}},
		{line: "golsns -o NS,CONT", want: []string{"NS,CONTAINER"}},
		{line: "goipcmk --posix-s", want: []string{"--posix-semaphore", "--posix-shmem"}},
		{line: "gonstools ", contain: []string{"goipcs", "gounshare", "lsns", "unshare"}},
		{line: "gonstools -", want: []string{"--help", "--list", "--version", "-V", "-h", "-l"}},
		{line: "gonstools golsns -t u", want: []string{"user", "uts"}},
		{line: "gonstools gounshare -f fakecmd a", want: []string{"alpha"}},
	} {
		got := bashComplete(t, c.line)
		switch {
		case c.contain != nil:
			for _, w := range c.contain {
				if !slices.Contains(got, w) {
					t.Errorf("%q: %q lacks %q", c.line, got, w)
				}
			}
		case !slices.Equal(got, c.want):
			t.Errorf("%q: %q, want %q", c.line, got, c.want)
		}
	}
}

// TestBashIPC: the ids, keys and names of IPC objects, in an IPC namespace
// of the test's own.
func TestBashIPC(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWIPC) {
		return
	}
	r := nstest.Run(t, nil, "", nstest.Binary(t, "goipcmk"), "-Q", "-M", "4096")
	ids := regexp.MustCompile(`(?m)^(Shared memory|Message queue) id: (\d+)$`).FindAllStringSubmatch(r.Stdout, -1)
	if r.Code != 0 || len(ids) != 2 {
		t.Fatalf("goipcmk -Q -M 4096: %v", r)
	}
	shm, msg := ids[0][2], ids[1][2]
	if got := bashComplete(t, "goipcrm -q "); !slices.Equal(got, []string{msg}) {
		t.Errorf("goipcrm -q: %q, want %q", got, msg)
	}
	if got := bashComplete(t, "goipcrm --shmem-id="); !slices.Equal(got, []string{shm}) {
		t.Errorf("goipcrm --shmem-id=: %q, want %q", got, shm)
	}
	if got := bashComplete(t, "goipcs -i "); !slices.Equal(got, sortedOf(shm, msg)) {
		t.Errorf("goipcs -i: %q, want %q", got, sortedOf(shm, msg))
	}
	keys := bashComplete(t, "goipcrm -Q 0x")
	if len(keys) != 1 || !regexp.MustCompile(`^0x[0-9a-f]{8}$`).MatchString(keys[0]) {
		t.Errorf("goipcrm -Q 0x: %q, want the queue's key", keys)
	}
	// The key offered is the queue's: goipcrm removes it by that key.
	if r := nstest.Run(t, nil, "", nstest.Binary(t, "goipcrm"), "-Q", keys[0]); r.Code != 0 {
		t.Errorf("goipcrm -Q %s: %v", keys, r)
	}
}

func sortedOf(s ...string) []string { slices.Sort(s); return s }

// TestContainers: --container offers the names of running containers:
// docker's and podman's from their CLIs (stand-ins on PATH here), and
// containerd's task IDs from its state directory (on a private /run here),
// those of live init processes only and not namespace "moby" (docker's).
func TestContainers(t *testing.T) {
	if !nstest.InNamespaces(t, unix.CLONE_NEWNS) {
		return
	}
	// A tmpfs over /run, in this test's own mount namespace (Go made its
	// mounts private), so that nothing is made in the host's /run.
	if err := unix.Mount("tmpfs", "/run", "tmpfs", 0, "mode=755"); err != nil {
		t.Fatal(err)
	}
	tasks := "/run/containerd/io.containerd.runtime.v2.task"
	for id, pid := range map[string]string{
		"default/ctr-live":                 strconv.Itoa(os.Getpid()),
		"k8s.io/ctr-dead":                  "2147483647",
		"moby/" + strings.Repeat("ab", 32): strconv.Itoa(os.Getpid()),
		"default/ctr-nopid":                "",
	} {
		dir := filepath.Join(tasks, id)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if pid != "" {
			if err := os.WriteFile(filepath.Join(dir, "init.pid"), []byte(pid), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	stubs := t.TempDir()
	for engine, names := range map[string]string{"docker": "web\\ndb", "podman": "pod-web"} {
		// The engine's "ps --format {{.Names}}", and nothing else.
		script := "#!/bin/sh\n[ \"$*\" = 'ps --format {{.Names}}' ] && printf '" + names + "\\n'\n"
		if err := os.WriteFile(filepath.Join(stubs, engine), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", stubs+":"+os.Getenv("PATH"))

	all := []string{"ctr-live", "db", "pod-web", "web"}
	for _, line := range []string{"gonsenter --container ", "gonsenter --container=", "goipcs --container ", "gonstools gonsenter --container "} {
		if got := bashComplete(t, line); !slices.Equal(got, all) {
			t.Errorf("%q: %q, want %q", line, got, all)
		}
	}
	if got := bashComplete(t, "goipcs --container w"); !slices.Equal(got, []string{"web"}) {
		t.Errorf("goipcs --container w: %q, want [web]", got)
	}
	if _, err := exec.LookPath("fish"); err == nil {
		if got := fishComplete(t, "gonsenter --container "); !slices.Equal(got, all) {
			t.Errorf("fish gonsenter --container: %q, want %q", got, all)
		}
	}
	if zsh, err := exec.LookPath("zsh"); err == nil {
		// zsh's completion needs a terminal to be driven; the value
		// function is run on its own instead, with compadd printing.
		script := `compadd() { shift; print -l -- "$@"; }; source zsh/_goipcs 2>/dev/null; _goipcs_value container`
		out, err := exec.Command(zsh, "-f", "-c", script).CombinedOutput()
		got := strings.Fields(string(out))
		slices.Sort(got)
		if err != nil || !slices.Equal(got, all) {
			t.Errorf("zsh _goipcs_value container: %v %q, want %q", err, got, all)
		}
	}
}

// fishComplete lists fish's completions of line, without descriptions.
func fishComplete(t *testing.T, line string) []string {
	t.Helper()
	fish := nstest.Tool(t, "fish")
	tool, _, _ := strings.Cut(line, " ")
	script := "function fakecmd; end; complete -c fakecmd -f -a 'alpha beta'; source fish/" + tool + ".fish; complete -C " + fishQuoteTest(line)
	out, err := exec.Command(fish, "--no-config", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("fish: completing %q: %v\n%s", line, err, out)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if w, _, _ := strings.Cut(l, "\t"); w != "" {
			got = append(got, w)
		}
	}
	slices.Sort(got)
	return got
}

func fishQuoteTest(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

func TestFish(t *testing.T) {
	self := strconv.Itoa(os.Getpid())
	for _, c := range []struct {
		line    string
		want    []string
		contain []string
	}{
		{line: "gounshare --prop", want: []string{"--propagation"}},
		{line: "gounshare --propagation ", want: []string{"private", "shared", "slave", "unchanged"}},
		{line: "golsns -t ", want: []string{"cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"}},
		{line: "golsns --tr", want: []string{"--tree"}},
		{line: "gonsenter -t ", contain: []string{"1", self}},
		{line: "gonsenter -S ", contain: []string{"follow", "0"}},
		{line: "gounshare -f fakecmd ", want: []string{"alpha", "beta"}},
		{line: "gounshare -w /tmp fakecmd a", want: []string{"alpha"}},
		{line: "gonstools ", contain: []string{"gounshare", "unshare"}},
		{line: "goipcrm --posix-m", want: []string{"--posix-mqueue"}},
		{line: "goipcs --target ", contain: []string{"1", self}},
		{line: "gonsenter --runtime ", want: []string{"containerd", "cri-o", "docker", "podman"}},
	} {
		got := fishComplete(t, c.line)
		switch {
		case c.contain != nil:
			for _, w := range c.contain {
				if !slices.Contains(got, w) {
					t.Errorf("fish %q: %q lacks %q", c.line, got, w)
				}
			}
		case !slices.Equal(got, c.want):
			t.Errorf("fish %q: %q, want %q", c.line, got, c.want)
		}
	}
}

// TestZsh: every file parses, and compinit finds each as the completion of
// its command.
func TestZsh(t *testing.T) {
	zsh := nstest.Tool(t, "zsh")
	entries, err := os.ReadDir("zsh")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if out, err := exec.Command(zsh, "-n", filepath.Join("zsh", e.Name())).CombinedOutput(); err != nil {
			t.Errorf("zsh -n %s: %v\n%s", e.Name(), err, out)
		}
	}
	dir, _ := filepath.Abs("zsh")
	// compinit -D writes no dump file. Never "-d /dev/null": compdump
	// writes its dump beside the file named and renames it over that
	// file, which replaced the host's /dev/null with a 50 KB regular file.
	script := `fpath=(` + dir + ` $fpath); autoload -U compinit; compinit -u -D
for c in gounshare gonsenter goipcs goipcmk goipcrm golsns gonstools; do print -r -- "$c=$_comps[$c]"; done`
	cmd := exec.Command(zsh, "-f", "-c", script)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "ZDOTDIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("zsh compinit: %v\n%s", err, out)
	}
	for _, c := range []string{"gounshare", "gonsenter", "goipcs", "goipcmk", "goipcrm", "golsns", "gonstools"} {
		if !strings.Contains(string(out), c+"=_"+c+"\n") {
			t.Errorf("compinit does not complete %s with _%s:\n%s", c, c, out)
		}
	}
}
