// The account page: characters on every realm, bans in force, change password.
import { Elysia } from "elysia";
import type { AccountBanRow, AccountRow } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { PASSWORD, validate, type Spec } from "../http/forms.ts";
import type { Req } from "../http/web.tsx";
import { charactersOf } from "../queries.ts";
import { CharacterTable } from "../views/characters.tsx";
import { Csrf, Field, FormError } from "../views/components.tsx";
import { banExpiry, formatTime } from "../views/format.ts";

export const PASSWORD_FORM = {
  current: { ...PASSWORD, label: "Current password" },
  password: { ...PASSWORD, label: "New password" },
  confirm: { ...PASSWORD, label: "Repeat new password" },
} satisfies Spec;

type Errors = Partial<Record<keyof typeof PASSWORD_FORM | "form", string>>;

export function BanList({ active, history }: { active?: AccountBanRow; history: AccountBanRow[] }) {
  return (
    <>
      {active ? (
        <p class="form-error" safe>
          {`Banned ${banExpiry(active.expiresAt)}: ${active.reason || "no reason given"} (by ${active.bannedBy})`}
        </p>
      ) : (
        <p class="muted">No ban in force.</p>
      )}
      {history.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Banned</th>
              <th>Expires</th>
              <th>Reason</th>
              <th>By</th>
              <th>In force</th>
            </tr>
          </thead>
          <tbody>
            {history.map((b) => (
              <tr>
                <td safe>{formatTime(b.bannedAt)}</td>
                <td safe>{b.expiresAt === 0 ? "never" : formatTime(b.expiresAt)}</td>
                <td safe>{b.reason}</td>
                <td safe>{b.bannedBy}</td>
                <td>{b.active ? "yes" : "lifted"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ""
      )}
    </>
  );
}

function PasswordForm({ req, errors }: { req: Req; errors: Errors }) {
  return (
    <form method="post" action="/account/password" class="stack" novalidate>
      <Csrf token={req.csrf} />
      <FormError message={errors.form} />
      <Field name="current" label="Current password" type="password" error={errors.current} maxlength={16} autocomplete="current-password" required />
      <Field name="password" label="New password" type="password" error={errors.password} maxlength={16} autocomplete="new-password" required />
      <Field name="confirm" label="Repeat new password" type="password" error={errors.confirm} maxlength={16} autocomplete="new-password" required />
      <button type="submit">Change password</button>
    </form>
  );
}

export function accountRoutes({ w, ctx }: Deps) {
  const view = async (req: Req, account: AccountRow, errors: Errors = {}, status = 200) => {
    const [chars, active, history] = await Promise.all([charactersOf(ctx, account.id), ctx.bans.activeAccountBan(account.id), ctx.bans.accountBans(account.id)]);
    const now = ctx.clock.now();
    const lastLogin = account.lastLogin ? `${formatTime(account.lastLogin)} from ${account.lastIp || "?"}` : "never";
    const chat = account.muteUntil > now ? `muted until ${formatTime(account.muteUntil)}: ${account.muteReason}` : "not muted";
    return w.page(
      req,
      "Your account",
      <>
        <h1 safe>{`Account ${account.name}`}</h1>
        <section>
          <table>
            <tbody>
              <tr>
                <th>E-mail</th>
                <td safe>{account.email || "-"}</td>
              </tr>
              <tr>
                <th>Created</th>
                <td safe>{formatTime(account.createdAt)}</td>
              </tr>
              <tr>
                <th>Last game login</th>
                <td safe>{lastLogin}</td>
              </tr>
              <tr>
                <th>Chat</th>
                <td safe>{chat}</td>
              </tr>
            </tbody>
          </table>
        </section>
        <section>
          <h2>Characters</h2>
          <CharacterTable rows={chars.rows} realms={chars.realms} content={ctx.content} />
        </section>
        <section>
          <h2>Bans</h2>
          <BanList active={active} history={history} />
        </section>
        <section>
          <h2>Change password</h2>
          <PasswordForm req={req} errors={errors} />
        </section>
      </>,
      { status },
    );
  };

  return new Elysia({ name: "public-account" })
    .get("/account", async ({ request, server }) => {
      const req = await w.begin(request, server);
      if (!req.account) return w.redirect(req, "/login?next=%2Faccount");
      return view(req, req.account);
    })
    .post("/account/password", async ({ request, server, body }) => {
      const req = await w.post(request, server, body);
      if (req instanceof Response) return req;
      if (!req.account) return w.forbidden(req, "Log in first.", true);
      const v = validate(PASSWORD_FORM, body);
      if (!v.ok) return view(req, req.account, v.errors, 422);
      if (v.values.password !== v.values.confirm) return view(req, req.account, { confirm: "The two passwords differ" }, 422);
      const ok = await ctx.accounts.verifyPassword(req.account.name, v.values.current);
      if (!ok) {
        await ctx.throttle.recordFailure("ip", req.ip || "unknown");
        return view(req, req.account, { current: "That is not your current password" }, 422);
      }
      await ctx.accounts.setPassword(req.account.name, v.values.password, w.actor(req));
      // the old session's stamp no longer matches: continue in a fresh session
      const fresh = await ctx.accounts.byId(req.account.id);
      if (fresh) await w.signIn(req, fresh);
      await w.setFlash(req, "Your password was changed. Use the new one in the game too.");
      return w.redirect(req, "/account");
    });
}
