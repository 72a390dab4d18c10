# shellcheck shell=bash
# Shared helpers for bench/run: messages, bounded waits and process handling, ports, CPU accounting.

log() { printf 'bench: %s\n' "$*" >&2; }

# An awk function for the tables, prepended to their awk programs: thousands(1234567.8) is "1,234,568".
# shellcheck disable=SC2034 # used by lib/report.sh, lib/vhost.sh and lib/pairs.sh
AWK_THOUSANDS='
  function thousands(v,   s, r) {
    s = sprintf("%.0f", v); r = ""
    while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
    return s r
  }'

# A failure of the environment or a run (exit 1); usage errors exit 2 from parse_args.
die() {
  printf 'bench: %s\n' "$*" >&2
  exit 1
}

# One command line as a reader would type it: words with shell-special characters in single quotes.
show_cmd() {
  local out="" w q="'"
  for w in "$@"; do
    if [[ $w =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then
      out+="$w "
    else
      out+="'${w//$q/$q\\$q$q}' "
    fi
  done
  printf '%s\n' "${out% }"
}

# Commands go to $WORK/commands.txt for the report, with the checkout and SPDK paths made portable.
record_cmd() {
  local line
  [ "${ROUND:-1}" -gt 1 ] && return 0 # later rounds repeat round 1's commands
  line=$(show_cmd "$@")
  line=${line//"$ROOT/"/./}
  [ -n "${SPDK_DIR:-}" ] && line=${line//"$SPDK_DIR"/\$SLUICE_SPDK_DIR}
  line=${line//"$WORK/"/}
  printf '%s\n' "$line" >>"$WORK/commands.txt"
}
record_note() { [ "${ROUND:-1}" -gt 1 ] || printf '# %s\n' "$*" >>"$WORK/commands.txt"; }

# True while the process exists and is not a zombie (our own children stay zombies until reaped).
alive() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  [ "${s%% *}" != Z ]
}

# utime + stime of a process (all threads), in clock ticks.
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }
  # shellcheck disable=SC2086 # split the fields on purpose
  set -- $s
  echo $((${12} + ${13}))
}

# SIGTERM, up to $2 seconds to exit, then SIGKILL; reaps the child. Only ever called with our own PIDs.
stop_pid() {
  local pid=$1 grace=${2:-15} deadline
  [ -n "$pid" ] || return 0
  if alive "$pid"; then
    kill -CONT "$pid" 2>/dev/null || true # a paused target (pause_pid) handles SIGTERM only once continued
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + grace))
    while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if alive "$pid"; then
      log "process $pid did not stop within ${grace}s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# pause_pid PID / resume_pid PID: SIGSTOP / SIGCONT one of our targets, so the one not being measured takes no
# CPU (both are pinned to the same core). pause_pid returns once the process is stopped (bounded wait).
pause_pid() {
  local i s
  kill -STOP "$1" 2>/dev/null || return 1
  for ((i = 0; i < 100; i++)); do
    s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    s=${s##*) }
    [ "${s%% *}" = T ] && return 0
    sleep 0.05
  done
  return 1
}

resume_pid() {
  kill -CONT "$1" 2>/dev/null
}

# A TCP port nobody listens on (bounded number of tries).
free_port() {
  local i port
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + RANDOM % 40000))
    if [ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Waits until something listens on the port, failing early if the process died.
wait_for_port() {
  local pid=$1 port=$2 limit=$3 deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    alive "$pid" || return 1
    [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  log "nothing listened on port $port within ${limit}s"
  return 1
}

# Runs a client in the background under `timeout` so the exit trap can stop it; returns its status.
CLIENT_PID=""
run_bounded() {
  local limit=$1 rc=0
  shift
  timeout -k 10 "$limit" "$@" &
  CLIENT_PID=$!
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  return $rc
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# The machine, one "key: value" per line, for the report.
machine_info() {
  local model mem os jdk
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  os=$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null | head -1)
  jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | sed -n '2p')
  printf 'cpus: %s x %s\n' "$(nproc)" "${model:-unknown}"
  printf 'memory: %s\n' "$mem"
  printf 'os: %s, kernel %s\n' "${os:-unknown}" "$(uname -r)"
  command -v systemd-detect-virt >/dev/null && printf 'virtualization: %s\n' "$(systemd-detect-virt 2>/dev/null || echo none)"
  printf 'jdk: %s\n' "$jdk"
  printf 'sluice: commit %s%s\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "$( [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] && echo ' (with uncommitted changes)')"
  [ -n "${SPDK_DIR:-}" ] && printf 'spdk: %s\n' "$(spdk_version)"
  printf 'load average before the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}
