// Friends and ignores (protocol.md §2.16): the list on login and on request, adding and
// removing with every SMSG_FRIEND_STATUS result, notes, and the ONLINE/OFFLINE notices
// sent to everyone who has a character on their friend list.
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import type { Social } from "../social.ts";
import { lowGuid } from "../social.ts";
import { sameTeam } from "../state/faction.ts";
import { ContactStore } from "./store.ts";

const R = proto.FriendResult;
const S = proto.FriendStatus;

/** FriendStatus of an online player from its presence flags (1 AFK, 2 DND). */
export function friendStatusOf(p: OnlinePlayer): number {
  if (p.status & 1) return S.AFK;
  if (p.status & 2) return S.DND;
  return S.ONLINE;
}

export interface CharacterRef {
  guid: number;
  name: string;
  race: number;
}

/** A character by name, online or not (live characters of this realm). */
export async function findCharacter(X: Social, name: string): Promise<CharacterRef | undefined> {
  const on = await X.ctx.sessions.byName(name);
  if (on) return { guid: on.guid, name: on.name, race: on.race };
  const row = await X.ctx.characters.byName(X.ctx.realmId, name);
  return row && row.deletedAt === 0 ? { guid: row.guid, name: row.name, race: row.race } : undefined;
}

export class Contacts {
  readonly store: ContactStore;

  constructor(private X: Social) {
    this.store = new ContactStore(X.docs, X.lock);
  }

  /** SMSG_CONTACT_LIST with the entries `flags` asks for (1 friends, 2 ignores, 4 mutes). */
  async sendList(to: OnlinePlayer | SessionHandle, owner: number, flags = 7): Promise<void> {
    const d = await this.store.get(owner);
    const byGuid = new Map<number, proto.ContactEntry>();
    if (flags & proto.ContactFlags.FRIEND) {
      for (const f of d.friends) {
        const p = await this.X.player(f.guid);
        byGuid.set(f.guid, { guid: BigInt(f.guid), flags: proto.ContactFlags.FRIEND, note: f.note, status: p ? friendStatusOf(p) : S.OFFLINE, area: p?.zone ?? 0, level: p?.level ?? 0, class: p?.class ?? 0 });
      }
    }
    if (flags & proto.ContactFlags.IGNORED) {
      for (const g of d.ignores) {
        const e = byGuid.get(g);
        if (e) e.flags |= proto.ContactFlags.IGNORED;
        else byGuid.set(g, { guid: BigInt(g), flags: proto.ContactFlags.IGNORED, note: "", status: 0, area: 0, level: 0, class: 0 });
      }
    }
    this.X.send(to, proto.SMSG_CONTACT_LIST, { flags, contacts: [...byGuid.values()] });
  }

  async addFriend(s: SessionHandle, me: OnlinePlayer, name: string, note: string): Promise<void> {
    const X = this.X;
    const t = await findCharacter(X, name);
    if (!t) return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.NOT_FOUND, 0n));
    const guid = BigInt(t.guid);
    if (t.guid === me.guid) return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.SELF, guid));
    if (!X.cfg.crossFaction.friends && me.gmLevel === 0 && !sameTeam(me, t)) return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.ENEMY, guid));
    const r = await this.store.addFriend(me.guid, t.guid, note, X.cfg.maxFriends);
    if (r === "already") return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.ALREADY, guid));
    if (r === "full") return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.LIST_FULL, guid));
    const on = await X.player(t.guid);
    if (on) X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.ADDED_ONLINE, guid, { note, status: friendStatusOf(on), area: on.zone, level: on.level, class: on.class }));
    else X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.ADDED_OFFLINE, guid, { note }));
  }

  async removeFriend(s: SessionHandle, me: OnlinePlayer, guid: bigint): Promise<void> {
    await this.store.removeFriend(me.guid, lowGuid(guid));
    this.X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.REMOVED, guid));
  }

  async setNote(me: OnlinePlayer, guid: bigint, note: string): Promise<void> {
    await this.store.setNote(me.guid, lowGuid(guid), note);
  }

  async addIgnore(s: SessionHandle, me: OnlinePlayer, name: string): Promise<void> {
    const X = this.X;
    const t = await findCharacter(X, name);
    if (!t) return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.IGNORE_NOT_FOUND, 0n));
    const guid = BigInt(t.guid);
    if (t.guid === me.guid) return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.IGNORE_SELF, guid));
    const r = await this.store.addIgnore(me.guid, t.guid, X.cfg.maxIgnores);
    if (r === "already") return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.IGNORE_ALREADY, guid));
    if (r === "full") return X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.IGNORE_FULL, guid));
    X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.IGNORE_ADDED, guid));
  }

  async removeIgnore(s: SessionHandle, me: OnlinePlayer, guid: bigint): Promise<void> {
    await this.store.removeIgnore(me.guid, lowGuid(guid));
    this.X.send(s, proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.IGNORE_REMOVED, guid));
  }

  /** ONLINE (with status) or OFFLINE to every online character that has `p` as a friend. */
  async announce(p: { guid: number; zone: number; level: number; class: number; status?: number }, online: boolean): Promise<void> {
    const X = this.X;
    const body = online
      ? X.encode(proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.ONLINE, BigInt(p.guid), { status: p.status !== undefined ? friendStatusOf(p as OnlinePlayer) : S.ONLINE, area: p.zone, level: p.level, class: p.class }))
      : X.encode(proto.SMSG_FRIEND_STATUS, proto.friendStatus(R.OFFLINE, BigInt(p.guid)));
    for (const g of await this.store.friendOf(p.guid)) {
      const f = await X.player(g);
      if (f) X.sendRaw(f, proto.Opcode.SMSG_FRIEND_STATUS, body);
    }
  }
}
