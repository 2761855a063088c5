#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Process groups from the command line, against the live module: `ipcwall
# run' puts a command in a group (as root, and as a user the group's launch
# list names), `ipcwall ps' lists it there, marked launched, in text and
# JSON, `ipcwall status' counts the members of each group; and the
# refusals: a user not in the launch list, a process already in a group,
# an unknown group, a command that does not exist.
#
# Runs as root in a test VM where the module was just loaded (no policy,
# generation 0). Needs $IPCWALL, setpriv and python3.
set -eu
. "$(dirname "$0")/tap.sh"

: "${IPCWALL:?path of the ipcwall tool}"

tmp=$(mktemp -d)
pids=()
cleanup() {
	local pid

	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	"$IPCWALL" unload > /dev/null 2>&1 || true
	rm -rf "$tmp"
}
tap_cleanup cleanup
. "$(dirname "$0")/cli.sh"

# expect_line [-F] LINE: the last run succeeded and printed a line matching
# the regular expression LINE (with -F, the very text LINE).
expect_line() {
	local how=-E

	[ "$1" != -F ] || { how=-F; shift; }
	if [ "$status" = 0 ] && [ ! -s "$tmp/err" ] && grep -qx "$how" -- "$1" "$tmp/out"; then
		tap_ok "$tap_current"
	else
		tap_log "no line matching: $1"
		show_output
		tap_not_ok "$tap_current"
	fi
}

# Waits until process $1 runs `sleep': it has joined and then executed.
wait_for_sleep() {
	local i

	for i in $(seq 50); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" != sleep ] || return 0
		sleep 0.1
	done
	return 1
}

# A line of `ipcwall ps': PID GROUP USER COMMAND.
ps_line() {
	printf '%7s  %-10s  %-8s  %s' "$1" "$2" "$3" "$4"
}

header=$(ps_line PID GROUP USER COMMAND)
nobody=$(getent passwd 65534 | cut -d: -f1)
nobody=${nobody:-65534}

cat > "$tmp/policy.yaml" <<'EOF'
groups:
  - group: g
    members:
      - exe: /nonexistent/g
  - group: open
    launch: [65534]
    members:
      - exe: /nonexistent/open
  - group: locked
    members:
      - exe: /nonexistent/locked
EOF

tap_plan 21

tap_current=load_policy
run "$IPCWALL" load "$tmp/policy.yaml"
expect 0 "policy loaded: generation 1 (3 groups, 0 rules)"

tap_current=root_runs_a_command_in_a_group
"$IPCWALL" run --group g -- sleep 100 > /dev/null 2> "$tmp/run-err" &
root_pid=$!
pids+=("$root_pid")
if wait_for_sleep "$root_pid"; then
	tap_ok "$tap_current"
else
	tap_log "process $root_pid never ran sleep; stderr:" "$(cat "$tmp/run-err")"
	tap_not_ok "$tap_current"
fi

tap_current=ps_shows_it_launched_in_its_group
run "$IPCWALL" ps
expect_line -F "$(ps_line "$root_pid" 'g*' root 'sleep 100')"

tap_current=ps_starts_with_the_header
if [ "$(head -n 1 "$tmp/out")" = "$header" ]; then
	tap_ok "$tap_current"
else
	tap_log "first line: $(head -n 1 "$tmp/out")" "expected:   $header"
	tap_not_ok "$tap_current"
fi

tap_current=ps_shows_init_in_no_group
run "$IPCWALL" ps
expect_line "$(ps_line 1 - root '.*')"

tap_current=ps_json
run "$IPCWALL" ps --json
cp "$tmp/out" "$tmp/ps.json"
if [ "$status" = 0 ] && python3 - "$tmp/ps.json" "$root_pid" > "$tmp/check" 2>&1 <<'PY'
import json
import sys

path, pid = sys.argv[1], int(sys.argv[2])
with open(path) as f:
    procs = json.load(f)
errors = []
if not isinstance(procs, list) or not procs:
    print("not a non-empty list: %r" % procs)
    sys.exit(1)
keys = {"pid", "group", "launched", "user", "command"}
for p in procs:
    if not isinstance(p, dict) or set(p) != keys:
        errors.append("entry %r: keys are not %s" % (p, sorted(keys)))
pids = [p.get("pid") for p in procs]
if pids != sorted(set(pids)):
    errors.append("pids are not strictly increasing")
want = {"pid": pid, "group": "g", "launched": True, "user": "root",
        "command": "sleep 100"}
if want not in procs:
    errors.append("no entry %r" % want)
