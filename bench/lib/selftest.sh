# shellcheck shell=bash
# bench/run --self-test: the parsers, the vhost table and the docs rewrite against fixtures, argument errors,
# then a real `bench/run --quick --rows randread-qd1` against Sluice alone and, with qemu-storage-daemon
# installed, a real `bench/run --vhost --quick --devices 1`. Exit 0 only if every check passed.

SELF_FAILURES=0
check() {
  local what=$1
  shift
  if "$@"; then printf 'ok   %s\n' "$what"; else printf 'FAIL %s\n' "$what"; SELF_FAILURES=$((SELF_FAILURES + 1)); fi
}
equals() { [ "$1" = "$2" ] || { printf '     expected [%s]\n     got      [%s]\n' "$2" "$1"; return 1; }; }

self_test() {
  local dir out rc pid
  dir=$(mktemp -d "${TMPDIR:-/tmp}/sluice-bench-selftest.XXXXXX")
  # shellcheck disable=SC2034 # replace_section makes its temporary file next to the document, not in WORK
  WORK=$dir
  cat >"$dir/perf.json" <<'JSON'
{"target":{"address":"127.0.0.1","port":4420,"nqn":"n","nsid":1},"workload":"randread","io_size":4096,"seconds":3.0,"ops":{},"total":{"ios":600000,"bytes":1,"iops":200000.5,"mib_per_s":781.252,"latency_us":{"mean":150.2,"p50":94.7,"p90":133.6,"p99":1647.6,"p99.9":4202.4,"max":11157.5}},"errors":0,"verify_failures":0,"cpu_seconds":1.4}
JSON
  check "parse sluice perf --json" equals "$(parse_sluice_perf "$dir/perf.json")" "200000.5 781.252 150.2 94.7 1647.6 600000"
  printf '{"total":' >"$dir/bad.json"
  check "a truncated JSON report is an error" fails parse_sluice_perf "$dir/bad.json"
  cat >"$dir/spdk.txt" <<'TXT'
Device Information                                                            :       IOPS      MiB/s    Average        min        max
TCP (addr:127.0.0.1 subnqn:nqn.2016-06.dev.sluice:default) NSID 1 from core  1:   17528.40      68.47    1825.65      47.41  371050.61
========================================================
Total                                                                         :   17528.40      68.47    1825.65      47.41  371050.61

Summary latency data for TCP (addr:127.0.0.1 subnqn:nqn.2016-06.dev. from core 1:
 10.00000% :   113.428us
 50.00000% :   158.326us
 99.00000% : 34885.317us
TXT
  check "parse spdk_nvme_perf -L" equals "$(parse_spdk_perf "$dir/spdk.txt" 10)" "17528.40 68.47 1825.65 158.326 34885.317 175284"
  head -4 "$dir/spdk.txt" >"$dir/spdk-nolat.txt"
  check "spdk_nvme_perf without percentiles is an error" fails parse_spdk_perf "$dir/spdk-nolat.txt" 10
  cat >"$dir/gc.log" <<'LOG'
[2.282s] GC(0) Major Collection (Metadata GC Threshold)
[2.282s] GC(0) Y: Pause Mark Start (Major) 50.000ms
[2.381s] GC(0) Major Collection (Metadata GC Threshold) 108M(5%)->48M(2%) 0.099s
[9.000s] GC(1) Major Collection (Diagnostic Command)
[9.001s] GC(1) Y: Pause Mark Start (Major) 0.020ms
[9.010s] GC(1) Y: Young Generation 90M(5%)->40M(2%) 0.081s
[9.020s] GC(1) Major Collection (Diagnostic Command) 90M(5%)->40M(2%) 0.020s
[30.00s] GC(2) Minor Collection (Allocation Rate)
[30.01s] GC(2) y: Pause Mark End 0.300ms
[30.02s] GC(2) Minor Collection (Allocation Rate) 1G(50%)->100M(5%) 0.020s
[40.00s] GC(3) Pause Full (System.gc()) 200M->44M(256M) 12.500ms
LOG
  # GC(0) comes before the first forced GC (the warm-up) and does not count.
  check "parse a GC log" equals "$(parse_gc_log "$dir/gc.log")" "3 2 40 44 100 0.300 12.500"
  cat >"$dir/g1.log" <<'LOG'
[3.279s] GC(6) Pause Young (Normal) (G1 Evacuation Pause) 18M->8M(256M) 9.409ms
[10.81s] GC(7) Pause Young (Concurrent Start) (Diagnostic Command) 152M->9M(256M) 4.271ms
[10.83s] GC(8) Pause Remark 10M->10M(256M) 0.566ms
[10.84s] GC(8) Pause Cleanup 10M->10M(256M) 0.059ms
[13.01s] GC(9) Pause Young (Normal) (G1 Evacuation Pause) 162M->11M(256M) 1.189ms
LOG
  # G1 as the launcher runs it: a forced GC starts a concurrent cycle (remark and cleanup are its own GC id).
  check "parse a G1 GC log" equals "$(parse_gc_log "$dir/g1.log")" "3 1 9 11 11 1.189 4.271"
  printf '# T\nhand-written intro\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\n## history\nkept\n' >"$dir/doc.md"
  printf 'new table\nline 2\n' >"$dir/new.md"
  replace_section "$dir/doc.md" bench "$dir/new.md"
  check "docs rewrite keeps the history" equals "$(cat "$dir/doc.md")" \
    "$(printf '# T\nhand-written intro\n<!-- bench:begin -->\nnew table\nline 2\n<!-- bench:end -->\n## history\nkept')"
  printf 'no markers\n' >"$dir/nomark.md"
  check "docs without markers are refused" fails replace_section "$dir/nomark.md" bench "$dir/new.md"
  # Three rounds of one row: the median is round 3's line for Sluice (IOPS 300 of 100/500/300) and round 1's for
  # SPDK (200 of 200/failed/900: a failed round counts as the lowest).
  {
    printf 'sluice\tc\tr\tok\t100\t1\t1\t11\t12\t100\t10\t10\t2\t1\n'
    printf 'spdk\tc\tr\tok\t200\t2\t2\t21\t22\t200\t10\t10\t2\t1\n'
    printf 'sluice\tc\tr\tok\t500\t5\t5\t51\t52\t500\t10\t10\t2\t2\n'
    printf 'spdk\tc\tr\tfailed\t0\t0\t0\t0\t0\t0\t0\t0\t2\t2\n'
    printf 'sluice\tc\tr\tok\t300\t3\t3\t31\t32\t300\t10\t10\t2\t3\n'
    printf 'spdk\tc\tr\tok\t900\t9\t9\t91\t92\t900\t10\t10\t2\t3\n'
  } >"$dir/rounds.tsv"
  median_results
  check "rounds: the median round's whole line per target" equals "$(cut -f1,5,8,14 "$dir/results.tsv" | sort | tr '\t\n' ' ;')" \
    "sluice 300 31 3;spdk 200 21 1;"
  check "rounds: every round's IOPS in round order" equals "$(rounds_table | tail -1)" "| r | c | 100, 500, 300 | 200, failed, 900 |"
  check "--rounds 0 is a usage error" exits_with 2 "$HERE/run" --rounds 0
  # Pairs: 1 and 2 complete (ratios 1.5 and 0.8), 3 has a failed SPDK run and does not count, 4 ratio 1.25.
  {
    printf 'r\t1\tsluice\t300\nr\t1\tspdk\t200\nr\t2\tspdk\t500\nr\t2\tsluice\t400\n'
    printf 'r\t3\tsluice\t900\nr\t3\tspdk\tfailed\nr\t4\tsluice\t250\nr\t4\tspdk\t200\n'
    printf 'other\t1\tsluice\t1\nother\t1\tspdk\t1000\n'
  } >"$dir/pairs.tsv"
  check "pairs: medians, per-pair ratio median, pairs won, range" equals "$(pairs_summary "$dir/pairs.tsv" r)" \
    "$(printf 'r\t3\t300\t200\t1.250\t2\t0.80\t1.50')"
  check "pairs: a row without a complete pair is an error" fails pairs_summary "$dir/pairs.tsv" none
  check "--pairs 0 is a usage error" exits_with 2 "$HERE/run" --pairs 0
  check "--c2h-success takes on or off only" exits_with 2 "$HERE/run" --c2h-success yes
  sleep 60 &
  pid=$!
  check "pause_pid stops a process" paused_after pause_pid "$pid"
  check "resume_pid continues it" running_after resume_pid "$pid"
  pause_pid "$pid"
  stop_pid "$pid" 5
  check "stop_pid ends a paused process" stopped "$pid"
  check "unknown row is a usage error" exits_with 2 "$HERE/run" --rows nosuchrow
  check "bad duration is a usage error" exits_with 2 "$HERE/run" --duration 0
  check "--soak needs a value" exits_with 2 "$HERE/run" --soak
  check "--devices 0 is a usage error" exits_with 2 "$HERE/run" --vhost --devices 0
  check "--devices 65 is a usage error" exits_with 2 "$HERE/run" --vhost --devices 65
  printf 'pool\t1\tok\t4000000\t6.5\t15.0\t0.90\t2.1\nthread-per-device\t1\tok\t2000000\t7\t18\t0.89\t2.2\n' \
    >"$dir/vhost.tsv"
  printf 'qsd\t1\tfailed\t0\t0\t0\t0\t2.3\n' >>"$dir/vhost.tsv"
  check "vhost table: IOPS, ratios, a failed variant" equals "$(vhost_table | tail -1)" \
    "| 1 | 4,000,000 | 2,000,000 | failed | – | 2.00 | 6.5 / 15.0 | 7.0 / 18.0 | – | 0.90 / 0.89 / 0 | 2.1 / 2.2 / 2.3 |"

  rc=0
  out=$(env -u SLUICE_SPDK_DIR timeout 600 "$HERE/run" --quick --rows randread-qd1 2>"$dir/run.err") || rc=$?
  printf '%s\n' "$out" >"$dir/run.out"
  check "bench/run --quick --rows randread-qd1 exits 0" equals "$rc" 0
  check "its table has a randread-qd1 row with IOPS > 0" quick_row_ok "$out"
  pid=$(sed -n 's/^bench: Sluice target pid \([0-9]*\) .*/\1/p' "$dir/run.err")
  check "it started a target and stopped it" stopped "$pid"
  if command -v qemu-storage-daemon >/dev/null; then
    rc=0
    out=$(env -u SLUICE_SPDK_DIR timeout 600 "$HERE/run" --vhost --quick --devices 1 2>"$dir/vhost.err") || rc=$?
    printf '%s\n' "$out" >"$dir/vhost.out"
    check "bench/run --vhost --quick --devices 1 exits 0" equals "$rc" 0
    check "its table has a 1-device row with IOPS > 0 for all three targets" vhost_row_ok "$out"
  else
    printf 'skip bench/run --vhost (no qemu-storage-daemon)\n'
  fi
  rm -rf "$dir"
  if [ $SELF_FAILURES -gt 0 ]; then
    printf '%d self-test check(s) failed\n' "$SELF_FAILURES"
    return 1
  fi
  printf 'all self-test checks passed\n'
}

# A command (run in a subshell: die exits) that must fail.
fails() { ! ("$@") >/dev/null 2>&1; }

stopped() { [ -n "$1" ] && ! alive "$1"; }

# paused_after / running_after CMD PID: run CMD PID, then the process's state is T (stopped) / not T.
proc_state() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1; s=${s##*) }; echo "${s%% *}"; }
paused_after() { "$1" "$2" && [ "$(proc_state "$2")" = T ]; }
running_after() { "$1" "$2" && sleep 0.2 && alive "$2" && [ "$(proc_state "$2")" != T ]; }

exits_with() {
  local want=$1 rc=0
  shift
  "$@" >/dev/null 2>&1 || rc=$?
  equals "$rc" "$want"
}

vhost_row_ok() {
  awk -F'|' '$2 ~ /^ 1 $/ { for (i = 3; i <= 5; i++) { v = $i; gsub(/[ ,]/, "", v); if (v + 0 <= 0) bad = 1 } found = 1 }
    END { exit !(found && !bad) }' <<<"$1"
}

quick_row_ok() {
  awk -F'|' '$2 ~ /randread-qd1/ && $3 ~ /sluice-perf/ { gsub(/[ ,]/, "", $4); if ($4 + 0 > 0) found = 1 } END { exit !found }' <<<"$1"
}
