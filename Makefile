# Entry points for a fresh Debian machine. `make demo` and `make test` install what they need.

SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
SANITIZE_BUILD ?= build-sanitize
DEMO_DIR ?= demo-output

# Debian packages the build and the tests need.
DEB_PACKAGES := cmake make g++ libns3-dev ns3 libgsl-dev libcrypto++-dev tshark clang-format \
                python3-cryptography

FORMAT_FILES = $(shell git ls-files 'model/*.cc' 'model/*.h' 'helper/*.cc' 'helper/*.h' \
                 'examples/*.cc' 'test/*.cc' 'test/*.h' 'test/*/*.cc' 2>/dev/null)

.PHONY: all deps build demo test test-suites test-sanitize format format-check bench clean

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
	        echo "Missing Debian packages. Run:"; \
	        echo "  sudo apt-get update && sudo apt-get install -y $$missing"; \
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
	@echo "Captures: $(DEMO_DIR)/ipsec-three-flows-{0,1}-0.pcap"
	@echo "Keys:     $(DEMO_DIR)/ipsec-three-flows.esp_sa (Wireshark esp_sa rows; see README.md)"

# Everything: style, the suites and checks through CTest, the suites again under ASan+UBSan.
test: build
	$(MAKE) --no-print-directory format-check
	ctest --test-dir $(BUILD) --output-on-failure -j2
	$(MAKE) --no-print-directory test-sanitize

test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DIPSEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug > /dev/null
	cmake --build $(SANITIZE_BUILD) -j$(JOBS) --target ipsec-test-runner
	ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --test-dir $(SANITIZE_BUILD) --output-on-failure -j2 -R '^suite/'

format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@bad=$$(for f in $(FORMAT_FILES); do \
	    clang-format --dry-run --Werror $$f > /dev/null 2>&1 || echo $$f; done); \
	if [ -n "$$bad" ]; then \
	    echo "Not in ns-3 style (run 'make format'):"; echo "$$bad"; exit 1; \
	fi; echo "format-check: all sources follow .clang-format"

bench: build
	$(BUILD)/ipsec-bench

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(DEMO_DIR)
