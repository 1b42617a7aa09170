// Players in the world for command and plugin tests: a headless client logged in over
// the real sockets, its character in the world, and what the server told it collected
// (SYSTEM chat lines, notifications, server messages, whether the connection closed).
import { ByteReader } from "../../bench/client/bytes.ts";
import { HeadlessClient } from "../../bench/client/headless-client.ts";
import { ChatType, readCString, readServerMessage, readServerMessageChat } from "../../bench/client/messages/chat.ts";
import { Opcode } from "../../bench/client/messages/opcodes.ts";
import type { Booted } from "./boot.ts";

export class TestPlayer {
  /** SYSTEM chat lines, in order. */
  readonly lines: string[] = [];
  /** SMSG_NOTIFICATION texts. */
  readonly notifications: string[] = [];
  /** SMSG_SERVER_MESSAGE (type, text). */
  readonly serverMessages: { type: number; text: string }[] = [];
  /** Other chat (SAY, WHISPER...): type and text. */
  readonly chat: { type: number; text: string }[] = [];
  closed = false;

  constructor(
    readonly client: HeadlessClient,
    readonly account: string,
    readonly name: string,
  ) {
    const w = client.world!;
    w.onAny((_r, opcode, payload) => {
      if (opcode === Opcode.SMSG_MESSAGECHAT) {
        const m = readServerMessageChat(new ByteReader(payload));
        if (m.type === ChatType.SYSTEM) this.lines.push(m.message);
        else this.chat.push({ type: m.type, text: m.message });
      } else if (opcode === Opcode.SMSG_NOTIFICATION) this.notifications.push(readCString(new ByteReader(payload)));
      else if (opcode === Opcode.SMSG_SERVER_MESSAGE) this.serverMessages.push(readServerMessage(new ByteReader(payload)));
    });
    void w.closed.then(
      () => (this.closed = true),
      () => (this.closed = true),
    );
  }

  /** Types a chat line and waits for a SYSTEM line matching `until`; returns the lines that came meanwhile. */
  async command(text: string, until: RegExp | string = /./, timeoutMs = 5000): Promise<string[]> {
    const from = this.lines.length;
    this.client.say(text);
    await this.waitLine(until, timeoutMs, from);
    return this.lines.slice(from);
  }

  /** Waits for a SYSTEM line matching `re` at index `from` or later. */
  async waitLine(re: RegExp | string, timeoutMs = 5000, from = 0): Promise<string> {
    const match = (l: string) => (typeof re === "string" ? l.includes(re) : re.test(l));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.slice(from).find(match);
      if (hit !== undefined) return hit;
      if (this.closed) throw new Error(`${this.name}: connection closed while waiting for a line matching ${re}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no line matching ${re} within ${timeoutMs} ms; got ${JSON.stringify(this.lines.slice(from))}`);
      await Bun.sleep(10);
    }
  }

  close(): void {
    this.client.close();
  }
}

/**
 * Creates the account (if `password` is new) and a character straight in the store,
 * logs in over the sockets and enters the world. Account names are upper-cased by the
 * server; character names are as given.
 */
export async function joinWorld(b: Booted, account: string, charName: string, opts: { gmLevel?: number; password?: string; create?: boolean } = {}): Promise<TestPlayer> {
  const password = opts.password ?? "pw";
  if (opts.create !== false) {
    if (!(await b.realm.accounts.get(account))) await b.createAccount(account, password, { gmLevel: opts.gmLevel ?? 0 });
    if (!(await b.realm.store.characters.byName(b.config.realm.id, charName))) await b.createCharacter(account, charName);
  }
  const c = new HeadlessClient({ timeoutMs: 10_000 });
  const { realms } = await c.login({ host: b.host, port: b.authPort, user: account, password });
  await c.connectWorld(realms[0] ?? b.worldAddress);
  const list = await c.enumCharacters();
  const ch = list.find((x) => x.name.toLowerCase() === charName.toLowerCase());
  if (!ch) throw new Error(`${account} has no character ${charName} (has ${list.map((x) => x.name).join(", ")})`);
  const p = new TestPlayer(c, account.toUpperCase(), ch.name);
  await c.enterWorld(ch.guid);
  return p;
}
