#!/usr/bin/env bash
# docs.sh - gpuplan(1) against `gpuplan --help`, in the spirit of git's
# t0450-txt-doc-vs-help.sh: the commands and the long options --help
# prints (both from cli.c's tables and scenario_options[]) must be the
# ones the man page's COMMANDS and OPTIONS sections document, and the
# keys `gpuplan keys` prints (ui/keys.c's table) the ones of its Keys,
# in both directions; the README's screen sample is the golden one. GPUPLAN, top_srcdir come from make.
set -u

: "${GPUPLAN:?}" "${top_srcdir:?}"
man="$top_srcdir/man/gpuplan.1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }

# man_section NAME: the lines of one .SH section of the man page.
man_section() {
	awk -v sh=".SH $1" '$0 == sh { on = 1; next } /^\.SH / { on = 0 } on' "$man"
}

# man_tags NAME [SUB]: the tag line after each .TP/.TQ of a section (of
# its ".SS SUB" only, when given), with the roff escapes of a name (\-
# and \%) undone.
man_tags() {
	man_section "$1" | awk -v ss="${2:+.SS $2}" '
		ss != "" { if ($0 == ss) { on = 1; next } if (/^\.SS /) on = 0; if (!on) next }
		/^\.T[PQ]/ { tag = 1; next }
		tag { print; tag = 0 }' |
		sed -e 's/\\%//g' -e 's/\\-/-/g'
}

# same WHAT FROM A B: the sorted lists in files A (what FROM prints)
# and B (the man page) are equal; each one missing on either side is
# named.
same() {
	local what=$1 from=$2 only
	only=$(comm -23 "$3" "$4" | paste -sd ' ')
	if [ -n "$only" ]; then
		not_ok "$what in $from but not in gpuplan(1): $only"
	else
		ok "every $what in $from is in gpuplan(1)"
	fi
	only=$(comm -13 "$3" "$4" | paste -sd ' ')
	if [ -n "$only" ]; then
		not_ok "$what in gpuplan(1) but not in $from: $only"
	else
		ok "every $what in gpuplan(1) is in $from"
	fi
}

if ! "$GPUPLAN" --help >"$tmp/help"; then
	not_ok "gpuplan --help exits 0"
fi

# Commands: the rows under "Commands:" in --help; the .TP tags of
# COMMANDS (".B plan", ".B compare \fIA.ini ...") but the bare gpuplan.
awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' \
	"$tmp/help" | sort -u >"$tmp/help-commands"
man_tags COMMANDS | awk '$1 == ".B" && $2 != "gpuplan" { print $2 }' |
	sort -u >"$tmp/man-commands"
same command --help "$tmp/help-commands" "$tmp/man-commands"

# Long options: the rows of --help ("  --name ..." or "  -h, --name");
# every --name in the tags of OPTIONS (".BI \-\-top " N"", ".BR \-h ", "
# \-\-help").
sed -nE 's/^  (-[A-Za-z], )?--([a-z0-9-]+).*/--\2/p' "$tmp/help" | sort -u >"$tmp/help-options"
man_tags OPTIONS | grep -oE -- '--[a-z0-9-]+' | sort -u >"$tmp/man-options"
same "long option" --help "$tmp/help-options" "$tmp/man-options"

# Output formats: the ones --format takes (its error lists them, from
# cli.c's table) are the man page's --format tag, and each launch
# format (all but the reports) has its own entry under it.
"$GPUPLAN" plan --format '?' 2>&1 >/dev/null |
	sed -nE 's/.*expected (.*)$/\1/p' | sed -e 's/ or /, /' | tr -s ', ' '\n\n' |
	sed '/^$/d' | sort -u >"$tmp/cli-formats"
man_tags OPTIONS | sed -nE 's/.*--format " ([a-z0-9|]+)"$/\1/p' | tr '|' '\n' |
	sort -u >"$tmp/man-formats"
same "output format" "--format" "$tmp/cli-formats" "$tmp/man-formats"
man_tags OPTIONS | sed -nE 's/^\.B ([a-z0-9]+)$/\1/p' | sort -u >"$tmp/man-entries"
missing=$(grep -vxE 'text|json|markdown' "$tmp/cli-formats" | comm -23 - "$tmp/man-entries" | paste -sd ' ')
if [ -n "$missing" ]; then
	not_ok "launch formats without an entry under --format in gpuplan(1): $missing"
else
	ok "every launch format has its entry under --format in gpuplan(1)"
fi

# Every help screen fits in 80 columns: the whole one and each command's.
wide=""
for cmd in "" $(cat "$tmp/help-commands"); do
	# shellcheck disable=SC2086 # no command is no word
	"$GPUPLAN" $cmd --help | awk -v c="gpuplan${cmd:+ $cmd}" \
		'length($0) > 80 { printf "%s --help line %d (%d columns); ", c, NR, length($0) }' \
		>>"$tmp/wide"
done
wide=$(cat "$tmp/wide")
if [ -n "$wide" ]; then not_ok "--help wider than 80 columns: $wide"; else ok "--help fits in 80 columns"; fi

# Keys: the names `gpuplan keys` prints (the column before the first two
# spaces: "up/down, k/j, Tab/S-Tab", "q, Ctrl-C"), split at ", " and at
# "/" but the key "/"; the .TP tags of SCREEN's Keys subsection
# (".BR up ", " down", ".B Ctrl\-L"), split at commas and spaces.
if ! "$GPUPLAN" keys >"$tmp/keys"; then
	not_ok "gpuplan keys exits 0"
fi
sed 's/  .*//' "$tmp/keys" | awk '{
	n = split($0, name, ", ")
	for (i = 1; i <= n; i++) {
		if (name[i] == "/") { print "/"; continue }
		m = split(name[i], k, "/")
		for (j = 1; j <= m; j++) print k[j]
	}
}' | sort -u >"$tmp/table-keys"
man_tags SCREEN Keys | sed -E -e 's/^\.B[RI]? //' -e 's/"//g' | tr -s ', ' '\n\n' |
	sed '/^$/d' | sort -u >"$tmp/man-keys"
same key "gpuplan keys" "$tmp/table-keys" "$tmp/man-keys"

# The README's screen sample is the 80x24 start screen tests/tui.sh
# compares with (its footer from the key table): the first ``` block
# after the paragraph on the interactive planner.
awk '/interactive planner/ { on = 1 } on && /^```$/ { if (blk) exit; blk = 1; next } blk' \
	"$top_srcdir/README" >"$tmp/readme-screen"
if diff -u "$top_srcdir/tests/golden/tui-80x24-start.txt" "$tmp/readme-screen" >"$tmp/readme-diff"; then
	ok "the README's screen sample is tests/golden/tui-80x24-start.txt"
else
	not_ok "the README's screen sample is tests/golden/tui-80x24-start.txt"
	sed 's/^/# /' "$tmp/readme-diff"
fi

echo "1..$n"
echo "# $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
