#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `ipcwall status' end to end: as root its text and JSON forms against the
# live module and the running kernel; as an unprivileged user a refusal that
# names the missing capability.
#
# Runs as root in a test VM where the module is loaded. Needs $IPCWALL and
# python3 (for a real JSON parser).
set -eu
. "$(dirname "$0")/tap.sh"

: "${IPCWALL:?path of the ipcwall tool}"
here=$(cd "$(dirname "$0")" && pwd)
release=$(uname -r)
abi=$(awk '$1 == "#define" && $2 == "IPCWALL_ABI_VERSION" { print $3 }' \
	"$here/../kmod/uapi/ipcwall.h")

tmp=$(mktemp -d)
cleanup() {
	rm -rf "$tmp"
}
tap_cleanup cleanup
. "$(dirname "$0")/cli.sh"

tap_plan 11

tap_current=root_status_succeeds
run "$IPCWALL" status
[ "$status" = 0 ] || show_output
tap_result "$status" "$tap_current"

tap_current=root_status_shows_kernel_release
if tr -s ' \t' '\n\n' < "$tmp/out" | grep -qxF -- "$release"; then
	tap_ok "$tap_current"
else
	tap_log "\"$release\" (uname -r) is not a word of the output"
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=root_status_enforcement_complete
if grep -qx 'enforcement: complete' "$tmp/out"; then
	tap_ok "$tap_current"
else
	tap_log "no line \"enforcement: complete\""
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=root_status_no_stderr
if [ -s "$tmp/err" ]; then
	show_output
	tap_not_ok "$tap_current"
else
	tap_ok "$tap_current"
fi

tap_current=root_json_succeeds
run "$IPCWALL" status --json
cp "$tmp/out" "$tmp/json"
[ "$status" = 0 ] || show_output
tap_result "$status" "$tap_current"

tap_current=root_json_is_valid
if python3 -m json.tool < "$tmp/json" > /dev/null 2> "$tmp/parse"; then
	tap_ok "$tap_current"
else
	tap_log "python3 -m json.tool: $(cat "$tmp/parse")" "output:" "$(cat "$tmp/json")"
	tap_not_ok "$tap_current"
fi

tap_current=root_json_is_one_line
if [ "$(wc -l < "$tmp/json")" = 1 ]; then
	tap_ok "$tap_current"
else
	tap_log "$(wc -l < "$tmp/json") lines, expected one object on one line"
	tap_not_ok "$tap_current"
fi

# The keys and the values a freshly loaded module must show.
tap_current=root_json_content
if python3 - "$tmp/json" "$release" "$abi" > "$tmp/check" 2>&1 <<'PY'
import json
import sys

path, release, abi = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    with open(path) as f:
        st = json.load(f)
except ValueError as e:
    print("not JSON: %s" % e)
    sys.exit(1)
errors = []

def expect(cond, what):
    if not cond:
        errors.append(what)

if not isinstance(st, dict):
    print("not a JSON object: %r" % st)
    sys.exit(1)
keys = {"module_version", "abi_version", "kernel_release",
        "policy_generation", "policy", "tasks", "groups",
        "unconfined_processes", "degraded", "hooks"}
expect(set(st) == keys, "keys %s, expected %s" % (sorted(st), sorted(keys)))
expect(isinstance(st.get("module_version"), str) and st["module_version"],
       "module_version %r is not a non-empty string" % st.get("module_version"))
expect(st.get("abi_version") == abi, "abi_version %r, expected %d" %
       (st.get("abi_version"), abi))
expect(st.get("kernel_release") == release, "kernel_release %r, expected %r" %
       (st.get("kernel_release"), release))
expect(st.get("policy_generation") == 0, "policy_generation %r, expected 0" %
       st.get("policy_generation"))
expect("policy" in st and st["policy"] is None,
       "policy %r, expected null: the module was just loaded" % st.get("policy"))
tasks = st.get("tasks")
expect(isinstance(tasks, dict) and set(tasks) == {"live", "total"} and
       all(isinstance(v, int) for v in tasks.values()) and
       0 < tasks["live"] <= tasks["total"],
       "tasks %r, expected {\"live\": N, \"total\": M}, 0 < N <= M" % tasks)
expect("groups" in st and st["groups"] is None,
       "groups %r, expected null: no policy is loaded" % st.get("groups"))
expect("unconfined_processes" in st and st["unconfined_processes"] is None,
       "unconfined_processes %r, expected null: no policy is loaded" %
       st.get("unconfined_processes"))
expect(st.get("degraded") == [], "degraded %r, expected []" % st.get("degraded"))
hooks = st.get("hooks")
expect(isinstance(hooks, list) and hooks, "hooks %r is not a non-empty list" % hooks)
for h in hooks if isinstance(hooks, list) else []:
    if not isinstance(h, dict):
        errors.append("hook %r is not an object" % h)
        continue
    expect(set(h) == {"name", "armed", "hits", "missed"}, "hook keys %s" % sorted(h))
    name = h.get("name")
    expect(isinstance(name, str) and name.startswith("security_"),
           "hook name %r does not start with security_" % name)
    expect(h.get("armed") is True, "hook %s: armed %r" % (name, h.get("armed")))
    expect(isinstance(h.get("hits"), int) and h["hits"] >= 0,
           "hook %s: hits %r" % (name, h.get("hits")))
    expect(h.get("missed") == 0, "hook %s: missed %r" % (name, h.get("missed")))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
PY
then
	tap_ok "$tap_current"
else
	tap_log "$(cat "$tmp/check")" "output:" "$(cat "$tmp/json")"
	tap_not_ok "$tap_current"
fi

tap_current=nobody_status_fails
run as_nobody status
if [ "$status" != 0 ]; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=nobody_status_names_capability
if grep -qE 'CAP_MAC_ADMIN|not permitted' "$tmp/err"; then
	tap_ok "$tap_current"
else
	tap_log "stderr mentions neither CAP_MAC_ADMIN nor \"not permitted\""
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=nobody_status_prints_no_status
if [ -s "$tmp/out" ]; then
	show_output
	tap_not_ok "$tap_current"
else
	tap_ok "$tap_current"
fi
tap_current=""
