# shellcheck shell=bash
# bench/run --vhost: N vhost-user-blk devices (N in VHOST_COUNTS) on RAM of the same total size, driven at once
# by `sluice perf --vhost-user` (one polling thread on CLIENT_CPU), against three targets pinned to TARGET_CPU:
# Sluice with the per-CPU worker pool, Sluice with a thread per device, and qemu-storage-daemon.
VHOST_COUNTS=(1 2 4 8 16)
VHOST_VARIANTS=(pool thread-per-device qsd)
VHOST_TOTAL_MIB=1024
VHOST_DEPTH=32

# vhost_sockets DIR N: the N socket paths, comma-separated.
vhost_sockets() {
  local i out=""
  for ((i = 0; i < $2; i++)); do out+="${out:+,}$1/vhost$i.sock"; done
  printf '%s\n' "$out"
}

# Waits until every socket exists, failing early if the process died.
wait_for_sockets() {
  local pid=$1 sockets=$2 limit=$3 deadline=$((SECONDS + $3)) s missing all
  while [ $SECONDS -lt $deadline ]; do
    alive "$pid" || return 1
    missing=0
    IFS=, read -ra all <<<"$sockets"
    for s in "${all[@]}"; do [ -S "$s" ] || missing=1; done
    [ $missing = 0 ] && return 0
    sleep 0.2
  done
  log "the vhost sockets did not appear within ${limit}s"
  return 1
}

write_vhost_config() {
  local file=$1 n=$2 policy=$3 dir=$4 mib=$((VHOST_TOTAL_MIB / $2)) i
  {
    printf 'sluice {\n  poll-groups = 1\n  rpc.enabled = false\n  discovery.listeners = []\n  subsystems = []\n'
    printf '  bdevs = [\n'
    for ((i = 0; i < n; i++)); do
      printf '    { name = "Malloc%d", type = malloc, size = %dMiB, block-size = 512 }\n' "$i" "$mib"
    done
    printf '  ]\n  vhost {\n    workers = 0\n    policy = "%s"\n    devices = [\n' "$policy"
    for ((i = 0; i < n; i++)); do
      printf '      { name = "vhost%d", socket = "%s/vhost%d.sock", bdev = "Malloc%d", num-queues = 1 }\n' \
        "$i" "$dir" "$i" "$i"
    done
    printf '    ]\n  }\n}\n'
  } >"$file"
}

# start_vhost_target VARIANT N DIR: sets TARGET_PID once all N sockets listen.
start_vhost_target() {
  local variant=$1 n=$2 dir=$3 mib=$((VHOST_TOTAL_MIB / $2)) i cmd
  local jvm="${SLUICE_JVM_OPTS:--Xmx2g}"
  rm -rf "$dir" && mkdir -p "$dir"
  if [ "$variant" = qsd ]; then
    cmd=(taskset -c "$TARGET_CPU" qemu-storage-daemon)
    for ((i = 0; i < n; i++)); do
      truncate -s "${mib}M" "$dir/disk$i.img" # $dir is on /dev/shm: RAM like Sluice's malloc bdevs
      cmd+=(--blockdev "driver=file,node-name=disk$i,filename=$dir/disk$i.img,cache.direct=off,aio=io_uring"
        --export "type=vhost-user-blk,id=export$i,node-name=disk$i,addr.type=unix,addr.path=$dir/vhost$i.sock,writable=on,num-queues=1")
    done
  else
    write_vhost_config "$WORK/vhost-$variant-$n.conf" "$n" \
      "$([ "$variant" = pool ] && echo per-vq-least-loaded || echo thread-per-device)" "$dir"
    cmd=(env SLUICE_JVM_OPTS="$jvm" taskset -c "$TARGET_CPU" "$ROOT/sluice" --config "$WORK/vhost-$variant-$n.conf")
  fi
  record_note "$variant target with $n device(s) on CPU $TARGET_CPU"
  record_cmd "${cmd[@]}"
  "${cmd[@]}" >"$WORK/vhost-$variant-$n.log" 2>&1 &
  TARGET_PID=$!
  wait_for_sockets "$TARGET_PID" "$(vhost_sockets "$dir" "$n")" 120 ||
    { tail -20 "$WORK/vhost-$variant-$n.log" >&2; die "the $variant target with $n devices did not start"; }
}

# vhost_perf SOCKETS SECONDS OUT [RECORD]: randread 4 KiB, VHOST_DEPTH per device, one thread on CLIENT_CPU.
vhost_perf() {
  local cmd=(taskset -c "$CLIENT_CPU" "$ROOT/sluice" perf --vhost-user "$1" -w randread -o 4096 -q "$VHOST_DEPTH"
    -t "$2" --json --no-progress)
  [ "${4:-}" = record ] && record_cmd "${cmd[@]}"
  run_bounded $(($2 + 90)) "${cmd[@]}" >"$3" 2>"$3.err"
}

