// The audit rows table (who, what, when, target, details).
import type { AuditRow } from "../../server/api/index.ts";
import { formatTime } from "../views/format.ts";

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return <p class="muted">Nothing recorded.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>What</th>
          <th>Target</th>
          <th>Details</th>
          <th>IP</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td safe>{formatTime(r.at)}</td>
            <td safe>{r.actor}</td>
            <td safe>{r.action}</td>
            <td safe>{r.target}</td>
            <td>
              <code safe>{r.details === "{}" ? "" : r.details}</code>
            </td>
            <td safe>{r.ip}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