init = [p for p in procs if p.get("pid") == 1]
if len(init) != 1 or init[0]["group"] is not None or init[0]["launched"] is not False:
    errors.append("pid 1: %r, expected group null, launched false" % init)
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY
then
	tap_ok "$tap_current"
else
	tap_log "status $status" "$(cat "$tmp/check")" "stderr: $(cat "$tmp/err")"
	tap_not_ok "$tap_current"
fi

tap_current=ps_group_lists_only_its_members
run "$IPCWALL" ps --group g
expect 0 "$header
$(ps_line "$root_pid" 'g*' root 'sleep 100')"

tap_current=ps_group_without_members
run "$IPCWALL" ps --group locked --json
expect 0 "[]"

tap_current=ps_unknown_group
run "$IPCWALL" ps --group nosuch
expect 1 "" "ipcwall: no group \`nosuch' in the policy in force"

tap_current=status_tasks_line
run "$IPCWALL" status
expect_line 'tasks: [1-9][0-9]* live, [1-9][0-9]* since load'

tap_current=status_members
if [ "$status" = 0 ] &&
   grep -qxF "groups: 3" "$tmp/out" &&
   grep -qxE '  g +1 process' "$tmp/out" &&
   grep -qxE '  open +0 processes' "$tmp/out" &&
   grep -qxE '  locked +0 processes' "$tmp/out" &&
   grep -qxE '  \(no group\) +[1-9][0-9]* processes' "$tmp/out" &&
   [ "$(grep -A3 -xF 'groups: 3' "$tmp/out" | tail -n 3 | awk '{ print $1 }' | paste -sd' ')" = "g open locked" ]; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=status_json_members
run "$IPCWALL" status --json
if [ "$status" = 0 ] && python3 -c '
import json, sys
st = json.load(open(sys.argv[1]))
ok = (st["groups"] == [{"name": "g", "processes": 1},
                       {"name": "open", "processes": 0},
                       {"name": "locked", "processes": 0}]
      and isinstance(st["unconfined_processes"], int)
      and st["unconfined_processes"] > 0
      and set(st["tasks"]) == {"live", "total"}
      and 0 < st["tasks"]["live"] <= st["tasks"]["total"])
sys.exit(0 if ok else 1)
' "$tmp/out"; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=nobody_not_in_launch_list
run as_nobody run --group locked -- true
expect 1 "" "ipcwall: cannot join group \`locked': uid 65534 is not in the group's launch list, and CAP_MAC_ADMIN is missing"

tap_current=nobody_in_launch_list_runs
# Not through the function: $! must be the process that becomes sleep.
"${nobody_cmd[@]}" "$IPCWALL" run --group open -- sleep 100 > /dev/null 2> "$tmp/run-err" &
nobody_pid=$!
pids+=("$nobody_pid")
if wait_for_sleep "$nobody_pid"; then
	run "$IPCWALL" ps --group open
	expect 0 "$header
$(ps_line "$nobody_pid" 'open*' "$nobody" 'sleep 100')"
else
	tap_log "process $nobody_pid never ran sleep; stderr:" "$(cat "$tmp/run-err")"
	tap_not_ok "$tap_current"
fi

tap_current=nobody_in_a_group_cannot_move
run as_nobody run --group open -- "$IPCWALL" run --group locked -- true
expect 1 "" "ipcwall: cannot join group \`locked': in group \`open': moving needs CAP_MAC_ADMIN"

tap_current=run_unknown_group
run "$IPCWALL" run --group nosuch -- true
expect 1 "" "ipcwall: cannot join group \`nosuch': no such group in the policy in force"

tap_current=run_missing_command
run "$IPCWALL" run --group g -- /nonexistent/command
expect 127 "" "ipcwall: cannot run \`/nonexistent/command': No such file or directory"

# As env(1): 127 when the command is not found, 126 when it cannot run.
tap_current=run_not_executable
run "$IPCWALL" run --group g -- "$tmp/policy.yaml"
expect 126 "" "ipcwall: cannot run \`$tmp/policy.yaml': Permission denied"

tap_current=run_passes_arguments_and_status
run "$IPCWALL" run --group g -- sh -c 'echo "$0 $1"; exit 7' a b
expect 7 "a b"

tap_current=nobody_ps_is_refused
run as_nobody ps
if [ "$status" = 1 ] && [ ! -s "$tmp/out" ] && grep -q CAP_MAC_ADMIN "$tmp/err"; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=run_without_policy
"$IPCWALL" unload > /dev/null
run "$IPCWALL" run --group g -- true
expect 1 "" "ipcwall: cannot join group \`g': no policy is loaded"
tap_current=""
