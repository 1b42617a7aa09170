// Prometheus metrics (prom-client). One Registry per realm process (tests boot several
// realms in one process, so nothing is registered on the global default registry).
import client from "prom-client";

export type Registry = client.Registry;

export class Metrics {
  readonly registry: client.Registry;
  private readonly counters = new Map<string, client.Counter<string>>();
  private readonly gauges = new Map<string, client.Gauge<string>>();
  private readonly histograms = new Map<string, client.Histogram<string>>();

  constructor(defaultLabels: Record<string, string> = {}, collectDefaults = true) {
    this.registry = new client.Registry();
    this.registry.setDefaultLabels(defaultLabels);
    if (collectDefaults) client.collectDefaultMetrics({ register: this.registry, prefix: "realm_process_" });
  }

  counter(name: string, help: string, labelNames: string[] = []): client.Counter<string> {
    let c = this.counters.get(name);
    if (!c) {
      c = new client.Counter({ name, help, labelNames, registers: [this.registry] });
      this.counters.set(name, c);
    }
    return c;
  }

  gauge(name: string, help: string, labelNames: string[] = [], collect?: (g: client.Gauge<string>) => void): client.Gauge<string> {
    let g = this.gauges.get(name);
    if (!g) {
      g = new client.Gauge({
        name,
        help,
        labelNames,
        registers: [this.registry],
        ...(collect ? { collect() { collect(this as client.Gauge<string>); } } : {}),
      });
      this.gauges.set(name, g);
    }
    return g;
  }

  histogram(name: string, help: string, buckets: number[], labelNames: string[] = []): client.Histogram<string> {
    let h = this.histograms.get(name);
    if (!h) {
      h = new client.Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
      this.histograms.set(name, h);
    }
    return h;
  }

  /** Prometheus text exposition. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** Millisecond buckets for tick and latency histograms. */
export const MS_BUCKETS = [0.5, 1, 2, 5, 10, 20, 35, 50, 75, 100, 150, 250, 500, 1000, 2500];
