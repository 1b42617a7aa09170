// Groups in the store (ctx.data, so they survive a realm restart) read through the cache:
// `group:<id>` is the group, `member:<guid>` the group id of a character. The orchestrator's
// `group-of:<guid>` key (dungeon instances per group) is kept in step through
// ctx.sessions.setGroup.
import type { Social } from "../social.ts";
import type { Group } from "./model.ts";

const groupKey = (id: number) => `group:${id}`;
const memberKey = (guid: number) => `member:${guid}`;

export const groupLockKey = groupKey;
/** Serialises creating a group around one inviter (two accepts at once make one group). */
export const creatorLockKey = (guid: number) => `group-create:${guid}`;

export class GroupStore {
  constructor(private X: Social) {}

  async groupOf(guid: number): Promise<number> {
    return (await this.X.docs.get<number>(memberKey(guid))) ?? 0;
  }

  async groupOfFresh(guid: number): Promise<number> {
    return (await this.X.docs.fresh<number>(memberKey(guid))) ?? 0;
  }

  get(id: number): Promise<Group | undefined> {
    return this.X.docs.get<Group>(groupKey(id));
  }

  fresh(id: number): Promise<Group | undefined> {
    return this.X.docs.fresh<Group>(groupKey(id));
  }

  /** The group a character is in (undefined when none). */
  async of(guid: number): Promise<Group | undefined> {
    const id = await this.groupOf(guid);
    return id ? this.get(id) : undefined;
  }

  save(g: Group): Promise<void> {
    return this.X.docs.put(groupKey(g.id), g);
  }

  delete(id: number): Promise<void> {
    return this.X.docs.delete(groupKey(id));
  }

  async setMember(guid: number, id: number): Promise<void> {
    if (id) await this.X.docs.put(memberKey(guid), id);
    else await this.X.docs.delete(memberKey(guid));
    await this.X.ctx.sessions.setGroup(guid, id);
  }

  /** A fresh group id (random 31-bit, checked unused: ids survive restarts without a counter). */
  async newId(): Promise<number> {
    for (;;) {
      const id = 1 + Math.floor(Math.random() * 0x7ffffffe);
      if (!(await this.X.ctx.data.get(groupKey(id)))) return id;
    }
  }

  /** Every group (GM listing, tests). */
  async all(): Promise<Group[]> {
    return (await this.X.docs.list<Group>("group:")).map((e) => e.value);
  }
}
