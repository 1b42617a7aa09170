export * from "./errors.ts";
export * from "./clock.ts";
export * from "./scope.ts";
export * from "./schema.ts";
export * from "./config.ts";
export * from "./logger.ts";
export * from "./metrics.ts";
