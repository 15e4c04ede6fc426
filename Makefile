# gonstools: pure-Go unshare, nsenter, ipcs, ipcmk and ipcrm.
# Run "make help" for the targets.

GO      ?= go
PREFIX  ?= /usr/local
DESTDIR ?=
FUZZTIME ?= 10s
BINDIR  := $(DESTDIR)$(PREFIX)/bin
MANDIR  := $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR  := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
DOCDIR  := $(DESTDIR)$(PREFIX)/share/doc/gonstools
# MULTICALL=1: install the multi-call binary gonstools with links named
# after the tools instead of six binaries; ALIASES=1 adds links with
# util-linux's names (unshare ...), for systems without util-linux.
MULTICALL ?=
ALIASES ?=

TOOLS   := gounshare gonsenter goipcs goipcmk goipcrm golsns
# util-linux's names for them, which the multi-call binary answers to too.
UL_NAMES := unshare nsenter ipcs ipcmk ipcrm lsns
BINS    := $(addprefix bin/,$(TOOLS) gonstools)
MANS    := $(addprefix man/,$(addsuffix .1,$(TOOLS) gonstools))
# -E: the entry hook of internal/startup, which records the signals and
# standard descriptors the process was started with (amd64 and arm64).
ENTRY   := github.com/gonstools/gonstools/internal/startup.entry
# The version -V prints, from git describe (scripts/version.sh).
VERSION ?= $(shell ./scripts/version.sh)
STAMP   := -X github.com/gonstools/gonstools/internal/cli.Version=$(VERSION)
LDFLAGS := -s -w $(STAMP) $(if $(filter amd64 arm64,$(shell $(GO) env GOARCH)),-E=$(ENTRY))
export CGO_ENABLED := 0

.PHONY: completions package
.PHONY: all build test test-short fuzz demo bench bench-container stress man lint cross cross-test install uninstall clean help FORCE

all: build

help:
	@echo "make build      static binaries into bin/"
	@echo "make test       the whole test suite (as root: real namespaces)"
	@echo "make fuzz       every fuzz target in turn, FUZZTIME each (default 10s)"
	@echo "make demo       the two-shell IPC namespace walkthrough, with our binaries only"
	@echo "make bench      start-up and listing speed against util-linux, as ratios"
	@echo "make bench-container  gonsenter --container against a Docker engine it starts (root)"
	@echo "make stress     many runs, the signal matrix and 68,000 IPC objects, checked for leaks (root; minutes;"
	@echo "                STRESS_RUNS=n runs per case, default 1000; STRESS_FLAGS for more, see go run ./stress -h)"
	@echo "make man        regenerate man/*.1 from man/*.1.md"
	@echo "make lint       gofmt, go vet (also for another system) and staticcheck"
	@echo "make cross      every tool for every architecture (bin/cross/ARCH/), and go vet for each"
	@echo "make cross-test the IPC test suites built for \$$(CROSS_TEST_ARCHES), run natively or under qemu-user"
	@echo "make completions regenerate completions/ (bash, zsh, fish) from the option tables"
	@echo "make package    .deb, .rpm and .apk packages into dist/ (PKG_ARCHES, default amd64 arm64)"
	@echo "make install    binaries, man pages, completions and licence under \$$(PREFIX) (MULTICALL=1: one binary and links)"
	@echo "make uninstall  remove what install put there"
	@echo "make clean      remove bin/"

build: $(BINS)

# go build decides what is stale; FORCE makes make always ask it.
bin/%: FORCE
	$(GO) build -trimpath -ldflags='$(LDFLAGS)' -o $@ ./cmd/$*

# The tests use the binaries just built (NSTEST_BIN_DIR) and run the root
# tests too; under CI=true a root test that cannot run fails instead of
# skipping. Parallel tests mostly wait for signals and sleeps: -parallel 12.
# scripts/deps.sh installs what a target needs and is missing (as root on
# Debian; elsewhere it says what to install), and is silent and quick when
# everything is there.
test: build lint
	./scripts/deps.sh test
	NSTEST_BIN_DIR=$(CURDIR)/bin $(GO) test -count=1 -parallel 12 -timeout 20m ./...

test-short: build
	NSTEST_BIN_DIR=$(CURDIR)/bin $(GO) test -count=1 -short ./...

# One target at a time (go test -fuzz takes one); the seed corpora
# (testdata/fuzz) also run in every plain go test.
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) ./scripts/fuzz.sh

demo: build
	./scripts/deps.sh demo
	./scripts/demo.sh

bench: build
	$(GO) run ./bench -bin $(CURDIR)/bin

# gonsenter --container against a Docker engine started for the purpose,
# in namespaces of its own (root; docker.io and busybox-static).
bench-container: build
	./scripts/bench-container.sh

# The stress harness makes namespaces of every type: it needs root. It is
# not part of "make test" (it takes minutes); its own test, with tiny
# counts, is.
stress: build
	@[ "$$(id -u)" = 0 ] || { echo "make stress: needs root (it runs the tools in namespaces of every type)" >&2; exit 1; }
	$(GO) run ./stress -bin $(CURDIR)/bin $(if $(STRESS_RUNS),-runs $(STRESS_RUNS)) $(STRESS_FLAGS)

