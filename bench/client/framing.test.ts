import { describe, expect, test } from "bun:test";
import { ByteReader, ByteWriter, bytesToHex, concatBytes, hexToBytes, packGuid } from "./bytes.ts";
import { ClientHeaderCrypt } from "./header-crypt.ts";
import { Opcode } from "./messages/opcodes.ts";
import { loadVectors } from "./test-vectors.ts";
import { FramingError, ServerPacketFramer, buildServerHeader, frameClientPacket, frameServerPacket } from "./world-framing.ts";

const vf = await loadVectors();

class Collect {
  packets: { opcode: number; payload: string; headerSize: number }[] = [];
  onPacket(opcode: number, payload: Uint8Array, headerSize: number): void {
    this.packets.push({ opcode, payload: bytesToHex(payload), headerSize });
  }
}

/** Server side of the header crypt, for building encrypted test streams (mirror of the client). */
function serverEncryptHeaders(K: Uint8Array, packets: Uint8Array[], headerSizes: number[]): Uint8Array {
  // The server encrypts with the s2c stream, which the client's `decrypt` stream mirrors; XOR is
  // symmetric, so a ClientHeaderCrypt's decrypt() produces the server's ciphertext.
  const c = new ClientHeaderCrypt(K);
  const out = packets.map((p, i) => {
    const q = p.slice();
    c.decrypt(q, 0, headerSizes[i]);
    return q;
  });
  return concatBytes(...out);
}

describe("bytes", () => {
  test("packed guid", () => {
    expect(bytesToHex(packGuid(0n))).toBe("00");
    expect(bytesToHex(packGuid(8n))).toBe("0108");
    expect(bytesToHex(packGuid(0xf130001234000005n))).toBe("d905341230f1");
    const w = new ByteWriter(4);
    for (const g of [0n, 1n, 0xffn, 0x100n, 0xdeadbeefn, 0xf1300012340000ffn, 0xffffffffffffffffn]) w.packedGuid(g);
    const r = new ByteReader(w.toBytes());
    for (const g of [0n, 1n, 0xffn, 0x100n, 0xdeadbeefn, 0xf1300012340000ffn, 0xffffffffffffffffn]) expect(r.packedGuid()).toBe(g);
    expect(r.atEnd).toBe(true);
  });
  test("strings and bounds", () => {
    const w = new ByteWriter(1);
    w.cstring("héllo").sizedCString("Hello").u16be(0x1234).f32(1.5).u64(0x0102030405060708n).i8(-2);
    const r = new ByteReader(w.toBytes());
    expect(r.cstring()).toBe("héllo");
    expect(r.sizedCString()).toBe("Hello");
    expect(r.u16be()).toBe(0x1234);
    expect(r.f32()).toBe(1.5);
    expect(r.u64()).toBe(0x0102030405060708n);
    expect(r.i8()).toBe(-2);
    expect(() => r.u8()).toThrow(/read past end/);
    expect(() => new ByteReader(Uint8Array.of(0x41, 0x42)).cstring()).toThrow(/unterminated/);
    expect(bytesToHex(new ByteWriter().sizedCString("Hello").toBytes())).toBe("0600000048656c6c6f00");
  });
  test("reader over a subarray honours its offset", () => {
    const big = hexToBytes("ffff0102030405ffff");
    const r = new ByteReader().reset(big.subarray(2, 7), 1, 3);
    expect(r.u8()).toBe(2);
    expect(r.u16()).toBe(0x0403);
    expect(r.remaining).toBe(0);
  });
});

describe("client headers", () => {
  test("6-byte header, size = payload + 4, opcode u32 LE", () => {
    expect(bytesToHex(frameClientPacket(Opcode.CMSG_PING, hexToBytes("efbeaddedecafa00")))).toBe("000cdc010000efbeaddedecafa00");
  });
  test("every client_to_server world vector's header", () => {
    for (const v of vf.vectors.filter((x) => x.kind === "message" && x.protocol === "world" && x.direction === "client_to_server")) {
      const all = hexToBytes(v.expected.bytes);
      const h = v.expected.unencrypted_header;
      expect(bytesToHex(frameClientPacket(h.opcode, all.subarray(6)))).toBe(v.expected.bytes);
    }
  });
});

