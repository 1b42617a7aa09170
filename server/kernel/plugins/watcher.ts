// Watches the plugin directories and reports which plugin folder changed, debounced per
// folder (an editor's save, or a copied folder, is many events). Changes to files that
// cannot change code (Markdown, dot-files) are ignored.
import { existsSync, watch, type FSWatcher } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger } from "../logger.ts";

const IGNORED = /(^|[\\/])\.|\.(md|txt|log)$/i;

/** Calls `changed(folderPath)` after `debounceMs` of quiet per folder; returns the stop function. */
export function watchPluginDirs(dirs: string[], changed: (folder: string) => void, log: Logger, debounceMs = 250): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const watchers: FSWatcher[] = [];
  let stopped = false;
  for (const d of dirs) {
    const dir = resolve(d);
    if (!existsSync(dir)) {
      log.info({ dir }, "plugin folder does not exist; not watched");
      continue;
    }
    try {
      const w = watch(dir, { recursive: true }, (_ev, file) => {
        if (stopped || !file) return;
        const rel = String(file);
        const folder = rel.split(/[\\/]/)[0]!;
        if (!folder || folder.startsWith(".") || (rel !== folder && IGNORED.test(rel))) return;
        const pdir = join(dir, folder);
        clearTimeout(timers.get(pdir));
        timers.set(
          pdir,
          setTimeout(() => {
            timers.delete(pdir);
            if (!stopped) changed(pdir);
          }, debounceMs),
        );
      });
      w.on("error", (e) => log.warn({ err: e, dir }, "plugin folder watcher failed"));
      watchers.push(w);
    } catch (e) {
      log.warn({ err: e, dir }, "cannot watch plugin folder");
    }
  }
  return () => {
    stopped = true;
    for (const w of watchers) w.close();
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  };
}
