// realm list | realm set: the rows the login server's realm list is built from.
import { REALM_OFFLINE_AFTER_MS } from "../../auth/realm-list.ts";
import type { RealmRow } from "../../storage/ports.ts";
import { parseCommandArgs, parseIntArg } from "../args.ts";
import { defineCommands, usageError, type CtlCommand } from "../registry.ts";

const TYPES: Record<number, string> = { 0: "normal", 1: "PvP", 4: "normal", 6: "RP", 8: "RP-PvP" };

function describeRealm(r: RealmRow, now: number): string {
  const age = now - r.heartbeatAt;
  const state = r.heartbeatAt === 0 ? "offline (no heartbeat yet)" : age > REALM_OFFLINE_AFTER_MS ? `offline (last heartbeat ${Math.round(age / 1000)} s ago)` : `online, ${r.online} players`;
  return [
    `${String(r.id).padStart(3)}  ${r.name}`,
    r.address,
    `type ${r.type}${TYPES[r.type] ? ` (${TYPES[r.type]})` : ""}`,
    `flags 0x${r.flags.toString(16).padStart(2, "0")}`,
    `timezone ${r.timezone}`,
    `population ${r.population}`,
    `limit ${r.playerLimit}`,
    state,
  ].join("  ");
}

const list: CtlCommand = {
  name: "realm list",
  usage: "realm list",
  summary: "list the realms of the realm list",
  async run(args, env) {
    parseCommandArgs(list, args);
    const store = await env.store();
    const rows = await store.realms.list();
    const now = env.clock.now();
    for (const r of rows) env.out(describeRealm(r, now));
    env.out(`${rows.length} realm${rows.length === 1 ? "" : "s"}`);
  },
};

const ADDRESS_RE = /^[^\s:]+:(\d{1,5})$/;

const set: CtlCommand = {
  name: "realm set",
  usage: "realm set ID [--name N] [--address HOST:PORT] [--type T] [--flags F] [--timezone Z] [--population P] [--limit L]",
  summary: "change a realm's row (creates it when --name and --address are given)",
  async run(args, env) {
    const { positionals, flags } = parseCommandArgs(set, args, { flags: ["name", "address", "type", "flags", "timezone", "population", "limit"], min: 1 });
    const id = parseIntArg(set, "realm id", positionals[0]!, 1, 255);
    const patch: Partial<Omit<RealmRow, "id">> = {};
    if (flags.name !== undefined) {
      const name = flags.name.trim();
      if (!name || name.length > 64 || name.includes("\0")) throw usageError(set, "realm name must be 1 to 64 characters");
      patch.name = name;
    }
    if (flags.address !== undefined) {
      const m = ADDRESS_RE.exec(flags.address.trim());
      const port = m ? Number(m[1]) : 0;
      if (!m || port < 1 || port > 65535) throw usageError(set, `address must be HOST:PORT with a port from 1 to 65535, got "${flags.address}"`);
      patch.address = flags.address.trim();
    }
    if (flags.type !== undefined) patch.type = parseIntArg(set, "type", flags.type, 0, 255);
    if (flags.flags !== undefined) patch.flags = parseIntArg(set, "flags", flags.flags, 0, 255);
    if (flags.timezone !== undefined) patch.timezone = parseIntArg(set, "timezone", flags.timezone, 0, 255);
    if (flags.limit !== undefined) patch.playerLimit = parseIntArg(set, "limit", flags.limit, 1, 1_000_000);
    if (flags.population !== undefined) {
      const p = Number(flags.population);
      if (!Number.isFinite(p) || p < 0 || p > 1000) throw usageError(set, `population must be a number from 0 to 1000, got "${flags.population}"`);
      patch.population = p;
    }
    if (Object.keys(patch).length === 0) throw usageError(set, "nothing to change: give at least one of --name, --address, --type, --flags, --timezone, --population, --limit");
    const store = await env.store();
    const { audit } = await env.ops();
    const existing = await store.realms.get(id);
    if (existing) {
      await store.realms.update(id, patch);
    } else {
      if (patch.name === undefined || patch.address === undefined) throw usageError(set, `realm ${id} does not exist; give --name and --address to create it`);
      await store.realms.upsert({ id, name: patch.name, address: patch.address, ...patch });
    }
    await audit.write(env.actor, existing ? "realm.update" : "realm.create", String(id), patch);
    const row = (await store.realms.get(id))!;
    env.out(`${existing ? "updated" : "created"} realm ${describeRealm(row, env.clock.now()).trim()}`);
  },
};

export default defineCommands(list, set);
