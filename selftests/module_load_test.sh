#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loads and unloads the module CYCLES times (default 100) with its hooks
# armed, one GET_STATUS and two policy loads through the tool per cycle,
# and checks that the kernel got back the memory it lent: compare
# /proc/meminfo after the cycles with a baseline taken after one warm-up
# cycle, both with the module out.
#
# Runs as root in a test VM where the module is loaded on entry; leaves it
# loaded on exit. Needs $IPCWALL_KO and $IPCWALL.
set -eu
. "$(dirname "$0")/tap.sh"

: "${IPCWALL_KO:?path of ipcwall.ko}" "${IPCWALL:?path of the ipcwall tool}"
CYCLES=${CYCLES:-100}

# Tolerances, in KiB, for growth from the baseline to the end of the cycles,
# both measured with the module out. A leak repeats every cycle, so it is
# multiplied by CYCLES: at 100 cycles, 3 KiB of slab or 1 KiB of vmalloc lost
# per load exceeds these. What they allow is the noise of the rest of a
# quiet VM over the same minutes (seen on 6.1 and 6.12: slab -56..+152 KiB,
# vmalloc -64..+16 KiB, percpu 0). For scale, the loaded module holds about
# 150 KiB of slab and 50 KiB of vmalloc, so leaking it whole even once
# every ten cycles fails.
MAX_SUNRECLAIM_KIB=256	# slab pages still on per-cpu partial lists
MAX_VMALLOC_KIB=64	# lazily freed areas, other users of vmalloc
MAX_PERCPU_KIB=0	# percpu memory comes in chunks no one else takes here

KPROBES_LIST=/sys/kernel/debug/kprobes/list

module_listed() {
	grep -q '^ipcwall ' /proc/modules
}

tmp=$(mktemp -d)
# Keep the runner's contract whatever happened: the module loaded at exit.
restore() {
	module_listed || insmod "$IPCWALL_KO" || echo "# cannot reload the module"
	rm -rf "$tmp"
}
tap_cleanup restore

# The run takes minutes and the repository is live: use a private copy of
# the tool, so that a rebuild on the host cannot pull it away mid-run.
cp "$IPCWALL" "$tmp/ipcwall"
IPCWALL=$tmp/ipcwall
# Every shipped policy at once, compiled once: each cycle loads it twice.
policy=$tmp/policy.bin
"$IPCWALL" compile "$(dirname "$0")"/../policies/ -o "$policy"

meminfo_kib() {
	awk -v key="$1:" '$1 == key { print $2; found = 1 } END { exit !found }' \
		/proc/meminfo
}

# The smallest of three readings a second apart: a transient allocation by
# something else in the VM should not count as the module's.
settled_kib() {
	local i v min=""

	for i in 1 2 3; do
		v=$(meminfo_kib "$1")
		[ -n "$min" ] && [ "$min" -le "$v" ] || min=$v
		[ "$i" = 3 ] || sleep 1
	done
	echo "$min"
}

