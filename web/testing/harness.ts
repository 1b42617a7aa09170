// Test harness for the web plane: boots a whole realm in-process (server/testing) and
// builds a second app over the realm's WebContext whose client address comes from the
// X-Test-Ip header, so route tests can be "remote" through app.handle(). A Client keeps
// cookies like a browser and reads CSRF tokens out of the pages it gets.
import { boot, type BootOptions, type Booted } from "../../server/testing/boot.ts";
import type { WebContext } from "../../server/api/index.ts";
import { createWebApp, type WebApp } from "../app.ts";

export interface Harness {
  b: Booted;
  ctx: WebContext;
  app: WebApp;
  client(ip?: string): Client;
  /** A client logged in as a fresh account with the given GM level. */
  loggedIn(name: string, password: string, gmLevel?: number, ip?: string): Promise<Client>;
  stop(): Promise<void>;
}

export async function webHarness(overrides: Parameters<typeof boot>[0] = {}, o: BootOptions = {}): Promise<Harness> {
  const b = await boot(overrides, o);
  const ctx = b.realm.web!.context;
  const app = await createWebApp(ctx, { ipOf: (r) => r.headers.get("x-test-ip") ?? undefined });
  const h: Harness = {
    b,
    ctx,
    app,
    client: (ip = "127.0.0.1") => new Client(app, ip),
    async loggedIn(name, password, gmLevel = 0, ip = "127.0.0.1") {
      await b.createAccount(name, password, { gmLevel });
      const c = new Client(app, ip);
      const r = await c.login(name, password);
      if (r.status !== 303) throw new Error(`login of ${name} answered ${r.status}`);
      return c;
    },
    stop: () => b.stop(),
  };
  return h;
}

export type Form = Record<string, string | string[]>;

export function encodeForm(form: Form): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
}

export class Client {
  readonly cookies = new Map<string, string>();
  /** the last CSRF token seen in a page */
  csrf = "";

  constructor(
    readonly app: WebApp,
    readonly ip: string,
  ) {}

  private keep(r: Response): void {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { "x-test-ip": this.ip, ...extra };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return h;
  }

  async request(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const r = await this.app.handle(new Request(`http://localhost${path}`, { method, body: init.body, headers: this.headers(init.headers) }));
    this.keep(r);
    return r;
  }

  /** GET; remembers the page's CSRF token. Returns the response and its text. */
  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; res: Response }> {
    const res = await this.request("GET", path, { headers });
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return { status: res.status, text, res };
  }

  /** POST a form with the current CSRF token (unless one is given in the form). */
  async post(path: string, form: Form = {}, headers: Record<string, string> = {}): Promise<{ status: number; text: string; res: Response }> {
    if (!this.csrf) await this.get("/login");
    const body = encodeForm({ _csrf: this.csrf, ...form });
    const res = await this.request("POST", path, { body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
    const text = await res.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) this.csrf = m[1]!;
    return { status: res.status, text, res };
  }

  async json(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; data: any; res: Response }> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await this.request(method, path, { body: body === undefined ? undefined : JSON.stringify(body), headers });
    const text = await res.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, data, res };
  }

  async login(name: string, password: string): Promise<Response> {
    await this.get("/login");
    const r = await this.post("/login", { name, password });
    if (r.status === 303) await this.get("/account");
    return r.res;
  }
}

/** A JWT from POST /api/v1/login. */
export async function apiToken(c: Client, name: string, password: string): Promise<string> {
  const r = await c.json("POST", "/api/v1/login", { name, password });
  if (r.status !== 200) throw new Error(`api login of ${name} answered ${r.status}: ${JSON.stringify(r.data)}`);
  return r.data.token as string;
}
