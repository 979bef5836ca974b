import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Authenticated, CLOCK, Clock, Field, isAdjustable } from '@app/platform';
import { RenewalScheduler } from '@app/renewals';
import { Forbidden } from '@app/kernel';

export class AdvanceClockRequestDto {
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 3650,
    example: 31,
    description: 'Days to move forward',
  })
  @IsInt()
  @Min(1)
  @Max(3650)
  days!: number;
}

export class ClockDto {
  @Field.at("The service's time") now!: string;
}

export class SchedulerRunDto extends ClockDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Every action run, by kind',
    example: { EXPIRE_ORDER: 1, SEND_REMINDER: 2 },
  })
  actions!: Record<string, number>;
  @Field.integer('Services that had something to do', 3) services!: number;
  @Field.integer('Unpaid orders expired', 1) expiredOrders!: number;
  @Field.integer('Service milestones recorded (expiry, grace end)', 2) serviceMilestones!: number;
  @Field.integer('Auto-renewal charges made (approved or declined)', 0) autoRenewals!: number;
}

/** Only with DEV_CLOCK=true, for the back office: move time forward and run the scheduled rules now. */
@ApiTags('development')
@Controller('dev')
@Authenticated('back-office')
export class DevClockController {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly scheduler: RenewalScheduler,
  ) {}

  @Get('clock')
  @ApiOperation({ summary: "The service's current time" })
  @ApiOkResponse({ type: ClockDto, description: 'Now' })
  now(): ClockDto {
    return { now: this.clock.now().toISOString() };
  }

  @Post('clock/advance')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the clock forward by days, then run the scheduled rules (unpaid orders expire)',
  })
  @ApiOkResponse({ type: SchedulerRunDto, description: 'The new time and what the scheduled rules did' })
  async advance(@Body() body: AdvanceClockRequestDto): Promise<SchedulerRunDto> {
    if (!isAdjustable(this.clock)) throw new Forbidden('CLOCK_NOT_ADJUSTABLE', 'This clock cannot be moved.');
    this.clock.advanceDays(body.days);
    return { now: this.clock.now().toISOString(), ...(await this.scheduler.tick()) };
  }

  @Post('scheduler/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the scheduled rules now' })
  @ApiOkResponse({ type: SchedulerRunDto, description: 'What the scheduled rules did' })
  async run(): Promise<SchedulerRunDto> {
    return { now: this.clock.now().toISOString(), ...(await this.scheduler.tick()) };
  }
}
