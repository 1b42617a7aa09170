// Text helpers. A second module, to show that a reload picks up every file of the folder.

/** Replaces {key} with the value of `key`; unknown keys stay as written. */
export function fillIn(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function helloReply(name: string | undefined): string {
  return `Hello, ${name ?? "stranger"}!`;
}
