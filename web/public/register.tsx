// Registration: creates the account (SRP salt + verifier) through AccountOps, with the
// client's name and password limits, rate-limited per IP (web.registerPerIpPerHour).
import { Elysia } from "elysia";
import { RealmError } from "../../server/api/index.ts";
import type { Deps } from "../deps.ts";
import { ACCOUNT_NAME, PASSWORD, validate, type Spec } from "../http/forms.ts";
import { hit } from "../http/rate-limit.ts";
import type { Req } from "../http/web.tsx";
import { Csrf, Field, FormError } from "../views/components.tsx";

export const REGISTER_FORM = {
  name: ACCOUNT_NAME,
  password: PASSWORD,
  confirm: { ...PASSWORD, label: "Repeat password" },
  email: { kind: "text", label: "E-mail", max: 254, required: false, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, hint: "an address like name@example.org" },
} satisfies Spec;

type Errors = Partial<Record<keyof typeof REGISTER_FORM | "form", string>>;

function RegisterForm({ req, raw, errors }: { req: Req; raw: Record<string, string>; errors: Errors }) {
  return (
    <form method="post" action="/register" class="stack" novalidate>
      <Csrf token={req.csrf} />
      <FormError message={errors.form} />
      <Field name="name" label="Account name" value={raw.name} error={errors.name} maxlength={16} autocomplete="username" required />
      <Field name="password" label="Password" type="password" error={errors.password} maxlength={16} autocomplete="new-password" required />
      <Field name="confirm" label="Repeat password" type="password" error={errors.confirm} maxlength={16} autocomplete="new-password" required />
      <Field name="email" label="E-mail (optional)" type="email" value={raw.email} error={errors.email} maxlength={254} autocomplete="email" />
      <button type="submit">Create account</button>
    </form>
  );
}

export function registerRoutes({ w, ctx }: Deps) {
  const view = (req: Req, raw: Record<string, string> = {}, errors: Errors = {}, status = 200) =>
    w.page(
      req,
      "Register",
      <>
        <h1>Create an account</h1>
        <p class="muted">Account names are 1-16 letters A-Z and digits; passwords are 1-16 printable characters (the game client cannot send more).</p>
        {ctx.config.registerPerIpPerHour > 0 ? <RegisterForm req={req} raw={raw} errors={errors} /> : <p>Registration on the web is closed on this realm.</p>}
      </>,
      { status },
    );

  return new Elysia({ name: "public-register" })
    .get("/register", async ({ request, server }) => view(await w.begin(request, server)))
    .post("/register", async ({ request, server, body }) => {
      const req = await w.post(request, server, body);
      if (req instanceof Response) return req;
      if (ctx.config.registerPerIpPerHour <= 0) return view(req, {}, {}, 403);
      const v = validate(REGISTER_FORM, body);
      if (!v.ok) return view(req, v.raw, v.errors, 422);
      if (v.values.password !== v.values.confirm) return view(req, v.raw, { confirm: "The two passwords differ" }, 422);
      const limit = await hit(ctx.cache, ctx.clock, `register:${req.ip || "unknown"}`, ctx.config.registerPerIpPerHour, 3_600_000);
      if (!limit.allowed) return view(req, v.raw, { form: "Too many accounts were created from your address in the last hour. Try again later." }, 429);
      try {
        await ctx.accounts.create(v.values.name, v.values.password, { email: v.values.email, actor: "web:register", ip: req.ip });
      } catch (e) {
        if (e instanceof RealmError && e.code === "ACCOUNT_EXISTS") return view(req, v.raw, { name: "That account name is taken" }, 422);
        if (e instanceof RealmError && e.code === "ACCOUNT_BAD_NAME") return view(req, v.raw, { name: e.message }, 422);
        if (e instanceof RealmError && e.code === "ACCOUNT_BAD_PASSWORD") return view(req, v.raw, { password: e.message }, 422);
        throw e;
      }
      return w.redirect(req, `/login?registered=1&name=${encodeURIComponent(v.values.name.toUpperCase())}`);
    });
}
