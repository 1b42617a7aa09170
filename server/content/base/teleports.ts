import type { TeleportLocation } from "../types.ts";

/** Named locations for `.tele` (our own list; positions are the cities' well-known spots). */
export const TELEPORTS: TeleportLocation[] = [
  { name: "Stormwind", map: 0, x: -8833.38, y: 628.628, z: 94.0066, o: 1.06535 },
  { name: "Ironforge", map: 0, x: -4981.25, y: -881.542, z: 501.66, o: 2.2 },
  { name: "Undercity", map: 0, x: 1584.07, y: 241.987, z: -52.1534, o: 0.049 },
  { name: "Northshire", map: 0, x: -8949.95, y: -132.493, z: 83.5312, o: 0 },
  { name: "Goldshire", map: 0, x: -9464, y: 62, z: 56, o: 0 },
  { name: "Orgrimmar", map: 1, x: 1629.36, y: -4373.39, z: 31.2564, o: 3.54839 },
  { name: "Darnassus", map: 1, x: 9949.56, y: 2284.21, z: 1341.4, o: 1.59587 },
  { name: "ThunderBluff", map: 1, x: -1277.37, y: 124.804, z: 131.287, o: 5.22274 },
  { name: "ValleyOfTrials", map: 1, x: -618.518, y: -4251.67, z: 38.718, o: 0 },
  { name: "GMIsland", map: 1, x: 16222.1, y: 16252.1, z: 12.5872, o: 0 },
  { name: "Silvermoon", map: 530, x: 9473.03, y: -7279.67, z: 14.2285, o: 6.04 },
  { name: "Exodar", map: 530, x: -3965.7, y: -11653.6, z: -138.844, o: 0.85 },
  { name: "Shattrath", map: 530, x: -1838.16, y: 5301.79, z: -12.428, o: 5.95 },
  { name: "Dalaran", map: 571, x: 5804.15, y: 624.771, z: 647.767, o: 1.64 },
  { name: "EbonHold", map: 609, x: 2355.84, y: -5664.77, z: 426.03, o: 3.66 },
  { name: "Deadmines", map: 36, x: -16.4, y: -383.07, z: 61.78, o: 1.86 },
  { name: "RagefireChasm", map: 389, x: 3.81, y: -14.82, z: -17.84, o: 4.39 },
  { name: "WailingCaverns", map: 43, x: -163.49, y: 132.9, z: -73.66, o: 5.83 },
];
