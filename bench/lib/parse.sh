# shellcheck shell=bash
# Client outputs reduced to one line: "iops mib_per_s mean_us p50_us p99_us ios".

# `sluice perf --json` (one JSON object).
parse_sluice_perf() {
  jq -er '.total | "\(.iops) \(.mib_per_s) \(.latency_us.mean) \(.latency_us.p50) \(.latency_us.p99) \(.ios)"' "$1" \
    2>/dev/null
}

# spdk_nvme_perf's text report (run with -L for the latency percentiles); $2 = run seconds for the I/O count.
parse_spdk_perf() {
  awk -v secs="$2" '
    function us(v) { sub(/us$/, "", v); return v + 0 }
    /^Total[[:space:]]*:/ && iops == "" {
      split($0, half, ":"); split(half[2], f, " "); iops = f[1]; mibs = f[2]; mean = f[3]
    }
    /^[[:space:]]*50\.00000% :/ && p50 == "" { p50 = us($3) }
    /^[[:space:]]*99\.00000% :/ && p99 == "" { p99 = us($3) }
    END {
      if (iops == "" || p50 == "" || p99 == "") exit 1
      printf "%s %s %s %.3f %.3f %d\n", iops, mibs, mean, p50, p99, iops * secs + 0.5
    }' "$1"
}

# A ZGC or G1 log (-Xlog:gc,gc+phases) reduced to "gcs forced heap_first_mib heap_last_mib heap_max_mib
# max_pause_ms max_forced_pause_ms", counted from the first forced GC (jcmd GC.run, logged as "Diagnostic
# Command", or System.gc()), which the soak issues once the warm-up is over. Heap after GC is the figure after "->" on each collection's summary line.
parse_gc_log() {
  awk '
    function mib(v,   n, u) {
      n = v + 0; u = substr(v, length(n "") + 1, 1)
      return u == "K" ? n / 1024 : u == "G" ? n * 1024 : n
    }
    function gcid(line,   s) {
      if (!match(line, /GC\([0-9]+\)/)) return ""
      return substr(line, RSTART + 3, RLENGTH - 4)
    }
    {
      id = gcid($0); if (id == "") next
      if (index($0, "System.gc()") || index($0, "Diagnostic Command")) { forced[id] = 1; if (!started) started = 1 }
      if (!started) next
      if ($0 ~ /Pause/ && $NF ~ /[0-9]ms$/) {
        p = $NF; sub(/ms$/, "", p); p += 0
        if (forced[id]) { if (p > maxf) maxf = p } else if (p > maxp) maxp = p
      }
      if ($0 !~ / [YO]: / && $0 ~ /(Collection|Pause).*->/) {
        a = substr($0, index($0, "->") + 2); split(a, w, /[(]| /); h = mib(w[1])
        if (!(id in seen)) { seen[id] = 1; n++; if (forced[id]) nf++ }
        if (first == "") first = h
        last = h; if (h > max) max = h
      }
    }
    END {
      if (first == "") exit 1
      printf "%d %d %.0f %.0f %.0f %.3f %.3f\n", n, nf, first, last, max, maxp, maxf
    }' "$1"
}
