// TEST ONLY: a second login server process for the cross-process lockout test. It opens
// the SQLite file and the Redis key prefix it is given, listens on port 0, prints
// "PORT <n>" on stdout, and runs until it is killed. Environment:
//   AUTH_CHILD_SQLITE   path of the (already migrated) SQLite file
//   AUTH_CHILD_REDIS    redis:// URL
//   AUTH_CHILD_PREFIX   the test run's key prefix
import { systemClock } from "../kernel/clock.ts";
import { silentLogger } from "../kernel/logger.ts";
import { Metrics } from "../kernel/metrics.ts";
import { AuditLog } from "../ops/audit.ts";
import { connectRedisCache } from "../storage/cache/redis.ts";
import { openSqliteStore } from "../storage/sqlite.ts";
import { TEST_SECRET, testConfig } from "./auth.fixture.ts";
import { startAuthServer } from "./server.ts";

const store = openSqliteStore({ path: process.env.AUTH_CHILD_SQLITE! });
const cache = await connectRedisCache({ url: process.env.AUTH_CHILD_REDIS!, prefix: process.env.AUTH_CHILD_PREFIX!, retryForMs: 0 });
const config = testConfig();
const server = await startAuthServer({
  config,
  store,
  cache,
  clock: systemClock,
  log: silentLogger,
  metrics: new Metrics({}, false),
  audit: new AuditLog(store.audit, systemClock, config.realm.id),
  secret: TEST_SECRET,
});
process.stdout.write(`PORT ${server.port}\n`);
const shutdown = async () => {
  await server.stop();
  await cache.close();
  await store.close();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