man: $(MANS)

man/%.1: man/%.1.md
	$(GO) tool go-md2man -in $< -out $@

completions:
	$(GO) run ./scripts/completions completions

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=darwin $(GO) vet ./...
	$(GO) tool staticcheck ./...

# The Linux architectures the tools are built for; internal/archtest.Arches lists
# the same, with their C cross compilers and qemu-user emulators.
CROSS_ARCHES      := amd64 arm64 386 arm riscv64 ppc64le s390x loong64 mips64le
# cross-test: arm64 under qemu-user, 386 natively (x86-64 kernels run it;
# Debian 12's qemu-i386 crashes Go's 386 runtime), arm under qemu-user.
CROSS_TEST_ARCHES ?= arm64 386 arm

# Every tool is built on its own, so that one that does not build for an
# architecture does not hide the others; all failures are listed at the end.
cross:
	@failed=""; \
	for arch in $(CROSS_ARCHES); do \
		for tool in $(TOOLS); do \
			entry=""; case $$arch in amd64|arm64) entry="-E=$(ENTRY)";; esac; \
			GOARCH=$$arch $(GO) build -trimpath -ldflags="-s -w $(STAMP) $$entry" -o bin/cross/$$arch/$$tool ./cmd/$$tool \
				|| failed="$$failed build:$$arch/$$tool"; \
		done; \
		GOARCH=$$arch $(GO) vet ./... || failed="$$failed vet:$$arch"; \
	done; \
	if [ -n "$$failed" ]; then echo "cross: FAILED:$$failed"; exit 1; fi; \
	echo "cross: every tool built and vetted for $(CROSS_ARCHES)"

cross-test:
	./scripts/deps.sh cross-test
	$(GO) run ./scripts/crosstest $(CROSS_TEST_ARCHES)

install: build
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR) $(DOCDIR)
ifeq ($(MULTICALL),1)
	install -m 0755 bin/gonstools $(BINDIR)/
	for t in $(TOOLS) $(if $(filter 1,$(ALIASES)),$(UL_NAMES)); do ln -sf gonstools $(BINDIR)/$$t; done
else
	install -m 0755 $(addprefix bin/,$(TOOLS)) $(BINDIR)/
endif
	install -m 0644 $(wildcard $(MANS)) $(MANDIR)/
	install -m 0644 $(addprefix completions/bash/,$(TOOLS) gonstools) $(BASHDIR)/
	install -m 0644 $(addprefix completions/zsh/_,$(TOOLS) gonstools) $(ZSHDIR)/
	install -m 0644 $(addsuffix .fish,$(addprefix completions/fish/,$(TOOLS) gonstools)) $(FISHDIR)/
	install -m 0644 LICENSE NOTICE CHANGELOG.md README.md $(DOCDIR)/

# uninstall removes what either kind of install put there, and a link with
# util-linux's name only when it points to gonstools.
uninstall:
	rm -f $(addprefix $(BINDIR)/,$(TOOLS) gonstools) $(addprefix $(MANDIR)/,$(addsuffix .1,$(TOOLS) gonstools))
	for t in $(UL_NAMES); do [ "$$(readlink $(BINDIR)/$$t)" != gonstools ] || rm -f $(BINDIR)/$$t; done
	rm -f $(addprefix $(BASHDIR)/,$(TOOLS) gonstools) $(addprefix $(ZSHDIR)/_,$(TOOLS) gonstools) \
		$(addsuffix .fish,$(addprefix $(FISHDIR)/,$(TOOLS) gonstools))
	rm -f $(addprefix $(DOCDIR)/,LICENSE NOTICE CHANGELOG.md README.md)
	-rmdir $(DOCDIR) 2>/dev/null

# Packages for each of PKG_ARCHES: the six binaries built for it, the man
# pages, completions and licence, by nfpm (a go.mod tool) from
# packaging/nfpm.yaml, into dist/.
PKG_ARCHES  ?= amd64 arm64
PKG_VERSION ?= $(shell ./scripts/version.sh --package)
package:
	rm -rf dist && mkdir -p dist/man
	for m in $(MANS); do gzip -9n -c $$m >dist/man/$${m#man/}.gz; done
	for arch in $(PKG_ARCHES); do \
		entry=""; case $$arch in amd64|arm64) entry="-E=$(ENTRY)";; esac; \
		for tool in $(TOOLS); do \
			GOARCH=$$arch $(GO) build -trimpath -ldflags="-s -w $(STAMP) $$entry" -o dist/stage/$$tool ./cmd/$$tool || exit 1; \
		done; \
		for fmt in deb rpm apk; do \
			PKG_ARCH=$$arch VERSION=$(PKG_VERSION) $(GO) tool nfpm package --config packaging/nfpm.yaml --packager $$fmt --target dist/ || exit 1; \
		done; \
	done
	ls -l dist/

clean:
	rm -rf bin/ dist/

FORCE:
