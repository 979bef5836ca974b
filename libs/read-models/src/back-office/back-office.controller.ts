import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Authenticated, CLOCK, Clock, GRANULARITIES, Granularity, Projections } from '@app/platform';
import { ValidationFailed } from '@app/kernel';
import { BackOfficeQuery } from './back-office.query';
import { DashboardQuery, MAX_DAYS_BY_DAY } from './dashboard.query';
import { AwaitingPaymentDto, DashboardDto, FoundOrderDto, RefundDueDto } from './back-office.response.dto';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 500;

export class OrderSearchQueryDto {
  @ApiProperty({
    description:
      "What the customer quotes: an order number (FE-2026-000123, or its last digits), the customer's name or email, the service's name, or an id",
    example: 'FE-2026-000123',
    minLength: 1,
    maxLength: 100,
  })
  @IsString()
  @Length(1, 100)
  q!: string;
}

export class DashboardQueryDto {
  @ApiProperty({ required: false, description: 'First day (Europe/Rome), inclusive', example: '2026-11-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @ApiProperty({ required: false, description: 'Last day (Europe/Rome), inclusive', example: '2026-11-30' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;

  @ApiProperty({
    required: false,
    enum: GRANULARITIES,
    description: `revenue and invoices summed by day or by month (default: by day for a range of at most ${MAX_DAYS_BY_DAY} days, else by month)`,
  })
  @IsOptional()
  @IsIn(GRANULARITIES)
  by?: Granularity;
}

export class AwaitingPaymentsQueryDto {
  @ApiProperty({
    required: false,
    enum: ['true', 'false'],
    description: 'only bank transfer and slips (default true)',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  offline?: 'true' | 'false';

  @ApiProperty({
    required: false,
    description: `How many orders in the page: 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE})`,
    example: '100',
  })
  @IsOptional()
  @Matches(/^[1-9]\d{0,2}$/, { message: `limit must be a whole number from 1 to ${MAX_PAGE}` })
  limit?: string;

  @ApiProperty({
    required: false,
    description: 'Where the page starts: the cursor in the previous page\'s Link rel="next"',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  after?: string;
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
      'Orders by status, revenue by day or month and by payment method, the funnel with conversion, agreement-code use, projection lag',
  })
  @ApiOkResponse({ type: DashboardDto, description: 'The figures for the days asked (all days by default)' })
  async figures(@Query() query: DashboardQueryDto): Promise<DashboardDto> {
    if (query.from && query.to && query.from > query.to)
      throw new ValidationFailed('DATE_RANGE_INVERTED', 'from must not be after to.', 'from');
    const now = this.clock.now();
    const [figures, offlineAwaitingByAge, projections] = await Promise.all([
      this.dashboard.figures({ from: query.from ?? null, to: query.to ?? null }, now, query.by),
      this.query.awaitingByAge(now, true),
      this.projections.status(),
    ]);
    return { ...figures, offlineAwaitingByAge, projections };
  }

  @Get('orders')
  @ApiOperation({
    summary:
      'Find orders by order number, customer name or email, service name, or id (newest first, 50 at most)',
  })
  @ApiOkResponse({ type: [FoundOrderDto], description: 'Newest first, 50 at most' })
  search(@Query() query: OrderSearchQueryDto): Promise<FoundOrderDto[]> {
    return this.query.searchOrders(query.q);
  }

  @Get('payments/awaiting')
  @ApiOperation({
    summary:
      'Confirmed orders awaiting payment, oldest first, with their age against the method registration time, a page at a time',
    description:
      'The next page, when there is one, is in the Link header (rel="next"); X-Total-Count says how many orders await payment in all.',
  })
  @ApiOkResponse({
    type: [AwaitingPaymentDto],
    description: 'Oldest first',
    headers: {
      Link: { description: 'rel="next": the next page, when there is one', schema: { type: 'string' } },
      'X-Total-Count': { description: 'How many orders await payment in all', schema: { type: 'integer' } },
    },
  })
  async awaiting(
    @Query() query: AwaitingPaymentsQueryDto,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): void },
  ) {
    const limit = Number(query.limit ?? DEFAULT_PAGE);
    if (limit > MAX_PAGE)
      throw new ValidationFailed(
        'LIMIT_TOO_LARGE',
        `limit must be a whole number from 1 to ${MAX_PAGE}.`,
        'limit',
      );
    const offline = query.offline !== 'false';
    const page = await this.query.awaitingPayment(this.clock.now(), offline, {
      limit,
      after: query.after ?? null,
    });
    reply.header('x-total-count', String(page.total));
    if (page.next) {
      const next = new URLSearchParams({ offline: String(offline), limit: String(limit), after: page.next });
      reply.header('link', `</back-office/payments/awaiting?${next}>; rel="next"`);
    }
    return page.items;
  }

  @Get('refunds')
  @ApiOperation({ summary: 'Payments to refund: received for cancelled, expired or already paid orders' })
  @ApiOkResponse({ type: [RefundDueDto], description: 'Those still to send back first' })
  refunds(): Promise<RefundDueDto[]> {
    return this.query.refunds();
  }
}
