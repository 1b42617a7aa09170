// What one client knows about the world: its own guid/position and the visible objects.
// Create blocks add, OUT_OF_RANGE / SMSG_DESTROY_OBJECT remove, movement relays move.
import type { ByteReader } from "./bytes.ts";
import { type MovementInfo, MOVEMENT_RELAY_OPCODES, readMovePacket, readMoveSetSpeed } from "./messages/movement.ts";
import { Opcode } from "./messages/opcodes.ts";
import { type NameQueryResponse, readNameQueryResponse } from "./messages/query.ts";
import { type MonsterMove, type Vec3, readMonsterMove, readTeleportOrder, readWorldPosition } from "./messages/teleport.ts";
import {
  type FieldMap,
  type MovementBlock,
  type UpdateObject,
  UpdateFlags,
  UpdateType,
  movementBlockPosition,
  readCompressedUpdateObject,
  readDestroyObject,
  readUpdateObjectBody,
} from "./messages/update-object.ts";
import { TimeoutError } from "./tcp.ts";
import type { WorldClient } from "./world-client.ts";

export interface Position {
  x: number;
  y: number;
  z: number;
  o: number;
}

export interface WorldObject {
  guid: bigint;
  objectType: number;
  position: Position;
  fields: FieldMap;
  /** Last MovementInfo seen (create block LIVING part or a relay). */
  movement?: MovementInfo;
  movementBlock?: MovementBlock;
  /** Last SMSG_MONSTER_MOVE for this unit. */
  monsterMove?: MonsterMove;
  /** Opcode of the last movement relay applied. */
  lastMoveOpcode?: number;
  updatedAt: number;
}

const MOVE_SET_SPEED_OPCODES = new Set<number>([
  Opcode.MSG_MOVE_SET_RUN_SPEED, Opcode.MSG_MOVE_SET_RUN_BACK_SPEED, Opcode.MSG_MOVE_SET_WALK_SPEED,
  Opcode.MSG_MOVE_SET_SWIM_SPEED, Opcode.MSG_MOVE_SET_SWIM_BACK_SPEED, Opcode.MSG_MOVE_SET_TURN_RATE,
  Opcode.MSG_MOVE_SET_FLIGHT_SPEED, Opcode.MSG_MOVE_SET_FLIGHT_BACK_SPEED, Opcode.MSG_MOVE_SET_PITCH_RATE,
]);

export class WorldState {
  selfGuid: bigint | undefined;
  map: number | undefined;
  /** Own position as last confirmed by the server or set by our own movement. */
  position: Position = { x: 0, y: 0, z: 0, o: 0 };
  readonly objects = new Map<bigint, WorldObject>();
  readonly names = new Map<bigint, NameQueryResponse>();
  private selfWaiters: (() => void)[] = [];
  private listeners: ((guid: bigint, kind: "add" | "remove" | "move" | "values") => void)[] = [];

  /** Subscribe to a client's packets; returns a function that unsubscribes. */
  attach(client: WorldClient): () => void {
    const offs: (() => void)[] = [];
    const on = (op: number, h: (r: ByteReader, op: number) => void) => offs.push(client.on(op, h));
    on(Opcode.SMSG_UPDATE_OBJECT, (r) => this.applyUpdate(readUpdateObjectBody(r)));
    on(Opcode.SMSG_COMPRESSED_UPDATE_OBJECT, (r) => this.applyUpdate(readCompressedUpdateObject(r)));
    on(Opcode.SMSG_DESTROY_OBJECT, (r) => this.remove(readDestroyObject(r).guid));
    for (const op of MOVEMENT_RELAY_OPCODES) on(op, (r, o) => this.applyMove(readMovePacket(r), o));
    for (const op of MOVE_SET_SPEED_OPCODES) on(op, (r, o) => this.applyMove(readMoveSetSpeed(r), o));
    on(Opcode.MSG_MOVE_TELEPORT_ACK, (r) => {
      const t = readTeleportOrder(r);
      if (t.guid === this.selfGuid) this.setOwnPosition(t.info);
      else this.applyMove({ guid: t.guid, info: t.info }, Opcode.MSG_MOVE_TELEPORT_ACK);
    });
    on(Opcode.SMSG_LOGIN_VERIFY_WORLD, (r) => this.enterMap(readWorldPosition(r)));
    // SMSG_NEW_WORLD is a loading screen even to the same map (a resume after a world host
    // was lost, a drain): the client forgets every object and gets create blocks again
    on(Opcode.SMSG_NEW_WORLD, (r) => this.enterMap(readWorldPosition(r), true));
    on(Opcode.SMSG_MONSTER_MOVE, (r) => this.applyMonsterMove(readMonsterMove(r)));
    on(Opcode.SMSG_MONSTER_MOVE_TRANSPORT, (r) => this.applyMonsterMove(readMonsterMove(r, true)));
    on(Opcode.SMSG_NAME_QUERY_RESPONSE, (r) => {
      const n = readNameQueryResponse(r);
      this.names.set(n.guid, n);
    });
    return () => {
      for (const off of offs) off();
    };
  }

