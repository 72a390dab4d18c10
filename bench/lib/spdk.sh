# shellcheck shell=bash
# SPDK (an external build named by SLUICE_SPDK_DIR, never part of this repository): nvmf_tgt as the target,
# configured with scripts/rpc.py, and spdk_nvme_perf as a client.
SPDK_NQN=nqn.2016-06.io.spdk:cnode1

spdk_libs() { printf '%s' "$SPDK_DIR/build/lib:$SPDK_DIR/isa-l/.libs:$SPDK_DIR/isa-l-crypto/.libs"; }

check_spdk() {
  local f
  for f in build/bin/nvmf_tgt build/bin/spdk_nvme_perf scripts/rpc.py; do
    [ -e "$SPDK_DIR/$f" ] || die "SLUICE_SPDK_DIR=$SPDK_DIR has no $f (build SPDK there first)"
  done
  command -v python3 >/dev/null || die "SPDK's rpc.py needs python3"
}

# DPDK needs 2 MiB hugepages: 1024 free ones (the 1 GiB malloc bdev, transport buffers, spdk_nvme_perf) and
# hugetlbfs at /dev/hugepages. As root we add what is missing; other processes may hold some of the pool.
ensure_hugepages() {
  local total free want
  total=$(awk '/^HugePages_Total:/ { print $2 }' /proc/meminfo)
  free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
  if [ "$free" -lt 1024 ]; then
    want=$((total + 1024 - free))
    [ "$(id -u)" = 0 ] || die "SPDK needs 1024 free hugepages (have $free of $total): echo $want > /proc/sys/vm/nr_hugepages as root"
    log "hugepages: $free of $total free; raising nr_hugepages to $want"
    echo "$want" >/proc/sys/vm/nr_hugepages
    free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
    [ "$free" -ge 1024 ] || die "could only get $free free hugepages"
  fi
  if ! mount | grep -q ' /dev/hugepages type hugetlbfs'; then
    [ "$(id -u)" = 0 ] || die "SPDK needs hugetlbfs mounted at /dev/hugepages (mount -t hugetlbfs nodev /dev/hugepages)"
    mkdir -p /dev/hugepages
    mount -t hugetlbfs nodev /dev/hugepages || die "cannot mount hugetlbfs"
  fi
}

spdk_rpc() {
  timeout 60 python3 "$SPDK_DIR/scripts/rpc.py" -s "$WORK/spdk.sock" -t 30 "$@"
}

spdk_version() {
  local v
  v=$(git -C "$SPDK_DIR" describe --tags 2>/dev/null) || v=unknown
  printf 'SPDK %s (%s)\n' "$v" "$(basename "$SPDK_DIR")"
}

# start_spdk PORT: nvmf_tgt on TARGET_CPU with a 1 GiB malloc bdev exported on 127.0.0.1:PORT.
start_spdk() {
  local port=$1 deadline r
  record_note "SPDK target on CPU $TARGET_CPU (LD_LIBRARY_PATH=\$SLUICE_SPDK_DIR/build/lib:\$SLUICE_SPDK_DIR/isa-l/.libs:\$SLUICE_SPDK_DIR/isa-l-crypto/.libs)"
  # No core lock: other SPDK processes on this machine (tests) may hold core 0's; taskset pins us anyway.
  record_cmd taskset -c "$TARGET_CPU" "$SPDK_DIR/build/bin/nvmf_tgt" -m "$TARGET_MASK" --disable-cpumask-locks -r "$WORK/spdk.sock"
  (
    export LD_LIBRARY_PATH
    LD_LIBRARY_PATH=$(spdk_libs)
    exec taskset -c "$TARGET_CPU" "$SPDK_DIR/build/bin/nvmf_tgt" -m "$TARGET_MASK" --disable-cpumask-locks -r "$WORK/spdk.sock"
  ) >"$WORK/spdk-target.log" 2>&1 &
  TARGET_PID=$!
  deadline=$((SECONDS + 60))
  until [ -S "$WORK/spdk.sock" ] && spdk_rpc spdk_get_version >/dev/null 2>&1; do
    if ! alive "$TARGET_PID" || [ $SECONDS -ge $deadline ]; then
      tail -20 "$WORK/spdk-target.log" >&2
      die "nvmf_tgt did not start"
    fi
    sleep 0.5
  done
  local calls=(
    "nvmf_create_transport -t TCP -u 16384 -m 8 -c 8192"
    "bdev_malloc_create -b Malloc0 1024 512"
    "nvmf_create_subsystem $SPDK_NQN -a -s SPDK001"
    "nvmf_subsystem_add_ns $SPDK_NQN Malloc0"
    "nvmf_subsystem_add_listener $SPDK_NQN -t tcp -a 127.0.0.1 -s $port"
  )
  for r in "${calls[@]}"; do
    # shellcheck disable=SC2086 # each entry is a word list on purpose
    record_cmd "$SPDK_DIR/scripts/rpc.py" -s "$WORK/spdk.sock" $r
    # shellcheck disable=SC2086
    spdk_rpc $r >>"$WORK/spdk-rpc.log" 2>&1 || { tail -5 "$WORK/spdk-rpc.log" >&2; die "rpc.py $r failed"; }
  done
  wait_for_port "$TARGET_PID" "$port" 30 || die "nvmf_tgt does not listen on $port"
  log "SPDK nvmf_tgt pid $TARGET_PID on 127.0.0.1:$port"
}

# spdk_perf PORT NQN WORKLOAD SIZE DEPTH SECONDS OUT [RECORD]: spdk_nvme_perf on CLIENT_CPU, latency tracking on.
spdk_perf() {
  local trid="trtype:tcp adrfam:IPv4 traddr:127.0.0.1 trsvcid:$1 subnqn:$2"
  local cmd=("$SPDK_DIR/build/bin/spdk_nvme_perf" -c "$CLIENT_MASK" -r "$trid" -q "$5" -o "$4" -w "$3" -t "$6" -L)
  [ "${8:-}" = record ] && record_cmd "${cmd[@]}"
  LD_LIBRARY_PATH=$(spdk_libs) run_bounded $(($6 + 90)) "${cmd[@]}" >"$7" 2>"$7.err"
}
