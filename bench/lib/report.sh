# shellcheck shell=bash
# Results (one TSV line per measurement) to a Markdown table, and the measured section of docs/benchmarks.md.
# TSV fields: target client row status iops mib_s mean_us p50_us p99_us ios wall_s target_cpu_s load1

result_line() {
  local IFS=$'\t'
  printf '%s\t%s\n' "$*" "${ROUND:-1}" >>"$WORK/rounds.tsv"
}

# median_results: from every round's lines (rounds.tsv), the line of the median-IOPS round per target, client
# and row (the lower middle for an even count; a failed round counts as 0 IOPS), so each figure in the table comes
# from one run. Writes results.tsv, and iops-rounds.tsv: target, client, row, the IOPS of every round in order.
median_results() {
  awk -F'\t' -v OFS='\t' '
    function value(l,   f) { split(l, f, "\t"); return f[4] == "ok" ? f[5] + 0 : -1 }
    {
      k = $1 OFS $2 OFS $3
      if (!(k in n)) order[++count] = k
      line[k, ++n[k]] = $0
      iops[k] = iops[k] ($4 == "ok" ? sprintf("%.0f", $5) : "failed") " "
    }
    END {
      for (i = 1; i <= count; i++) {
        k = order[i]
        for (a = 2; a <= n[k]; a++) {  # insertion sort of the rounds by IOPS
          l = line[k, a]
          for (b = a - 1; b >= 1 && value(line[k, b]) > value(l); b--) line[k, b + 1] = line[k, b]
          line[k, b + 1] = l
        }
        print line[k, int((n[k] + 1) / 2)] >(dir "/results.tsv")
        sub(/ $/, "", iops[k])
        print k, iops[k] >(dir "/iops-rounds.tsv")
      }
    }' dir="$WORK" "$WORK/rounds.tsv"
}

# rounds_table: IOPS of each round per row and client, Sluice beside SPDK (only when there was more than one round).
rounds_table() {
  awk -F'\t' '
    { k = $3 SUBSEP $2; if (!(k in seen)) { seen[k] = 1; order[++count] = k }; v[$1, k] = $4 }
    END {
      print "| row | client | Sluice IOPS per round | SPDK IOPS per round |"
      print "|---|---|---|---|"
      for (i = 1; i <= count; i++) {
        k = order[i]; split(k, rc, SUBSEP)
        s = v["sluice", k]; t = v["spdk", k]; gsub(/ /, ", ", s); gsub(/ /, ", ", t)
        printf "| %s | %s | %s | %s |\n", rc[1], rc[2], s, (t == "" ? "–" : t)
      }
    }' "$WORK/iops-rounds.tsv"
}

# Markdown table: per row and client, Sluice beside SPDK (when SPDK was measured) and their IOPS ratio.
results_table() {
  awk -F'\t' -v spdk="$1" "$AWK_THOUSANDS"'
    function perf(t, k) { return ok[t, k] ? thousands(iops[t, k]) : "failed" }
    function mb(t, k) { return ok[t, k] ? sprintf("%.0f", mibs[t, k]) : "–" }
    function lat(t, k) { return ok[t, k] ? sprintf("%.1f / %.1f", p50[t, k], p99[t, k]) : "–" }
    function cpu(t, k) {
      if (!ok[t, k] || wall[t, k] <= 0) return "–"
      return sprintf("%.2f, %.1f µs", tcpu[t, k] / wall[t, k], ios[t, k] > 0 ? tcpu[t, k] * 1e6 / ios[t, k] : 0)
    }
    {
      k = $3 SUBSEP $2
      if (!(k in seen)) { seen[k] = 1; order[++count] = k }
      ok[$1, k] = ($4 == "ok"); iops[$1, k] = $5; mibs[$1, k] = $6; p50[$1, k] = $8; p99[$1, k] = $9
      ios[$1, k] = $10; wall[$1, k] = $11; tcpu[$1, k] = $12; load[$1, k] = $13
    }
    END {
      if (spdk) {
        print "| row | client | Sluice IOPS | SPDK IOPS | Sluice / SPDK | MiB/s Sluice / SPDK | p50 / p99 µs Sluice | p50 / p99 µs SPDK | target CPU Sluice (cores, per I/O) | target CPU SPDK | load 1 min |"
        print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
      } else {
        print "| row | client | Sluice IOPS | MiB/s | p50 / p99 µs | target CPU (cores, per I/O) | load 1 min |"
        print "|---|---|---:|---:|---:|---:|---:|"
      }
      for (i = 1; i <= count; i++) {
        k = order[i]; split(k, rc, SUBSEP)
        if (spdk) {
          ratio = ok["sluice", k] && ok["spdk", k] && iops["spdk", k] > 0 ? sprintf("%.2f", iops["sluice", k] / iops["spdk", k]) : "–"
          printf "| %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s / %s |\n", rc[1], rc[2],
            perf("sluice", k), perf("spdk", k), ratio, mb("sluice", k), mb("spdk", k), lat("sluice", k),
            lat("spdk", k), cpu("sluice", k), cpu("spdk", k), load["sluice", k], load["spdk", k]
        } else {
          printf "| %s | %s | %s | %s | %s | %s | %s |\n", rc[1], rc[2], perf("sluice", k), mb("sluice", k),
            lat("sluice", k), cpu("sluice", k), load["sluice", k]
        }
      }
    }' "$WORK/results.tsv"
}

