// The Kubernetes manifests: a Deployment per role running that role, Services for the
// login (3724) and world (8085) ports, the ConfigMap's realm.toml accepted by the realm's
// own config schema, and RBAC for the orchestrator's driver.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateConfig } from "../server/kernel/config.ts";

type Doc = { kind: string; metadata: { name: string }; spec?: any; data?: Record<string, string>; rules?: any[] };

const docs: Doc[] = readdirSync(import.meta.dir)
  .filter((f) => f.endsWith(".yaml") && f !== "compose.yaml")
  .flatMap((f) => readFileSync(join(import.meta.dir, f), "utf8").split(/^---$/m))
  .map((t) => Bun.YAML.parse(t) as Doc)
  .filter(Boolean);

const ROLES = ["auth", "gateway", "world", "orchestrator", "services", "web"];

test("a Deployment per role, each running exactly that role", () => {
  for (const role of ROLES) {
    const d = docs.find((x) => x.kind === "Deployment" && x.metadata.name === `realmcore-${role}`);
    expect(d, role).toBeDefined();
    const c = d!.spec.template.spec.containers[0];
    expect(c.args.slice(c.args.indexOf("--roles"), c.args.indexOf("--roles") + 2)).toEqual(["--roles", role]);
    expect(c.env.find((e: { name: string }) => e.name === "REALMCORE_NODE_ID").valueFrom.fieldRef.fieldPath).toBe("metadata.name");
  }
});

test("Services expose the login port 3724 and the world port 8085", () => {
  const ports = docs.filter((x) => x.kind === "Service").flatMap((s) => s.spec.ports.map((p: { port: number }) => p.port));
  expect(ports).toContain(3724);
  expect(ports).toContain(8085);
});

test("the ConfigMap's realm.toml is a valid cluster configuration", () => {
  const cm = docs.find((x) => x.kind === "ConfigMap")!;
  const cfg = validateConfig(Bun.TOML.parse(cm.data!["realm.toml"]!), "deploy/configmap.yaml");
  expect(cfg.mode).toBe("cluster");
  expect(cfg.storage.dialect).toBe("postgresql");
  expect(cfg.bus.adapter).toBe("nats");
  expect(cfg.cache.adapter).toBe("redis");
  expect(cfg.orchestrator.driver).toBe("kubernetes");
  expect(cfg.orchestrator.kubernetes.deployment).toBe("realmcore-world");
});

test("the orchestrator may scale the world Deployment and patch its pods", () => {
  const role = docs.find((x) => x.kind === "Role" && x.metadata.name === "realmcore-orchestrator")!;
  expect(role.rules!.some((r) => r.resources.includes("deployments/scale") && r.verbs.includes("patch"))).toBe(true);
  expect(role.rules!.some((r) => r.resources.includes("pods") && r.verbs.includes("patch") && r.verbs.includes("list"))).toBe(true);
  const orch = docs.find((x) => x.kind === "Deployment" && x.metadata.name === "realmcore-orchestrator")!;
  expect(orch.spec.template.spec.serviceAccountName).toBe("realmcore-orchestrator");
});
