#!/usr/bin/env bash
# build.sh - install dependencies, build and test gpuplan.
#
#   ./build.sh run [ARGS...]   build, then run _build/gpuplan ARGS...
#   ./build.sh test            build, then unit/CLI tests, sanitizer build +
#                              tests, valgrind runs and make distcheck; the
#                              last line printed is "N passed, N failed".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

BUILD_DIR=_build
ASAN_DIR=_build-asan
JOBS=$(nproc 2>/dev/null || echo 2)

PACKAGES=(
	build-essential autoconf automake pkg-config
	libncurses-dev libcjson-dev libiniparser-dev check
	tmux valgrind groff-base ncurses-base clang python3 python3-yaml
)

usage() {
	cat <<EOF
usage: ./build.sh run [ARGS...]   build, then run gpuplan with ARGS
       ./build.sh test            build and run every test stage
EOF
}

log() { printf '==> %s\n' "$*" >&2; }

# --- dependencies -------------------------------------------------------
ensure_packages() {
	local missing=() pkg
	for pkg in "${PACKAGES[@]}"; do
		if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q 'install ok installed'; then
			missing+=("$pkg")
		fi
	done
	[ "${#missing[@]}" -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "error: missing packages: ${missing[*]}" >&2
		echo "install them with:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
		exit 1
	fi
	log "installing: ${missing[*]}"
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		"${missing[@]}" >&2
}

# --- autotools ------------------------------------------------------------
bootstrap() {
	if [ -f config.status ]; then
		echo "error: the source tree itself is configured; run 'make distclean' in $ROOT first" >&2
		exit 1
	fi
	if [ ! -x configure ] || [ ! -f Makefile.in ] ||
		[ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
		log "autoreconf -fi"
		autoreconf -fi >&2
	fi
}

# configure_in DIR [CONFIGURE ARGS...]: configure DIR out of tree if needed.
configure_in() {
	local dir=$1
	shift
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ]; then
		log "configure in $dir: $*"
		(cd "$dir" && "$ROOT/configure" "$@") >&2
	fi
}

# build_in DIR [CONFIGURE ARGS...]; build output goes to stderr.
build_in() {
	local dir=$1
	configure_in "$@" || return 1
	log "make in $dir"
	make -C "$dir" -j"$JOBS" >&2
}

# --- test bookkeeping -------------------------------------------------------
PASSED=0
FAILED=0
SUMMARY=()
BRIEF=/dev/null	# cmd_test: failed tests' context, shown above the summary

record() { # record STAGE PASSED FAILED [NOTE]
	PASSED=$((PASSED + $2))
	FAILED=$((FAILED + $3))
	SUMMARY+=("$(printf '%-12s %3d passed, %3d failed%s' "$1:" "$2" "$3" "${4:+  ($4)}")")
}

# record_build STAGE STATUS: a build is no test, but a failed one counts as
# one failure.
record_build() {
	if [ "$2" -eq 0 ]; then
		SUMMARY+=("$(printf '%-12s ok' "$1:")")
	else
		FAILED=$((FAILED + 1))
		SUMMARY+=("$(printf '%-12s FAILED (counted as 1 failure)' "$1:")")
	fi
}

# suite_count LOG KEY: the number on the "# KEY: N" line of a test-suite.log.
suite_count() {
	local n
	n=$(sed -n "s/^# $2: *\([0-9][0-9]*\).*/\1/p" "$1" | head -n 1)
	echo "${n:-0}"
}

# show_failed_logs DIR [FIND ARGS...]: print the logs of failed tests under DIR.
show_failed_logs() {
	local dir=$1 trs
	shift
	while IFS= read -r trs; do
		if grep -Eq '^:test-result: (FAIL|XPASS|ERROR)' "$trs"; then
			echo "----- ${trs%.trs}.log -----"
			cat "${trs%.trs}.log" 2>/dev/null || true
		fi
	done < <(find "$dir" -name '*.trs' "$@" | sort)
}

# failed_names DIR FIND-ARGS...: the failed tests' names on one line, for
# the summary, which is what survives when a long log is cut short.
failed_names() {
	local dir=$1 trs line names=()
	shift
	while IFS= read -r trs; do
		grep -Eq '^:test-result: (FAIL|XPASS|ERROR)' "$trs" || continue
		names+=("$(basename "${trs%.trs}")")
		# the lines around each failure (at most three), kept for the
		# end of the output, just above the summary
		grep -E -B 30 -A 3 '^not ok' "${trs%.trs}.log" 2>/dev/null |
			awk '/^not ok/ { n++ } n <= 3' | head -n 120 >>"$BRIEF"
		while IFS= read -r line; do
			names+=("${line#not ok }")
		done < <(grep -E '^not ok' "${trs%.trs}.log" 2>/dev/null | head -n 5)
	done < <(find "$dir" -name '*.trs' "$@" | sort)
	local IFS=';'
	echo "${names[*]}"
}

# check_stage NAME DIR: make check in DIR and count its tests.
check_stage() {
	local name=$1 dir=$2 status=0 log pass fail skip note=
	log="$dir/test-suite.log"
	rm -f "$log"
	echo "=== $name: make check in $dir"
	make -C "$dir" -k -j"$JOBS" check || status=$?
	if [ ! -f "$log" ]; then
		record "$name" 0 1 "make check exited $status before running tests"
		return
	fi
	pass=$(( $(suite_count "$log" PASS) + $(suite_count "$log" XFAIL) ))
	fail=$(( $(suite_count "$log" FAIL) + $(suite_count "$log" XPASS) +
		$(suite_count "$log" ERROR) ))
	skip=$(suite_count "$log" SKIP)
	[ "$skip" -gt 0 ] && note="$skip skipped"
	if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
		fail=1
		note="make check exited $status"
	fi
	if [ "$fail" -ne 0 ]; then
		echo "=== $name: logs of failed tests"
		# (not the copies a failed distcheck leaves in gpuplan-VERSION/)
		show_failed_logs "$dir" -not -path '*/gpuplan-*/*'
		note="${note:+$note; }$(failed_names "$dir" -not -path '*/gpuplan-*/*')"
	fi
	record "$name" "$pass" "$fail" "$note"
}

# valgrind_stage DIR: run the real binary of DIR under valgrind.
valgrind_stage() {
	local bin="$ROOT/$1/gpuplan" data="$ROOT/data" pass=0 fail=0 i=0 vlog
	local scen="$ROOT/tests/data/scenarios"
	local -a cmds=(
		"plan"
		"plan --format json"
		"plan --format markdown --model llama-4-maverick --gpu h200 --tp 8"
		"plan --format vllm --scenario $scen/scout-h200.ini"
		"compare $scen/scout-h100.ini $scen/scout-h200.ini"
		"fit --demand-tokens 5000 --slo-tpot-ms 30 --format json"
		"inspect --model deepseek-v3"
		"models"
		"gpus"
	)
	local cmd
	echo "=== valgrind"
	for cmd in "${cmds[@]}"; do
		i=$((i + 1))
		vlog="$ROOT/$1/valgrind-$i.log"
		# shellcheck disable=SC2086 # cmd is split into words on purpose
		if [ -x "$bin" ] && valgrind --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect --log-file="$vlog" \
			"$bin" $cmd --data-dir "$data" </dev/null >/dev/null; then
			echo "PASS: gpuplan $cmd"
			pass=$((pass + 1))
		else
			echo "FAIL: gpuplan $cmd"
			[ -f "$vlog" ] && cat "$vlog"
			fail=$((fail + 1))
		fi
	done
	if valgrind_tui "$bin" "$data" "$ROOT/$1/valgrind-tui.log"; then
		echo "PASS: gpuplan (screen session in tmux)"
		pass=$((pass + 1))
	else
		echo "FAIL: gpuplan (screen session in tmux)"
		fail=$((fail + 1))
	fi
	record valgrind "$pass" "$fail"
}

# valgrind_tui BIN DATA LOG: a scripted screen session under valgrind in
# a detached tmux: moves, value changes, overlays, search, pin/compare,
# export, save, quit. Passes on exit status 0 with no errors or leaks.
valgrind_tui() {
	local bin=$1 data=$2 vlog=$3 sock="gpuplan-vg-$$" dir
	dir=$(mktemp -d)
	local T=(tmux -L "$sock" -f /dev/null)
	"${T[@]}" new-session -d -s vg -x 100 -y 30 \
		"env LANG=C.UTF-8 TERM=tmux-256color XDG_DATA_HOME='$dir' GPUPLAN_CONFIG='$dir/none' \
		 valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		 --log-file='$vlog' '$bin' --data-dir '$data'; echo \$? >'$dir/status'"
	# r asks before it resets (y), and q asks while the reset scenario
	# differs from the saved one (y)
	local keys=(j j j j j l l h '?' Space x Space / m a v Enter e Tab Tab Escape p
		    j l c Space s v g Enter r y q y)
	sleep 4
	for k in "${keys[@]}"; do
		"${T[@]}" send-keys -t vg "$k" 2>/dev/null || true
		sleep 0.4
	done
	for _ in $(seq 1 120); do
		[ -s "$dir/status" ] && break
		sleep 0.5
	done
	local status
	status=$(cat "$dir/status" 2>/dev/null || echo none)
	"${T[@]}" kill-server 2>/dev/null || true
	rm -rf "$dir"
	if [ "$status" != 0 ]; then
		echo "screen session under valgrind: exit status $status"
		[ -f "$vlog" ] && cat "$vlog"
		return 1
	fi
}

fuzz_stage() {
	local dir=$1 flog="$ROOT/$1/fuzz.log"
	echo "=== make fuzz in $dir, ${FUZZ_SECONDS:-20} s per target (output in $flog)"
	if FUZZ_SECONDS=${FUZZ_SECONDS:-20} make -C "$dir" fuzz >"$flog" 2>&1; then
		grep -E '^== |number_of_executed_units|DONE' "$flog" || true
		echo "PASS: fuzz"
		record fuzz 1 0
	else
		tail -n 60 "$flog"
		echo "FAIL: fuzz"
		record fuzz 0 1
	fi
}

distcheck_stage() {
	local dir=$1 dlog="$ROOT/$1/distcheck.log"
	echo "=== make distcheck in $dir (output in $dlog)"
	if make -C "$dir" distcheck >"$dlog" 2>&1; then
		echo "PASS: distcheck"
		record distcheck 1 0
	else
		echo "FAIL: distcheck; last lines of $dlog:"
		tail -n 100 "$dlog"
		show_failed_logs "$dir" -path '*/gpuplan-*/*'
		record distcheck 0 1 "$(failed_names "$dir" -path '*/gpuplan-*/*')"
	fi
}

cmd_test() {
	local built=0 asan_built=0
	BRIEF=$(mktemp)
	ensure_packages
	bootstrap

	echo "=== build in $BUILD_DIR"
	if build_in "$BUILD_DIR" --enable-werror; then
		built=1
		record_build build 0
	else
		record_build build 1
	fi
	if [ "$built" -eq 1 ]; then
		check_stage check "$BUILD_DIR"
	fi

	echo "=== sanitizer build in $ASAN_DIR"
	if build_in "$ASAN_DIR" --enable-werror --enable-sanitizers; then
		asan_built=1
		record_build asan-build 0
	else
		record_build asan-build 1
	fi
	if [ "$asan_built" -eq 1 ]; then
		check_stage asan-check "$ASAN_DIR"
	fi

	if [ "$built" -eq 1 ]; then
		valgrind_stage "$BUILD_DIR"
		fuzz_stage "$BUILD_DIR"
		distcheck_stage "$BUILD_DIR"
	else
		record valgrind 0 8 "not built"
		record fuzz 0 1 "not built"
		record distcheck 0 1 "not built"
	fi

	if [ -s "$BRIEF" ]; then
		echo
		echo "=== failures in brief (the lines before each 'not ok')"
		cat "$BRIEF"
	fi
	rm -f "$BRIEF"
	echo
	echo "=== summary"
	printf '%s\n' "${SUMMARY[@]}"
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

cmd_run() {
	ensure_packages
	bootstrap
	build_in "$BUILD_DIR" --enable-werror
	exec "$ROOT/$BUILD_DIR/gpuplan" "$@"
}

case "${1:-}" in
run)
	shift
	cmd_run "$@"
	;;
test)
	shift
	cmd_test
	;;
*)
	usage >&2
	exit 2
	;;
esac
