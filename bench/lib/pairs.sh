# shellcheck shell=bash
# --pairs N: Sluice against SPDK in many short alternating runs instead of a few long rounds. On this shared
# machine the speed swings by 2-3x within tens of seconds, so three 10 s rounds per target cannot rank two
# targets within a few percent of each other. Here both targets are started and warmed up once, then every row
# runs N pairs: one spdk_nvme_perf run (--duration seconds) against each target back to back, the other target
# paused (SIGSTOP), which one goes first alternating. A pair's two runs share the machine's state of that moment;
# the median of the per-pair ratios and how many pairs Sluice won are what the section reports.

# run_pairs: fills $WORK/pairs.tsv with "row pair target iops" lines.
run_pairs() {
  local sport pport row spec i first target port nqn out parsed
  : >"$WORK/pairs.tsv"
  sport=$(free_port) || die "no free port"
  start_sluice "$sport"
  SLUICE_PID=$TARGET_PID
  warm_up sluice_perf "$sport" "$SLUICE_NQN"
  pause_pid "$SLUICE_PID" || die "cannot pause the Sluice target"
  ensure_hugepages
  pport=$(free_port) || die "no free port"
  start_spdk "$pport"
  SPDK_PID=$TARGET_PID
  warm_up sluice_perf "$pport" "$SPDK_NQN"
  pause_pid "$SPDK_PID" || die "cannot pause the SPDK target"
  for row in "${ROWS[@]}"; do
    spec=$(matrix_row "$row")
    record_note "$row: $PAIRS pairs of ${DURATION}s spdk_nvme_perf runs, Sluice and SPDK in turn (the other one paused)"
    for ((i = 1; i <= PAIRS; i++)); do
      first=sluice
      [ $((i % 2)) = 0 ] && first=spdk
      for target in "$first" "$([ "$first" = sluice ] && echo spdk || echo sluice)"; do
        if [ "$target" = sluice ]; then TARGET_PID=$SLUICE_PID port=$sport nqn=$SLUICE_NQN; else TARGET_PID=$SPDK_PID port=$pport nqn=$SPDK_NQN; fi
        resume_pid "$TARGET_PID"
        out="$WORK/pair-$row-$i-$target.out"
        # shellcheck disable=SC2086 # spec is "workload size depth"
        if spdk_perf "$port" "$nqn" $spec "$DURATION" "$out" "$([ "$i" = 1 ] && echo record)" &&
          parsed=$(parse_spdk_perf "$out" "$DURATION"); then
          printf '%s\t%s\t%s\t%s\n' "$row" "$i" "$target" "${parsed%% *}" >>"$WORK/pairs.tsv"
        else
          printf '%s\t%s\t%s\tfailed\n' "$row" "$i" "$target" >>"$WORK/pairs.tsv"
          log "$target / $row / pair $i FAILED: $(tail -3 "$out.err" 2>/dev/null | tr '\n' ' ')"
        fi
        alive "$TARGET_PID" || die "the $target target died during $row (see $WORK)"
        pause_pid "$TARGET_PID" || die "cannot pause the $target target"
      done
    done
    log "$row: $(pairs_summary "$WORK/pairs.tsv" "$row" | cut -f2-)"
  done
  stop_pid "$SLUICE_PID" 20
  stop_pid "$SPDK_PID" 20
  SLUICE_PID=""
  SPDK_PID=""
  TARGET_PID=""
}

# pairs_summary TSV ROW: "row pairs sluice_median spdk_median ratio_median won min max" (tab-separated) over the
# pairs of ROW where both runs succeeded; fails when there is none.
pairs_summary() {
  awk -F'\t' -v row="$2" '
    function median(a, n,   i, j, t) {
      for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $1 == row && $4 != "failed" { iops[$2, $3] = $4; seen[$2] = 1 }
    END {
      n = 0
      for (p in seen) {
        if (!(((p, "sluice") in iops) && ((p, "spdk") in iops)) || iops[p, "spdk"] <= 0) continue
        n++; s[n] = iops[p, "sluice"]; k[n] = iops[p, "spdk"]; r[n] = s[n] / k[n]
        if (r[n] > 1) won++
        if (n == 1 || r[n] < lo) lo = r[n]
        if (n == 1 || r[n] > hi) hi = r[n]
      }
      if (n == 0) exit 1
      printf "%s\t%d\t%.0f\t%.0f\t%.3f\t%d\t%.2f\t%.2f\n", row, n, median(s, n), median(k, n), median(r, n), won, lo, hi
    }' "$1"
}

# pairs_section: the Markdown section for docs/benchmarks.md.
# shellcheck disable=SC2016 # backticks are Markdown
pairs_section() {
  local row line
  printf '## Pairs run %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'Produced by `%s` (SLUICE_SPDK_DIR set). Both targets on CPU %s, started and warmed up once; then per row\n' \
    "$RUN_LINE" "$TARGET_CPU"
  printf '%s pairs of %s s spdk_nvme_perf runs (CPU %s), one against each target back to back, the other target\n' \
    "$PAIRS" "$DURATION" "$CLIENT_CPU"
  printf 'paused with SIGSTOP, which goes first alternating. The ratio is the median of the per-pair Sluice / SPDK\n'
  printf 'IOPS ratios, so a slow spell of the machine reaches both runs of a pair.\n\n'
  machine_info | sed 's/^/- /'
  printf '\n| row | pairs | Sluice IOPS (median) | SPDK IOPS (median) | Sluice / SPDK per pair (median) | pairs Sluice ahead | per-pair range |\n'
  printf '|---|---:|---:|---:|---:|---:|---:|\n'
  for row in "${ROWS[@]}"; do
    if line=$(pairs_summary "$WORK/pairs.tsv" "$row"); then
      awk -F'\t' "$AWK_THOUSANDS"'
        { printf "| %s | %d | %s | %s | %.3f | %d of %d | %.2f – %.2f |\n", $1, $2, thousands($3), thousands($4), $5, $6, $2, $7, $8 }' <<<"$line"
    else
      printf '| %s | 0 | failed | failed | | | |\n' "$row"
    fi
  done
  commands_and_config 'the first pair of each row; `bench/run` picks free ports'
}
