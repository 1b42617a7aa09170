import { s, type Infer } from "../../server/api/index.ts";

export const settingsSchema = s.object({
  creationDisabled: s.bool(false, { doc: "refuse every new character (CHAR_CREATE_DISABLED)" }),
  charactersPerRealm: s.int(10, { min: 1, max: 10 }),
  startLevel: s.int(1, { min: 1, max: 80 }),
  deathKnightMinLevel: s.int(55, { min: 0, max: 80, doc: "a death knight needs a character of this level on the realm; 0 disables" }),
  heroicPerRealm: s.int(1, { min: 0, max: 10, doc: "death knights allowed per account and realm" }),
  pvpFactionRestriction: s.bool(true, { doc: "PvP realms: an account's characters share one faction" }),
  reservedNames: s.list(s.string(""), [], { doc: "names refused with CHAR_NAME_RESERVED" }),
  profaneNames: s.list(s.string(""), [], { doc: "name parts refused with CHAR_NAME_PROFANE" }),
});

export type CharacterSettings = Infer<typeof settingsSchema>;
