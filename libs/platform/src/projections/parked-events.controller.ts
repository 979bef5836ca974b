import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { ValidationFailed } from '@app/kernel';
import { Authenticated } from '../auth/auth.guard';
import { CommandMeta, RequestMeta } from '../commands/command-meta';
import { ParkedEvent } from './parked-events';
import { ProjectionStatus, Projections } from './projections.service';
import { ParkedEventDto, ParkedEventsDto, ProjectionStatusesDto } from './projections.response.dto';

export class ParkedEventDecisionDto {
  @ApiProperty({
    required: false,
    description: 'Why (kept with the decision)',
    example: 'fixed in 1.4.2: the old card label format',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

function position(raw: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw))
    throw new ValidationFailed(
      'INVALID_POSITION',
      'position must be a log position (a whole number from 1)',
      'position',
    );
  return Number(raw);
}

/**
 * Where each projection and process stands in the log, for the operations page (the dashboard answers the
 * same beside its figures; this reads nothing else).
 */
@ApiTags('operations')
@Controller('back-office/operations/projections')
@Authenticated('back-office')
export class ProjectionStatusController {
  constructor(private readonly projections: Projections) {}

  @Get()
  @ApiOperation({
    summary: 'Each projection and process: its position, the events behind, its lag here, its parked events',
  })
  @ApiOkResponse({ type: ProjectionStatusesDto })
  async list(): Promise<{ items: ProjectionStatus[] }> {
    return { items: await this.projections.status() };
  }
}

/** The events projections kept failing on, and an operator's retry or skip of each. */
@ApiTags('operations')
@Controller('back-office/operations/parked-events')
@Authenticated('back-office')
export class ParkedEventsController {
  constructor(private readonly projections: Projections) {}

  @Get()
  @ApiOperation({
    summary: 'Every parked event (parked, retried or skipped), with its error and who decided',
  })
  @ApiOkResponse({ type: ParkedEventsDto, description: 'Newest first' })
  async list(): Promise<{ items: ParkedEvent[] }> {
    return { items: await this.projections.parkedEvents() };
  }

  @Post(':projection/:position/:action')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'retry: apply a parked event to its projection now (409 RETRY_FAILED if it still fails); skip: leave it out for good',
  })
  @ApiParam({ name: 'action', enum: ['retry', 'skip'] })
  @ApiParam({ name: 'position', schema: { type: 'integer', minimum: 1 }, example: 16 })
  @ApiParam({ name: 'projection', example: 'customer-area' })
  @ApiOkResponse({ type: ParkedEventDto, description: 'The parked event after the decision' })
  @ApiNotFoundResponse({ description: 'PROJECTION_NOT_FOUND, PARKED_EVENT_NOT_FOUND' })
  @ApiConflictResponse({ description: 'NOT_PARKED (already decided), RETRY_FAILED (it still fails)' })
  act(
    @Param('projection') projection: string,
    @Param('position') raw: string,
    @Param('action') action: string,
    @Body() body: ParkedEventDecisionDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<ParkedEvent> {
    if (action !== 'retry' && action !== 'skip')
      throw new ValidationFailed('INVALID_ACTION', 'action must be retry or skip', 'action');
    return this.projections.actOnParked(
      projection,
      position(raw),
      action,
      meta.actor.id,
      body.reason ?? null,
    );
  }
}
