# shellcheck shell=bash
# Sluice as the target (one busy-polling poll group, as SPDK's one reactor; 1 GiB RAM bdev; pinned to TARGET_CPU)
# and `sluice perf` as a client.
SLUICE_NQN=nqn.2016-06.dev.sluice:default

# The launcher builds when sources changed; build once here, then every start uses that build even if
# other engineers edit the tree meanwhile.
build_sluice() {
  log "building Sluice if needed (./sluice --check)"
  "$ROOT/sluice" --check >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log" >&2; die "the Sluice build failed"; }
  export SLUICE_NO_BUILD=1
}

write_sluice_config() {
  cat >"$1" <<CONF
sluice {
  poll-groups = 1
  busy-poll = true
  tcp.c2h-success = ${C2H_SUCCESS:-true}
  rpc.enabled = false
  discovery.listeners = []
  bdevs = [ { name = "Malloc0", type = malloc, size = 1GiB, block-size = 512 } ]
  subsystems = [ { nqn = "$SLUICE_NQN", allow-any-host = true,
    namespaces = [ { nsid = 1, bdev = "Malloc0" } ],
    listeners = [ { transport = tcp, address = "127.0.0.1", port = $2 } ] } ]
}
CONF
}

# start_sluice PORT [EXTRA_JVM_OPTS]: sets TARGET_PID once the port listens.
start_sluice() {
  local port=$1 cfg="$WORK/bench-sluice.conf" jvm="${SLUICE_JVM_OPTS:--Xmx2g}${2:+ $2}"
  write_sluice_config "$cfg" "$port"
  record_note "Sluice target on CPU $TARGET_CPU (bench-sluice.conf as below)"
  record_cmd env SLUICE_JVM_OPTS="$jvm" taskset -c "$TARGET_CPU" "$ROOT/sluice" --config "$cfg"
  SLUICE_JVM_OPTS="$jvm" taskset -c "$TARGET_CPU" "$ROOT/sluice" --config "$cfg" >"$WORK/sluice-target.log" 2>&1 &
  TARGET_PID=$!
  wait_for_port "$TARGET_PID" "$port" 120 || { tail -20 "$WORK/sluice-target.log" >&2; die "Sluice did not start"; }
  log "Sluice target pid $TARGET_PID on 127.0.0.1:$port"
}

# sluice_perf PORT NQN WORKLOAD SIZE DEPTH SECONDS OUT [RECORD]: `sluice perf --json` pinned to CLIENT_CPU.
sluice_perf() {
  local cmd=(taskset -c "$CLIENT_CPU" "$ROOT/sluice" perf --address 127.0.0.1 --port "$1" --nqn "$2"
    -w "$3" -o "$4" -q "$5" -t "$6" --json --no-progress)
  [ "${8:-}" = record ] && record_cmd "${cmd[@]}"
  run_bounded $(($6 + 90)) "${cmd[@]}" >"$7" 2>"$7.err"
}
