# SPDX-License-Identifier: GPL-2.0
#
# make            build the module and the ipcwall tool (and the selftests)
# make deps       install what building and testing need (root, apt)
# make check      every test: the tool's unit tests, then the selftests in a
#                 VM of each installed test kernel
# make demo       see ipcwall work in a throwaway VM
# make bench      figures: what the module costs fork and exec, in a VM of
#                 each test kernel (a few minutes; prints, never fails on them)
# make vm-run KERNEL=6.1|6.12 CMD='...'
#                 run a command as root in a VM of that kernel
# make install    install the module and the tool on this host
#
# KDIR=/path/to/kernel/build builds the module for that kernel only. Without
# it: the running kernel when its headers are installed, otherwise every
# installed test kernel (see scripts/kernels). Each kernel's module lands in
# build/<release>/ipcwall.ko; kmod/ipcwall.ko points at the first target's.

SHELL := /bin/bash
export IPCWALL_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)

ifneq ($(KDIR),)
RELEASES := $(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null)
KDIR_OF = $(KDIR)
else ifneq ($(wildcard /lib/modules/$(shell uname -r)/build),)
RELEASES := $(shell uname -r)
KDIR_OF = /lib/modules/$(1)/build
else
RELEASES := $(shell scripts/kernels)
KDIR_OF = /lib/modules/$(1)/build
endif

MODULES := $(foreach r,$(RELEASES),build/$(r)/ipcwall.ko)
KMOD_SOURCES := $(wildcard kmod/*.c kmod/*.h kmod/*.S kmod/Kbuild kmod/uapi/*.h)

all: tool module selftests

tool:
	$(MAKE) -C userspace

selftests: tool
	$(MAKE) -C selftests

module: $(MODULES)
ifeq ($(RELEASES),)
	@echo "make: no kernel headers found: install them, pass KDIR=, or run 'make deps'" >&2; exit 1
endif
	@ln -sf ../$(firstword $(MODULES)) kmod/ipcwall.ko

# Kbuild writes its objects next to the sources, so each kernel gets its own
# tree of links to them. Any warning (compiler, objtool, modpost) fails it.
build/%/ipcwall.ko: $(KMOD_SOURCES)
	@rm -rf build/$*/kmod-tree && mkdir -p build/$*/kmod-tree
	@for f in $(CURDIR)/kmod/*; do ln -s "$$f" build/$*/kmod-tree/; done
	@echo "  KBUILD  ipcwall.ko for $*"
	@$(MAKE) -C $(call KDIR_OF,$*) M=$(CURDIR)/build/$*/kmod-tree modules \
		> build/$*/kbuild.log 2>&1 || { cat build/$*/kbuild.log; exit 1; }
	@if grep -i 'warning' build/$*/kbuild.log; then \
		echo "make: the module build for $* printed warnings (see build/$*/kbuild.log)" >&2; exit 1; fi
	@cp build/$*/kmod-tree/ipcwall.ko $@

deps:
	scripts/deps

check:
	scripts/check

demo:
	scripts/demo

bench: tool module
	$(MAKE) -C selftests/bench
	scripts/bench

# CMD reaches the recipe through the environment, taken literally, so that
# quotes and $VARIABLES of the guest survive.
ifdef CMD
override CMD := $(value CMD)
export CMD
endif
vm-run: all
	@[ -n "$$CMD" ] || { echo "usage: make vm-run KERNEL=6.1|6.12 CMD='...'" >&2; exit 2; }
	@scripts/vm-run $(if $(KERNEL),-k $(KERNEL)) -- "$$CMD"

install: all
	install -D -m 0755 userspace/ipcwall $(DESTDIR)/usr/sbin/ipcwall
	install -D -m 0644 kmod/ipcwall.ko \
		$(DESTDIR)/lib/modules/$(firstword $(RELEASES))/extra/ipcwall.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(firstword $(RELEASES))

clean:
	$(MAKE) -C userspace clean
	$(MAKE) -C selftests clean
	$(MAKE) -C selftests/bench clean
	rm -rf build kmod/ipcwall.ko

.PHONY: all tool selftests module deps check demo bench vm-run install clean