  onChange(cb: (guid: bigint, kind: "add" | "remove" | "move" | "values") => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== cb);
    };
  }

  private emit(guid: bigint, kind: "add" | "remove" | "move" | "values"): void {
    for (const l of this.listeners) l(guid, kind);
  }

  enterMap(p: { map: number; x: number; y: number; z: number; o: number }, reload = false): void {
    if (this.map !== undefined && (reload || this.map !== p.map)) {
      // A new map: everything we saw is gone (the server re-sends create blocks).
      for (const guid of [...this.objects.keys()]) if (guid !== this.selfGuid) this.remove(guid);
    }
    this.map = p.map;
    this.setOwnPosition(p);
  }

  setOwnPosition(p: { x: number; y: number; z: number; o: number }): void {
    this.position = { x: p.x, y: p.y, z: p.z, o: p.o };
    if (this.selfGuid !== undefined) {
      const self = this.objects.get(this.selfGuid);
      if (self) self.position = { ...this.position };
    }
  }

  applyUpdate(u: UpdateObject): void {
    const now = Date.now();
    for (const b of u.blocks) {
      switch (b.type) {
        case UpdateType.CREATE_OBJECT:
        case UpdateType.CREATE_OBJECT2: {
          const pos = movementBlockPosition(b.movement);
          const obj: WorldObject = {
            guid: b.guid,
            objectType: b.objectType,
            position: pos ? { x: pos.x, y: pos.y, z: pos.z, o: pos.o } : { x: 0, y: 0, z: 0, o: 0 },
            fields: b.fields,
            movement: b.movement.living?.info,
            movementBlock: b.movement,
            updatedAt: now,
          };
          const existed = this.objects.has(b.guid);
          if (existed) {
            // A re-create keeps accumulated fields the new block does not carry.
            const old = this.objects.get(b.guid) as WorldObject;
            for (const [k, v] of old.fields) if (!obj.fields.has(k)) obj.fields.set(k, v);
          }
          this.objects.set(b.guid, obj);
          if (b.movement.updateFlags & UpdateFlags.SELF) {
            this.selfGuid = b.guid;
            if (pos) this.position = { x: pos.x, y: pos.y, z: pos.z, o: pos.o };
            const ws = this.selfWaiters;
            this.selfWaiters = [];
            for (const w of ws) w();
          }
          this.emit(b.guid, existed ? "values" : "add");
          break;
        }
        case UpdateType.VALUES: {
          const obj = this.objects.get(b.guid);
          if (obj) {
            for (const [k, v] of b.fields) obj.fields.set(k, v);
            obj.updatedAt = now;
            this.emit(b.guid, "values");
          }
          break;
        }
        case UpdateType.MOVEMENT: {
          const obj = this.objects.get(b.guid);
          const pos = movementBlockPosition(b.movement);
          if (obj && pos) {
            obj.position = { x: pos.x, y: pos.y, z: pos.z, o: pos.o };
            obj.movementBlock = b.movement;
            if (b.movement.living) obj.movement = b.movement.living.info;
            obj.updatedAt = now;
            this.emit(b.guid, "move");
          }
          break;
        }
        case UpdateType.OUT_OF_RANGE_OBJECTS:
          for (const g of b.guids) this.remove(g);
          break;
        case UpdateType.NEAR_OBJECTS:
          break;
      }
    }
  }

  applyMove(m: { guid: bigint; info: MovementInfo }, opcode: number): void {
    const obj = this.objects.get(m.guid);
    if (!obj) return;
    const i = m.info;
    obj.position = { x: i.x, y: i.y, z: i.z, o: i.o };
    obj.movement = i;
    obj.lastMoveOpcode = opcode;
    obj.updatedAt = Date.now();
    this.emit(m.guid, "move");
  }

  applyMonsterMove(m: MonsterMove): void {
    const obj = this.objects.get(m.guid);
    if (!obj) return;
    obj.monsterMove = m;
    obj.position = { x: m.start.x, y: m.start.y, z: m.start.z, o: obj.position.o };
    obj.updatedAt = Date.now();
    this.emit(m.guid, "move");
  }

  remove(guid: bigint): void {
    if (this.objects.delete(guid)) this.emit(guid, "remove");
  }

  // --- queries for tests ------------------------------------------------------------------

  sees(guid: bigint): boolean {
    return this.objects.has(guid);
  }

  positionOf(guid: bigint): Position | undefined {
    if (guid === this.selfGuid) return this.position;
    return this.objects.get(guid)?.position;
  }

  /** Where a creature is heading (last SMSG_MONSTER_MOVE destination), if known. */
  destinationOf(guid: bigint): Vec3 | undefined {
    return this.objects.get(guid)?.monsterMove?.destination;
  }

  /** True when `guid` is visible within `tolerance` yards of (x, y, z). */
  seesAt(guid: bigint, x: number, y: number, z: number, tolerance = 0.5): boolean {
    const p = this.objects.get(guid)?.position;
    if (!p) return false;
    return Math.hypot(p.x - x, p.y - y, p.z - z) <= tolerance;
  }

  /** Resolve once a create block with the SELF flag has been seen. */
  waitSelf(timeoutMs: number): Promise<bigint> {
    if (this.selfGuid !== undefined && this.objects.has(this.selfGuid)) return Promise.resolve(this.selfGuid);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.selfWaiters = this.selfWaiters.filter((w) => w !== done);
        reject(new TimeoutError(`timed out after ${timeoutMs} ms waiting for the self create block (SMSG_UPDATE_OBJECT with SELF)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(this.selfGuid as bigint);
      };
      this.selfWaiters.push(done);
    });
  }

  /** Forget everything (logout to the character screen). */
  reset(): void {
    for (const guid of [...this.objects.keys()]) this.remove(guid);
    this.selfGuid = undefined;
    this.map = undefined;
  }
}
