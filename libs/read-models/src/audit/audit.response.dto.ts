import { ApiProperty } from '@nestjs/swagger';
import { Field } from '@app/platform';
import type { AuditEntry, AuditReport } from './audit.query';

export class ActorDto {
  @Field.oneOf(['customer', 'back-office', 'system'], 'ActorType', 'A person with an account, or the system')
  type!: string;
  @Field.text('The account id, or the system part', 'fe647f43-e033-534c-8dbf-058dee714331') id!: string;
  @Field.text('The person’s name, for an account', 'Mario Rossi', { nullable: true }) name!: string | null;
}

export class AuditEntryDto implements AuditEntry {
  @Field.integer('Global position in the log', 17) position!: number;
  @Field.at('When it was recorded') recordedAt!: string;
  @Field.text('Its stream', 'renewalOrder-d1da7d72-5d85-5f3d-bbcf-570130916053') stream!: string;
  @Field.integer('Its revision in the stream (0 first)', 0) revision!: number;
  @Field.text('The event', 'RenewalRequested') type!: string;
  @Field.nested(() => ActorDto, 'Who') actor!: ActorDto;
  @Field.text('The command that recorded it', 'RequestRenewal', { nullable: true }) command!: string | null;
  @Field.text('The request or process it belongs to', 'b39c935f-743b-42eb-a437-4b1c541020a1')
  correlationId!: string;
  @Field.text('The event it followed from', 'd4c1…', { nullable: true }) causationId!: string | null;
  @Field.integer('The schema version the data was recorded in', 2) schemaVersion!: number;
  @Field.anything('The event’s data as recorded', { orderId: 'd1da7d72-5d85-5f3d-bbcf-570130916053' })
  data!: unknown;
  @Field.anything('The stream’s state right after it', { status: 'CART' }) stateAfter!: unknown;
}

export class AuditSubjectDto {
  @Field.oneOf(['order', 'service', 'customer'], 'AuditSubjectKind', 'What the trail is of')
  kind!: AuditReport['subject']['kind'];
  @Field.uuid('Its id') id!: string;
  @Field.text('For an order: its number', 'FE-2026-000001', { nullable: true, required: false })
  orderNumber?: string | null;
}

/** A subject's history, oldest first, and its state as of a moment. */
export class AuditReportDto implements AuditReport {
  @Field.nested(() => AuditSubjectDto, 'The subject') subject!: AuditSubjectDto;
  @Field.at('The moment asked for; null: now', { nullable: true }) asOf!: string | null;
  @Field.list(() => AuditEntryDto, 'Every event, oldest first') history!: AuditEntryDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', additionalProperties: true },
    description: 'The state of each stream as of the moment, by stream',
    example: { 'renewalOrder-d1da7d72-5d85-5f3d-bbcf-570130916053': { status: 'PAID' } },
  })
  state!: Record<string, unknown>;
}