# Let freed memory come back before reading counters: RCU callbacks,
# per-cpu slab partial lists, caches.
settle() {
	local cache

	sync
	echo 3 > /proc/sys/vm/drop_caches
	for cache in /sys/kernel/slab/*/shrink; do
		[ -w "$cache" ] && echo 1 > "$cache" 2>/dev/null || true
	done
	sleep 3
	echo 3 > /proc/sys/vm/drop_caches
}

# The module's kprobes, one line each ("" without debugfs): its hooks on
# security_*() and any probe on a function of the module itself. The offset
# is +0x0, or +0x4 past the ENDBR of a kernel built with IBT.
ipcwall_kprobes() {
	[ -r "$KPROBES_LIST" ] || return 0
	grep -E '[[:space:]]security_[a-z0-9_]+\+0x[0-9a-f]+|[[:space:]]ipcwall([[:space:]]|$)' \
		"$KPROBES_LIST" || true
}

# Are the hooks of a loaded module all armed? Prints why not.
hooks_armed() {
	local probes

	if [ -r /sys/kernel/debug/kprobes/enabled ] &&
	   [ "$(cat /sys/kernel/debug/kprobes/enabled)" != 1 ]; then
		echo "kprobes are disabled system wide"
		return 1
	fi
	[ -r "$KPROBES_LIST" ] || return 0
	probes=$(ipcwall_kprobes | grep security_ || true)
	if [ -z "$probes" ]; then
		echo "no security_* kprobe registered"
		return 1
	fi
	if grep -E 'DISABLED|GONE' <<<"$probes"; then
		echo "a hook is not armed"
		return 1
	fi
}

# GET_STATUS through the tool: must succeed and report enforcement complete.
tool_status() {
	local out

	if ! out=$("$IPCWALL" status 2>&1); then
		echo "$IPCWALL status failed:"
		echo "$out"
		return 1
	fi
	if ! grep -q 'enforcement: complete' <<<"$out"; then
		echo "$IPCWALL status does not say \"enforcement: complete\":"
		echo "$out"
		return 1
	fi
}

# One load and unload, checked at each step. Prints what went wrong.
cycle() {
	local out

	out=$(insmod "$IPCWALL_KO" 2>&1) || { echo "insmod: $out"; return 1; }
	hooks_armed || return 1
	tool_status || return 1
	# A policy in force at unload, replaced once before: both must go.
	out=$("$IPCWALL" load "$policy" 2>&1 &&
	      "$IPCWALL" load "$policy" 2>&1) || { echo "load: $out"; return 1; }
	out=$(rmmod ipcwall 2>&1) || { echo "rmmod: $out"; return 1; }
	if module_listed; then
		echo "/proc/modules still lists ipcwall after rmmod"
		return 1
	fi
	if [ -n "$(ipcwall_kprobes)" ]; then
		echo "kprobes left after rmmod:"
		ipcwall_kprobes
		return 1
	fi
}

# A failed cycle may leave the module in: take it out, so that what follows
# measures and reports what it should rather than that.
unload_after_failure() {
	module_listed || return 0
	rmmod ipcwall 2>&1 | while IFS= read -r line; do tap_log "$line"; done
}

# Growth of one /proc/meminfo counter against its tolerance.
check_growth() {
	local key=$1 before=$2 after=$3 max=$4 growth

	tap_current="${key}_growth"
	growth=$((after - before))
	tap_log "$key: before $before KiB, after $after KiB, growth $growth KiB, tolerated $max KiB"
	tap_result "$([ "$growth" -le "$max" ] && echo 0 || echo 1)" "$tap_current"
}

tap_plan 8
[ -r "$KPROBES_LIST" ] ||
	tap_log "no $KPROBES_LIST (debugfs not mounted): hooks are checked through the tool only"

tap_current=loaded_on_entry
if module_listed; then
	tap_ok "$tap_current"
else
	tap_not_ok "$tap_current"
	tap_log "the runner loads the module before this test; loading it now"
	insmod "$IPCWALL_KO"
fi

# Warm-up: the first load pays one-time costs (sysfs directories, genl id
# allocation, kprobe instruction slots) that are not leaks.
tap_current=warm_up_cycle
out=$(rmmod ipcwall 2>&1) && out=$(cycle 2>&1) && rc=0 || rc=1
[ "$rc" = 0 ] || { tap_log "$out"; unload_after_failure; }
tap_result "$rc" "$tap_current"

tap_current=load_unload_cycles
settle
sunreclaim_before=$(settled_kib SUnreclaim)
vmalloc_before=$(settled_kib VmallocUsed)
percpu_before=$(settled_kib Percpu)
if module_listed; then
	tap_log "baseline taken with the module in: $(grep '^ipcwall ' /proc/modules)"
else
	tap_log "baseline, ipcwall absent from /proc/modules: SUnreclaim $sunreclaim_before KiB, VmallocUsed $vmalloc_before KiB, Percpu $percpu_before KiB"
fi

rc=0
start=$SECONDS
for i in $(seq 1 "$CYCLES"); do
	if ! out=$(cycle 2>&1); then
		tap_log "cycle $i of $CYCLES: $out"
		unload_after_failure
		rc=1
		break
	fi
done
tap_log "$i cycles in $((SECONDS - start)) s"
tap_result "$rc" "$tap_current"

tap_current=unloaded_after_cycles
if module_listed; then
	tap_log "$(grep '^ipcwall ' /proc/modules)"
	tap_not_ok "$tap_current"
else
	tap_ok "$tap_current"
fi

settle
check_growth SUnreclaim "$sunreclaim_before" "$(settled_kib SUnreclaim)" \
	"$MAX_SUNRECLAIM_KIB"
check_growth VmallocUsed "$vmalloc_before" "$(settled_kib VmallocUsed)" \
	"$MAX_VMALLOC_KIB"
check_growth Percpu "$percpu_before" "$(settled_kib Percpu)" \
	"$MAX_PERCPU_KIB"

# Leave the module as the runner expects it: loaded, armed, answering.
tap_current=reloaded_for_runner
rc=0
out=$( (module_listed || insmod "$IPCWALL_KO") 2>&1 && hooks_armed &&
	tool_status) || rc=1
[ "$rc" = 0 ] || tap_log "$out"
tap_result "$rc" "$tap_current"
tap_current=""
