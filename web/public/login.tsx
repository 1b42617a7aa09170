// Log in and log out (session cookie). Plain forms that POST and redirect; htmx swaps
// the re-rendered form on errors and follows HX-Redirect on success.
import { Elysia } from "elysia";
import type { Deps } from "../deps.ts";
import { ACCOUNT_NAME, PASSWORD, validate, type Spec } from "../http/forms.ts";
import { attemptLogin } from "../http/login.ts";
import { safeNext, type Req } from "../http/web.tsx";
import { Csrf, Field, FormError } from "../views/components.tsx";

export const LOGIN_FORM = {
  name: ACCOUNT_NAME,
  password: PASSWORD,
  next: { kind: "text", label: "Next page", max: 500, required: false },
} satisfies Spec;

type Errors = Partial<Record<"name" | "password" | "form", string>>;

function LoginForm({ req, raw, errors, next }: { req: Req; raw: Record<string, string>; errors: Errors; next: string }) {
  return (
    <form method="post" action="/login" class="stack" novalidate>
      <Csrf token={req.csrf} />
      <input type="hidden" name="next" value={next} />
      <FormError message={errors.form} />
      <Field name="name" label="Account name" value={raw.name} error={errors.name} maxlength={16} autocomplete="username" required />
      <Field name="password" label="Password" type="password" error={errors.password} maxlength={16} autocomplete="current-password" required />
      <button type="submit">Log in</button>
    </form>
  );
}

export function loginRoutes({ w, ctx }: Deps) {
  const view = (req: Req, raw: Record<string, string>, errors: Errors, status = 200, note?: string) =>
    w.page(
      req,
      "Log in",
      <>
        <h1>Log in</h1>
        {note ? (
          <p class="flash" safe>
            {note}
          </p>
        ) : (
          ""
        )}
        <LoginForm req={req} raw={raw} errors={errors} next={safeNext(raw.next)} />
        <p class="muted">
          No account yet? <a href="/register">Register</a>.
        </p>
      </>,
      { status },
    );

  return new Elysia({ name: "public-login" })
    .get("/login", async ({ request, server, query }) => {
      const req = await w.begin(request, server);
      const name = typeof query.name === "string" ? query.name.slice(0, 16) : "";
      const note = query.registered === "1" ? "Your account was created. Log in with it here and in the game." : undefined;
      return view(req, { name, next: typeof query.next === "string" ? query.next : "" }, {}, 200, note);
    })
    .post("/login", async ({ request, server, body }) => {
      const req = await w.post(request, server, body);
      if (req instanceof Response) return req;
      const v = validate(LOGIN_FORM, body);
      if (!v.ok) return view(req, v.raw, v.errors, 422);
      const r = await attemptLogin(ctx, v.values.name, v.values.password, req.ip, "web");
      if (!r.ok) return view(req, v.raw, { form: r.message }, r.reason === "operator_locked" ? 403 : 401);
      await w.signIn(req, r.account);
      return w.redirect(req, safeNext(v.values.next));
    })
    .post("/logout", async ({ request, server, body }) => {
      const req = await w.post(request, server, body);
      if (req instanceof Response) return req;
      if (req.account) await ctx.audit.write(w.actor(req), "logout.web", req.account.name);
      await w.signOut(req);
      return w.redirect(req, "/");
    });
}
