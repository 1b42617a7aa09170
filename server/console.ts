// The server console: command lines typed on stdin run at the console level (4), with or
// without the leading dot. Replies go to stdout (or to `output`, for tests and tools).
import type { CommandInvoker } from "./api/plugin.ts";
import type { Realm } from "./realm.ts";

export function startConsole(realm: Realm, input: ReadableStream<Uint8Array> = Bun.stdin.stream(), output: (line: string) => void = (line) => void process.stdout.write(`${line}\n`)): () => void {
  const runtime = realm.runtime;
  if (!runtime) return () => {};
  let stopped = false;
  const reader = input.getReader();
  const inv: CommandInvoker = { kind: "console", level: 4, actor: "console", accountId: 0, reply: output };
  void (async () => {
    let buf = "";
    const dec = new TextDecoder();
    while (!stopped) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done || !value) break;
      buf += dec.decode(value, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) await runtime.commands.run(line, inv).catch((e) => inv.reply(`error: ${String(e)}`));
      }
    }
  })();
  return () => {
    stopped = true;
    void reader.cancel().catch(() => {});
  };
}
