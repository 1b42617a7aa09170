// Temporary plugin folders for tests of the plugin host and runtime: a test writes
// plugin source files at run time (the host imports them like any plugin), rewrites
// them to reload, and removes everything afterwards.
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const REPO = join(import.meta.dir, "..", "..");
/** Absolute path of server/api for generated plugin sources. */
export const API_PATH = join(REPO, "server", "api", "index.ts");

export class PluginFolders {
  readonly root: string;
  private n = 0;

  constructor(prefix = "rc-plugins-") {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    // folders directly under the root see `../../server/api` like mods/ and plugins/ in the repository
    symlinkSync(join(REPO, "server"), join(this.root, "server"), "dir");
  }

  /** A new, empty plugin directory (a `plugins/` or `mods/` folder) under the root. */
  dir(name = `d${this.n++}`): string {
    const d = join(this.root, name);
    mkdirSync(d, { recursive: true });
    return d;
  }

  /**
   * Writes files of one plugin folder; `$API` in a source becomes the absolute path of
   * server/api. Returns the folder path.
   */
  write(dir: string, folder: string, files: Record<string, string>): string {
    const p = join(dir, folder);
    for (const [name, text] of Object.entries(files)) {
      const f = join(p, name);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, text.replaceAll("$API", API_PATH));
    }
    return p;
  }

  /** A plugins directory holding a link to the repository's character plugin (so clients can enter the world). */
  withCharacter(name = "core"): string {
    const d = this.dir(name);
    symlinkSync(join(REPO, "plugins", "character"), join(d, "character"), "dir");
    return d;
  }

  /** Copies a folder (e.g. mods/example-welcome) into a plugin directory. */
  copyIn(src: string, dir: string, folder: string): string {
    const to = join(dir, folder);
    cpSync(src, to, { recursive: true, filter: (s) => !/\.test\.ts$/.test(s) });
    return to;
  }

  remove(dir: string, folder: string): void {
    rmSync(join(dir, folder), { recursive: true, force: true });
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Source of a small plugin; `body` is the inside of setup(ctx); `$API` anywhere becomes server/api's path. */
export function pluginSource(o: { name: string; version?: string; requires?: Record<string, string>; config?: string; body?: string; imports?: string; after?: string }): string {
  return `import { definePlugin, s } from "$API";
${o.imports ?? ""}
export default definePlugin({
  name: ${JSON.stringify(o.name)},
  version: ${JSON.stringify(o.version ?? "1.0.0")},
  requires: ${JSON.stringify(o.requires ?? {})},
  ${o.config ? `config: ${o.config},` : ""}
  setup(ctx: any) {
    ${o.body ?? ""}
  },
});
${o.after ?? ""}
`.replaceAll("$API", API_PATH);
}

/** Polls `cond` until it is true (or throws after `timeoutMs`, naming `what`). */
export async function waitUntil(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await Bun.sleep(everyMs);
  }
}
