// Per-opcode packet budgets (packets per second per session), from one table. Defaults
// follow the measured TrinityCore table (reference/reliability.md §2.2): cheap opcodes
// that touch no storage are unlimited, expensive ones are tight, the rest get 100/s.
// Config `gateway.rateLimits` overrides entries by opcode name. CMSG_PING has its own
// rule (design.md §6): 2/s answered, more dropped, a flood above 10/s kicked.
import type { Clock } from "../kernel/clock.ts";
import { NUM_MSG_TYPES, Opcode, type OpcodeName } from "../protocol/opcodes.ts";
import { FORCE_SPEED_CHANGE_ACKS } from "./routes.ts";

export const DEFAULT_BUDGET = 100;

const UNLIMITED: OpcodeName[] = [
  "CMSG_NAME_QUERY",
  "CMSG_CREATURE_QUERY",
  "CMSG_GAMEOBJECT_QUERY",
  "CMSG_ITEM_QUERY_SINGLE",
  "CMSG_QUERY_TIME",
  "CMSG_SETSHEATHED",
  "MSG_MOVE_SET_FACING",
  "CMSG_LOGOUT_REQUEST",
  ...FORCE_SPEED_CHANGE_ACKS,
  "CMSG_MESSAGECHAT",
  "CMSG_TIME_SYNC_RESP",
  "CMSG_KEEP_ALIVE",
];
const AT_200: OpcodeName[] = ["CMSG_CONTACT_LIST", "CMSG_WHO", "MSG_MOVE_HEARTBEAT"];
const AT_50: OpcodeName[] = ["CMSG_SET_CONTACT_NOTES", "CMSG_GUILD_SET_PUBLIC_NOTE", "CMSG_GUILD_SET_OFFICER_NOTE", "CMSG_GUILD_BANK_QUERY_TAB"];
const AT_20: OpcodeName[] = ["CMSG_GMLAGREPORT_SUBMIT"];
const AT_10: OpcodeName[] = [
  "CMSG_PETITION_BUY",
  "CMSG_PETITION_SIGN",
  "CMSG_OFFER_PETITION",
  "CMSG_TURN_IN_PETITION",
  "CMSG_GROUP_SET_LEADER",
  "CMSG_GROUP_ASSISTANT_LEADER",
  "CMSG_GROUP_RAID_CONVERT",
  "CMSG_ADD_FRIEND",
  "CMSG_DEL_FRIEND",
  "CMSG_ADD_IGNORE",
  "CMSG_DEL_IGNORE",
  "CMSG_CHAR_RENAME",
  "CMSG_CHAR_CUSTOMIZE",
  "CMSG_CHAR_FACTION_CHANGE",
  "CMSG_CHAR_RACE_CHANGE",
  "CMSG_CHAR_DELETE",
  "CMSG_BUG",
  "CMSG_GMSURVEY_SUBMIT",
];
const AT_3: OpcodeName[] = [
  "CMSG_CHAR_CREATE",
  "CMSG_CHAR_ENUM",
  "CMSG_GMTICKET_CREATE",
  "CMSG_GMTICKET_UPDATETEXT",
  "CMSG_GMTICKET_DELETETICKET",
  "CMSG_ARENA_TEAM_CREATE",
  "CMSG_ARENA_TEAM_INVITE",
  "CMSG_ARENA_TEAM_ACCEPT",
  "CMSG_ARENA_TEAM_LEAVE",
  "CMSG_ARENA_TEAM_REMOVE",
  "CMSG_ARENA_TEAM_DISBAND",
  "CMSG_ARENA_TEAM_LEADER",
  "CMSG_GUILD_CREATE",
  "CMSG_GUILD_INVITE",
  "CMSG_GUILD_ACCEPT",
  "CMSG_GUILD_DECLINE",
  "CMSG_GUILD_LEAVE",
  "CMSG_GUILD_REMOVE",
  "CMSG_GUILD_DISBAND",
  "CMSG_GUILD_LEADER",
  "CMSG_LOOT_METHOD",
  "MSG_SAVE_GUILD_EMBLEM",
  "MSG_SET_DUNGEON_DIFFICULTY",
  "MSG_SET_RAID_DIFFICULTY",
  "MSG_RAID_READY_CHECK",
];

/** packets/s per opcode (0 = unlimited), indexed by opcode. */
export function buildBudgetTable(overrides: Record<string, number> = {}): Uint16Array {
  const t = new Uint16Array(NUM_MSG_TYPES).fill(DEFAULT_BUDGET);
  const set = (names: OpcodeName[], v: number) => {
    for (const n of names) t[Opcode[n]] = v;
  };
  set(UNLIMITED, 0);
  set(AT_200, 200);
  set(AT_50, 50);
  set(AT_20, 20);
  set(AT_10, 10);
  set(AT_3, 3);
  t[Opcode.CMSG_PING] = 0; // handled by PingRule
  for (const [name, v] of Object.entries(overrides)) {
    const op = (Opcode as Record<string, number>)[name];
    if (op === undefined) throw new Error(`gateway.rateLimits: unknown opcode name ${name}`);
    t[op] = Math.max(0, Math.min(0xffff, Math.floor(v)));
  }
  return t;
}

export type RateVerdict = "ok" | "drop" | "kick";

/** CMSG_PING per second per session: answered up to `answered`, kicked above `kick` (config gateway.pingsAnswered / pingsKick). */
export interface PingRule {
  answered: number;
  kick: number;
}
export const DEFAULT_PING_RULE: PingRule = { answered: 2, kick: 10 };

/** One session's counters for the current second. */
export class SessionRateLimiter {
  private counts = new Uint16Array(NUM_MSG_TYPES);
  private second = -1;
  private pingCount = 0;
  /** How many packets were dropped by budgets (metrics, logs). */
  dropped = 0;

  constructor(
    private budgets: Uint16Array,
    private clock: Clock,
    private policy: "log" | "kick",
    private pings: PingRule = DEFAULT_PING_RULE,
  ) {}

  private tick(now: number): void {
    const s = Math.floor(now / 1000);
    if (s !== this.second) {
      this.second = s;
      this.counts.fill(0);
      this.pingCount = 0;
    }
  }

  /** `now`: the caller's reading of the clock (one per read, not per packet). */
  check(opcode: number, now = this.clock.now()): RateVerdict {
    this.tick(now);
    const budget = this.budgets[opcode] ?? DEFAULT_BUDGET;
    if (budget === 0) return "ok";
    const n = this.counts[opcode]! + 1;
    this.counts[opcode] = n;
    if (n <= budget) return "ok";
    this.dropped++;
    return this.policy === "kick" ? "kick" : "drop";
  }

  /** Pings: answer `answered`/s (2), drop the rest, kick above `kick`/s (10). */
  checkPing(now = this.clock.now()): RateVerdict {
    this.tick(now);
    const n = ++this.pingCount;
    if (n <= this.pings.answered) return "ok";
    this.dropped++;
    return n > this.pings.kick ? "kick" : "drop";
  }
}
