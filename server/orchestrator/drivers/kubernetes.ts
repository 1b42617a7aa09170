// World hosts as the pods of a Kubernetes Deployment (deploy/world.yaml). The driver
// scales the Deployment through the API server; Kubernetes itself restarts crashed pods.
// Each pod's name is its node id (REALMCORE_NODE_ID from the downward API), so its
// heartbeats on the bus name it. Stopping one host marks that pod as the cheapest to
// delete (pod-deletion-cost) and scales down by one, so Kubernetes removes that pod.
import { existsSync, readFileSync } from "node:fs";
import type { DriverHost, HostState, WorldDriver } from "./driver.ts";

export interface KubernetesDriverOptions {
  /** API server, default https://kubernetes.default.svc */
  apiUrl?: string;
  namespace: string;
  /** the world Deployment's name */
  deployment: string;
  /** label selector of its pods */
  selector?: string;
  /** service-account token (default: the in-cluster token file) */
  token?: string;
  tokenFile?: string;
  /** CA bundle for the API server (default: the in-cluster ca.crt) */
  caFile?: string;
  fetch?: typeof fetch;
}

const SA = "/var/run/secrets/kubernetes.io/serviceaccount";

interface Pod {
  metadata: { name: string; deletionTimestamp?: string; annotations?: Record<string, string> };
  status?: { phase?: string; containerStatuses?: { restartCount?: number; ready?: boolean }[] };
}

export class KubernetesDriver implements WorldDriver {
  readonly kind = "kubernetes" as const;
  private api: string;
  private headers: Record<string, string>;
  private tls: { ca?: string } | undefined;
  private f: typeof fetch;

  constructor(private o: KubernetesDriverOptions) {
    this.api = (o.apiUrl ?? "https://kubernetes.default.svc").replace(/\/$/, "");
    const tokenFile = o.tokenFile ?? `${SA}/token`;
    const token = o.token ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : "");
    this.headers = token ? { authorization: `Bearer ${token}` } : {};
    const caFile = o.caFile ?? `${SA}/ca.crt`;
    this.tls = existsSync(caFile) ? { ca: readFileSync(caFile, "utf8") } : undefined;
    this.f = o.fetch ?? fetch;
  }

  private async call(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<unknown> {
    const res = await this.f(`${this.api}${path}`, {
      method,
      headers: { ...this.headers, accept: "application/json", ...(body !== undefined ? { "content-type": contentType } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      ...(this.tls ? { tls: this.tls } : {}),
    } as RequestInit);
    if (!res.ok) throw new Error(`Kubernetes API ${method} ${path}: ${res.status} ${await res.text().catch(() => "")}`.trim());
    return res.status === 204 ? undefined : res.json();
  }

  private get base(): string {
    return `/apis/apps/v1/namespaces/${encodeURIComponent(this.o.namespace)}/deployments/${encodeURIComponent(this.o.deployment)}`;
  }

  private async replicas(): Promise<number> {
    const s = (await this.call("GET", `${this.base}/scale`)) as { spec?: { replicas?: number } };
    return s.spec?.replicas ?? 0;
  }

  async scale(n: number): Promise<void> {
    await this.call("PATCH", `${this.base}/scale`, { spec: { replicas: n } }, "application/merge-patch+json");
  }

  private async pods(): Promise<Pod[]> {
    const sel = encodeURIComponent(this.o.selector ?? "app.kubernetes.io/name=realmcore,app.kubernetes.io/component=world");
    const r = (await this.call("GET", `/api/v1/namespaces/${encodeURIComponent(this.o.namespace)}/pods?labelSelector=${sel}`)) as { items?: Pod[] };
    return r.items ?? [];
  }

  async list(): Promise<DriverHost[]> {
    return (await this.pods()).map((p) => {
      const cs = p.status?.containerStatuses?.[0];
      let state: HostState = "starting";
      if (p.metadata.deletionTimestamp) state = "stopping";
      else if (p.status?.phase === "Running" && cs?.ready !== false) state = "running";
      else if (p.status?.phase === "Failed" || p.status?.phase === "Succeeded") state = "exited";
      return { id: p.metadata.name, state, restarts: cs?.restartCount ?? 0, ref: p.metadata.name };
    });
  }

  async stop(id: string): Promise<void> {
    const ns = encodeURIComponent(this.o.namespace);
    await this.call("PATCH", `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(id)}`, { metadata: { annotations: { "controller.kubernetes.io/pod-deletion-cost": "-1000" } } }, "application/merge-patch+json");
    const n = await this.replicas();
    await this.scale(Math.max(0, n - 1));
  }

  async close(): Promise<void> {}
}
