// Content templates as the client's query responses want them (protocol.md §2.13.1).
import type { CreatureTemplate, GameObjectTemplate, ItemTemplate } from "../content/types.ts";
import * as q from "../protocol/world/queries.ts";
import { blankItemTemplate, type ItemTemplate as WireItem } from "../protocol/world/item-template.ts";

export function creatureResponse(entry: number, t: CreatureTemplate | undefined): q.CreatureQueryResponse {
  if (!t) return { entry, template: null };
  return {
    entry,
    template: {
      name: t.name,
      altNames: ["", "", ""],
      subname: t.subname ?? "",
      iconName: t.npcFlags ? "Speak" : "",
      typeFlags: 0,
      type: t.creatureType,
      family: t.family ?? 0,
      rank: t.rank ?? 0,
      killCredit: [0, 0],
      displayIds: [t.displayId, 0, 0, 0],
      healthMultiplier: 1,
      powerMultiplier: 1,
      racialLeader: 0,
      questItems: [0, 0, 0, 0, 0, 0],
      movementId: 0,
    },
  };
}

export function gameObjectResponse(entry: number, t: GameObjectTemplate | undefined): q.TemplateResponse<q.GameObjectTemplate> {
  if (!t) return { entry, template: null };
  const data = new Array<number>(q.GAMEOBJECT_DATA_WORDS).fill(0);
  (t.data ?? []).forEach((v, i) => (data[i] = v));
  return {
    entry,
    template: { type: t.type, displayId: t.displayId, name: t.name, altNames: ["", "", ""], iconName: "", castBarCaption: "", unknownText: "", data, size: t.size, questItems: [0, 0, 0, 0, 0, 0] },
  };
}

export function itemResponse(entry: number, t: ItemTemplate | undefined): q.TemplateResponse<WireItem> {
  if (!t) return { entry, template: null };
  const w = blankItemTemplate(t.name);
  w.class = t.itemClass;
  w.subclass = t.subclass;
  w.displayId = t.displayId;
  w.quality = t.quality;
  w.inventoryType = t.inventoryType;
  w.itemLevel = t.itemLevel;
  w.requiredLevel = t.requiredLevel;
  w.resistances[0] = t.armor ?? 0;
  w.delay = t.delay ?? 0;
  w.sheath = t.sheath ?? 0;
  w.maxDurability = t.maxDurability ?? 0;
  w.description = t.description ?? "";
  if (t.damage) w.damages[0] = { min: t.damage[0], max: t.damage[1], school: 0 };
  return { entry, template: w };
}
