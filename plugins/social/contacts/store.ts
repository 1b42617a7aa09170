// Contact lists in the store (ctx.data, read through the cache): per character its
// friends (with notes) and ignores, plus two reverse indexes - who has this character as
// a friend (online/offline notices) and who ignores it (chat filtering). Every change
// takes the owner's lock, then each reverse index's lock, one at a time.
import type { Docs } from "../state/docs.ts";
import type { KeyedLock } from "../state/lock.ts";

export interface Friend {
  guid: number;
  note: string;
}

export interface ContactDoc {
  friends: Friend[];
  ignores: number[];
}

const contactsKey = (g: number) => `contacts:${g}`;
const friendOfKey = (g: number) => `friend-of:${g}`;
const ignoredByKey = (g: number) => `ignored-by:${g}`;

export type AddResult = "added" | "already" | "full";

export class ContactStore {
  constructor(
    private docs: Docs,
    private lock: KeyedLock,
  ) {}

  async get(owner: number): Promise<ContactDoc> {
    return (await this.docs.get<ContactDoc>(contactsKey(owner))) ?? { friends: [], ignores: [] };
  }

  /** Characters that ignore `guid` (chat from `guid` is not delivered to them). */
  async ignoredBy(guid: number): Promise<number[]> {
    return (await this.docs.get<number[]>(ignoredByKey(guid))) ?? [];
  }

  /** Characters that have `guid` on their friend list. */
  async friendOf(guid: number): Promise<number[]> {
    return (await this.docs.get<number[]>(friendOfKey(guid))) ?? [];
  }

  async isIgnoring(listener: number, speaker: number): Promise<boolean> {
    return (await this.get(listener)).ignores.includes(speaker);
  }

  private async change(owner: number, fn: (d: ContactDoc) => AddResult | boolean): Promise<AddResult | boolean> {
    return this.lock.with(contactsKey(owner), async () => {
      const d = (await this.docs.fresh<ContactDoc>(contactsKey(owner))) ?? { friends: [], ignores: [] };
      const r = fn(d);
      if (r === true || r === "added") await this.docs.put(contactsKey(owner), d);
      return r;
    });
  }

  private index(key: string, guid: number, add: boolean): Promise<void> {
    return this.lock.with(key, async () => {
      const l = (await this.docs.fresh<number[]>(key)) ?? [];
      const has = l.includes(guid);
      if (add && !has) await this.docs.put(key, [...l, guid]);
      else if (!add && has) await this.docs.put(key, l.filter((g) => g !== guid));
    });
  }

  async addFriend(owner: number, friend: number, note: string, max: number): Promise<AddResult> {
    const r = (await this.change(owner, (d) => {
      if (d.friends.some((f) => f.guid === friend)) return "already";
      if (d.friends.length >= max) return "full";
      d.friends.push({ guid: friend, note });
      return "added";
    })) as AddResult;
    if (r === "added") await this.index(friendOfKey(friend), owner, true);
    return r;
  }

  async removeFriend(owner: number, friend: number): Promise<boolean> {
    const r = (await this.change(owner, (d) => {
      const n = d.friends.length;
      d.friends = d.friends.filter((f) => f.guid !== friend);
      return d.friends.length !== n;
    })) as boolean;
    if (r) await this.index(friendOfKey(friend), owner, false);
    return r;
  }

  async setNote(owner: number, friend: number, note: string): Promise<boolean> {
    return (await this.change(owner, (d) => {
      const f = d.friends.find((x) => x.guid === friend);
      if (!f) return false;
      f.note = note;
      return true;
    })) as boolean;
  }

  async addIgnore(owner: number, ignored: number, max: number): Promise<AddResult> {
    const r = (await this.change(owner, (d) => {
      if (d.ignores.includes(ignored)) return "already";
      if (d.ignores.length >= max) return "full";
      d.ignores.push(ignored);
      return "added";
    })) as AddResult;
    if (r === "added") await this.index(ignoredByKey(ignored), owner, true);
    return r;
  }

  async removeIgnore(owner: number, ignored: number): Promise<boolean> {
    const r = (await this.change(owner, (d) => {
      const n = d.ignores.length;
      d.ignores = d.ignores.filter((g) => g !== ignored);
      return d.ignores.length !== n;
    })) as boolean;
    if (r) await this.index(ignoredByKey(ignored), owner, false);
    return r;
  }
}
