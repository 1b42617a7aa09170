// Where a character's group is recorded for instance placement: the social plugin writes
// it (through SessionOps.setGroup), the orchestrator reads it (dungeons are keyed by group).
// The value is the group id as a string; no key = not grouped.

export const groupOfKey = (guid: number) => `group-of:${guid}`;
