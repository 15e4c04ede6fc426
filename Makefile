# gonstools: pure-Go unshare, nsenter, ipcs, ipcmk and ipcrm.
# Run "make help" for the targets.

GO      ?= go
PREFIX  ?= /usr/local
DESTDIR ?=
FUZZTIME ?= 10s
BINDIR  := $(DESTDIR)$(PREFIX)/bin
MANDIR  := $(DESTDIR)$(PREFIX)/share/man/man1

TOOLS   := gounshare gonsenter goipcs goipcmk goipcrm golsns
BINS    := $(addprefix bin/,$(TOOLS))
MANS    := $(addprefix man/,$(addsuffix .1,$(TOOLS)))
# -E: the entry hook of internal/startup, which records the signals and
# standard descriptors the process was started with (amd64 and arm64).
ENTRY   := github.com/gonstools/gonstools/internal/startup.entry
LDFLAGS := -s -w $(if $(filter amd64 arm64,$(shell $(GO) env GOARCH)),-E=$(ENTRY))
export CGO_ENABLED := 0

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
	@echo "make install    binaries to \$$(PREFIX)/bin, man pages to \$$(PREFIX)/share/man/man1"
	@echo "make uninstall  remove what install put there"
	@echo "make clean      remove bin/"

build: $(BINS)

# go build decides what is stale; FORCE makes make always ask it.
bin/%: FORCE
	$(GO) build -trimpath -ldflags='$(LDFLAGS)' -o $@ ./cmd/$*

# The tests use the binaries just built (NSTEST_BIN_DIR) and run the root
# tests too; under CI=true a root test that cannot run fails instead of
# skipping. Parallel tests mostly wait for signals and sleeps: -parallel 12.
test: build lint
	NSTEST_BIN_DIR=$(CURDIR)/bin $(GO) test -count=1 -parallel 12 -timeout 20m ./...

test-short: build
	NSTEST_BIN_DIR=$(CURDIR)/bin $(GO) test -count=1 -short ./...

# One target at a time (go test -fuzz takes one); the seed corpora
# (testdata/fuzz) also run in every plain go test.
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) ./scripts/fuzz.sh

demo: build
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
			GOARCH=$$arch $(GO) build -trimpath -ldflags="-s -w $$entry" -o bin/cross/$$arch/$$tool ./cmd/$$tool \
				|| failed="$$failed build:$$arch/$$tool"; \
		done; \
		GOARCH=$$arch $(GO) vet ./... || failed="$$failed vet:$$arch"; \
	done; \
	if [ -n "$$failed" ]; then echo "cross: FAILED:$$failed"; exit 1; fi; \
	echo "cross: every tool built and vetted for $(CROSS_ARCHES)"

cross-test:
	$(GO) run ./scripts/crosstest $(CROSS_TEST_ARCHES)

install: build
	install -d $(BINDIR) $(MANDIR)
	install -m 0755 $(BINS) $(BINDIR)/
	install -m 0644 $(wildcard $(MANS)) $(MANDIR)/

uninstall:
	rm -f $(addprefix $(BINDIR)/,$(TOOLS)) $(addprefix $(MANDIR)/,$(addsuffix .1,$(TOOLS)))

clean:
	rm -rf bin/

FORCE:
