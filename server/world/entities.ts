// What lives in a map instance: players and creatures. Both keep their update fields in an
// UpdateValues store and know which players see them (observers), so relays and value
// updates go only to those players.
import type { CreatureSpawn, CreatureTemplate } from "../content/types.ts";
import type { CharacterRow } from "../storage/ports.ts";
import { equipmentSlots } from "../ops/equipment.ts";
import { creatureGuid, newCreatureValues, newPlayerValues, ObjectTypeId, PlayerField, UnitField, type UpdateValues } from "../protocol/update/index.ts";
import { livingMovementBlock, type MovementBlock } from "../protocol/update/movement-block.ts";
import { defaultSpeeds, newMovementInfo, MovementFlags, type MovementInfo, type Speeds } from "../protocol/world/movement-info.ts";
import type { Positioned } from "./grid.ts";
import type { MapInstance } from "./instance.ts";

export type { SessionAddress } from "../bus/world-requests.ts";
import type { SessionAddress } from "../bus/world-requests.ts";

export abstract class WorldObject implements Positioned {
  x: number;
  y: number;
  z: number;
  o: number;
  cell = -1;
  cellSlot = -1;
  /** the stamp of the last visibility query that found it (instance.ts) */
  seen = 0;
  /** players that currently have this object in their visible set */
  readonly observers = new Set<Player>();
  abstract readonly guid: bigint;
  abstract readonly typeId: number;
  abstract readonly values: UpdateValues;
  abstract readonly isPlayer: boolean;

  constructor(x: number, y: number, z: number, o: number) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.o = o;
  }

  /** The movement block of a create block sent at `now`. */
  abstract movementBlock(now: number): MovementBlock;
}

export type PlayerPhase = "loading" | "world" | "transfer" | "gone";

export class Player extends WorldObject {
  readonly guid: bigint;
  readonly typeId = ObjectTypeId.PLAYER;
  readonly isPlayer = true;
  readonly values: UpdateValues;
  readonly movement: MovementInfo;
  readonly speeds: Speeds = defaultSpeeds();
  /** objects this player sees */
  visible = new Set<WorldObject>();
  /** created / removed from this player's view since the last flush */
  pendingCreates: WorldObject[] = [];
  pendingOutOfRange: bigint[] = [];
  phase: PlayerPhase = "loading";
  /** server ms of the last accepted movement */
  lastMoveAt: number;
  /** last accepted position (where a correction puts the player back) */
  lastValid: { x: number; y: number; z: number; o: number };
  /** a same-map teleport the client has not acked yet */
  pendingTeleport: { counter: number; x: number; y: number; z: number; o: number } | undefined;
  /** counter for teleport / speed / root orders (the client echoes it) */
  moveCounter = 0;
  /** a speed change the client has not acked yet (run speed) */
  pendingSpeed: { counter: number; speed: number } | undefined;
  activeMover: bigint;
  selection = 0n;
  map: number;
  instanceId = 0;
  /** the instance a transferring player will join on MSG_MOVE_WORLDPORT_ACK */
  pendingInstance: MapInstance | undefined;
  zone: number;
  /** ms; 0 = no logout pending */
  logoutAt = 0;
  /** ms; 0 = connected */
  disconnectedAt = 0;
  nextSaveAt = 0;
  nextTimeSyncAt = 0;
  timeSyncCounter = 0;
  enteredAt: number;
  /** what changed since the last save */
  dirty = false;
  /** moved since its last visibility pass */
  moved = true;
  /** where its last visibility pass was made (NaN: the next tick must make one) */
  visX = Number.NaN;
  visY = Number.NaN;
  readonly name: string;

