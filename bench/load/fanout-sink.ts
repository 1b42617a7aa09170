// Sink for the fanout scenario (started pinned to core 1): opens CONNS connections to the
// pusher and counts the bytes that arrive (it reads everything, decodes nothing).
//
//   bun bench/load/fanout-sink.ts HOST PORT CONNS
//
// Prints "ready" once every connection is open; after that, each line on stdin is
// answered with one line on stdout: the total bytes received so far.
export {};

const [host, portText, connsText] = Bun.argv.slice(2);
const conns = Number(connsText);
let bytes = 0;

const sockets = await Promise.all(
  Array.from({ length: conns }, () =>
    Bun.connect<undefined>({
      hostname: host!,
      port: Number(portText),
      socket: {
        data(_s, chunk) {
          bytes += chunk.length;
        },
      },
    }),
  ),
);
process.stdout.write("ready\n");
for await (const _line of console) {
  process.stdout.write(`${bytes}\n`);
}
for (const s of sockets) s.end();
process.exit(0);
