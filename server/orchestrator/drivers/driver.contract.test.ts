// The driver contract: the same cases against the process driver (real child processes)
// and the Kubernetes driver (a fake API server). A driver keeps the asked number of hosts,
// stops the one named, and a crashed host comes back.
import { afterAll, describe, expect, test } from "bun:test";
import type { WorldDriver } from "./driver.ts";
import { KubernetesDriver } from "./kubernetes.ts";
import { ProcessDriver } from "./process.ts";
import { startFakeKubernetes } from "./fake-kubernetes.fixture.ts";

async function until(what: string, fn: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await Bun.sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Harness {
  name: string;
  make(): WorldDriver;
  crash(d: WorldDriver, id: string): void;
  cleanup?(): void;
}

const fake = startFakeKubernetes("rc", "realmcore-world");
afterAll(() => fake.stop());

const harnesses: Harness[] = [
  {
    name: "process",
    make: () => new ProcessDriver({ env: process.env, prefix: "contract", command: [process.execPath, "-e", "setInterval(() => {}, 1000)"], stdio: "ignore", restartDelayMs: 50 }),
    crash: (d, id) => (d as ProcessDriver).process(id)?.kill("SIGKILL"),
  },
  {
    name: "kubernetes",
    make: () => new KubernetesDriver({ apiUrl: fake.url, token: fake.token, namespace: "rc", deployment: "realmcore-world", caFile: "/nonexistent" }),
    crash: (_d, id) => fake.crash(id),
  },
];

for (const h of harnesses) {
  describe(`world driver contract: ${h.name}`, () => {
    test("scale up, stop one, crash one, scale to zero", async () => {
      const d = h.make();
      try {
        await d.scale(2);
        await until("2 running hosts", async () => (await d.list()).filter((x) => x.state === "running").length === 2);
        const [a, b] = await d.list();
        expect(a!.id).not.toBe(b!.id);
        await d.stop(a!.id);
        await until("1 host left", async () => (await d.list()).length === 1);
        expect((await d.list())[0]!.id).toBe(b!.id);
        h.crash(d, b!.id);
        await until("the crashed host restarted", async () => {
          const l = await d.list();
          return l.length === 1 && l[0]!.restarts >= 1 && l[0]!.state === "running";
        });
        await d.scale(0);
        await until("no hosts", async () => (await d.list()).length === 0);
      } finally {
        await d.close();
      }
    }, 30_000);
  });
}

test("the Kubernetes driver authenticates and patches with merge-patch", async () => {
  const d = new KubernetesDriver({ apiUrl: fake.url, token: "wrong", namespace: "rc", deployment: "realmcore-world", caFile: "/nonexistent" });
  await expect(d.scale(1)).rejects.toThrow("401");
});
