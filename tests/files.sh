#!/usr/bin/env bash
# files.sh - files a user may have: unreadable inputs, a save target
# that is a symbolic link or a directory, two gpuplan processes saving
# the same file at once, a full disk (the file size limit) and a
# read-only data directory. Each error names the file and the reason,
# exits 2, and leaves the old file as it was with no temp file beside
# it. The file written is `prices import`'s PROVIDER.json (the CLI's
# save; the screen's scenario save goes through the same atomic_write).
# GPUPLAN, top_srcdir come from make.
set -u

: "${GPUPLAN:?}" "${top_srcdir:?}"
data="$top_srcdir/data"
pfix="$top_srcdir/tests/data/prices"
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp"; rm -rf "$tmp"' EXIT
chmod 755 "$tmp"	# nobody reads fixtures here below
export GPUPLAN_CONFIG="$tmp/no-config.ini" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data"
prices="$tmp/data/gpuplan/prices"
saved="$prices/neo.json"
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1: $(head -c 600 "$tmp/err")"; fi; }

import() { "$GPUPLAN" prices import "$pfix/${1:-neo-cloud.csv}" --provider neo --data-dir "$data"; }
# only the last line of stderr: the rows skipped come first
last_err() { tail -1 "$tmp/err"; }
no_temp() { [ -z "$(find "$tmp/data" "$tmp/real" -name '*.json.*' 2>/dev/null)" ]; }
has() { last_err | grep -qF -- "$1"; }

# A reference save, and its bytes.
import >/dev/null 2>"$tmp/err"
cp "$saved" "$tmp/want.json"
check "a first save writes the file" '[ -s "$tmp/want.json" ] && no_temp'
printf 'old contents\n' >"$tmp/old"

# A symbolic link: the file it names is written, the link stays.
mkdir -p "$tmp/real"
cp "$tmp/old" "$tmp/real/neo.json"
rm "$saved" && ln -s "$tmp/real/neo.json" "$saved"
import >/dev/null 2>"$tmp/err"; rc=$?
check "a save through a symbolic link replaces the file it names" \
	'[ $rc -eq 0 ] && [ -L "$saved" ] && cmp -s "$tmp/real/neo.json" "$tmp/want.json" && no_temp'
rm "$saved" && ln -s "$tmp/real/missing/neo.json" "$saved"
import >/dev/null 2>"$tmp/err"; rc=$?
check "a dangling link: exit 2, the file and the reason named" \
	'[ $rc -eq 2 ] && has "$saved: a symbolic link to nothing usable: No such file" && [ -L "$saved" ] && no_temp'
rm "$saved"

# A directory where the file goes: refused, nothing written into it.
mkdir "$saved"
import >/dev/null 2>"$tmp/err"; rc=$?
check "a directory in the file's place: exit 2, nothing written" \
	'[ $rc -eq 2 ] && has "$saved: is a directory, not a file: nothing written" &&
	 [ -z "$(ls -A "$saved")" ] && no_temp'
rmdir "$saved"

# A full disk, as the file size limit: EFBIG, not SIGXFSZ killing the
# save halfway. stderr goes through a pipe, which the limit spares.
cp "$tmp/old" "$saved"
(ulimit -f 0; exec "$GPUPLAN" prices import "$pfix/neo-cloud.csv" --provider neo --data-dir "$data") \
	2>&1 >/dev/null | cat >"$tmp/err"; rc=${PIPESTATUS[0]}
check "past the file size limit: exit 2, the old file intact, no temp file" \
	'[ $rc -eq 2 ] && has "$saved: write failed: File too large (the old file is untouched)" &&
	 cmp -s "$saved" "$tmp/old" && no_temp'

# Two (eight) processes saving the same file at once, two different
# contents: the file is one of them whole, every save succeeded, and
# no temp file is left (mkstemp gives each its own name).
import aws-vms.csv >/dev/null 2>&1 && cp "$saved" "$tmp/want2.json"
pids=()
for i in 1 2 3 4 5 6 7 8; do
	if [ $((i % 2)) -eq 0 ]; then import >/dev/null 2>&1 & else import aws-vms.csv >/dev/null 2>&1 & fi
	pids+=($!)
done
rcs=0
for p in "${pids[@]}"; do wait "$p" || rcs=$((rcs + 1)); done
check "eight saves of one file at once: each succeeds, one whole file, no temp file" \
	'[ $rcs -eq 0 ] && { cmp -s "$saved" "$tmp/want.json" || cmp -s "$saved" "$tmp/want2.json"; } && no_temp'