# One line per run in $WORK/vhost.tsv: variant n status iops p50 p99 target_cores load1.
run_vhost() {
  local n variant dir out c0 c1 t0 t1 parsed rc
  : >"$WORK/vhost.tsv"
  for n in "${VHOST_COUNTS[@]}"; do
    for variant in "${VHOST_VARIANTS[@]}"; do
      dir=$(mktemp -d /dev/shm/sluice-bench-vhost.XXXXXX)
      # shellcheck disable=SC2034 # read by bench/run's exit trap, which removes it
      VHOST_DIR=$dir
      start_vhost_target "$variant" "$n" "$dir"
      out="$WORK/vhost-$variant-$n.json"
      record_note "warm-up, not measured"
      vhost_perf "$(vhost_sockets "$dir" "$n")" "$WARMUP" "$out.warmup" record ||
        log "warm-up of $variant with $n devices failed: $(tail -2 "$out.warmup.err" | tr '\n' ' ')"
      record_note "$variant, $n device(s)"
      c0=$(cpu_ticks "$TARGET_PID")
      t0=$(date +%s.%N)
      rc=0
      vhost_perf "$(vhost_sockets "$dir" "$n")" "$DURATION" "$out" record || rc=$?
      t1=$(date +%s.%N)
      c1=$(cpu_ticks "$TARGET_PID")
      if [ $rc = 0 ] && parsed=$(parse_sluice_perf "$out"); then
        read -r iops _ _ p50 p99 _ <<<"$parsed"
        printf '%s\t%s\tok\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$n" "$iops" "$p50" "$p99" \
          "$(awk -v t=$((c1 - c0)) -v hz="$CLK_TCK" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", t / hz / (b - a) }')" \
          "$(load1)" >>"$WORK/vhost.tsv"
        log "vhost / $variant / $n device(s): $iops IOPS"
      else
        printf '%s\t%s\tfailed\t0\t0\t0\t0\t%s\n' "$variant" "$n" "$(load1)" >>"$WORK/vhost.tsv"
        log "vhost / $variant / $n device(s) FAILED: $(tail -3 "$out.err" 2>/dev/null | tr '\n' ' ')"
      fi
      stop_pid "$TARGET_PID" 20
      TARGET_PID=""
      rm -rf "$dir"
      # shellcheck disable=SC2034
      VHOST_DIR=""
    done
  done
}

# The table: one row per device count, IOPS of each variant, the ratios the goal is about.
vhost_table() {
  printf '| devices | Sluice pool IOPS | Sluice thread-per-device IOPS | qemu-storage-daemon IOPS | pool / qsd | pool / thread-per-device | p50 / p99 µs pool | p50 / p99 µs thread-per-device | p50 / p99 µs qsd | target CPU (cores) pool / tpd / qsd | load 1 min |\n'
  printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  awk -F'\t' "$AWK_THOUSANDS"'
    function k(v, n) { return v SUBSEP n }
    function cell(v, n) { return st[k(v, n)] == "ok" ? thousands(iops[k(v, n)]) : "failed" }
    function ratio(a, b, n) { return (st[k(a, n)] == "ok" && st[k(b, n)] == "ok" && iops[k(b, n)] > 0) ? sprintf("%.2f", iops[k(a, n)] / iops[k(b, n)]) : "–" }
    function lat(v, n) { return st[k(v, n)] == "ok" ? sprintf("%.1f / %.1f", p50[k(v, n)], p99[k(v, n)]) : "–" }
    {
      st[k($1, $2)] = $3; iops[k($1, $2)] = $4; p50[k($1, $2)] = $5; p99[k($1, $2)] = $6; cpu[k($1, $2)] = $7
      load[$2] = load[$2] (load[$2] == "" ? "" : " / ") $8
      if (!($2 in seen)) { seen[$2] = 1; order[++count] = $2 }
    }
    END {
      for (i = 1; i <= count; i++) {
        n = order[i]
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s |\n", n, cell("pool", n),
          cell("thread-per-device", n), cell("qsd", n), ratio("pool", "qsd", n), ratio("pool", "thread-per-device", n),
          lat("pool", n), lat("thread-per-device", n), lat("qsd", n), cpu[k("pool", n)], cpu[k("thread-per-device", n)],
          cpu[k("qsd", n)], load[n]
      }
    }' "$WORK/vhost.tsv"
}

# shellcheck disable=SC2016 # backticks are Markdown
vhost_section() {
  printf '## vhost-user-blk run %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'Produced by `%s`. 4 KiB randread, queue depth %s per device (one virtqueue each), %s s per row after a\n' \
    "$RUN_LINE" "$VHOST_DEPTH" "$DURATION"
  printf '%s s warm-up; every target gets a fresh start per row and runs on CPU %s, the front end on CPU %s.\n\n' \
    "$WARMUP" "$TARGET_CPU" "$CLIENT_CPU"
  machine_info | sed 's/^/- /'
  printf -- '- qemu-storage-daemon: %s\n\n' "$(qemu-storage-daemon --version | head -1)"
  vhost_table
  printf '\n%s\n' "The client is \`sluice perf --vhost-user\` (host/src/main/java/dev/sluice/host/vhost: a polled
vhost-user-blk front end sharing a memfd, no guest) for every target. Storage: ${VHOST_TOTAL_MIB} MiB of RAM in
all, split evenly over the devices (Sluice malloc bdevs; qemu-storage-daemon \`file\` nodes on /dev/shm, page
cache, \`aio=io_uring\`: 2.3x its default \`aio=threads\` here). Sluice's pool has \`workers = 0\`, one worker per core the process may use, i.e. one worker on its
single pinned core; thread-per-device gives each device its own thread on that core. Target CPU: utime + stime
over the row, in cores. Load: the 1-minute load average after each variant's row."
  printf '\nCommands (in this order):\n\n```sh\n'
  cat "$WORK/commands.txt"
  printf '```\n'
}
