# sfb - the SpineFairBench streaming toolkit.  `make help` lists the targets.

VERSION = 0.1.0
PREFIX ?= /usr/local
MANDIR ?= $(PREFIX)/share/man
CC ?= cc
# Output prefix: empty builds in place; `make asan` builds under build/asan/.
O ?=
# Benchmarks and the fuzzer take these from the environment.
FUZZ_SECONDS ?= 60

WARN = -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes -Wformat=2
# Warnings survive a user CFLAGS; -Werror is added by `make check` and CI.
override CFLAGS := -std=c11 -D_DEFAULT_SOURCE -Ilib -DSFB_VERSION='"$(VERSION)"' \
	-O2 -g $(WARN) $(WERROR) $(SAN) $(CFLAGS)
# Libraries: every program links the common ones and only the others it
# uses (LIBS_<program>); the unit tests link them all.  Evaluated when a
# recipe runs, after `deps` may have installed packages.
LIBS_COMMON = $(shell pkg-config --libs libzstd 2>/dev/null || echo -lzstd) -lpthread -lm
CRYPTO = $(shell pkg-config --libs libcrypto 2>/dev/null || echo -lcrypto)
LIBS_sfb-csv = -lcsv
LIBS_sfb-cluster-boot = -ljq
LIBS_sfb-flips = -ljq
LIBS_sfb-paired-test = -ljq
LIBS_sfb-score = $(CRYPTO)
LIBS_sfb-sha-verify = $(CRYPTO)
LIBS_sfb-synth = $(CRYPTO)
IMAGE = $(shell pkg-config --libs spng libjpeg libdeflate 2>/dev/null || echo -lspng -ljpeg -ldeflate)
LIBS_sfb-qc = $(IMAGE)
LIBS_sfb-mask-blend = $(IMAGE)
LIBS_sfb-generate = -lyaml -lz
LIBS_ALL = $(CRYPTO) -lcsv -ljq $(IMAGE) -lyaml -lz

LIBSRC  = $(wildcard lib/*/*.c)
LIBHDR  = $(wildcard lib/*/*.h)
LIBOBJ  = $(LIBSRC:%.c=$(O)%.o)
LIBA    = $(O)lib/libsfb.a
PROGS   = $(patsubst %.c,$(O)%,$(wildcard bin/sfb-*.c))
UNITS   = $(patsubst %.c,$(O)%,$(wildcard tests/unit/test_*.c))
MANS    = $(wildcard man/*.1 man/*.7)
ASAN    = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps check asan bench demo lint install uninstall fuzz clean help

all: deps $(PROGS) $(UNITS) ## build every program in bin/ (the default)

deps: ## install the Debian packages the build and tests need, if missing
	@.ci/deps.sh

$(O)lib/%.o: lib/%.c $(LIBHDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

# The image area's float arithmetic rounds as Pillow's and NumPy's does:
# no fused multiply-add; sqrtf without errno may use the instruction, and
# the pixel loops are vectorised (IEEE operations round the same in SIMD).
$(O)lib/image/%.o: override CFLAGS += -ffp-contract=off -fno-math-errno -O3

$(LIBA): $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(O)bin/util.o: bin/util.c bin/util.h $(LIBHDR) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

$(O)bin/sfb-%: bin/sfb-%.c $(O)bin/util.o $(LIBA) $(wildcard bin/*.h) $(LIBHDR)
	$(CC) $(CFLAGS) -o $@ $< $(O)bin/util.o $(LIBA) $(LIBS_$(notdir $@)) $(LIBS_COMMON)

$(O)tests/unit/test_%: tests/unit/test_%.c tests/unit/t.h $(LIBA) $(LIBHDR) $(wildcard tests/golden/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(LIBA) $(LIBS_ALL) $(LIBS_COMMON)
# The portable twins of rx's dispatch include the tests they rerun.
$(O)tests/unit/test_rxswitch: tests/unit/test_rx.c lib/text/rx.c
$(O)tests/unit/test_refusalswitch: tests/unit/test_refusal.c lib/text/rx.c

check: ## build with -Werror, lint, run every test (the README's test command)
	@$(MAKE) --no-print-directory WERROR=-Werror all
	@$(MAKE) --no-print-directory lint
	@SFB_BUILD=$(CURDIR)/$(O) tests/run

asan: ## build under build/asan with ASan+UBSan and run the whole suite
	@$(MAKE) --no-print-directory O=build/asan/ WERROR=-Werror SAN="$(ASAN)" all
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	SFB_BUILD=$(CURDIR)/build/asan/ tests/run

lint: ## every program has its man page and bats file; mandoc -Tlint is clean
	@tests/lint.sh

bench: all ## run the benchmarks under tests/bench (slow; prints ratios)
	@for b in tests/bench/*.sh; do [ -f "$$b" ] && "./$$b" || exit 1; done

demo: all ## write a synthetic bundle under build/, run the reviewer checks, write the HTML report
	@if [ -x bin/sfb-synth ] && [ -x examples/reviewer-checks.sh ]; then \
		rm -rf build/demo && bin/sfb-synth --out build/demo/artifacts \
		--code-root build/demo/code-root && \
		PATH="$(CURDIR)/bin:$$PATH" examples/reviewer-checks.sh \
		--artifacts build/demo/artifacts --code-root build/demo/code-root && \
		PATH="$(CURDIR)/bin:$$PATH" examples/secondary.sh \
		--artifacts build/demo/artifacts && \
		for c in hallucination-provenance recovered-scoring; do \
			echo "== $$c (receipt in build/demo/$$c.json)"; \
			PATH="$(CURDIR)/bin:$$PATH" examples/$$c.sh \
			--artifacts build/demo/artifacts --code-root build/demo/code-root \
			--pins build/demo/code-root/provenance/$$c.sha256 \
			--output build/demo/$$c.json >/dev/null; \
			st=$$?; grep '"verified"' build/demo/$$c.json || exit 1; \
			[ $$st -eq 0 ] || [ $$c = recovered-scoring ] || exit 1; \
		done && \
		PATH="$(CURDIR)/bin:$$PATH" examples/report.sh \
		--artifacts build/demo/artifacts --out build/demo/report; \
	else \
		echo "make demo: the reviewer pipelines (examples/) and sfb-synth are not built yet."; \
	fi

fuzz: deps ## build the libFuzzer targets with clang and run each FUZZ_SECONDS
	@.ci/deps.sh fuzz
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

install: all ## install programs and man pages under PREFIX (and DESTDIR)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7/

uninstall: ## remove what install put there
	for p in $(notdir $(PROGS)); do rm -f $(DESTDIR)$(PREFIX)/bin/$$p; done
	for m in $(notdir $(wildcard man/*.1)); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m; done
	for m in $(notdir $(wildcard man/*.7)); do rm -f $(DESTDIR)$(MANDIR)/man7/$$m; done

clean: ## remove everything the build wrote
	rm -f lib/*/*.o lib/libsfb.a bin/*.o $(PROGS) $(UNITS)
	rm -rf build

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/' | expand -t 10
