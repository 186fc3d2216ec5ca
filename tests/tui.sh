#!/usr/bin/env bash
# tui.sh - the interactive screen, driven for real: the binary runs in a
# fixed-size tmux, keys go in with send-keys, the screen comes back with
# capture-pane and is compared with golden screens (tests/golden/tui-*).
# Regenerate after a reviewed change with
#   GPUPLAN_REGEN=1 make check TESTS=tests/tui.sh
set -u

: "${GPUPLAN:?}" "${top_srcdir:?}"
command -v tmux >/dev/null || { echo "1..0 # SKIP tmux not installed"; exit 0; }
data="$top_srcdir/data"
golden="$top_srcdir/tests/golden"
sock="gpuplan-test-$$"
tmp=$(mktemp -d)
pass=0
fail=0
T() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
# A session that lives as long as the script: killing "gp" must never
# leave the server empty, or it exits while the next new-session is
# already talking to it and takes that session down too.
T new-session -d -s keep "sleep 86400"

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }
# shellcheck disable=SC2120 # called with -e sometimes
screen() { T capture-pane -p -t gp "$@"; }

# wait_for TEXT: poll the screen until TEXT shows (5 s at most), then
# let the redraw settle.
wait_for() {
	local _
	for _ in $(seq 1 100); do
		if screen | grep -qF -- "$1"; then
			sleep 0.1
			return 0
		fi
		sleep 0.05
	done
	echo "# timed out waiting for: $1"
	screen | sed 's/^/# /'
	return 1
}

# start COLSxROWS ENV... -- ARGS...: a fresh session running gpuplan; the
# shell prints its exit status when it returns.
start() {
	local size=$1 env=()
	shift
	while [ "$1" != "--" ]; do env+=("$1"); shift; done
	shift
	T kill-session -t gp 2>/dev/null
	T new-session -d -s gp -x "${size%x*}" -y "${size#*x}" \
		"env ${env[*]} '$GPUPLAN' --data-dir '$data' $*; echo EXIT:\$?; sleep 60"
	T set-option -t gp status off >/dev/null
	T resize-window -t gp -x "${size%x*}" -y "${size#*x}" 2>/dev/null
}

# expect NAME: the screen must equal tests/golden/tui-NAME.
expect() {
	screen >"$tmp/screen"
	[ -n "${GPUPLAN_REGEN:-}" ] && cp "$tmp/screen" "$golden/tui-$1.txt"
	if diff -u "$golden/tui-$1.txt" "$tmp/screen"; then
		ok "screen $1"
	else
		not_ok "screen $1"
	fi
}

check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

# Saved scenarios and exports go to a scratch directory; no user config.
iso=(XDG_DATA_HOME="$tmp/data" GPUPLAN_CONFIG="$tmp/none.ini")
utf8=(LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color "${iso[@]}")

# 80x24, UTF-8, colour: the default scenario.
start 80x24 "${utf8[@]}" -- ""
wait_for "Warnings" && expect 80x24-start
check "colour escapes on a colour terminal" 'screen -e | grep -qE $'"'"'\e\[(3[0-7]|38;5;[0-9]+)m'"'"''

# Down to batch, double it twice: the plan stops fitting.
T send-keys -t gp j j j j j j l l
wait_for "DOES NOT FIT" && expect 80x24-batch64

# Type an exact value: context 32k on batch back at 16.
T send-keys -t gp h h k Enter 3 2 k Enter
wait_for "32k" && expect 80x24-context32k

# Help and explain overlays; any key closes them.
T send-keys -t gp '?'
wait_for "gpuplan keys" && expect 80x24-help
T send-keys -t gp Space x
wait_for "why these numbers" && expect 80x24-explain
T send-keys -t gp Space

# Search the model list.
T send-keys -t gp /
wait_for "search:"
T send-keys -t gp m a v Enter
wait_for "Maverick" && expect 80x24-maverick

# MoE off: sized as dense.
T send-keys -t gp m
wait_for "sized as dense" && ok "m toggles MoE off" || not_ok "m toggles MoE off"

# A config.json typed into the form is imported and planned.
T send-keys -t gp j Enter
wait_for "model-config (Enter"
T send-keys -t gp "$top_srcdir/tests/data/hf/Mistral-7B-v0.1/config.json" Enter
wait_for "imported " && check "a typed config.json becomes the model" \
	'screen | grep -q "mistral-7b-v0.1"'
T send-keys -t gp / m a v Enter
wait_for "Maverick" && check "picking a catalog model again clears config.json" \
	'screen | grep -q "config.json none"'

# Resize: too small, then large.
T resize-window -t gp -x 60 -y 20
wait_for "terminal too small" && expect 60x20-too-small
T resize-window -t gp -x 160 -y 48
wait_for "GPU 3" && expect 160x48-large

# A resize storm, down to 1x1 and up to 500x200: the screen recovers.
for size in 1x1 30x5 500x200 79x24 80x23 200x60 1x1 80x24; do
	T resize-window -t gp -x "${size%x*}" -y "${size#*x}"
done
wait_for "Warnings" && check "screen recovers after a resize storm" \
	'screen | grep -q "Llama 4 Maverick" && screen | grep -q "^up/down move"'

# Tiers, then "find cheapest": Enter loads the second row into the form.
T send-keys -t gp t
wait_for "Traffic tiers" && ok "t shows the traffic tiers" || not_ok "t shows the tiers"
T send-keys -t gp Space f
wait_for "cheapest plans that work" && expect 80x24-fit
T send-keys -t gp Down Enter
wait_for "loaded plan 2" && ok "Enter loads a cheapest plan into the form" || not_ok "fit row loads"

