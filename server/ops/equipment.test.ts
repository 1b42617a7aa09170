import { expect, test } from "bun:test";
import { EQUIPMENT_SLOT_COUNT, equipmentSlots } from "./equipment.ts";

test("a stored array is padded to 23 slots", () => {
  const slots = equipmentSlots("[49, 0, 50]");
  expect(slots.length).toBe(EQUIPMENT_SLOT_COUNT);
  expect(slots.slice(0, 4)).toEqual([49, 0, 50, 0]);
});

test("non-integer and negative entries read as empty", () => {
  expect(equipmentSlots('[1.5, "x", -3, 7]').slice(0, 4)).toEqual([0, 0, 0, 7]);
});

test("a damaged column reads as 23 empty slots", () => {
  expect(equipmentSlots("{not json")).toEqual(new Array(23).fill(0));
  expect(equipmentSlots('{"a":1}')).toEqual(new Array(23).fill(0));
});
