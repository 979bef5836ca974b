import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { Authenticated, UuidPipe } from '@app/platform';
import { AuditQuery, AuditReport, toCsv, toJsonLines } from './audit.query';

export class AuditQueryDto {
  @ApiProperty({
    required: false,
    description: 'The state and history as they were at this moment (ISO 8601)',
    example: '2026-11-25T10:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiProperty({
    required: false,
    enum: ['json', 'jsonl', 'csv'],
    description: 'json (default): history and state; jsonl and csv: the history as a download',
  })
  @IsOptional()
  @IsIn(['json', 'jsonl', 'csv'])
  format?: 'json' | 'jsonl' | 'csv';
}

type Reply = { header(name: string, value: string): Reply; send(body: unknown): void };

@ApiTags('audit')
@Controller('audit')
@Authenticated('back-office')
export class AuditController {
  constructor(private readonly audit: AuditQuery) {}

  private answer(report: AuditReport, query: AuditQueryDto, reply: Reply): void {
    const name = `audit-${report.subject.kind}-${report.subject.id}`;
    if (query.format === 'csv') {
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(toCsv(report.history));
    } else if (query.format === 'jsonl') {
      reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.jsonl"`)
        .send(toJsonLines(report.history));
    } else reply.header('content-type', 'application/json; charset=utf-8').send(report);
  }

  @Get('orders/:orderId')
  @ApiOperation({
    summary:
      "An order's full history (who, when, which command, correlation and causation) and its state as of a moment",
  })
  @ApiOkResponse({ description: '{ subject, asOf, history: [...], state }, or JSON Lines / CSV' })
  async order(
    @Param('orderId', UuidPipe) orderId: string,
    @Query() query: AuditQueryDto,
    @Res() reply: Reply,
  ) {
    this.answer(await this.audit.order(orderId, query.asOf ? new Date(query.asOf) : null), query, reply);
  }

  @Get('services/:serviceId')
  @ApiOperation({ summary: "A service's full history and its state as of a moment" })
  async service(
    @Param('serviceId', UuidPipe) serviceId: string,
    @Query() query: AuditQueryDto,
    @Res() reply: Reply,
  ) {
    this.answer(await this.audit.service(serviceId, query.asOf ? new Date(query.asOf) : null), query, reply);
  }

  @Get('customers/:customerId')
  @ApiOperation({
    summary: "A customer's services and orders: the merged history and their states as of a moment",
  })
  async customer(
    @Param('customerId', UuidPipe) customerId: string,
    @Query() query: AuditQueryDto,
    @Res() reply: Reply,
  ) {
    this.answer(
      await this.audit.customer(customerId, query.asOf ? new Date(query.asOf) : null),
      query,
      reply,
    );
  }
}