# q with unsaved changes asks; any other key goes back; y quits.
T send-keys -t gp q
wait_for "Unsaved changes" && ok "q asks about unsaved changes" || not_ok "q asks"
T send-keys -t gp n
wait_for "Enter edit" && ok "another key goes back" || not_ok "another key goes back"
T send-keys -t gp q y
wait_for "EXIT:0" && ok "q then y quits with status 0" || not_ok "q then y quits with status 0"

# Save, change, open again: the saved values come back.
start 80x24 "${utf8[@]}" -- ""
wait_for "Warnings"
T send-keys -t gp j j j j j j l s r e v i e w - a Enter
wait_for "saved " && check "s saves atomically to the scenarios directory" \
	'grep -q "^batch = 32$" "$tmp/data/gpuplan/scenarios/review-a.ini" && [ $(ls "$tmp/data/gpuplan/scenarios" | wc -l) -eq 1 ]'
check "title names the file" 'screen | grep -q "review-a.ini"'
T send-keys -t gp l
wait_for "[modified]" && ok "a change marks the scenario modified" || not_ok "modified mark"
T send-keys -t gp o
wait_for "open a saved scenario"
T send-keys -t gp Enter
wait_for "opened " && check "o opens it: batch back to 32" 'screen | grep -q "batch       32"'

# Pin A, change the GPU count, compare side by side.
T send-keys -t gp p
wait_for "A pinned"
T send-keys -t gp j j j j l
wait_for "GPUs        8"
T send-keys -t gp c
wait_for "A (pinned) vs now" && expect 80x24-compare
T send-keys -t gp Space

# Export: the vLLM line, then SGLang, written to a file.
T send-keys -t gp e
wait_for "vllm serve" && expect 80x24-export-vllm
T send-keys -t gp Tab
wait_for "sglang.launch_server" && ok "Tab shows the SGLang line" || not_ok "Tab shows SGLang"
T send-keys -t gp w Enter
wait_for "wrote " && check "w writes the export" \
	'grep -q "sglang.launch_server" "$tmp/data/gpuplan/scenarios/review-a.sglang.sh"'
T send-keys -t gp s Enter
wait_for "saved " && ok "s then Enter saves over the open file" || not_ok "resave"
T send-keys -t gp q
wait_for "EXIT:0" && ok "q quits at once when nothing is unsaved" || not_ok "q after save"

# ASCII in the C locale, no colour (NO_COLOR).
start 80x24 LANG=C LC_ALL=C NO_COLOR=1 TERM=tmux-256color "${iso[@]}" -- ""
wait_for "Warnings" && expect 80x24-ascii
check "no colour escapes with NO_COLOR" '! screen -e | grep -qE $'"'"'\e\[(3[0-7]|38;5;[0-9]+)m'"'"''
T send-keys -t gp C-c
wait_for "EXIT:0" && ok "Ctrl-C quits with status 0" || not_ok "Ctrl-C quits"

# --ascii --no-color under UTF-8 draw the same glyphs as the C locale.
start 80x24 "${utf8[@]}" -- --ascii --no-color
wait_for "Warnings" && expect 80x24-ascii
T send-keys -t gp q

# SIGTERM restores the terminal and exits 143.
start 80x24 "${utf8[@]}" -- ""
wait_for "Warnings"
# Only the gpuplan this script started: the child of the pane's shell.
pane_pid=$(T display-message -p -t gp '#{pane_pid}')
for child in $(pgrep -P "$pane_pid"); do kill -TERM "$child"; done
wait_for "EXIT:143" && ok "SIGTERM restores the terminal, status 143" || not_ok "SIGTERM"

# Other terminal types draw the screen too.
for term in xterm screen linux vt100; do
	start 80x24 LANG=C TERM=$term "${iso[@]}" -- ""
	if wait_for "Warnings"; then ok "TERM=$term draws the screen"; else not_ok "TERM=$term"; fi
	T send-keys -t gp q
	wait_for "EXIT:0" >/dev/null || not_ok "TERM=$term: q"
done

# Ctrl-Z suspends and restores the terminal; fg brings the screen back.
T kill-session -t gp 2>/dev/null
T new-session -d -s gp -x 80 -y 24 "env ${utf8[*]} PS1='$ ' bash --norc --noprofile -i"
sleep 0.3
T send-keys -t gp "'$GPUPLAN' --data-dir '$data'" Enter
wait_for "Warnings"
T send-keys -t gp C-z
wait_for "Stopped" && ok "Ctrl-Z gives the shell its terminal back" || not_ok "Ctrl-Z"
T send-keys -t gp "fg" Enter
wait_for "Warnings" && check "fg redraws the screen" 'screen | grep -q "^up/down move"'
T send-keys -t gp q
wait_for '$ ' && ok "q after fg quits" || not_ok "q after fg"

# Terminals that cannot host the screen get one line and status 2.
start 80x24 LANG=C.UTF-8 TERM=dumb -- ""
wait_for "EXIT:2" && check "TERM=dumb: one-line message" 'screen | grep -q "use gpuplan plan"'
start 80x24 "${utf8[@]}" -- "</dev/null"
wait_for "EXIT:2" && check "stdin not a terminal: one-line message" 'screen | grep -q "not a terminal"'
start 80x24 "${utf8[@]}" -- "<&-"
wait_for "EXIT:2" && check "stdin closed: one-line message" 'screen | grep -q "not a terminal"'
start 80x24 LANG=C.UTF-8 TERM=no-such-terminal -- ""
wait_for "EXIT:2" && check "unknown TERM: one-line message" 'screen | grep -q "unknown here"'

# TAP: the plan comes last, once the count is known.
echo "1..$((pass + fail))"
echo "# $pass passed, $fail failed"
[ "$fail" -eq 0 ]
