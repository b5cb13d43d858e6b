# Quick start (fresh Debian bookworm):   make demo   |   make test
#
#   make            native build: build/native/bin/coder, coder-import
#   make codesets   import the code sets from $(CODESETS_DIR) into build/codesets/
#   make wasm       ICU for wasm (cached) + the wasm module
#   make site       assemble the static site in build/site/
#   make demo       install what is missing, build everything, import, serve on :8080
#   make test       every test: GoogleTest + CLI goldens (ctest), JS API in Node, Chromium e2e
#   make bench      benchmarks (print figures; never fail on timing)
#   make package    the npm package (build/package/medcode-web-VERSION.tgz: JS, wasm, types, app, docs)
#   make screenshots  docs/screenshots/*.png from the built site (headless Chromium)
SHELL := /bin/bash
CODESETS_DIR ?= ../shared/codesets
PORT ?= 8080
BUILD := build
NATIVE := $(BUILD)/native
WASM := $(BUILD)/wasm
SITE := $(BUILD)/site
ICU_WASM := $(BUILD)/icu-wasm
export NODE_PATH := /usr/share/nodejs
CODESETS_DIR := $(abspath $(CODESETS_DIR))
export CODESETS_DIR

CODESET_FILES := $(BUILD)/codesets/icd10cm-2027.mcs

.PHONY: all native setup icu-wasm wasm codesets site demo serve test test-native test-js test-e2e test-package package screenshots bench clean

all: native

setup:
	@scripts/setup.sh

native:
	@test -f $(NATIVE)/build.ninja || cmake -S . -B $(NATIVE) -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	@ninja -C $(NATIVE)

icu-wasm:
	@scripts/build-icu-wasm.sh $(ICU_WASM)

$(BUILD)/nlohmann-include/nlohmann:
	@mkdir -p $(BUILD)/nlohmann-include && ln -sfn /usr/include/nlohmann $@

wasm: icu-wasm $(BUILD)/nlohmann-include/nlohmann
	@test -f $(WASM)/build.ninja || emcmake cmake -S . -B $(WASM) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DICU_WASM_PREFIX=$(abspath $(ICU_WASM))/install -DNLOHMANN_INCLUDE_DIR=$(abspath $(BUILD))/nlohmann-include \
	  -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node >/dev/null
	@ninja -C $(WASM)

codesets: native
	@$(NATIVE)/bin/coder-import --manifest codesets/manifest.json --codesets-dir $(CODESETS_DIR) --out $(BUILD)/codesets \
	  | sed -n '1p;/wrote/p'

site: wasm codesets
	@scripts/assemble-site.sh $(SITE) $(WASM)/bin $(BUILD)/codesets

demo: setup native wasm codesets site
	@echo "Serving http://localhost:$(PORT)/ (Ctrl-C to stop)"
	@node scripts/serve.mjs $(SITE) $(PORT)

serve:
	@node scripts/serve.mjs $(SITE) $(PORT)

test: setup native wasm codesets site
	@$(MAKE) --no-print-directory test-native test-js test-e2e test-package

test-native:
	@ctest --test-dir $(NATIVE) --output-on-failure

test-js:
	@MEDCODE_SITE=$(abspath $(SITE)) node --test tests/js/

test-e2e:
	@MEDCODE_SITE=$(abspath $(SITE)) node --test tests/e2e/

test-package:
	@MEDCODE_SITE=$(abspath $(SITE)) node --test tests/package/

package: site
	@scripts/pack.sh $(SITE) $(BUILD)/package

screenshots: site
	@node scripts/screenshots.mjs $(SITE) docs/screenshots

bench: native wasm codesets site
	@bench/run.sh

clean:
	rm -rf $(NATIVE) $(WASM) $(SITE) $(BUILD)/codesets
