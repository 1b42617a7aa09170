// The content the realm runs on, with lookups. Built from the base set; later bundles
// and importers merge more rows in (Content.merge) without touching the code that reads.
import { CLASS_OUTFIT, ITEMS, slotFor } from "./base/items.ts";
import { CREATURE_SPAWNS, CREATURE_TEMPLATES, GAMEOBJECT_TEMPLATES } from "./base/creatures.ts";
import { MAP_HALF_SIZE, MAPS } from "./base/maps.ts";
import { CLASS_SPELLS, COMMON_SPELLS, RACE_LANGUAGES, TEAM_LANGUAGE_SPELLS } from "./base/spells.ts";
import { TELEPORTS } from "./base/teleports.ts";
import type { CreatureSpawn, CreatureTemplate, GameObjectTemplate, ItemTemplate, MapInfo, TeleportLocation } from "./types.ts";

export interface ContentRows {
  items?: ItemTemplate[];
  creatures?: CreatureTemplate[];
  spawns?: CreatureSpawn[];
  gameobjects?: GameObjectTemplate[];
  teleports?: TeleportLocation[];
  maps?: MapInfo[];
  classOutfits?: Record<number, number[]>;
  classSpells?: Record<number, number[]>;
}

const ALLIANCE_RACES = new Set([1, 3, 4, 7, 11]);

export class Content {
  readonly items = new Map<number, ItemTemplate>();
  readonly creatures = new Map<number, CreatureTemplate>();
  readonly gameobjects = new Map<number, GameObjectTemplate>();
  readonly maps = new Map<number, MapInfo>();
  private teleports = new Map<string, TeleportLocation>();
  private spawnsByMap = new Map<number, CreatureSpawn[]>();
  private outfits: Record<number, number[]> = {};
  private classSpells: Record<number, number[]> = {};

  static base(): Content {
    const c = new Content();
    c.merge({
      items: ITEMS,
      creatures: CREATURE_TEMPLATES,
      spawns: CREATURE_SPAWNS,
      gameobjects: GAMEOBJECT_TEMPLATES,
      teleports: TELEPORTS,
      maps: MAPS,
      classOutfits: CLASS_OUTFIT,
      classSpells: CLASS_SPELLS,
    });
    return c;
  }

  merge(rows: ContentRows): this {
    for (const i of rows.items ?? []) this.items.set(i.entry, i);
    for (const c of rows.creatures ?? []) this.creatures.set(c.entry, c);
    for (const g of rows.gameobjects ?? []) this.gameobjects.set(g.entry, g);
    for (const m of rows.maps ?? []) this.maps.set(m.id, m);
    for (const t of rows.teleports ?? []) this.teleports.set(t.name.toLowerCase().replace(/[^a-z0-9]/g, ""), t);
    for (const s of rows.spawns ?? []) {
      const l = this.spawnsByMap.get(s.map);
      if (l) l.push(s);
      else this.spawnsByMap.set(s.map, [s]);
    }
    Object.assign(this.outfits, rows.classOutfits ?? {});
    Object.assign(this.classSpells, rows.classSpells ?? {});
    return this;
  }

  /** `.tele` lookup: case, spaces and punctuation ignored; a unique prefix also matches. */
  teleport(name: string): TeleportLocation | undefined {
    const k = name.toLowerCase().replace(/[^a-z0-9]/g, "");
    const exact = this.teleports.get(k);
    if (exact) return exact;
    const hits = [...this.teleports.entries()].filter(([key]) => key.startsWith(k));
    return hits.length === 1 ? hits[0]![1] : undefined;
  }

  teleportNames(): string[] {
    return [...this.teleports.values()].map((t) => t.name);
  }

  spawns(map: number): readonly CreatureSpawn[] {
    return this.spawnsByMap.get(map) ?? [];
  }

  map(id: number): MapInfo | undefined {
    return this.maps.get(id);
  }

  /** Maps with per-group instances. */
  isInstanced(map: number): boolean {
    const t = this.maps.get(map)?.type;
    return t !== undefined && t !== "continent";
  }

  /** Are the coordinates inside the map's grid? (unknown maps are refused) */
  inBounds(map: number, x: number, y: number, z: number): boolean {
    if (!this.maps.has(map)) return false;
    return Math.abs(x) < MAP_HALF_SIZE && Math.abs(y) < MAP_HALF_SIZE && Math.abs(z) < 20_000;
  }

  /** The 23 equipment slots of a new character (item entries, 0 = empty). */
  outfit(cls: number): number[] {
    const slots = new Array<number>(23).fill(0);
    for (const entry of this.outfits[cls] ?? []) {
      const it = this.items.get(entry);
      if (!it) continue;
      const slot = slotFor(it.inventoryType);
      if (slot >= 0 && slots[slot] === 0) slots[slot] = entry;
    }
    return slots;
  }

  /** Spells a new character of this race and class knows. */
  initialSpells(race: number, cls: number): number[] {
    const team = ALLIANCE_RACES.has(race) ? "alliance" : "horde";
    return [...new Set([...COMMON_SPELLS, ...TEAM_LANGUAGE_SPELLS[team], ...(this.classSpells[cls] ?? [])])];
  }

  /** Chat languages a race knows (0 universal is always allowed for the server's own lines). */
  languages(race: number): number[] {
    return RACE_LANGUAGES[race] ?? [];
  }

  /** 144 packed action buttons: class spells first, then Attack. */
  defaultActionButtons(cls: number): number[] {
    const b = new Array<number>(144).fill(0);
    const spells = [6603, ...(this.classSpells[cls] ?? [])];
    spells.slice(0, 12).forEach((id, i) => (b[i] = id & 0xffffff));
    return b;
  }
}
