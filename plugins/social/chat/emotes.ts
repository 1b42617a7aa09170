// Text emotes (protocol.md §2.14 "Emotes"): which EmotesText ids also play an animation
// (Emotes.dbc id sent in SMSG_EMOTE). Our own small table of the common ones; the client
// draws every text emote from its own DBC, so an id missing here is still relayed as text.

export const TEXT_EMOTE_ANIMATIONS: ReadonlyMap<number, number> = new Map([
  [5, 21], // applaud
  [8, 20], // beg
  [17, 2], // bow
  [19, 3], // bye
  [21, 4], // cheer
  [22, 19], // chicken
  [31, 18], // cry
  [34, 10], // dance (state)
  [41, 23], // flex
  [48, 3], // greet
  [55, 3], // hello
  [58, 17], // kiss
  [59, 16], // kneel
  [60, 11], // laugh
  [66, 274], // no
  [67, 273], // nod
  [72, 25], // point
  [75, 15], // roar
  [77, 14], // rude
  [78, 66], // salute
  [82, 22], // shout
  [84, 24], // shy
  [93, 1], // talk
  [101, 3], // wave
]);

/** Emotes.dbc id of a text emote's animation, or 0 (text only). */
export function textEmoteAnimation(textEmote: number): number {
  return TEXT_EMOTE_ANIMATIONS.get(textEmote) ?? 0;
}

/** Highest Emotes.dbc id the 3.3.5 client knows (CMSG_EMOTE above it is dropped). */
export const MAX_EMOTE_ID = 500;
