// .kick, .mute, .unmute, .ban account|character|ip, .unban account|ip, .account set gmlevel
import type { CommandInvoker } from "../../api/plugin.ts";
import type { Actor } from "../../ops/types.ts";
import { formatDuration } from "../../ops/duration.ts";
import { Opcode } from "../../protocol/opcodes.ts";
import { encodeBody } from "../../protocol/message.ts";
import { SMSG_MESSAGECHAT, systemMessage } from "../../protocol/world/chat.ts";
import { RealmError } from "../../kernel/errors.ts";
import { usage } from "../registry.ts";
import type { CoreCommandDeps } from "./deps.ts";

export const actorOf = (inv: CommandInvoker): Actor => ({ actor: inv.actor, actorAccountId: inv.accountId, ip: inv.ip });
const restFrom = (args: string[], i: number) => args.slice(i).join(" ");

export function registerModeration(d: CoreCommandDeps): void {
  const r = d.registry;

  r.register({
    name: "kick",
    target: (a) => a[0],
    level: 2,
    usage: "<character> [reason]",
    help: "Disconnects a player.",
    async run(inv, args) {
      if (args.length < 1) usage(this);
      const p = await d.sessions.byName(args[0]!);
      if (!p) throw new RealmError("CHARACTER_NOT_FOUND", `${args[0]} is not online.`);
      d.sessions.kick(p, restFrom(args, 1) || `kicked by ${inv.characterName ?? inv.actor}`);
      inv.reply(`${p.name} was kicked.`);
    },
  });

  const accountOfTarget = async (name: string): Promise<string> => {
    const online = await d.sessions.byName(name);
    if (online) return (await d.accounts.byId(online.accountId))?.name ?? name;
    const c = await d.characters.byName(d.realmId, name);
    if (c) return (await d.accounts.byId(c.accountId))?.name ?? name;
    return name;
  };

  r.register({
    name: "mute",
    target: (a) => a[0],
    level: 2,
    usage: "<character|account> <minutes> [reason]",
    help: "Stops an account from chatting for some minutes.",
    async run(inv, args) {
      const minutes = Number(args[1]);
      if (args.length < 2 || !Number.isFinite(minutes) || minutes <= 0) usage(this);
      const account = await accountOfTarget(args[0]!);
      const reason = restFrom(args, 2);
      await d.accounts.mute(account, minutes, reason, actorOf(inv));
      const p = await d.sessions.byName(args[0]!);
      if (p) d.sessions.sendTo(p, Opcode.SMSG_MESSAGECHAT, encodeBody(SMSG_MESSAGECHAT, systemMessage(`You have been muted for ${minutes} minute(s)${reason ? `: ${reason}` : "."}`)).slice());
      inv.reply(`Account ${account} is muted for ${minutes} minute(s).`);
    },
  });

  r.register({
    name: "unmute",
    target: (a) => a[0],
    level: 2,
    usage: "<character|account>",
    help: "Lifts a chat mute.",
    async run(inv, args) {
      if (args.length < 1) usage(this);
      const account = await accountOfTarget(args[0]!);
      await d.accounts.mute(account, 0, "", actorOf(inv));
      inv.reply(`Account ${account} may chat again.`);
    },
  });

  const banReply = (what: string, expiresAt: number) =>
    `${what} is banned ${expiresAt === 0 ? "permanently" : `for ${formatDuration(expiresAt - d.clock.now())}`}.`;

  r.register({
    name: "ban account",
    target: (a) => a[0],
    level: 2,
    usage: "<account> <duration|perm> <reason>",
    help: "Bans an account (duration like 4d20h, 30m, perm) and kicks it.",
    async run(inv, args) {
      if (args.length < 3) usage(this);
      const b = await d.bans.banAccount(args[0]!, args[1]!, restFrom(args, 2), actorOf(inv));
      inv.reply(banReply(`Account ${args[0]!.toUpperCase()}`, b.expiresAt));
    },
  });
  r.register({
    name: "ban character",
    target: (a) => a[0],
    level: 2,
    usage: "<character> <duration|perm> <reason>",
    help: "Bans the account that owns a character and kicks it.",
    async run(inv, args) {
      if (args.length < 3) usage(this);
      const b = await d.bans.banCharacter(d.realmId, args[0]!, args[1]!, restFrom(args, 2), actorOf(inv));
      inv.reply(banReply(`The account of ${args[0]}`, b.expiresAt));
    },
  });
  r.register({
    name: "ban ip",
    target: (a) => a[0],
    level: 2,
    usage: "<ip> <duration|perm> <reason>",
    help: "Bans an IP address (new connections from it are refused).",
    async run(inv, args) {
      if (args.length < 3) usage(this);
      const b = await d.bans.banIp(args[0]!, args[1]!, restFrom(args, 2), actorOf(inv));
      inv.reply(banReply(`IP ${args[0]}`, b.expiresAt));
    },
  });
  r.register({
    name: "unban account",
    target: (a) => a[0],
    level: 3,
    usage: "<account>",
    help: "Lifts an account ban.",
    async run(inv, args) {
      if (args.length < 1) usage(this);
      const ok = await d.bans.unbanAccount(args[0]!, actorOf(inv));
      inv.reply(ok ? `Account ${args[0]!.toUpperCase()} is no longer banned.` : `Account ${args[0]!.toUpperCase()} was not banned.`);
    },
  });
  r.register({
    name: "unban character",
    target: (a) => a[0],
    level: 3,
    usage: "<character>",
    help: "Lifts the ban on the account that owns a character.",
    async run(inv, args) {
      if (args.length < 1) usage(this);
      const c = await d.characters.byName(d.realmId, args[0]!);
      if (!c) throw new RealmError("CHARACTER_NOT_FOUND", `No character named ${args[0]}.`);
      const a = await d.accounts.byId(c.accountId);
      const ok = a ? await d.bans.unbanAccount(a.name, actorOf(inv)) : false;
      inv.reply(ok ? `The account of ${c.name} is no longer banned.` : `The account of ${c.name} was not banned.`);
    },
  });
  r.register({
    name: "unban ip",
    target: (a) => a[0],
    level: 3,
    usage: "<ip>",
    help: "Lifts an IP ban.",
    async run(inv, args) {
      if (args.length < 1) usage(this);
      const ok = await d.bans.unbanIp(args[0]!, actorOf(inv));
      inv.reply(ok ? `IP ${args[0]} is no longer banned.` : `IP ${args[0]} was not banned.`);
    },
  });
  r.register({
    name: "account set gmlevel",
    target: (a) => a[0],
    level: 3,
    usage: "<account> <0-4>",
    help: "Sets an account's security level (you cannot grant more than your own).",
    async run(inv, args) {
      const level = Number(args[1]);
      if (args.length < 2 || !Number.isInteger(level) || level < 0 || level > 4) usage(this);
      if (level >= inv.level && inv.level < 4) throw new RealmError("CMD_DENIED", `You cannot grant level ${level} (yours is ${inv.level}).`);
      await d.accounts.setGmLevel(args[0]!, level, actorOf(inv));
      inv.reply(`Account ${args[0]!.toUpperCase()} now has security level ${level} (it applies at the next login).`);
    },
  });
}
