import { Field, ProjectionStatusDto } from '@app/platform';

export class HeadDto {
  @Field.integer('The last event’s global position (0: an empty log)', 22) headPosition!: number;
}

/** `/health`: the event store's head and where each projection and process is. */
export class HealthReportDto {
  @Field.oneOf(['ok', 'starting'], 'HealthStatus', 'starting until the projections run') status!: string;
  @Field.nested(() => HeadDto, 'The event store') eventStore!: HeadDto;
  @Field.list(() => ProjectionStatusDto, 'Each projection and process') projections!: ProjectionStatusDto[];
}

export class ProcessFiguresDto {
  @Field.integer('Seconds since the process started', 3600) uptimeSeconds!: number;
  @Field.integer('User CPU of every thread since start, µs', 1_250_000) cpuUserMicros!: number;
  @Field.integer('System CPU since start, µs', 250_000) cpuSystemMicros!: number;
  @Field.integer('Resident memory now, bytes', 180_000_000) rssBytes!: number;
  @Field.integer('JavaScript heap in use, bytes', 60_000_000) heapUsedBytes!: number;
  @Field.integer('Peak resident memory, bytes', 200_000_000) maxRssBytes!: number;
}

/** `/metrics.json`: the figures the bench reads. */
export class MetricsJsonDto {
  @Field.nested(() => ProcessFiguresDto, 'This process') process!: ProcessFiguresDto;
  @Field.nested(() => HeadDto, 'The event store') eventStore!: HeadDto;
  @Field.list(() => ProjectionStatusDto, 'Each projection and process') projections!: ProjectionStatusDto[];
}
