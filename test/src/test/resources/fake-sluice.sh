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
# A listener's stdin must stay open: a background job's stdin is /dev/null, and at its EOF busybox nc closes the
# connection right after accepting it, so a client could see the close before it sent anything. A FIFO that this
# script holds open for writing (and never writes) gives each listener a stdin that just blocks.
fifo=$(mktemp -u)
mkfifo "$fifo"
exec 3<> "$fifo"
rm -f "$fifo"
pids=()
for port in $mode; do busybox nc -l -p "$port" <&3 > /dev/null & pids+=($!); done
trap 'kill "${pids[@]}" 2> /dev/null; echo "fake sluice: SIGTERM"; exit 0' TERM
wait