# What needs another user: root reads every file whatever its mode.
if [ "$(id -u)" -ne 0 ]; then
	as_user() { "$@"; }
elif setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
elif runuser -u nobody -- true 2>/dev/null; then
	as_user() { runuser -u nobody -- "$@"; }
else
	as_user=""
fi
if ! declare -F as_user >/dev/null || ! as_user test -x "$GPUPLAN" || ! as_user test -r "$data/gpus.json"; then
	for t in "unreadable price file" "unreadable scenario" "unreadable config.json" \
		 "unreadable config.ini" "read-only data directory" "read-only prices directory"; do
		skip "$t" "cannot run gpuplan as another user"
	done
	echo "1..$n"
	exit 0
fi
# the scratch tree belongs to root (or us), readable by all, writable
# by none but its owner
chmod -R go+rX,go-w "$tmp"
cp "$pfix/neo-cloud.csv" "$tmp/secret.csv" && chmod 000 "$tmp/secret.csv"
as_user "$GPUPLAN" prices import "$tmp/secret.csv" --provider neo --data-dir "$data" >/dev/null 2>"$tmp/err"; rc=$?
check "an unreadable price file: exit 2, the file and the reason named" \
	'[ $rc -eq 2 ] && grep -qF "$tmp/secret.csv" "$tmp/err" && grep -qF "Permission denied" "$tmp/err"'
printf '[scenario]\nmodel = llama-3.1-8b\n' >"$tmp/secret.ini" && chmod 000 "$tmp/secret.ini"
as_user "$GPUPLAN" plan --scenario "$tmp/secret.ini" --data-dir "$data" >/dev/null 2>"$tmp/err"; rc=$?
check "an unreadable scenario: exit 2, the file and the reason named" \
	'[ $rc -eq 2 ] && grep -qF "$tmp/secret.ini" "$tmp/err" && grep -qF "Permission denied" "$tmp/err"'
mkdir -p "$tmp/ckpt" && cp "$top_srcdir/tests/data/hf/Llama-3.1-8B/config.json" "$tmp/ckpt/" &&
	chmod 000 "$tmp/ckpt/config.json"
as_user "$GPUPLAN" plan --model-file "$tmp/ckpt/config.json" --data-dir "$data" >/dev/null 2>"$tmp/err"; rc=$?
check "an unreadable config.json: exit 2, the file and the reason named" \
	'[ $rc -eq 2 ] && grep -qF "$tmp/ckpt/config.json" "$tmp/err" && grep -qF "Permission denied" "$tmp/err"'
printf '[ui]\ncolor = off\n' >"$tmp/secret-config.ini" && chmod 000 "$tmp/secret-config.ini"
GPUPLAN_CONFIG="$tmp/secret-config.ini" as_user "$GPUPLAN" plan --data-dir "$data" >/dev/null 2>"$tmp/err"; rc=$?
# the user configuration is optional: a warning, and the plan goes on
check "an unreadable config.ini: a warning naming the file and the reason, then the plan" \
	'[ $rc -eq 0 ] && grep -qF "$tmp/secret-config.ini: Permission denied (ignoring the configuration)" "$tmp/err"'

# A data directory the user cannot write: the old file stays.
cp "$tmp/old" "$saved" && chmod 644 "$saved" && chmod 555 "$prices"
as_user "$GPUPLAN" prices import "$pfix/neo-cloud.csv" --provider neo --data-dir "$data" >/dev/null 2>"$tmp/err"; rc=$?
check "a read-only prices directory: exit 2, the old file intact" \
	'[ $rc -eq 2 ] && has "$saved: cannot create a file in its directory: Permission denied (the old file is untouched)" &&
	 cmp -s "$saved" "$tmp/old" && no_temp'
chmod 755 "$prices" && rm -rf "$tmp/data/gpuplan" && chmod 555 "$tmp/data"
as_user "$GPUPLAN" prices import "$pfix/neo-cloud.csv" --provider neo --data-dir "$data" >/dev/null 2>"$tmp/err"; rc=$?
check "a read-only data directory: exit 2, the directory named" \
	'[ $rc -eq 2 ] && has "$tmp/data/gpuplan: cannot create: Permission denied" && [ ! -e "$tmp/data/gpuplan" ]'

echo "1..$n"
[ "$fail" -eq 0 ]
