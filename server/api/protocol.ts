// The protocol surface plugins use: message definitions (one per message, verbatim
// names), opcodes, and the bounded Reader/Writer for plugins that define messages of
// their own with defineMessage.
export * from "../protocol/world/index.ts";
export { Opcode, opcodeName, type OpcodeName } from "../protocol/opcodes.ts";
export { defineMessage, decode, encodeBody, type MessageDef, type DecodeResult } from "../protocol/message.ts";
export { Reader, DecodeError } from "../protocol/reader.ts";
export { Writer } from "../protocol/writer.ts";
