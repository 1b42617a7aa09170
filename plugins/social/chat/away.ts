// AFK and DND (protocol.md §2.14: CMSG_MESSAGECHAT type AFK/DND, the text is the away
// message, empty = toggle). Follows the cores: setting one clears the other; an empty
// message while away turns it off; the away message answers whispers. The state is the
// presence entry's status bits (1 AFK, 2 DND, read by /who, friends and chat tags) and
// the message in the shared cache.
import { proto, type OnlinePlayer, type SessionHandle } from "../../../server/api/index.ts";
import type { Social } from "../social.ts";

export const AWAY_AFK = 1;
export const AWAY_DND = 2;
export const DEFAULT_AFK = "Away from Keyboard";
export const DEFAULT_DND = "Do not Disturb";

export interface Away {
  /** AWAY_AFK or AWAY_DND */
  kind: number;
  message: string;
}

const awayKey = (g: number) => `away:${g}`;

export function getAway(X: Social, guid: number): Promise<Away | undefined> {
  return X.vol.get<Away>(awayKey(guid));
}

export async function setAway(X: Social, p: OnlinePlayer, a: Away | undefined): Promise<void> {
  if (a) await X.vol.put(awayKey(p.guid), a);
  else await X.vol.delete(awayKey(p.guid));
  await X.ctx.sessions.setPresence(p.guid, { status: (p.status & ~3) | (a?.kind ?? 0) });
}

/** Puts the away bits back after something rewrote the presence entry (a map change). */
export async function reapplyAway(X: Social, p: OnlinePlayer): Promise<void> {
  const a = await getAway(X, p.guid);
  if (a && (p.status & 3) !== a.kind) await X.ctx.sessions.setPresence(p.guid, { status: (p.status & ~3) | a.kind });
}

export async function onAway(X: Social, s: SessionHandle, me: OnlinePlayer, type: number, text: string): Promise<void> {
  const kind = type === proto.ChatMsg.AFK ? AWAY_AFK : AWAY_DND;
  const cur = await getAway(X, me.guid);
  const label = kind === AWAY_AFK ? "AFK" : "DND";
  if (cur?.kind === kind) {
    if (text !== "") {
      await setAway(X, me, { kind, message: text });
      return;
    }
    await setAway(X, me, undefined);
    X.system(s, `You are no longer ${label}.`);
    return;
  }
  const message = text || (kind === AWAY_AFK ? DEFAULT_AFK : DEFAULT_DND);
  await setAway(X, me, { kind, message });
  X.system(s, `You are now ${label}: ${message}`);
}

/** Clears AFK/DND at logout. */
export async function clearAway(X: Social, guid: number): Promise<void> {
  await X.vol.delete(awayKey(guid));
}
