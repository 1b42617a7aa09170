// Character tables and the location line, shared by the account page, the admin pages
// and the public character page.
import type { CharacterRow, Content, RealmStatus } from "../../server/api/index.ts";
import { className, raceName } from "./format.ts";

export function locationOf(content: Content, c: Pick<CharacterRow, "map" | "zone">): string {
  const map = content.map(c.map)?.name ?? `Map ${c.map}`;
  return c.zone ? `${map} (zone ${c.zone})` : map;
}

export function characterHref(realmId: number, name: string): string {
  return `/characters/${realmId}/${encodeURIComponent(name)}`;
}

export function CharacterTable({ rows, content, realms, admin }: { rows: CharacterRow[]; content: Content; realms: Map<number, RealmStatus>; admin?: boolean }) {
  if (rows.length === 0) return <p class="muted">No characters.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>Name</th>
          <th>Realm</th>
          <th>Level</th>
          <th>Race</th>
          <th>Class</th>
          <th>Location</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr>
            <td>
              <a href={admin ? `/admin/characters/${c.guid}` : characterHref(c.realmId, c.name)} safe>
                {c.name}
              </a>
            </td>
            <td safe>{realms.get(c.realmId)?.name ?? `realm ${c.realmId}`}</td>
            <td safe>{String(c.level)}</td>
            <td safe>{raceName(c.race)}</td>
            <td safe>{className(c.class)}</td>
            <td safe>{locationOf(content, c)}</td>
            <td>{c.deletedAt ? <span class="badge bad">deleted</span> : c.online ? <span class="badge up">online</span> : <span class="badge">offline</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
