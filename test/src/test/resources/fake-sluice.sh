#!/usr/bin/env bash
# Stand-in for ./sluice in HarnessSelfTest: same command line (--config FILE); the file says what to do:
# a list of ports to listen on, "exit" (fail at start-up) or "silent" (run, never listen).
set -u
[[ $# == 2 && $1 == --config && -f $2 ]] || { echo "usage: fake-sluice --config FILE" >&2; exit 2; }
mode=$(cat "$2")
echo "fake sluice: $mode"
case $mode in
  exit) echo "failing on purpose"; exit 3;;
  silent) exec sleep 600;;
esac
pids=()
for port in $mode; do busybox nc -l -p "$port" > /dev/null & pids+=($!); done
trap 'kill "${pids[@]}" 2> /dev/null; echo "fake sluice: SIGTERM"; exit 0' TERM
wait
