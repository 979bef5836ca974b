import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { EVENT_STORE, EventStore } from '@app/event-store';
import {
  APP_CONFIG,
  AppConfig,
  Metrics,
  Projections,
  READ_MODEL_DB,
  ReadModelDb,
  Shutdown,
  Startup,
} from '@app/platform';
import { HealthReportDto, MetricsJsonDto } from './health.response.dto';

/** A check that does not answer within this long counts as down. */
const CHECK_TIMEOUT_MS = 2_000;

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: Projections,
    private readonly checks: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(READ_MODEL_DB) private readonly readModels: ReadModelDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly shutdown: Shutdown,
    private readonly startup: Startup,
  ) {}

  @Get('health/live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process serves HTTP (also while the projections catch up)' })
  live() {
    return this.checks.check([]);
  }

  @Get('health/ready')
  @ApiOperation({
    summary:
      'Readiness: the event store and the read-model database answer, and every projection and process is within READINESS_MAX_BEHIND events of the log',
  })
  @HealthCheck()
  @ApiResponse({
    status: 503,
    description:
      'Problem details (code NOT_READY) naming each check that failed and why, the checks in `checks`',
  })
  async ready(@Res() reply: FastifyReply) {
    try {
      const result = await this.checks.check([
        () => {
          const check = this.indicator.check('process');
          const reason = this.shutdown.reason;
          if (reason !== null) return check.down({ message: `stopping (${reason})` });
          const starting = this.startup.tasks;
          return starting.length === 0
            ? check.up()
            : check.down({ message: `starting (${starting.join(', ')})` });
        },
        async () => {
          const check = this.indicator.check('eventStore');
          try {
            return check.up({ headPosition: await within(this.store.headPosition(), 'the event store') });
          } catch (error) {
            return check.down({ message: (error as Error).message });
          }
        },
        async () => {
          const check = this.indicator.check('readModels');
          try {
            await within(sql`SELECT 1`.execute(this.readModels), 'the read-model database');
            return check.up();
          } catch (error) {
            return check.down({ message: (error as Error).message });
          }
        },
        async () => {
          const check = this.indicator.check('projections');
          const max = this.config.readinessMaxBehind;
          if (!this.projections.isRunning)
            return check.down({ message: 'the projections are not running yet' });
          const statuses = await within(this.projections.status(), 'the projections');
          const behind = statuses
            .filter((status) => status.behind > max)
            .map(({ name, behind }) => ({ name, behind }));
          return behind.length === 0
            ? check.up({ maxBehind: max })
            : check.down({
                message: `${behind.map((b) => `${b.name} is ${b.behind} events behind`).join('; ')} (at most ${max})`,
                behind,
              });
        },
      ]);
      return reply.code(200).send(result);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as { error?: Record<string, { message?: string }> };
      const reasons = Object.entries(result.error ?? {}).map(
        ([name, check]) => `${name}: ${check.message ?? 'down'}`,
      );
      return reply
        .code(503)
        .header('content-type', 'application/problem+json')
        .send({
          type: '/problems/not-ready',
          title: 'Service Unavailable',
          status: 503,
          code: 'NOT_READY',
          detail: `Not ready: ${reasons.join('; ')}`,
          instance: '/health/ready',
          checks: result,
        });
    }
  }

  @Get('health')
  @ApiOperation({ summary: 'Liveness and readiness: the event store answers and the projections run' })
  @ApiOkResponse({ type: HealthReportDto, description: 'The event store’s head and each projection' })
  async health(): Promise<HealthReportDto> {
    const headPosition = await this.store.headPosition();
    return {
      status: this.projections.isRunning ? 'ok' : 'starting',
      eventStore: { headPosition },
      projections: await this.projections.status(),
    };
  }

  @Get('metrics')
  @ApiOperation({
    summary:
      'Prometheus metrics (text exposition): process, HTTP by route and status, commands by name and outcome, appends, projections, outbox, scheduler, rate limits',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text exposition format 0.0.4',
    content: {
      'text/plain': { schema: { type: 'string', example: 'http_requests_total{route="/me/services"} 3' } },
    },
  })
  async prometheus(@Res() reply: FastifyReply) {
    const { registry } = this.metrics;
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  }

  @Get('metrics.json')
  @ApiOperation({
    summary: 'Process and projection figures (JSON) for the bench: CPU, memory, projection lag percentiles',
  })
  @ApiOkResponse({ type: MetricsJsonDto, description: 'CPU, memory, the head, each projection' })
  async metricsJson(): Promise<MetricsJsonDto> {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    return {
      process: {
        uptimeSeconds: Math.round(process.uptime()),
        // Every thread of the process since it started: the bench divides the difference by the requests served.
        cpuUserMicros: cpu.user,
        cpuSystemMicros: cpu.system,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      },
      eventStore: { headPosition: await this.store.headPosition() },
      projections: await this.projections.status(),
    };
  }
}