  constructor(
    readonly row: CharacterRow,
    public session: SessionAddress,
    readonly accountId: number,
    public gmLevel: number,
    now: number,
  ) {
    super(row.x, row.y, row.z, row.orientation);
    this.guid = BigInt(row.guid);
    this.name = row.name;
    this.zone = row.zone;
    this.map = row.map;
    this.activeMover = this.guid;
    this.movement = newMovementInfo(row.x, row.y, row.z, row.orientation);
    this.lastMoveAt = now;
    this.enteredAt = now;
    this.lastValid = { x: row.x, y: row.y, z: row.z, o: row.orientation };
    const equipment = equipmentSlots(row.equipment);
    this.values = newPlayerValues({
      guid: this.guid,
      race: row.race,
      class: row.class,
      gender: row.gender,
      skin: row.skin,
      face: row.face,
      hairStyle: row.hairStyle,
      hairColor: row.hairColor,
      facialHair: row.facialHair,
      level: row.level,
      visibleItems: equipment.slice(0, 19),
      coinage: row.money,
      xp: row.xp,
      guildId: row.guildId,
    });
  }

  get guidLow(): number {
    return this.row.guid;
  }

  private block: MovementBlock | undefined;

  /** The LIVING block over the player's own movement info (one object, refreshed in place). */
  movementBlock(): MovementBlock {
    this.movement.x = this.x;
    this.movement.y = this.y;
    this.movement.z = this.z;
    this.movement.o = this.o;
    return (this.block ??= livingMovementBlock(this.movement, this.speeds));
  }

  setPosition(x: number, y: number, z: number, o: number): void {
    this.x = x;
    this.y = y;
    this.z = z;
    this.o = o;
    this.dirty = true;
    this.moved = true;
  }

  get level(): number {
    return this.values.getU32(UnitField.UNIT_FIELD_LEVEL);
  }

  get money(): number {
    return this.values.getU32(PlayerField.PLAYER_FIELD_COINAGE);
  }
}

/** A creature's current path (one linear segment; wandering creatures move like this). */
export interface CreaturePath {
  fromX: number;
  fromY: number;
  fromZ: number;
  toX: number;
  toY: number;
  toZ: number;
  startAt: number;
  duration: number;
  splineId: number;
}

export class Creature extends WorldObject {
  readonly guid: bigint;
  readonly typeId = ObjectTypeId.UNIT;
  readonly isPlayer = false;
  readonly values: UpdateValues;
  readonly speeds: Speeds = defaultSpeeds();
  path: CreaturePath | undefined;
  nextWanderAt = 0;
  alive = true;
  respawnAt = 0;
  splineCounter = 0;

  constructor(
    readonly template: CreatureTemplate,
    readonly spawn: CreatureSpawn,
    counter: number,
  ) {
    super(spawn.x, spawn.y, spawn.z, spawn.orientation);
    this.guid = creatureGuid(template.entry, counter);
    if (template.walkSpeed) this.speeds[0] = template.walkSpeed;
    this.values = newCreatureValues({
      guid: this.guid,
      entry: template.entry,
      displayId: template.displayId,
      factionTemplate: template.faction,
      level: template.level,
      health: template.health,
      npcFlags: template.npcFlags ?? 0,
      unitFlags: template.unitFlags ?? 0,
      scale: template.scale ?? 1,
    });
  }

  /** Where the creature is at `now` along its path (and the path is dropped when done). */
  positionAt(now: number): void {
    const p = this.path;
    if (!p) return;
    const t = p.duration <= 0 ? 1 : Math.min(1, (now - p.startAt) / p.duration);
    this.x = p.fromX + (p.toX - p.fromX) * t;
    this.y = p.fromY + (p.toY - p.fromY) * t;
    this.z = p.fromZ + (p.toZ - p.fromZ) * t;
    if (t >= 1) this.path = undefined;
  }

  private mi: MovementInfo | undefined;
  private block: MovementBlock | undefined;

  /** The LIVING block at `now` (one object per creature, refreshed in place: builders copy it). */
  movementBlock(now: number): MovementBlock {
    this.positionAt(now);
    const m = (this.mi ??= newMovementInfo(this.x, this.y, this.z, this.o));
    m.x = this.x;
    m.y = this.y;
    m.z = this.z;
    m.o = this.o;
    m.flags = this.path ? MovementFlags.WALK_MODE : 0;
    m.time = now >>> 0;
    return (this.block ??= livingMovementBlock(m, this.speeds));
  }
}
