# Entry points for a fresh Debian machine. `make demo` and `make test` install what they need.

SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
SANITIZE_BUILD ?= build-sanitize
DEMO_DIR ?= demo-output

# Debian packages the build and the tests need.
# python3-cryptography: test/make-foreign-esp-capture.py (an independent ESP implementation);
# pybind11-dev and python3-dev: the Python bindings (bindings/); python3-pytest: their tests;
# python3-matplotlib: plots (make plots); python3-sphinx: make doc; doxygen: the API check;
# user-mode-linux and kmod: test/linux-xfrm-check.sh (a real Linux IPsec stack as a process).
DEB_PACKAGES := libns3-dev ns3 libgsl-dev libcrypto++-dev tshark cmake g++ make clang-format \
                python3-cryptography pybind11-dev python3-dev python3-pytest python3-matplotlib \
                python3-sphinx doxygen user-mode-linux kmod

# Every C++ file under these folders, tracked or not (new files are checked before they are added).
FORMAT_DIRS := model helper examples test bindings
FORMAT_FILES = $(shell find $(FORMAT_DIRS) -type f \( -name '*.cc' -o -name '*.h' \) 2>/dev/null | sort)

# Sanitizer settings for test-sanitize. Leaks fail the run; test/lsan.supp, if present, holds
# narrowly targeted suppressions for leaks inside ns-3 itself (none are needed with ns-3.37).
ASAN_OPTIONS_TEST := detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:strict_string_checks=1
UBSAN_OPTIONS_TEST := print_stacktrace=1:halt_on_error=1
LSAN_OPTIONS_TEST := $(if $(wildcard test/lsan.supp),suppressions=$(CURDIR)/test/lsan.supp:print_suppressions=1)

.PHONY: all deps build demo test test-sanitize format format-check bench doc clean

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
	        || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" = 0 ]; then \
	        echo "Installing from Debian:" $$missing; \
	        echo "wireshark-common wireshark-common/install-setuid boolean false" \
	            | debconf-set-selections; \
	        apt-get update -qq && \
	        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	            $$missing; \
	    else \
	        echo "Missing Debian packages:" $$missing; \
	        echo "Run:"; \
	        echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing"; \
	        exit 1; \
	    fi; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	mkdir -p $(DEMO_DIR)
	$(BUILD)/ipsec-three-flows --outputDir=$(DEMO_DIR)
	@echo
	@echo "Captures (pcap):"; ls -1 $(DEMO_DIR)/*.pcap | sed 's/^/  /'
	@echo "Keys (Wireshark esp_sa rows, see README.md):"; ls -1 $(DEMO_DIR)/*.esp_sa | sed 's/^/  /'

# Everything, failing on the first failure: style (first, so a style slip is reported at once),
# the suites and checks through CTest, then the suites again under ASan+UBSan+LSan.
test: build
	$(MAKE) --no-print-directory format-check
	ctest --test-dir $(BUILD) --output-on-failure -j2
	$(MAKE) --no-print-directory test-sanitize

test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DIPSEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug > /dev/null
	cmake --build $(SANITIZE_BUILD) -j$(JOBS) --target ipsec-test-runner
	ASAN_OPTIONS=$(ASAN_OPTIONS_TEST) UBSAN_OPTIONS=$(UBSAN_OPTIONS_TEST) \
	LSAN_OPTIONS=$(LSAN_OPTIONS_TEST) \
	    ctest --test-dir $(SANITIZE_BUILD) --output-on-failure -j2 -R '^suite/'

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@test -n "$(FORMAT_FILES)" || { echo "format-check: no sources found"; exit 1; }
	@bad=$$(for f in $(FORMAT_FILES); do \
	    clang-format --dry-run --Werror $$f > /dev/null 2>&1 || echo $$f; done); \
	if [ -n "$$bad" ]; then \
	    echo "Not in ns-3 style (run 'make format'):"; echo "$$bad"; exit 1; \
	fi; echo "format-check: all sources follow .clang-format"

# Documentation: the module chapter (doc/ipsec.rst) as HTML with Sphinx, warnings as errors,
# and the Doxygen API reference of model/*.h and helper/*.h, which must have no warnings.
doc: deps
	/usr/bin/python3 -m sphinx -W --keep-going -E -q -b html doc $(BUILD)/doc/html
	test/doxygen-check.sh . $(BUILD)/doc/doxygen
	@echo
	@echo "Module documentation (Sphinx): $(BUILD)/doc/html/ipsec.html"
	@echo "API reference (Doxygen):       $(BUILD)/doc/doxygen/html/index.html"

# The standard figures: the experiments (small but meaningful runs), then the PNGs.
PLOTS_DIR ?= $(BUILD)/plots
PY := PYTHONPATH=$(CURDIR)/$(BUILD)/python /usr/bin/python3
plots: build
	mkdir -p $(PLOTS_DIR)
	$(PY) examples/ipsec-overhead-sweep.py --csv=$(PLOTS_DIR)/overhead.csv > /dev/null
	$(BUILD)/ipsec-gateway-delay --csv=$(PLOTS_DIR)/gateway.csv > /dev/null
	$(BUILD)/ipsec-nat-keepalive --sweep --duration=300 --outputDir=$(PLOTS_DIR) > /dev/null
	$(PY) -m ns3ipsec.analysis overhead $(PLOTS_DIR)/overhead.csv $(PLOTS_DIR)/esp-ah-overhead.png
	$(PY) -m ns3ipsec.analysis goodput $(PLOTS_DIR)/overhead.csv $(PLOTS_DIR)/goodput-vs-size.png
	$(PY) -m ns3ipsec.analysis gateway $(PLOTS_DIR)/gateway.csv $(PLOTS_DIR)/gateway-throughput-latency.png
	$(PY) -m ns3ipsec.analysis keepalive $(PLOTS_DIR)/ipsec-nat-keepalive.csv $(PLOTS_DIR)/nat-keepalive.png

bench: build
	$(BUILD)/ipsec-bench
	$(BUILD)/ipsec-crypto-bench

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(DEMO_DIR)
