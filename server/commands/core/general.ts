// .help, .commands, .server info, .server motd, .server set motd, .announce, .notify
import { Opcode } from "../../protocol/opcodes.ts";
import { encodeBody } from "../../protocol/message.ts";
import { SMSG_MESSAGECHAT, SMSG_NOTIFICATION, systemMessage } from "../../protocol/world/chat.ts";
import { formatDuration } from "../../ops/duration.ts";
import { usage } from "../registry.ts";
import type { CoreCommandDeps } from "./deps.ts";

export function registerGeneral(d: CoreCommandDeps): void {
  const r = d.registry;
  r.register({
    name: "help",
    level: 0,
    usage: "[command]",
    help: "Shows how to use a command, or lists the commands you can use.",
    run(inv, args) {
      if (args.length === 0) {
        inv.reply("Commands you can use (type .help <command> for details):");
        inv.reply(d.registry.list(inv.level).map((c) => `.${c.name}`).join(", "));
        return;
      }
      const f = d.registry.find(args);
      if (!f || f.def.level > inv.level) return void inv.reply("There is no such command.");
      inv.reply(`.${f.def.name}${f.def.usage ? ` ${f.def.usage}` : ""} (level ${f.def.level}): ${f.def.help}`);
    },
  });
  r.register({
    name: "commands",
    level: 0,
    help: "Lists every command available at your level.",
    run(inv) {
      const list = d.registry.list(inv.level);
      inv.reply(`${list.length} commands:`);
      for (let i = 0; i < list.length; i += 8) inv.reply(list.slice(i, i + 8).map((c) => `.${c.name}`).join("  "));
    },
  });
  r.register({
    name: "server info",
    level: 0,
    help: "Version, players online and uptime.",
    async run(inv) {
      const online = (await d.sessions.online()).length;
      inv.reply(`${d.realmName} (RealmCore ${d.version}, realm ${d.realmId})`);
      inv.reply(`Players online: ${online}. Uptime: ${formatDuration(d.clock.now() - d.startedAt)}.`);
      for (const l of await d.info()) inv.reply(l);
    },
  });
  r.register({
    name: "server motd",
    level: 0,
    help: "Shows the message of the day.",
    async run(inv) {
      inv.reply(`Message of the day: ${await d.motd.get()}`);
    },
  });
  r.register({
    name: "server set motd",
    level: 3,
    usage: "<text>",
    help: "Sets the message of the day shown at login.",
    async run(inv, args, line) {
      if (args.length === 0) usage(this);
      const text = line.replace(/^\s*server\s+set\s+motd\s+/i, "");
      await d.motd.set(text);
      inv.reply(`Message of the day set to: ${text}`);
    },
  });
  r.register({
    name: "announce",
    level: 2,
    usage: "<text>",
    help: "Sends a system message to every player in the world.",
    async run(inv, args, line) {
      if (args.length === 0) usage(this);
      const text = line.replace(/^\s*announce\s+/i, "");
      await d.sessions.broadcast(Opcode.SMSG_MESSAGECHAT, encodeBody(SMSG_MESSAGECHAT, systemMessage(`[${inv.characterName ?? "Server"}]: ${text}`)).slice());
      inv.reply("Announcement sent.");
    },
  });
  r.register({
    name: "notify",
    level: 2,
    usage: "<text>",
    help: "Shows a message in the middle of every player's screen.",
    async run(inv, args, line) {
      if (args.length === 0) usage(this);
      const text = line.replace(/^\s*notify\s+/i, "");
      await d.sessions.broadcast(Opcode.SMSG_NOTIFICATION, encodeBody(SMSG_NOTIFICATION, { text }).slice());
      inv.reply("Notification sent.");
    },
  });
}
