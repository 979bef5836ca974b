import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { Projections } from '@app/platform';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: Projections,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness and readiness: the event store answers and the projections run' })
  @ApiOkResponse({ description: '{ status, eventStore: { headPosition }, projections: [...] }' })
  async health() {
    const headPosition = await this.store.headPosition();
    return {
      status: this.projections.isRunning ? 'ok' : 'starting',
      eventStore: { headPosition },
      projections: await this.projections.status(),
    };
  }

  @Get('metrics')
  @ApiOperation({
    summary: 'Process and projection metrics (JSON): memory, event-loop uptime, projection lag percentiles',
  })
  async metrics() {
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
