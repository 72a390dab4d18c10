package dev.sluice.fsm;

/** The NVMe/TCP request lifecycle (after SPDK's {@code spdk_nvmf_tcp_req_state}). One behavior each. */
public enum TcpRequestState {
  FREE,
  NEW,
  NEED_BUFFER,
  AWAITING_R2T_ACK,
  TRANSFERRING_HOST_TO_CONTROLLER,
  READY_TO_EXECUTE,
  EXECUTING,
  EXECUTED,
  READY_TO_COMPLETE,
  TRANSFERRING_CONTROLLER_TO_HOST,
  COMPLETED
}
