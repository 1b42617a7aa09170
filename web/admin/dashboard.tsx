// /admin: the dashboard (sessions, world instances with tick p50/p99 and player counts,
// memory, bus health). The panel refreshes itself every 5 s with htmx.
import { Elysia } from "elysia";
import type { DashboardStats } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { formatBytes, formatDuration, formatMs, formatTime } from "../views/format.ts";

function Health({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span class={ok ? "badge good" : "badge bad"} safe>
      {`${label}: ${ok ? "healthy" : "down"}`}
    </span>
  );
}

export function DashboardPanel({ s }: { s: DashboardStats }) {
  return (
    <div id="dashboard" hx-get="/admin/dashboard/panel" hx-trigger="every 5s" hx-target="this" hx-swap="outerHTML">
      <p class="muted" safe>{`Node ${s.node}, version ${s.version}, up ${formatDuration(s.uptimeS)}; updated ${formatTime(s.at)}`}</p>
      <div class="grid">
        <div class="card">
          <div class="muted">Sessions</div>
          <div class="stat" safe>{String(Object.values(s.sessions.byState).reduce((a, b) => a + b, 0))}</div>
          <div safe>{Object.entries(s.sessions.byState).map(([k, v]) => `${k} ${v}`).join(", ")}</div>
        </div>
        <div class="card">
          <div class="muted">In the world</div>
          <div class="stat" safe>{String(s.online.length)}</div>
        </div>
        <div class="card">
          <div class="muted">Memory</div>
          <div class="stat" safe>{formatBytes(s.memory.rss)}</div>
          <div safe>{`resident; JS heap ${formatBytes(s.memory.heapUsed)} in use`}</div>
        </div>
        <div class="card">
          <div class="muted">Infrastructure</div>
          <div>
            <Health ok={s.bus.healthy} label={`bus (${s.bus.kind})`} /> <Health ok={s.cache.healthy} label={`cache (${s.cache.kind})`} /> <Health ok={s.store.ok} label={`store (${s.store.dialect})`} />
          </div>
          <div class="muted" safe>{`bus: ${s.bus.published} published, ${s.bus.delivered} delivered, ${s.bus.reconnects} reconnects`}</div>
        </div>
      </div>
      <h2>World instances</h2>
      <table>
        <thead>
          <tr>
            <th>Host</th>
            <th>Map</th>
            <th>Instance</th>
            <th>Players</th>
            <th>Creatures</th>
            <th>Tick p50</th>
            <th>Tick p99</th>
          </tr>
        </thead>
        <tbody>
          {s.world.flatMap((h) => [
            <tr>
              <td safe>{h.host}</td>
              <td class="muted">all</td>
              <td></td>
              <td safe>{String(h.players)}</td>
              <td></td>
              <td safe>{formatMs(h.tickP50)}</td>
              <td safe>{formatMs(h.tickP99)}</td>
            </tr>,
            ...h.instances.map((i) => (
              <tr>
                <td></td>
                <td safe>{i.mapName}</td>
                <td safe>{String(i.instanceId)}</td>
                <td safe>{String(i.players)}</td>
                <td safe>{i.creatures === undefined ? "-" : String(i.creatures)}</td>
                <td safe>{formatMs(i.tickP50)}</td>
                <td safe>{formatMs(i.tickP99)}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
      <h2>Connections</h2>
      {s.sessions.list.length === 0 ? (
        <p class="muted">{s.sessions.source === "gateway" ? "No game connections." : "This process runs no gateway; see the characters in the world below."}</p>
      ) : (
        <table id="connections">
          <thead>
            <tr>
              <th>Session</th>
              <th>Account</th>
              <th>State</th>
              <th>Character</th>
              <th>Address</th>
              <th>Connected</th>
            </tr>
          </thead>
          <tbody>
            {s.sessions.list.map((c) => (
              <tr>
                <td safe>{String(c.id)}</td>
                <td>
                  {c.account ? (
                    <a href={`/admin/accounts/${encodeURIComponent(c.account)}`} safe>
                      {c.account}
                    </a>
                  ) : (
                    ""
                  )}
                </td>
                <td safe>{c.state}</td>
                <td safe>{c.character}</td>
                <td safe>{c.ip}</td>
                <td safe>{formatTime(c.connectedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Characters in the world</h2>
      {s.online.length === 0 ? (
        <p class="muted">Nobody.</p>
      ) : (
        <table id="in-world">
          <thead>
            <tr>
              <th>Name</th>
              <th>Level</th>
              <th>Map</th>
              <th>World host</th>
              <th>GM</th>
            </tr>
          </thead>
          <tbody>
            {s.online.map((p) => (
              <tr>
                <td>
                  <a href={`/admin/characters/${p.guid}`} safe>
                    {p.name}
                  </a>
                </td>
                <td safe>{String(p.level)}</td>
                <td safe>{String(p.map)}</td>
                <td safe>{p.worldHost}</td>
                <td safe>{String(p.gmLevel)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s.notices.length > 0 ? (
        <>
          <h2>Admin notices</h2>
          <ul>
            {s.notices.map((n) => (
              <li safe>{`${formatTime(n.at)}: ${n.text}`}</li>
            ))}
          </ul>
        </>
      ) : (
        ""
      )}
    </div>
  );
}

export function adminDashboardRoutes({ w, ctx }: Deps) {
  return new Elysia({ name: "admin-dashboard" })
    .get("/admin", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      const s = await ctx.stats.dashboard();
      return w.page(
        req,
        "Dashboard",
        <>
          <h1>Dashboard</h1>
          <DashboardPanel s={s} />
        </>,
        { section: "admin" },
      );
    })
    .get("/admin/dashboard/panel", async ({ request, server }) => {
      const req = await w.admin(request, server);
      if (req instanceof Response) return req;
      return w.html(req, await (<DashboardPanel s={await ctx.stats.dashboard()} />));
    });
}
