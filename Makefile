# The two commands of the README. Both install what Debian 12 lacks,
# configure and build; `make run` opens Rubric on the bundled samples,
# `make test` runs every test and prints "N passed, N failed"; it runs
# the unit and CLI tests a second time in $(ASAN_BUILDDIR), a build with
# AddressSanitizer and UndefinedBehaviorSanitizer.

BUILDDIR ?= build
ASAN_BUILDDIR ?= build-asan
SAMPLES  ?= resources/samples/tasks.jsonl

BUILD_DEBS = meson ninja-build pkg-config gcc libglib2.0-dev libgtk-4-dev \
             libadwaita-1-dev libgtksourceview-5-dev libsqlite3-dev libjson-c-dev \
             libcmark-gfm-dev libcmark-gfm-extensions-dev gettext \
             libenchant-2-dev hunspell-en-us desktop-file-utils appstream libglib2.0-bin \
             fonts-noto-color-emoji libcsv-dev libzstd-dev itstool libepoxy-dev
# locales: de_DE for the decimal-comma export test, built with localedef
TEST_DEBS  = xvfb xauth xdotool xsettingsd x11-xserver-utils python3 python3-jsonschema dbus tesseract-ocr tesseract-ocr-eng \
             imagemagick locales jq zstd gzip yelp-tools tesseract-ocr-deu \
             at-spi2-core python3-pyatspi
# appearance: libadwaita reads high contrast from org.gnome.desktop.a11y.interface
TEST_DEBS += gsettings-desktop-schemas

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The sanitizer run: any report fails its test (abort_on_error: a killed
# program, never an exit status 1 that a CLI test could take for a
# refusal). LeakSanitizer needs whole stacks for tests/lsan.supp to tell
# system libraries' one-time allocations from ours: the Debian libraries
# have no frame pointers, so the fast unwinder stops at g_malloc.
ASAN_TEST_ENV = \
  ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=12 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
  G_SLICE=always-malloc

.PHONY: all deps test-deps build run test bench clean

all: build

deps:
	@$(MAKE) --no-print-directory install-debs DEBS="$(BUILD_DEBS)"

test-deps:
	@$(MAKE) --no-print-directory install-debs DEBS="$(BUILD_DEBS) $(TEST_DEBS)"

install-debs:
	@missing=""; \
	for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) -Ddevelopment=true

$(ASAN_BUILDDIR)/build.ninja:
	meson setup $(ASAN_BUILDDIR) -Ddevelopment=true -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/resources $(BUILDDIR)/src/rubric $(SAMPLES)

# Under the sanitizers every suite runs but the GUI's ('app'): with whole
# stacks Mesa's llvmpipe deadlocks in libgcc's unwinder, and without them
# GTK's own allocations cannot be told from ours.
test: test-deps $(BUILDDIR)/build.ninja $(ASAN_BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)
	meson compile -C $(ASAN_BUILDDIR)
	@status=0; rm -f $(BUILDDIR)/meson-logs/testlog.json $(ASAN_BUILDDIR)/meson-logs/testlog.json; \
	meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 || status=$$?; \
	echo "Again under ASan+UBSan in $(ASAN_BUILDDIR), all but the suite app:"; \
	$(ASAN_TEST_ENV) meson test -C $(ASAN_BUILDDIR) --print-errorlogs --num-processes 2 \
	  --no-suite app --timeout-multiplier 4 || status=$$?; \
	python3 tests/summary.py $(BUILDDIR)/meson-logs/testlog.json $(ASAN_BUILDDIR)/meson-logs/testlog.json; \
	exit $$status

bench: test-deps build
	tests/bench/bench-import.sh $(BUILDDIR)/src/rubric-cli
	tests/bench/bench-convert.sh $(BUILDDIR)/src/rubric-cli $(BUILDDIR)/tests/bench/bench-parse
	tests/bench/bench-agreement.sh $(BUILDDIR)/src/rubric-cli
	BENCH_LIST=$(BUILDDIR)/tests/bench/bench-list GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/resources \
	  tests/bench/bench-scale.sh $(BUILDDIR)/src/rubric-cli $(BUILDDIR)/tests/bench/bench-parse \
	  $(BUILDDIR)/tests/bench/bench-store $(BUILDDIR)/tests/bench/bench-export
	# OpenGL, GTK 4.8's own choice under Xvfb (llvmpipe), then cairo, the app's there
	GSK_RENDERER=gl GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/resources GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
	  tests/run-under-xvfb.sh $(BUILDDIR)/tests/bench/bench-render
	GSK_RENDERER=cairo GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/resources GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
	  tests/run-under-xvfb.sh $(BUILDDIR)/tests/bench/bench-render
	GSK_RENDERER=cairo GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/resources GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GDK_BACKEND=x11 \
	  tests/run-under-xvfb.sh $(BUILDDIR)/tests/bench/bench-typing

clean:
	rm -rf $(BUILDDIR) $(ASAN_BUILDDIR)

# Fuzz each harness of tests/fuzz for FUZZ_SECONDS in a clang build of its own.
FUZZ_SECONDS ?= 60

.PHONY: fuzz
fuzz: test-deps
	tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS)
