// UpdateObjectBuilder: collects the update blocks for ONE receiver and emits packet bodies
// (protocol.md §2.11). Blocks are written straight from UpdateValues / MovementBlock into
// one reusable Writer; build() groups them into packets, sends SMSG_UPDATE_OBJECT when a
// body is at most `compressThreshold` (100) bytes and SMSG_COMPRESSED_UPDATE_OBJECT
// (u32 size + zlib) otherwise, and splits so that every packet stays under 0x7FFF bytes
// (header size field: payload + 2) whenever compression can make it so. Out-of-range
// guids are merged into one block that goes first (cmangos / TC order).
import { Opcode } from "../opcodes.ts";
import { Writer } from "../writer.ts";
import { UpdateFlags, writeMovementBlock, type MovementBlock } from "./movement-block.ts";
import { compressUpdateBody, UpdateType, writeUpdateBlock, type UpdateBlock } from "./update-blocks.ts";
import type { DynamicFieldFn, UpdateValues } from "./update-values.ts";

/** One packet: its opcode and its body (payload without the header). */
export interface UpdatePacket {
  opcode: number;
  body: Uint8Array;
}

export interface UpdateBuilderOptions {
  /** bodies larger than this are compressed (cmangos: 100) */
  compressThreshold?: number;
  /** largest header size field (payload + 2) wanted per packet; 0x7FFF keeps 4-byte headers */
  maxPacketSize?: number;
  /** largest uncompressed body tried in one packet before compressing (default 64 KiB) */
  maxRawBody?: number;
  /** zlib level (1 fastest .. 9 smallest) */
  level?: number;
}

export interface CreateOptions {
  /** CREATE_OBJECT2 (new spawns, the player itself at login) instead of CREATE_OBJECT */
  create2?: boolean;
  /** the block describes the receiving player: adds UpdateFlags.SELF (else SELF is removed) */
  self?: boolean;
  /** per-viewer value of DYNAMIC fields */
  dynamic?: DynamicFieldFn;
}

export class UpdateObjectBuilder {
  readonly compressThreshold: number;
  readonly maxPacketSize: number;
  readonly maxRawBody: number;
  readonly level: number;
  private readonly w = new Writer(4096);
  private readonly scratch = new Writer(4096);
  /** start offset of every block in `w`; block i ends where block i+1 starts */
  private starts: number[] = [];
  private outOfRange: bigint[] = [];

  constructor(opts: UpdateBuilderOptions = {}) {
    this.compressThreshold = opts.compressThreshold ?? 100;
    this.maxPacketSize = opts.maxPacketSize ?? 0x7fff;
    this.maxRawBody = opts.maxRawBody ?? 0x10000;
    this.level = opts.level ?? 6;
  }

  /** Blocks collected so far (the merged out-of-range block counts as one). */
  get blockCount(): number {
    return this.starts.length + (this.outOfRange.length > 0 ? 1 : 0);
  }

  get isEmpty(): boolean {
    return this.blockCount === 0;
  }

  /** Drops everything collected. */
  reset(): this {
    this.w.reset();
    this.starts.length = 0;
    this.outOfRange.length = 0;
    return this;
  }

  /**
   * A VALUES block with the fields `viewer` sees that changed since values.clearChanges().
   * Returns false (and adds nothing) when no visible field changed.
   */
  addValues(guid: bigint, values: UpdateValues, viewer: number, dynamic?: DynamicFieldFn): boolean {
    if (!values.hasChangesFor(viewer)) return false;
    this.starts.push(this.w.length);
    this.w.u8(UpdateType.VALUES).packedGuid(guid);
    values.writeChanges(this.w, viewer, dynamic);
    return true;
  }

  /** A MOVEMENT block. */
  addMovement(guid: bigint, movement: MovementBlock): this {
    this.starts.push(this.w.length);
    this.w.u8(UpdateType.MOVEMENT).packedGuid(guid);
    writeMovementBlock(this.w, movement);
    return this;
  }

