import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Authenticated, CLOCK, Clock, Projections } from '@app/platform';
import { BackOfficeQuery } from './back-office.query';
import { DashboardQuery } from './dashboard.query';

export class AwaitingPaymentsQueryDto {
  @ApiProperty({
    required: false,
    enum: ['true', 'false'],
    description: 'only bank transfer and slips (default true)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  offline?: 'true' | 'false';
}

@ApiTags('back office')
@Controller('back-office')
@Authenticated('back-office')
export class BackOfficeController {
  constructor(
    private readonly query: BackOfficeQuery,
    private readonly dashboard: DashboardQuery,
    private readonly projections: Projections,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('dashboard')
  @ApiOperation({
    summary:
      'Orders by status, revenue by day and by payment method, the funnel with conversion, agreement-code use, projection lag',
  })
  async figures() {
    return { ...(await this.dashboard.figures()), projections: await this.projections.status() };
  }

  @Get('payments/awaiting')
  @ApiOperation({
    summary: 'Confirmed orders awaiting payment, with their age against the method registration time',
  })
  @ApiOkResponse({
    description:
      '[{ orderNumber, paymentMethod, amountCents, confirmedAt, payBy, ageDays, ageWorkingDays, registrationTime, late }]',
  })
  awaiting(@Query() query: AwaitingPaymentsQueryDto) {
    return this.query.awaitingPayment(this.clock.now(), query.offline !== 'false');
  }

  @Get('refunds')
  @ApiOperation({ summary: 'Payments to refund: received for cancelled, expired or already paid orders' })
  refunds() {
    return this.query.refunds();
  }
}
