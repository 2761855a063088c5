# SPDX-License-Identifier: GPL-2.0
#
# TAP 13 for the shell selftests, the same output as harness.h. Source it,
# then:
#
#   tap_plan N             "TAP version 13" and "1..N"
#   tap_ok NAME            "ok K NAME"
#   tap_not_ok NAME        "not ok K NAME"
#   tap_skip NAME REASON   "ok K NAME # SKIP REASON"
#   tap_result STATUS NAME ok when STATUS is 0, not ok otherwise
#   tap_log MSG...         "# NAME: MSG" about the test being run, one line
#                          per line of each MSG
#
# Set tap_current to the name of the test being run: on exit (normal or
# not) it is reported "not ok K NAME # aborted" if it was not reported, every
# other planned test "not ok K not_run", then "# Totals: pass:P fail:F skip:S", and the
# script exits 0 iff none failed. Tests that need cleanup register it with
# tap_cleanup FUNCTION, which runs first.

tap_n=0 tap_pass=0 tap_fail=0 tap_skip_count=0 tap_planned=0
tap_current="" tap_cleanup_fn=""

tap_plan() {
	tap_planned=$1
	echo "TAP version 13"
	echo "1..$1"
}

tap_log() {
	local line

	printf '%s\n' "$@" | while IFS= read -r line; do
		echo "# ${tap_current:-$(basename "$0")}: $line"
	done
}

tap_ok() {
	tap_n=$((tap_n + 1)) tap_pass=$((tap_pass + 1))
	echo "ok $tap_n $1"
}

tap_not_ok() {
	tap_n=$((tap_n + 1)) tap_fail=$((tap_fail + 1))
	echo "not ok $tap_n $1${2:+ # $2}"
}

tap_skip() {
	tap_n=$((tap_n + 1)) tap_skip_count=$((tap_skip_count + 1))
	echo "ok $tap_n $1 # SKIP $2"
}

tap_result() {
	if [ "$1" = 0 ]; then tap_ok "$2"; else tap_not_ok "$2"; fi
}

tap_cleanup() {
	tap_cleanup_fn=$1
}

tap_finish() {
	local rc=$?

	trap - EXIT
	set +e
	[ -z "$tap_cleanup_fn" ] || "$tap_cleanup_fn"
	if [ "$tap_n" -lt "$tap_planned" ] && [ "$rc" != 0 ]; then
		echo "# $(basename "$0"): stopped by an unexpected failure (status $rc)"
	fi
	if [ "$tap_n" -lt "$tap_planned" ] && [ -n "$tap_current" ]; then
		tap_not_ok "$tap_current" "aborted"
	fi
	while [ "$tap_n" -lt "$tap_planned" ]; do
		tap_not_ok "not_run"
	done
	echo "# Totals: pass:$tap_pass fail:$tap_fail skip:$tap_skip_count"
	[ "$tap_fail" = 0 ] && exit 0
	exit 1
}
trap tap_finish EXIT
