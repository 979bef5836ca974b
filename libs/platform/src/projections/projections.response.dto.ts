import { Field } from '../http/openapi';
import { ParkedEvent } from './parked-events';
import { ProjectionStatus } from './projections.service';

export class LagDto {
  @Field.integer('Median ms from an event’s append to its projection', 6, { nullable: true }) p50!:
    number | null;
  @Field.integer('99th percentile, ms', 16, { nullable: true }) p99!: number | null;
  @Field.integer('Events measured (the last few hundred)', 22) samples!: number;
}

export class ProjectionStatusDto implements ProjectionStatus {
  @Field.text('The projection or process', 'customer-area') name!: string;
  @Field.oneOf(['projection', 'process'], 'RunnerKind', 'A read model, or a process that acts')
  kind!: ProjectionStatus['kind'];
  @Field.flag('Whether this process runs it now (one worker at a time does)') leader!: boolean;
  @Field.integer('The last event applied (global position)', 22) position!: number;
  @Field.integer('Events appended that it has not applied yet', 0) behind!: number;
  @Field.nested(() => LagDto, 'Lag of the events applied here; null where it does not run', {
    nullable: true,
  })
  lagMs!: LagDto | null;
  @Field.integer('Events parked: set aside until an operator retries or skips them', 0) parked!: number;
}

export class ParkedEventDto implements ParkedEvent {
  @Field.text('The projection that failed on it', 'customer-area') projection!: string;
  @Field.integer('The event’s global position', 16) position!: number;
  @Field.uuid('The event') eventId!: string;
  @Field.text('Its stored type', 'CartModified') eventType!: string;
  @Field.text('The last error, with its stack', 'TypeError: Cannot read properties of undefined')
  error!: string;
  @Field.integer('Tries before it was parked', 3) attempts!: number;
  @Field.at('When it was parked') parkedAt!: string;
  @Field.oneOf(['parked', 'retried', 'skipped'], 'ParkedState', 'Still parked, or what an operator decided')
  state!: ParkedEvent['state'];
  @Field.text('Who decided: the account id, or the operator at the command line', 'cli:root', {
    nullable: true,
  })
  actedBy!: string | null;
  @Field.at('When', { nullable: true }) actedAt!: string | null;
  @Field.text('Why', 'Fixed by release 1.4.2', { nullable: true }) reason!: string | null;
}

export class ProjectionStatusesDto {
  @Field.list(() => ProjectionStatusDto, 'The projections, then the processes, each by name')
  items!: ProjectionStatusDto[];
}

export class ParkedEventsDto {
  @Field.list(() => ParkedEventDto, 'Parked events, and those decided') items!: ParkedEventDto[];
}
