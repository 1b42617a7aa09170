// Zone names (AreaTable ids of the 3.3.5 zones; our own list) for /who free strings and
// the names of zone channels, and which zones are cities (Trade, GuildRecruitment).

export const ZONE_NAMES: Readonly<Record<number, string>> = {
  1: "Dun Morogh", 3: "Badlands", 4: "Blasted Lands", 8: "Swamp of Sorrows", 10: "Duskwood",
  11: "Wetlands", 12: "Elwynn Forest", 14: "Durotar", 15: "Dustwallow Marsh", 16: "Azshara",
  17: "The Barrens", 28: "Western Plaguelands", 33: "Stranglethorn Vale", 36: "Alterac Mountains",
  38: "Loch Modan", 40: "Westfall", 41: "Deadwind Pass", 44: "Redridge Mountains",
  45: "Arathi Highlands", 46: "Burning Steppes", 47: "The Hinterlands", 51: "Searing Gorge",
  65: "Dragonblight", 66: "Zul'Drak", 67: "The Storm Peaks", 85: "Tirisfal Glades",
  130: "Silverpine Forest", 139: "Eastern Plaguelands", 141: "Teldrassil", 148: "Darkshore",
  210: "Icecrown", 215: "Mulgore", 267: "Hillsbrad Foothills", 331: "Ashenvale", 357: "Feralas",
  361: "Felwood", 394: "Grizzly Hills", 400: "Thousand Needles", 405: "Desolace",
  406: "Stonetalon Mountains", 440: "Tanaris", 490: "Un'Goro Crater", 493: "Moonglade",
  495: "Howling Fjord", 618: "Winterspring", 1377: "Silithus", 1497: "Undercity",
  1519: "Stormwind City", 1537: "Ironforge", 1637: "Orgrimmar", 1638: "Thunder Bluff",
  1657: "Darnassus", 2817: "Crystalsong Forest", 3430: "Eversong Woods", 3433: "Ghostlands",
  3483: "Hellfire Peninsula", 3487: "Silvermoon City", 3518: "Nagrand", 3519: "Terokkar Forest",
  3520: "Shadowmoon Valley", 3521: "Zangarmarsh", 3522: "Blade's Edge Mountains",
  3523: "Netherstorm", 3524: "Azuremyst Isle", 3525: "Bloodmyst Isle", 3537: "Borean Tundra",
  3557: "The Exodar", 3703: "Shattrath City", 3711: "Sholazar Basin", 4080: "Isle of Quel'Danas",
  4197: "Wintergrasp", 4298: "Plaguelands: The Scarlet Enclave", 4395: "Dalaran",
};

export const CITY_ZONES: ReadonlySet<number> = new Set([1519, 1537, 1657, 3557, 1637, 1497, 1638, 3487, 3703, 4395]);

export function zoneName(zone: number): string | undefined {
  return ZONE_NAMES[zone];
}
