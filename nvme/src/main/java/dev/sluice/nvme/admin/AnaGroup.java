package dev.sluice.nvme.admin;

/**
 * One ANA group as reported in the ANA log: a non-zero group ID, its state ({@link AnaState}) and the
 * NSIDs in it, strictly ascending (Linux walks them in step with its sorted namespace list). Linux
 * also rejects a group ID above Identify Controller ANAGRPMAX. The array is copied on construction.
 */
public record AnaGroup(int groupId, int state, int[] nsids) {
    public AnaGroup {
        if (groupId == 0) {
            throw new InvalidAdminDataException("ANA group ID 0 is reserved");
        }
        if (!AnaState.isValid(state)) {
            throw new InvalidAdminDataException("invalid ANA state " + state);
        }
        Fields.requireNamespaceList(nsids, "nsids");
        nsids = nsids.clone();
    }
}