# replace_section FILE NAME CONTENT_FILE: replaces what lies between <!-- NAME:begin --> and <!-- NAME:end -->,
# keeping everything else (the hand-written history) as it is.
replace_section() {
  local file=$1 begin="<!-- $2:begin -->" end="<!-- $2:end -->" tmp
  if [ "$(grep -cxF "$begin" "$file")" != 1 ] || [ "$(grep -cxF "$end" "$file")" != 1 ]; then
    die "$file needs exactly one '$begin' and one '$end' line"
  fi
  [ "$(grep -nxF "$begin" "$file" | cut -d: -f1)" -lt "$(grep -nxF "$end" "$file" | cut -d: -f1)" ] ||
    die "$file: '$begin' must come before '$end'"
  tmp=$(mktemp "$file.XXXXXX")
  awk -v b="$begin" -v e="$end" -v content="$3" '
    $0 == b { print; while ((getline l < content) > 0) print l; skip = 1; next }
    $0 == e { skip = 0 }
    !skip { print }' "$file" >"$tmp"
  mv "$tmp" "$file"
}

# The measured section: date, machine, table, exact commands and the Sluice configuration.
# shellcheck disable=SC2016 # backticks are Markdown
matrix_section() {
  local has_spdk=$1
  printf '## Harness run %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf 'Produced by `%s`. %s s per row after a warm-up; target on CPU %s, client on CPU %s.\n\n' \
    "$RUN_LINE" "$DURATION" "$TARGET_CPU" "$CLIENT_CPU"
  machine_info | sed 's/^/- /'
  printf '\n'
  if [ "$ROUNDS" -gt 1 ]; then
    printf '%s rounds. Every figure is from the round with the median IOPS for that row (per target); the IOPS of\n' "$ROUNDS"
    printf 'every round follow the table.\n'
  fi
  if [ "$has_spdk" = 1 ]; then
    printf 'Each round starts both targets and warms each up, then runs row by row, the two targets taking turns (the\n'
    printf 'other one paused with SIGSTOP: no CPU) and alternating which goes first, so a slow spell of this shared\n'
    printf 'machine reaches both targets'"'"' runs of a row rather than one target'"'"'s whole turn.\n'
  fi
  if [ "$ROUNDS" -gt 1 ] || [ "$has_spdk" = 1 ]; then
    printf '\n'
  fi
  results_table "$has_spdk"
  printf '\n%s\n' "IOPS ratio = Sluice / SPDK with the same client. Target CPU: utime + stime of the target process over the
row (/proc/<pid>/stat) in cores, and per I/O. SPDK's reactor polls, so it always uses one core. Load: the
1-minute load average at the end of the row; the two benchmark processes alone account for about 2, more
means other work shared the cores."
  if [ "$ROUNDS" -gt 1 ]; then
    printf '\n'
    rounds_table
  fi
  commands_and_config 'in this order; `bench/run` picks a free port'
}

# commands_and_config NOTE: the recorded commands and the Sluice configuration, the end of a measured section.
# shellcheck disable=SC2016 # backticks are Markdown
commands_and_config() {
  printf '\nCommands (%s):\n\n```sh\n' "$1"
  cat "$WORK/commands.txt"
  printf '```\n\n`bench-sluice.conf`:\n\n```hocon\n'
  cat "$WORK/bench-sluice.conf"
  printf '```\n'
}
