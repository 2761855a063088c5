#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Processes that were running before the module was loaded: the first
# policy load classifies them like every other process, by the image the
# module recorded for them when it was inserted (docs/groups.md "Policy
# loads reclassify every process"): their executable, for a script its
# interpreter, and their real ids then.
#
# Runs as root in a test VM. Removes the module that run-selftests
# inserted, starts the processes, inserts $IPCWALL_KO again and loads a
# policy with $IPCWALL; asks the module for each process's group with
# selftests/build/task_group. Leaves the module loaded, without policy.
set -eu
. "$(dirname "$0")/tap.sh"

: "${IPCWALL:?path of the ipcwall tool}"
: "${IPCWALL_KO:?path of ipcwall.ko}"
here=$(cd "$(dirname "$0")" && pwd)
task_group=$here/build/task_group
dir=/tmp/groups-preexisting

pids=()
cleanup() {
	local pid

	for pid in "${pids[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	"$IPCWALL" unload >/dev/null 2>&1 || true
	rm -rf "$dir"
}
tap_cleanup cleanup

# Checks that process $2 is in group $3 ("-": none), not launched.
expect_group() {
	local name=$1 pid=$2 want="$3 0" got

	tap_current=$name
	if got=$("$task_group" "$pid" 2>&1) && [ "$got" = "$want" ]; then
		tap_ok "$name"
	else
		tap_log "pid $pid: expected \"$want\", task_group said \"$got\""
		tap_not_ok "$name"
	fi
}

# Waits until process $1 runs executable $2.
wait_exe() {
	local i

	for i in $(seq 100); do
		[ "$(readlink "/proc/$1/exe" 2>/dev/null)" != "$2" ] || return 0
		sleep 0.05
	done
	tap_log "pid $1 does not run $2"
	return 1
}

tap_plan 8

rm -rf "$dir"
mkdir -m 0755 "$dir"
cp /bin/sleep "$dir/appP"
cp /bin/sleep "$dir/other"
cp /bin/sh "$dir/interp"
mkfifo "$dir/fifo"
printf '#!%s\nread -r line < %s\n' "$dir/interp" "$dir/fifo" > "$dir/script"
chmod 0755 "$dir"/*
cat > "$dir/policy.yaml" <<YAML
groups:
  - group: P
    members:
      - exe: $dir/appP
  - group: Script
    members:
      - exe: $dir/script
  - group: Interp
    members:
      - exe: $dir/interp
  - group: Nobody
    members:
      - uid: 65534
YAML

tap_current=module_removed
if grep -q '^ipcwall ' /proc/modules; then
	rmmod ipcwall
fi
tap_ok "$tap_current"

"$dir/appP" 1000 &
binary=$!
pids+=("$binary")
"$dir/script" &
script=$!
pids+=("$script")
setpriv --reuid=65534 --regid=65534 --clear-groups "$dir/other" 1000 &
nobody=$!
pids+=("$nobody")
wait_exe "$binary" "$dir/appP"
wait_exe "$script" "$dir/interp"
wait_exe "$nobody" "$dir/other"

tap_current=module_inserted
insmod "$IPCWALL_KO"
tap_ok "$tap_current"

expect_group in_no_group_without_policy "$binary" -

tap_current=policy_loaded
out=$("$IPCWALL" load "$dir/policy.yaml" 2>&1) || {
	tap_log "$out"
	false
}
tap_ok "$tap_current"

expect_group binary_by_its_exe "$binary" P
expect_group script_by_its_interpreter "$script" Interp
expect_group by_its_uid_at_insert "$nobody" Nobody

# Started now, the same script is classified by its own path.
"$dir/script" &
late=$!
pids+=("$late")
wait_exe "$late" "$dir/interp"
expect_group script_started_after_by_its_path "$late" Script
