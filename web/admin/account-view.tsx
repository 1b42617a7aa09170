// The admin view of one account: details, characters, bans, recent audit rows, and the
// action forms (ban/unban, mute, GM level, password reset, lock/unlock). Alpine only
// folds the forms open and shut; without JavaScript they are all shown.
import type { Children } from "@kitajs/html";
import type { AccountBanRow, AccountRow, AuditRow, CharacterRow, Content, RealmStatus } from "../../server/api/index.ts";
import { BanList } from "../public/account.tsx";
import { CharacterTable } from "../views/characters.tsx";
import { Csrf, Field, FormError } from "../views/components.tsx";
import { formatTime } from "../views/format.ts";
import { AuditTable } from "./audit-table.tsx";

export interface Problem {
  action: string;
  message: string;
  errors?: Record<string, string>;
  raw?: Record<string, string>;
}

export interface AccountViewData {
  account: AccountRow;
  csrf: string;
  now: number;
  active?: AccountBanRow;
  bans: AccountBanRow[];
  chars: { rows: CharacterRow[]; realms: Map<number, RealmStatus> };
  audit: AuditRow[];
  content: Content;
  problem?: Problem;
}

function ActionForm({ d, action, title, danger, children }: { d: AccountViewData; action: string; title: string; danger?: boolean; children?: Children }) {
  const p = d.problem?.action === action ? d.problem : undefined;
  return (
    <form method="post" action={`/admin/accounts/${encodeURIComponent(d.account.name)}/${action}`} class="row">
      <Csrf token={d.csrf} />
      {children}
      <button type="submit" class={danger ? "danger" : ""} safe>
        {title}
      </button>
      <FormError message={p && !p.errors ? p.message : undefined} />
    </form>
  );
}

export function AccountView({ d }: { d: AccountViewData }) {
  const a = d.account;
  const p = d.problem;
  const err = (action: string, field: string) => (p?.action === action ? p.errors?.[field] : undefined);
  const raw = (action: string, field: string) => (p?.action === action ? p.raw?.[field] : undefined);
  const lastLogin = a.lastLogin ? `${formatTime(a.lastLogin)} from ${a.lastIp}` : "never";
  const lock = a.locked ? `locked: ${a.lockReason || "no reason"}` : "not locked";
  const mute = a.muteUntil > d.now ? `until ${formatTime(a.muteUntil)}: ${a.muteReason}` : "not muted";
  return (
    <>
      <h1 safe>{`Account ${a.name}`}</h1>
      <section>
        <table>
          <tbody>
            <tr>
              <th>Id</th>
              <td safe>{String(a.id)}</td>
              <th>GM level</th>
              <td safe>{String(a.gmLevel)}</td>
            </tr>
            <tr>
              <th>E-mail</th>
              <td safe>{a.email || "-"}</td>
              <th>Created</th>
              <td safe>{formatTime(a.createdAt)}</td>
            </tr>
            <tr>
              <th>Last login</th>
              <td safe>{lastLogin}</td>
              <th>Failed logins</th>
              <td safe>{String(a.failedLogins)}</td>
            </tr>
            <tr>
              <th>Lock</th>
              <td safe>{lock}</td>
              <th>Mute</th>
              <td safe>{mute}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section x-data="{ open: true }">
        <h2>Actions</h2>
        <p class="muted">
          <button type="button" class="link" x-on:click="open = !open" x-text="open ? 'Hide the forms' : 'Show the forms'">
            Hide the forms
          </button>
        </p>
        <div x-show="open" id="account-actions">
          <ActionForm d={d} action="ban" title="Ban" danger>
            <>
              <Field name="duration" label="Duration (30m, 4d, perm)" value={raw("ban", "duration") ?? "perm"} error={err("ban", "duration")} maxlength={32} />
              <Field name="reason" label="Reason" value={raw("ban", "reason")} error={err("ban", "reason")} maxlength={200} />
            </>
          </ActionForm>
          <ActionForm d={d} action="unban" title="Lift bans" />
          <ActionForm d={d} action="mute" title="Mute">
            <>
              <Field name="minutes" label="Minutes (0 lifts)" type="number" value={raw("mute", "minutes") ?? "60"} error={err("mute", "minutes")} />
              <Field name="reason" label="Reason" value={raw("mute", "reason")} error={err("mute", "reason")} maxlength={200} />
            </>
          </ActionForm>
          <ActionForm d={d} action="gm" title="Set GM level">
            <Field name="level" label="GM level (0-4)" type="number" value={raw("gm", "level") ?? String(a.gmLevel)} error={err("gm", "level")} />
          </ActionForm>
          <ActionForm d={d} action="password" title="Reset password">
            <Field name="password" label="New password" type="password" error={err("password", "password")} maxlength={16} autocomplete="new-password" />
          </ActionForm>
          {a.locked ? (
            <ActionForm d={d} action="unlock" title="Unlock" />
          ) : (
            <ActionForm d={d} action="lock" title="Lock" danger>
              <Field name="reason" label="Reason" value={raw("lock", "reason")} error={err("lock", "reason")} maxlength={200} />
            </ActionForm>
          )}
        </div>
      </section>
      <section>
        <h2>Characters</h2>
        <CharacterTable rows={d.chars.rows} realms={d.chars.realms} content={d.content} admin />
      </section>
      <section>
        <h2>Bans</h2>
        <BanList active={d.active} history={d.bans} />
      </section>
      <section>
        <h2>Recent actions on this account</h2>
        <AuditTable rows={d.audit} />
      </section>
    </>
  );
}
