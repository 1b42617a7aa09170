// A tiny stand-in for the Kubernetes API server (test only): one Deployment with its
// /scale subresource, its pods (a controller that creates and deletes pods to match the
// replicas, honouring pod-deletion-cost), pod annotation patches, and a way to make a pod
// "crash" (its restart count goes up, as the kubelet would do).

interface FakePod {
  name: string;
  annotations: Record<string, string>;
  restarts: number;
}

export interface FakeKubernetes {
  url: string;
  token: string;
  pods(): FakePod[];
  crash(name: string): void;
  requests: string[];
  stop(): void;
}

export function startFakeKubernetes(namespace: string, deployment: string): FakeKubernetes {
  const token = `t-${Math.random().toString(36).slice(2)}`;
  let replicas = 0;
  let n = 0;
  const pods: FakePod[] = [];
  const requests: string[] = [];
  const reconcile = () => {
    while (pods.length < replicas) pods.push({ name: `${deployment}-${(++n).toString(36)}`, annotations: {}, restarts: 0 });
    while (pods.length > replicas) {
      pods.sort((a, b) => Number(a.annotations["controller.kubernetes.io/pod-deletion-cost"] ?? 0) - Number(b.annotations["controller.kubernetes.io/pod-deletion-cost"] ?? 0));
      pods.shift();
    }
  };
  const dep = `/apis/apps/v1/namespaces/${namespace}/deployments/${deployment}/scale`;
  const podsPath = `/api/v1/namespaces/${namespace}/pods`;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      requests.push(`${req.method} ${url.pathname}`);
      if (req.headers.get("authorization") !== `Bearer ${token}`) return new Response("unauthorized", { status: 401 });
      if (url.pathname === dep && req.method === "GET") return Response.json({ kind: "Scale", spec: { replicas } });
      if (url.pathname === dep && req.method === "PATCH") {
        if (req.headers.get("content-type") !== "application/merge-patch+json") return new Response("bad patch type", { status: 415 });
        const b = (await req.json()) as { spec?: { replicas?: number } };
        replicas = b.spec?.replicas ?? replicas;
        reconcile();
        return Response.json({ kind: "Scale", spec: { replicas } });
      }
      if (url.pathname === podsPath && req.method === "GET") {
        return Response.json({
          kind: "PodList",
          items: pods.map((p) => ({ metadata: { name: p.name, annotations: p.annotations }, status: { phase: "Running", containerStatuses: [{ ready: true, restartCount: p.restarts }] } })),
        });
      }
      if (url.pathname.startsWith(`${podsPath}/`) && req.method === "PATCH") {
        const p = pods.find((x) => x.name === url.pathname.slice(podsPath.length + 1));
        if (!p) return new Response("not found", { status: 404 });
        const b = (await req.json()) as { metadata?: { annotations?: Record<string, string> } };
        Object.assign(p.annotations, b.metadata?.annotations ?? {});
        return Response.json({ metadata: { name: p.name, annotations: p.annotations } });
      }
      return new Response("not found", { status: 404 });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    token,
    pods: () => pods.map((p) => ({ ...p })),
    crash(name) {
      const p = pods.find((x) => x.name === name);
      if (p) p.restarts++;
    },
    requests,
    stop: () => void server.stop(true),
  };
}
