// The character service: the character screen of the 3.3.5 client (protocol.md §2.7-2.8).
// A plugin on the public API like any other; all writes go through the store port.
import { definePlugin, proto } from "../../server/api/index.ts";
import * as accountData from "./account-data.ts";
import { createCharacter } from "./create.ts";
import { customize, deleteCharacter, rename, sendEnum } from "./screen.ts";
import { settingsSchema } from "./settings.ts";

export default definePlugin({
  name: "character",
  version: "1.0.0",
  description: "Character screen: list, create, delete (restorable), rename, customize; account data",
  config: settingsSchema,
  setup(ctx) {
    ctx.onOpcode(proto.CMSG_CHAR_ENUM, (s) => sendEnum(ctx, s));
    ctx.onOpcode(proto.CMSG_CHAR_CREATE, async (s, m) => {
      s.send(proto.SMSG_CHAR_CREATE, { result: await createCharacter(ctx, s, m) });
    });
    ctx.onOpcode(proto.CMSG_CHAR_DELETE, async (s, m) => {
      s.send(proto.SMSG_CHAR_DELETE, { result: await deleteCharacter(ctx, s, m.guid) });
    });
    ctx.onOpcode(proto.CMSG_CHAR_RENAME, (s, m) => rename(ctx, s, m));
    ctx.onOpcode(proto.CMSG_CHAR_CUSTOMIZE, (s, m) => customize(ctx, s, m));
    ctx.onOpcode(proto.CMSG_REALM_SPLIT, (s, m) => {
      s.send(proto.SMSG_REALM_SPLIT, { realmId: m.realmId, state: proto.RealmSplitState.NORMAL, date: "01/01/01" });
    });
    ctx.onOpcode(proto.CMSG_READY_FOR_ACCOUNT_DATA_TIMES, (s) => accountData.sendTimes(ctx, s, false));
    ctx.onOpcode(proto.CMSG_UPDATE_ACCOUNT_DATA, (s, m) => accountData.update(ctx, s, m));
    ctx.onOpcode(proto.CMSG_REQUEST_ACCOUNT_DATA, (s, m) => accountData.request(ctx, s, m.slot));
  },
});
