import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: from a fast read-model answer to a slow durable append under load. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** One sample of a gauge read when Prometheus scrapes: its labels and its value. */
export interface GaugeSample {
  labels: Record<string, string>;
  value: number;
}

/**
 * The process's Prometheus metrics (prom-client), served as text at /metrics. Counters and histograms
 * are recorded where things happen (HTTP answers, commands, appends, scheduled actions, refusals);
 * gauges that describe state (projection positions, the outbox, what is due) are read at scrape time
 * from whichever part owns that state, through `gauge(...)`, so that the platform depends on none of them.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly http = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP answers by method, route (its template) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commands = new Histogram({
    name: 'commands_duration_seconds',
    help: 'Commands by name and outcome (appended, unchanged, replayed, or the refusal code); _count counts them',
    labelNames: ['command', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly appends = new Histogram({
    name: 'event_store_append_duration_seconds',
    help: 'Appends to the event store by outcome (ok, conflict, error), durable commit included',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly appendedEvents = new Counter({
    name: 'event_store_appended_events_total',
    help: 'Events appended to the event store by this process',
    registers: [this.registry],
  });

  readonly scheduledActions = new Counter({
    name: 'scheduler_actions_done_total',
    help: 'Scheduled actions run by this process, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused with 429 by a rate limit, by limit',
    labelNames: ['limit'],
    registers: [this.registry],
  });

  private readonly readFailures = new Counter({
    name: 'metrics_gauge_read_failures_total',
    help: 'Scrapes at which a gauge could not be read, by gauge',
    labelNames: ['gauge'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A gauge whose samples `read` answers at each scrape (a failed read leaves the gauge empty for that
   * scrape, and the failure is counted in metrics_gauge_read_failures_total).
   */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<GaugeSample[]>): void {
    const failures = this.readFailures;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const sample of await read()) this.set(sample.labels, sample.value);
        } catch {
          failures.inc({ gauge: name });
        }
      },
    });
  }

  /** Times `work` into `histogram` with the labels `outcome` gives for its result or its error. */
  async time<T>(
    histogram: Histogram<string>,
    labels: Record<string, string>,
    work: () => Promise<T>,
    outcome: (result: { value: T } | { error: unknown }) => string,
  ): Promise<T> {
    const end = histogram.startTimer(labels);
    try {
      const value = await work();
      end({ outcome: outcome({ value }) });
      return value;
    } catch (error) {
      end({ outcome: outcome({ error }) });
      throw error;
    }
  }
}