describe("server framing", () => {
  test("4-byte and 5-byte plain headers", () => {
    expect(bytesToHex(buildServerHeader(Opcode.SMSG_AUTH_RESPONSE, 0x8006))).toBe("808008ee01");
    const c = new Collect();
    const f = new ServerPacketFramer(c, 16);
    const big = new Uint8Array(0x8006).fill(7);
    f.feed(concatBytes(frameServerPacket(0x1ee, big), frameServerPacket(0x1dd, hexToBytes("01020304"))));
    expect(c.packets.length).toBe(2);
    expect(c.packets[0]?.headerSize).toBe(5);
    expect(c.packets[0]?.payload.length).toBe(0x8006 * 2);
    expect(c.packets[1]).toEqual({ opcode: 0x1dd, payload: "01020304", headerSize: 4 });
  });

  test("every server_to_client world vector frames to its opcode and payload, fed 1 byte at a time", () => {
    const vs = vf.vectors.filter((x) => x.kind === "message" && x.protocol === "world" && x.direction === "server_to_client");
    const stream = concatBytes(...vs.map((v) => hexToBytes(v.expected.bytes)));
    const c = new Collect();
    const f = new ServerPacketFramer(c, 8);
    for (let i = 0; i < stream.length; i++) f.feed(stream.subarray(i, i + 1));
    expect(c.packets.map((p) => p.opcode)).toEqual(vs.map((v) => v.expected.unencrypted_header.opcode));
    vs.forEach((v, i) => expect(c.packets[i]?.payload).toBe((v.expected.bytes as string).slice(8)));
    expect(f.buffered).toBe(0);
  });

  test("real capture: encrypted server headers decrypt across split reads", () => {
    const seq = vf.vectors.find((v) => v.name === "header_crypt_real_335_capture_sequence")!;
    const K = hexToBytes(seq.inputs.K);
    const steps = (seq.expected.steps as any[]).filter((s) => s.direction === "server_to_client");
    // Rebuild the three packets with their encrypted headers and zero payloads of the right size.
    const pkts = steps.map((s) => concatBytes(hexToBytes(s.encrypted_header), new Uint8Array(s.size_field - 2)));
    const stream = concatBytes(...pkts);
    const c = new Collect();
    const f = new ServerPacketFramer(c, 8);
    f.enableCrypt(new ClientHeaderCrypt(K));
    for (let i = 0; i < stream.length; i += 3) f.feed(stream.subarray(i, Math.min(stream.length, i + 3)));
    expect(c.packets.map((p) => p.opcode)).toEqual(steps.map((s) => s.opcode));
  });

  test("large encrypted header vector (0x8008, 5 bytes) then a small one, byte by byte", () => {
    const v = vf.vectors.find((x) => x.name === "header_crypt_large_server_header")!;
    const steps = v.expected.steps as any[];
    const stream = concatBytes(
      hexToBytes(steps[0].encrypted_header), new Uint8Array(steps[0].size_field - 2),
      hexToBytes(steps[1].encrypted_header), new Uint8Array(steps[1].size_field - 2),
    );
    const c = new Collect();
    const f = new ServerPacketFramer(c, 4);
    f.enableCrypt(new ClientHeaderCrypt(hexToBytes(v.inputs.K)));
    for (let i = 0; i < stream.length; i++) f.feed(stream.subarray(i, i + 1));
    expect(c.packets.map((p) => [p.opcode, p.headerSize, p.payload.length / 2])).toEqual([
      [0x1ee, 5, 0x8006],
      [0x1ee, 4, 6],
    ]);
  });

  test("our own encrypted stream round-trips with random split points", () => {
    const K = new Uint8Array(40).map((_, i) => i * 7);
    const pkts = [frameServerPacket(0x1ee, hexToBytes("0c0000000000000000000002")), frameServerPacket(0x0a9, new Uint8Array(40000)), frameServerPacket(0x390, hexToBytes("05000000"))];
    const stream = serverEncryptHeaders(K, pkts, [4, 5, 4]);
    const c = new Collect();
    const f = new ServerPacketFramer(c, 16);
    f.enableCrypt(new ClientHeaderCrypt(K));
    let i = 0;
    let seed = 12345;
    while (i < stream.length) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = 1 + (seed % 977);
      f.feed(stream.subarray(i, i + n));
      i += n;
    }
    expect(c.packets.map((p) => p.opcode)).toEqual([0x1ee, 0x0a9, 0x390]);
    expect(c.packets[2]?.payload).toBe("05000000");
  });

  test("plain AUTH_RESPONSE failure right after AUTH_SESSION is recognised", () => {
    const c = new Collect();
    const f = new ServerPacketFramer(c);
    f.enableCrypt(new ClientHeaderCrypt(new Uint8Array(40)), true);
    f.feed(hexToBytes("0003ee010d"));
    expect(c.packets).toEqual([{ opcode: 0x1ee, payload: "0d", headerSize: 4 }]);
  });

  test("size field < 2 is a framing error", () => {
    const f = new ServerPacketFramer(new Collect());
    expect(() => f.feed(hexToBytes("0001ee01"))).toThrow(FramingError);
  });
});
