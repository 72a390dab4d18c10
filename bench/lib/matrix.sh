# shellcheck shell=bash
# The standard matrix (benchmark issue): name, then workload, I/O size in bytes and queue depth.
MATRIX=(
  "randread-qd1 randread 4096 1"
  "randread-qd32 randread 4096 32"
  "randread-qd128 randread 4096 128"
  "randwrite-qd32 randwrite 4096 32"
  "read-128k-qd16 read 131072 16"
  "write-128k-qd16 write 131072 16"
)

matrix_names() {
  local r
  for r in "${MATRIX[@]}"; do printf '%s\n' "${r%% *}"; done
}

# "workload size depth" of a named row; fails for an unknown name.
matrix_row() {
  local r
  for r in "${MATRIX[@]}"; do
    if [ "${r%% *}" = "$1" ]; then
      printf '%s\n' "${r#* }"
      return 0
    fi
  done
  return 1
}
