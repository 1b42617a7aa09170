// The subject catalogue: every subject the realm uses, in one place (also listed in
// ARCHITECTURE.md). Subjects are relative; the bus adapter adds the cluster prefix.
// `realm` is the realm id, `host` a process's node id, `gw` a gateway's numeric id.

export const Subjects = {
  /** gateway -> services host: CLIENT_PACKET envelopes for plugin-owned opcodes */
  svc: (realm: number, host: string) => `r${realm}.svc.${host}`,
  /** services hosts announce which opcodes they serve (JSON {host, opcodes, at}) */
  routes: (realm: number) => `r${realm}.routes`,
  /** gateways ask services hosts to announce again (empty) */
  routesHello: (realm: number) => `r${realm}.routes.hello`,
  /** gateway -> world host: CLIENT_PACKET envelopes for world opcodes */
  worldIn: (realm: number, host: string) => `r${realm}.world.${host}.in`,
  /** requests to one world host (JSON: enter, leave, teleport, near, save, drain) */
  worldCtl: (realm: number, host: string) => `r${realm}.world.${host}.ctl`,
  /** world hosts announce themselves and their load (JSON) */
  worldHeartbeat: (realm: number) => `r${realm}.world.heartbeat`,
  /** requests to the orchestrator leader (JSON): enter, transfer, saveall, instances, drain */
  orchestrator: (realm: number, op: string) => `r${realm}.orch.${op}`,
  /** gateways announce themselves (JSON {id, node, sessions, at}; {gone} when stopping) */
  gatewayHeartbeat: (realm: number) => `r${realm}.gateway.heartbeat`,
  /** GM commands, command list and plugin list for processes without a plugin host (JSON request/reply, queue group of the services hosts) */
  adminRequests: (realm: number) => `r${realm}.admin.req`,
  /** world host or service -> one gateway: OUTBOUND_BATCH envelopes */
  gatewayOut: (gw: number) => `gw.${gw}.out`,
  /** control for one gateway (JSON): kick; request/reply: session (is a session still there) */
  gatewayCtl: (gw: number) => `gw.${gw}.ctl`,
  /** control for every gateway (JSON): kick an account, announce */
  gatewayAll: () => "gw.all.ctl",
  /** session lifecycle events (JSON): opened, closed, bound, unbound */
  sessionEvents: (realm: number) => `r${realm}.session`,
  /** plugin control broadcast (JSON): reload/enable/disable; every plugin host answers */
  plugins: (realm: number) => `r${realm}.plugins.ctl`,
  /** notices for admins (JSON): plugin faults, shutdown countdowns */
  adminNotice: (realm: number) => `r${realm}.admin.notice`,
  /** realm lifecycle (JSON): shutdown countdown, restart */
  lifecycle: (realm: number) => `r${realm}.lifecycle`,
} as const;
