# shellcheck shell=bash
# --soak MINUTES: one long mixed 4 KiB run against Sluice with GC logging; is the heap after GC flat and does
# every GC pause stay under 10 ms? A forced GC (jcmd GC.run) after the warm-up, every minute and at the end
# gives comparable heap figures even when the target allocates so little that the load never triggers a GC.

rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null; }

force_gc() { timeout 30 "$JAVA_HOME/bin/jcmd" "$TARGET_PID" GC.run >>"$WORK/jcmd.log" 2>&1 || log "jcmd GC.run failed"; }

run_soak() {
  local minutes=$1 secs=$(($1 * 60)) port gclog="$WORK/gc.log" out="$WORK/soak.json" rc=0
  local rss0 rss1 c0 c1 t0 t1 deadline next gc perf
  port=$(free_port) || die "no free port"
  start_sluice "$port" "-Xlog:gc,gc+phases:file=$gclog:uptime"
  warm_up sluice_perf "$port" "$SLUICE_NQN"
  force_gc
  rss0=$(rss_mib "$TARGET_PID")
  c0=$(cpu_ticks "$TARGET_PID")
  t0=$SECONDS
  log "soak: ${minutes} min of randrw 4 KiB QD32 against Sluice"
  record_cmd taskset -c "$CLIENT_CPU" "$ROOT/sluice" perf --address 127.0.0.1 --port "$port" --nqn "$SLUICE_NQN" \
    -w randrw -M 50 -o 4096 -q 32 -t "$secs" --json --no-progress
  timeout -k 10 $((secs + 120)) taskset -c "$CLIENT_CPU" "$ROOT/sluice" perf --address 127.0.0.1 --port "$port" \
    --nqn "$SLUICE_NQN" -w randrw -M 50 -o 4096 -q 32 -t "$secs" --json --no-progress >"$out" 2>"$out.err" &
  CLIENT_PID=$!
  deadline=$((SECONDS + secs + 150))
  next=$((SECONDS + 60))
  while alive "$CLIENT_PID" && [ $SECONDS -lt $deadline ]; do
    if [ $SECONDS -ge $next ]; then
      force_gc
      log "soak: $(((SECONDS - t0) / 60)) min, target RSS $(rss_mib "$TARGET_PID") MiB"
      next=$((next + 60))
    fi
    sleep 1
  done
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  c1=$(cpu_ticks "$TARGET_PID")
  t1=$SECONDS
  force_gc
  sleep 1
  rss1=$(rss_mib "$TARGET_PID")
  stop_pid "$TARGET_PID" 20
  TARGET_PID=""
  perf=$(parse_sluice_perf "$out") || { cat "$out.err" >&2; die "the soak client failed (status $rc)"; }
  gc=$(parse_gc_log "$gclog") || die "no GC found in $gclog"
  soak_summary "$minutes" "$perf" "$gc" "$rss0" "$rss1" "$(awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }')" "$((t1 - t0))" "$rc" |
    tee "$WORK/soak.md"
}

# The soak verdict: heap growth at most max(16 MiB, 10 %) from the first to the last forced GC; pauses < 10 ms.
soak_summary() {
  local perf=$2 gc=$3
  # shellcheck disable=SC2086 # split the fields on purpose
  set -- "$1" $perf $gc "$4" "$5" "$6" "$7" "$8"
  awk -v m="$1" -v iops="$2" -v mibs="$3" -v p50="$5" -v p99="$6" -v gcs="$8" -v forced="$9" -v h0="${10}" \
    -v h1="${11}" -v hmax="${12}" -v pause="${13}" -v fpause="${14}" -v rss0="${15}" -v rss1="${16}" \
    -v cpu="${17}" -v wall="${18}" -v rc="${19}" 'BEGIN {
      grow = h1 - h0; limit = h0 * 0.1 > 16 ? h0 * 0.1 : 16
      printf "- workload: randrw 4 KiB QD32, 50%% reads, %d min against Sluice (client exit status %d)\n", m, rc
      printf "- result: %.0f IOPS, %.1f MiB/s, p50 %.1f µs, p99 %.1f µs\n", iops, mibs, p50, p99
      printf "- heap after GC: %.0f MiB after the warm-up, %.0f MiB at the end (%+.0f MiB; max %.0f MiB) over %d GCs, %d of them forced: %s\n",
        h0, h1, grow, hmax, gcs, forced, grow <= limit ? "flat" : "GROWING"
      printf "- longest GC pause: %.3f ms (forced GCs: %.3f ms): %s\n", pause, fpause,
        pause <= 10 && fpause <= 10 ? "under 10 ms" : "OVER 10 ms"
      printf "- target RSS: %s MiB -> %s MiB; target CPU %s s over %s s\n", rss0, rss1, cpu, wall
    }'
}
