// Public character pages: /characters/<realm id>/<name>.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { locationOf } from "../views/characters.tsx";
import { className, factionOf, raceName } from "../views/format.ts";

const NAME_RE = /^[^/\\\u0000-\u001f]{1,48}$/u;

export function characterRoutes({ w, ctx }: Deps) {
  return new Elysia({ name: "public-characters" }).get("/characters/:realm/:name", async ({ request, server, params }) => {
    const req = await w.begin(request, server);
    const realmId = /^\d{1,3}$/.test(params.realm) ? Number(params.realm) : -1;
    const name = params.name; // Elysia decodes path parameters
    if (realmId < 0 || !NAME_RE.test(name)) return w.notFound(req, "character");
    const [c, realm] = await Promise.all([ctx.characters.byName(realmId, name), ctx.realms.get(realmId)]);
    if (!c) return w.notFound(req, "character");
    const online = c.online || (realmId === ctx.realm.id && (await ctx.sessions.byGuid(c.guid)) !== undefined);
    return w.page(
      req,
      c.name,
      <>
        <h1 safe>{c.name}</h1>
        <section>
          <p safe>{`Level ${c.level} ${raceName(c.race)} ${className(c.class)} (${factionOf(c.race)})`}</p>
          <table>
            <tbody>
              <tr>
                <th>Realm</th>
                <td safe>{realm?.name ?? `realm ${realmId}`}</td>
              </tr>
              <tr>
                <th>Location</th>
                <td safe>{locationOf(ctx.content, c)}</td>
              </tr>
              {c.guildId ? (
                <tr>
                  <th>Guild</th>
                  <td safe>{`Guild #${c.guildId}`}</td>
                </tr>
              ) : (
                ""
              )}
              <tr>
                <th>Status</th>
                <td>{online ? <span class="badge up">online</span> : <span class="badge">offline</span>}</td>
              </tr>
            </tbody>
          </table>
        </section>
      </>,
    );
  });
}
