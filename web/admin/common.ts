// Helpers the admin route modules share.
import type { Deps } from "../deps.ts";
import { validate, type Spec } from "../http/forms.ts";
import type { Req } from "../http/web.tsx";
import type { Action, ActionEnv, ActionResult } from "./actions.ts";

export function envOf(d: Deps, req: Req): ActionEnv {
  return { ctx: d.ctx, by: d.w.actor(req), actor: req.account! };
}

/** Validates the body against the action's fields, then runs it. */
export async function runAction<S extends Spec, T>(env: ActionEnv, action: Action<S, T>, target: T, body: unknown): Promise<ActionResult & { raw: Record<string, string> }> {
  const v = validate(action.spec, body);
  if (!v.ok) return { ok: false, status: 422, message: Object.values(v.errors).join("; "), errors: v.errors as Record<string, string>, raw: v.raw };
  return { ...(await action.run(env, target, v.values)), raw: v.raw };
}

/** Page number from ?page= (1-based, capped). */
export function pageOf(q: unknown): number {
  return typeof q === "string" && /^\d{1,4}$/.test(q) ? Math.max(1, Number(q)) : 1;
}

export const PAGE_SIZE = 50;

export function str(q: unknown, max = 64): string {
  return typeof q === "string" ? q.trim().slice(0, max) : "";
}