  /** A CREATE_OBJECT / CREATE_OBJECT2 block with every non-zero field `viewer` sees. */
  addCreate(guid: bigint, objectTypeId: number, movement: MovementBlock, values: UpdateValues, viewer: number, opts: CreateOptions = {}): this {
    const flags = opts.self ? movement.updateFlags | UpdateFlags.SELF : movement.updateFlags & ~UpdateFlags.SELF;
    this.starts.push(this.w.length);
    this.w.u8(opts.create2 ? UpdateType.CREATE_OBJECT2 : UpdateType.CREATE_OBJECT).packedGuid(guid).u8(objectTypeId);
    writeMovementBlock(this.w, movement, flags);
    values.writeCreate(this.w, viewer, opts.dynamic);
    return this;
  }

  /** Guids that left the receiver's view; all calls merge into one block sent first. */
  addOutOfRange(guids: Iterable<bigint>): this {
    for (const g of guids) this.outOfRange.push(g);
    return this;
  }

  /** A NEAR_OBJECTS block. */
  addNearObjects(guids: readonly bigint[]): this {
    this.starts.push(this.w.length);
    this.w.u8(UpdateType.NEAR_OBJECTS).u32(guids.length);
    for (const g of guids) this.w.packedGuid(g);
    return this;
  }

  /** Any block in its decoded form (OUT_OF_RANGE blocks are merged like addOutOfRange). */
  addBlock(block: UpdateBlock): this {
    if (block.type === UpdateType.OUT_OF_RANGE_OBJECTS) return this.addOutOfRange(block.guids);
    this.starts.push(this.w.length);
    writeUpdateBlock(this.w, block);
    return this;
  }

  /** The whole collection as one uncompressed SMSG_UPDATE_OBJECT body (no splitting). */
  buildRaw(): Uint8Array {
    const segs = this.segments();
    const out = new Writer(4 + this.w.length + 16 + this.outOfRange.length * 9);
    out.u32(segs.length);
    for (const s of segs) out.bytes(s);
    return out.toBytes();
  }

  /** Emits the packets and resets the builder. */
  build(): UpdatePacket[] {
    const segs = this.segments();
    const packets: UpdatePacket[] = [];
    if (segs.length > 0) this.emit(segs, 0, segs.length, packets);
    this.reset();
    return packets;
  }

  /** Every block as a view into the writers (the merged out-of-range block first). */
  private segments(): Uint8Array[] {
    const segs: Uint8Array[] = [];
    if (this.outOfRange.length > 0) {
      const s = this.scratch.reset();
      s.u8(UpdateType.OUT_OF_RANGE_OBJECTS).u32(this.outOfRange.length);
      for (const g of this.outOfRange) s.packedGuid(g);
      segs.push(s.finish());
    }
    const buf = this.w.finish();
    for (let i = 0; i < this.starts.length; i++) {
      segs.push(buf.subarray(this.starts[i]!, i + 1 < this.starts.length ? this.starts[i + 1]! : buf.length));
    }
    return segs;
  }

  private emit(segs: Uint8Array[], from: number, to: number, out: UpdatePacket[]): void {
    // greedy groups by uncompressed size, each group then compressed (and halved if too big)
    let start = from;
    let size = 4;
    for (let i = from; i < to; i++) {
      const len = segs[i]!.length;
      if (i > start && size + len > this.maxRawBody) {
        this.emitGroup(segs, start, i, size, out);
        start = i;
        size = 4;
      }
      size += len;
    }
    this.emitGroup(segs, start, to, size, out);
  }

  private emitGroup(segs: Uint8Array[], from: number, to: number, rawSize: number, out: UpdatePacket[]): void {
    const raw = new Uint8Array(rawSize);
    new DataView(raw.buffer).setUint32(0, to - from, true);
    let at = 4;
    for (let i = from; i < to; i++) {
      raw.set(segs[i]!, at);
      at += segs[i]!.length;
    }
    const maxPayload = this.maxPacketSize - 2;
    if (rawSize <= this.compressThreshold && rawSize < maxPayload) {
      out.push({ opcode: Opcode.SMSG_UPDATE_OBJECT, body: raw });
      return;
    }
    const body = compressUpdateBody(raw, this.level);
    if (body.length < maxPayload || to - from === 1) {
      out.push({ opcode: Opcode.SMSG_COMPRESSED_UPDATE_OBJECT, body });
      return;
    }
    const mid = from + ((to - from) >> 1);
    let left = 4;
    for (let i = from; i < mid; i++) left += segs[i]!.length;
    this.emitGroup(segs, from, mid, left, out);
    this.emitGroup(segs, mid, to, rawSize - left + 4, out);
  }
}
