# SPDX-License-Identifier: GPL-2.0
#
# Running the ipcwall tool in the shell suites and checking exactly what it
# printed. Source after tap.sh, once $tmp (a directory of the test's own)
# and $IPCWALL (the tool) are set; expect reports as $tap_current.

# As nobody, with no group and no capability.
nobody_cmd=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

as_nobody() {
	"${nobody_cmd[@]}" "$IPCWALL" "$@"
}

# Runs "$@": status in $status, stdout in $tmp/out, stderr in $tmp/err.
run() {
	status=0
	"$@" > "$tmp/out" 2> "$tmp/err" || status=$?
}

show_output() {
	tap_log "status $status; stdout:" "$(cat "$tmp/out")"
	[ ! -s "$tmp/err" ] || tap_log "stderr:" "$(cat "$tmp/err")"
}

# expect STATUS STDOUT [STDERR]: the last run's exact results.
expect() {
	local ok=0

	[ "$status" = "$1" ] || ok=1
	[ "$(cat "$tmp/out")" = "$2" ] || ok=1
	[ "$(cat "$tmp/err")" = "${3:-}" ] || ok=1
	if [ $ok != 0 ]; then
		tap_log "expected status $1; stdout:" "$2"
		[ -z "${3:-}" ] || tap_log "expected stderr:" "$3"
		show_output
	fi
	tap_result $ok "$tap_current"
}
