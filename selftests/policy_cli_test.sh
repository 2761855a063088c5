#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The policy commands of the tool against the live module, as an
# administrator uses them: load YAML directories and compiled files, read
# the policy back (show, load, show gives the same text), ask for decisions,
# unload; and the failures: a policy with errors, an unprivileged caller,
# nothing loaded. Every failure must leave the policy in force untouched.
#
# Runs as root in a test VM where the module was just loaded (no policy,
# generation 0). Needs $IPCWALL.
set -eu
. "$(dirname "$0")/tap.sh"

: "${IPCWALL:?path of the ipcwall tool}"
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
cleanup() {
	rm -rf "$tmp"
}
tap_cleanup cleanup
. "$(dirname "$0")/cli.sh"

generation() {
	"$IPCWALL" status --json |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["policy_generation"])'
}

tap_plan 17

tap_current=show_without_policy
run "$IPCWALL" show
expect 1 "" "ipcwall: no policy is loaded"

tap_current=load_directory
run "$IPCWALL" load policies/nginx
expect 0 "policy loaded: generation 1 (2 groups, 20 rules)"

tap_current=status_reports_generation
run generation
expect 0 1

tap_current=status_reports_policy_size
run "$IPCWALL" status
if [ "$status" = 0 ] && grep -qx "policy: generation 1, 2 groups, 20 rules" "$tmp/out"; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=show_load_show_is_identical
"$IPCWALL" show > "$tmp/first.yaml"
run "$IPCWALL" load "$tmp/first.yaml"
"$IPCWALL" show > "$tmp/second.yaml"
if cmp -s "$tmp/first.yaml" "$tmp/second.yaml" &&
   [ "$(cat "$tmp/out")" = "policy loaded: generation 2 (2 groups, 20 rules)" ]; then
	tap_ok "$tap_current"
else
	tap_log "$(diff -u "$tmp/first.yaml" "$tmp/second.yaml" || true)"
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=query_inbound_rule
run "$IPCWALL" query php-fpm signal HUP to nginx
expect 0 "deny: rule 2 of group \`nginx' (inbound), generation 2, audited"

tap_current=query_outbound_rule
run "$IPCWALL" query nginx file write path /var/log/nginx/error.log
expect 0 "allow: rule 9 of group \`nginx' (outbound), generation 2"

tap_current=query_unknown_group
run "$IPCWALL" query nosuch signal TERM to nginx
expect 1 "" "ipcwall: no group \`nosuch' in the policy in force"

tap_current=query_unknown_target
run "$IPCWALL" query nginx signal TERM to nosuch
expect 1 "" "ipcwall: no group \`nosuch' in the policy in force"

tap_current=load_compiled_file
"$IPCWALL" compile policies/ -o "$tmp/all.bin"
run "$IPCWALL" load "$tmp/all.bin"
expect 0 "policy loaded: generation 3 (17 groups, 81 rules)"

tap_current=errors_leave_policy_in_force
printf 'group: broken\nrules:\n  - allow: signl\n    to: "*"\n' > "$tmp/broken.yaml"
"$IPCWALL" show > "$tmp/before.yaml"
run "$IPCWALL" load "$tmp/broken.yaml"
if [ "$status" = 1 ] && [ "$(cat "$tmp/err")" = "$tmp/broken.yaml:3:12: error: invalid value \`signl' for \`allow'; did you mean \`signal'?" ] &&
   [ "$(generation)" = 3 ] && "$IPCWALL" show | cmp -s - "$tmp/before.yaml"; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=corrupt_compiled_file_refused
cp "$tmp/all.bin" "$tmp/corrupt.bin"
printf '\xff' | dd of="$tmp/corrupt.bin" bs=1 seek=12 conv=notrunc status=none
run "$IPCWALL" load "$tmp/corrupt.bin"
if [ "$status" = 1 ] && [ -s "$tmp/err" ] && [ "$(generation)" = 3 ]; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=unprivileged_load_refused
run as_nobody load policies/nginx
if [ "$status" = 1 ] && grep -q "CAP_MAC_ADMIN is required" "$tmp/err" &&
   [ "$(generation)" = 3 ]; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=unprivileged_show_refused
run as_nobody show
if [ "$status" = 1 ] && grep -q "CAP_MAC_ADMIN is required" "$tmp/err"; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=unload
run "$IPCWALL" unload
expect 0 "policy unloaded: generation 4"

tap_current=status_after_unload
run "$IPCWALL" status
if [ "$status" = 0 ] && grep -qx "policy: none loaded (generation 4)" "$tmp/out"; then
	tap_ok "$tap_current"
else
	show_output
	tap_not_ok "$tap_current"
fi

tap_current=nothing_judges_after_unload
run "$IPCWALL" query unconfined signal TERM to unconfined
expect 0 "allow: no group judges this interaction, generation 4"
