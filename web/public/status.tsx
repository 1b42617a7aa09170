// Realm status (online, uptime, players, population) and who is online.
import { Elysia } from "elysia";
import type { OnlinePlayer, RealmStatus } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { characterHref } from "../views/characters.tsx";
import { className, factionOf, formatDuration, populationName, raceName, realmTypeName } from "../views/format.ts";

export function RealmTable({ realms }: { realms: RealmStatus[] }) {
  if (realms.length === 0) return <p class="muted">No realms are registered.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Realm</th>
          <th>Status</th>
          <th>Type</th>
          <th>Uptime</th>
          <th>Players online</th>
          <th>Population</th>
        </tr>
      </thead>
      <tbody>
        {realms.map((r) => {
          const uptime = r.up ? formatDuration(r.uptimeS) : "-";
          const population = r.up ? populationName(r.population) : "-";
          return (
          <tr>
            <td safe>{r.name}</td>
            <td>{r.up ? <span class="badge up">online</span> : <span class="badge down">offline</span>}</td>
            <td safe>{realmTypeName(r.type)}</td>
            <td safe>{uptime}</td>
            <td safe>{String(r.up ? r.online : 0)}</td>
            <td safe>{population}</td>
          </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function WhoTable({ players, realmId, content }: { players: OnlinePlayer[]; realmId: number; content: { map(id: number): { name: string } | undefined } }) {
  if (players.length === 0) return <p class="muted">Nobody is in the world right now.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Name</th>
          <th>Level</th>
          <th>Race</th>
          <th>Class</th>
          <th>Faction</th>
          <th>Where</th>
        </tr>
      </thead>
      <tbody>
        {players.map((p) => (
          <tr>
            <td>
              <a href={characterHref(realmId, p.name)} safe>
                {p.name}
              </a>
            </td>
            <td safe>{String(p.level)}</td>
            <td safe>{raceName(p.race)}</td>
            <td safe>{className(p.class)}</td>
            <td safe>{factionOf(p.race)}</td>
            <td safe>{content.map(p.map)?.name ?? `Map ${p.map}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function statusRoutes({ w, ctx }: Deps) {
  return new Elysia({ name: "public-status" })
    .get("/status", async ({ request, server }) => {
      const req = await w.begin(request, server);
      const realms = await ctx.realms.list();
      return w.page(
        req,
        "Realm status",
        <>
          <h1>Realm status</h1>
          <section>
            <RealmTable realms={realms} />
          </section>
        </>,
      );
    })
    .get("/online", async ({ request, server }) => {
      const req = await w.begin(request, server);
      const players = (await ctx.sessions.online()).sort((a, b) => a.name.localeCompare(b.name));
      return w.page(
        req,
        "Who is online",
        <>
          <h1 safe>{`Who is online on ${ctx.realm.name}`}</h1>
          <p class="muted" safe>{`${players.length} character(s) in the world.`}</p>
          <section>
            <WhoTable players={players} realmId={ctx.realm.id} content={ctx.content} />
          </section>
        </>,
      );
    });
}
