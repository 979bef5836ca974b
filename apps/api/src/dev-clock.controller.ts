import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { Authenticated, CLOCK, Clock, isAdjustable } from '@app/platform';
import { RenewalScheduler } from '@app/renewals';
import { Forbidden } from '@app/kernel';

export class AdvanceClockRequestDto {
  @ApiProperty({ minimum: 1, maximum: 3650, example: 31 })
  @IsInt()
  @Min(1)
  @Max(3650)
  days!: number;
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
  now() {
    return { now: this.clock.now().toISOString() };
  }

  @Post('clock/advance')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move the clock forward by days, then run the scheduled rules (unpaid orders expire)',
  })
  async advance(@Body() body: AdvanceClockRequestDto) {
    if (!isAdjustable(this.clock)) throw new Forbidden('CLOCK_NOT_ADJUSTABLE', 'This clock cannot be moved.');
    this.clock.advanceDays(body.days);
    return { now: this.clock.now().toISOString(), ...(await this.scheduler.tick()) };
  }

  @Post('scheduler/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the scheduled rules now' })
  async run() {
    return { now: this.clock.now().toISOString(), ...(await this.scheduler.tick()) };
  }
}
