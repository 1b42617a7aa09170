// GM commands through the registry: channel moderation and group inspection. Chat mutes
// are the core `.mute`/`.unmute` (accounts.muteUntil), which the chat path enforces.
//   .channel list [channel]            every channel, or one channel's members and settings
//   .channel kick <channel> <player>   kick (level 2)
//   .channel ban <channel> <player>    ban and kick (level 2)
//   .channel unban <channel> <player>  (level 2)
//   .group info <player>               the player's group: leader, type, loot, members
//   .group disband <player>            disbands the player's group (level 2)
import { RealmError, type CommandInvoker, type PluginContext } from "../../server/api/index.ts";
import type { Channels } from "./channels/channels.ts";
import type { Actor } from "./channels/model.ts";
import { findCharacter } from "./contacts/contacts.ts";
import type { Groups } from "./group/groups.ts";
import * as M from "./group/model.ts";
import type { Social } from "./social.ts";

const usage = (u: string): never => {
  throw new RealmError("CMD_USAGE", `Usage: ${u}`);
};

/** The GM as a channel actor (owner rights; replies go to the command's output). */
function gmActor(inv: CommandInvoker): Actor {
  return { guid: inv.characterGuid ?? 0, name: inv.characterName ?? inv.actor, gatewayId: inv.session?.gatewayId ?? 0, sessionId: inv.session?.sessionId ?? 0, gm: true };
}

/** A channel key from a name as the GM typed it: "a:" / "h:" / "x:" prefixes pick the namespace. */
async function findChannel(ch: Channels, name: string): Promise<string | undefined> {
  const all = await ch.all();
  const lower = name.toLowerCase();
  return all.find((k) => k === `chan:${lower}`) ?? all.find((k) => k.slice(k.indexOf(":", 5) + 1) === lower);
}

export function registerCommands(ctx: PluginContext<any>, X: Social, ch: Channels, G: Groups): void {
  ctx.commands.register({
    name: "channel list",
    level: 1,
    usage: "[channel]",
    help: "Lists chat channels, or one channel's members, owner, password and flags.",
    async run(inv, args) {
      if (!args.length) {
        const keys = await ch.all();
        if (!keys.length) return inv.reply("No channels.");
        for (const k of keys) {
          const c = await ch.get(k);
          if (c) inv.reply(`${k.slice(5)}: ${c.members.length} member(s)${c.id ? ` [zone channel ${c.id}]` : ""}`);
        }
        return;
      }
      const key = await findChannel(ch, args.join(" "));
      const c = key ? await ch.get(key) : undefined;
      if (!c) return inv.reply(`No channel ${args.join(" ")}.`);
      const owner = c.members.find((m) => m.guid === c.owner)?.name ?? "nobody";
      inv.reply(`${c.name}: owner ${owner}, ${c.password ? "password set" : "no password"}, announcements ${c.announce ? "on" : "off"}, moderation ${c.moderated ? "on" : "off"}, ${c.banned.length} banned`);
      inv.reply(`Members: ${c.members.map((m) => `${m.name}${m.flags ? `(${m.flags})` : ""}`).join(", ")}`);
    },
  });

  const moderation = (verb: "kick" | "ban" | "unban") =>
    ctx.commands.register({
      name: `channel ${verb}`,
      level: 2,
      usage: "<channel> <player>",
      help: `${verb[0]!.toUpperCase()}${verb.slice(1)}s a player ${verb === "unban" ? "from a channel's ban list" : `from a channel`}.`,
      async run(inv, args) {
        if (args.length < 2) usage(`.channel ${verb} <channel> <player>`);
        const player = args[args.length - 1]!;
        const name = args.slice(0, -1).join(" ");
        const key = await findChannel(ch, name);
        if (!key) return inv.reply(`No channel ${name}.`);
        const target = verb === "unban" ? await findCharacter(X, player) : undefined;
        let ok = false;
        await ch.op(key, name, undefined, (o, c) => {
          const was = (g: number | undefined) => [c.members.some((m) => m.guid === g), c.banned.includes(g ?? -1)];
          const victim = verb === "unban" ? target?.guid : c.members.find((m) => m.name.toLowerCase() === player.toLowerCase())?.guid;
          const [member, banned] = was(victim);
          if (verb === "unban") o.unban(gmActor(inv), player, target?.guid);
          else o.kick(gmActor(inv), player, verb === "ban");
          const [memberAfter, bannedAfter] = was(victim);
          ok = verb === "unban" ? banned === true && bannedAfter === false : member === true && memberAfter === false;
        });
        inv.reply(ok ? `${player}: ${verb} done in ${name}.` : `${player}: nothing to ${verb} in ${name}.`);
      },
    });
  moderation("kick");
  moderation("ban");
  moderation("unban");

  ctx.commands.register({
    name: "group info",
    level: 1,
    usage: "<player>",
    help: "Shows a player's group: id, type, leader, loot method and members (online, subgroup, flags).",
    async run(inv, args) {
      if (args.length !== 1) usage(".group info <player>");
      const t = await findCharacter(X, args[0]!);
      if (!t) return inv.reply(`No character ${args[0]}.`);
      const g = await G.store.of(t.guid);
      if (!g) return inv.reply(`${t.name} is not in a group.`);
      const on = await G.online(g);
      const leader = M.memberOf(g, g.leader)?.name ?? "?";
      inv.reply(`Group ${g.id} (${M.isRaid(g) ? "raid" : "party"}), leader ${leader}, loot method ${g.lootMethod}, threshold ${g.lootThreshold}, ${g.members.length} member(s):`);
      for (const m of g.members) inv.reply(`  ${m.name} [${on.has(m.guid) ? "online" : "offline"}] subgroup ${m.subgroup + 1}${m.flags & 1 ? " assistant" : ""}`);
    },
  });

  ctx.commands.register({
    name: "group disband",
    level: 2,
    usage: "<player>",
    help: "Disbands a player's group.",
    async run(inv, args) {
      if (args.length !== 1) usage(".group disband <player>");
      const t = await findCharacter(X, args[0]!);
      const g = t ? await G.store.of(t.guid) : undefined;
      if (!g) return inv.reply(`${args[0]} is not in a group.`);
      await G.disband(g);
      inv.reply(`Group ${g.id} disbanded.`);
    },
  });
}
