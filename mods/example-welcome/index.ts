// example-welcome: the modders' example. Greets every player who enters the world with
// a SYSTEM chat line (the player.login hook and ctx.sessions), answers `.hello`, and
// takes its greeting text from the realm's configuration. README.md walks through it.
import { CoreHooks, definePlugin, proto, s } from "../../server/api/index.ts";
import { fillIn, helloReply } from "./greeting.ts";

export default definePlugin({
  name: "example-welcome",
  version: "1.0.0",
  description: "Greets players when they enter the world; .hello answers",
  config: s.object({
    greeting: s.string("Welcome to {realm}, {name}!", { nonEmpty: true, doc: "the login greeting; {name} and {realm} are filled in" }),
  }),
  setup(ctx) {
    // Hooks are synchronous: start the async work and return at once.
    ctx.hooks.on(CoreHooks.playerLogin, (player) => {
      const text = fillIn(ctx.config.greeting, { name: player.name, realm: ctx.realm.name });
      void ctx.sessions
        .byGuid(player.guid)
        .then((online) => online && ctx.sessions.send(online, proto.SMSG_MESSAGECHAT, proto.systemMessage(text)))
        .catch((e) => ctx.log.warn({ err: e, player: player.name }, "greeting not sent"));
    });

    ctx.commands.register({
      name: "hello",
      level: 0,
      help: "Says hello back.",
      run(inv) {
        inv.reply(helloReply(inv.characterName));
      },
    });
  },
});
