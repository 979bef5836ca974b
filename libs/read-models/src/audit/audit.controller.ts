import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { NotFound, ValidationFailed } from '@app/kernel';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { ApiUuidParam, Authenticated, UuidPipe } from '@app/platform';
import { AuditReportDto } from './audit.response.dto';
import { AuditQuery, AuditReport, EXCEL_IT, toCsv, toJsonLines } from './audit.query';
import { BackOfficeQuery } from '../back-office/back-office.query';

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

  @ApiProperty({
    required: false,
    enum: ['semicolon', 'comma'],
    description:
      'CSV separator: semicolon (default, with a UTF-8 byte-order mark: Italian Excel opens it as columns) or comma (RFC 4180, no mark)',
  })
  @IsOptional()
  @IsIn(['semicolon', 'comma'])
  separator?: 'semicolon' | 'comma';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDER_NUMBER = /^[A-Z]{2,5}-\d{4}-\d{6}$/i;

type Reply = { header(name: string, value: string): Reply; send(body: unknown): void };

/** JSON (the report), or with format=jsonl / csv the history as a download. */
function ApiAuditAnswer() {
  return ApiOkResponse({
    description: 'JSON, or with format=jsonl / csv the history as a download',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditReportDto) } },
      'application/x-ndjson': {
        schema: { type: 'string', example: '{"position":17,"type":"RenewalRequested"}' },
      },
      'text/csv': { schema: { type: 'string', example: 'position;recordedAt;stream' } },
    },
  });
}

@ApiTags('audit')
@ApiExtraModels(AuditReportDto)
@Controller('audit')
@Authenticated('back-office')
export class AuditController {
  constructor(
    private readonly audit: AuditQuery,
    private readonly backOffice: BackOfficeQuery,
  ) {}

  private answer(report: AuditReport, query: AuditQueryDto, reply: Reply): void {
    const name = `audit-${report.subject.kind}-${report.subject.orderNumber ?? report.subject.id}`;
    if (query.format === 'csv') {
      const dialect = query.separator === 'comma' ? ({ separator: ',', bom: false } as const) : EXCEL_IT;
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .send(toCsv(report.history, dialect));
    } else if (query.format === 'jsonl') {
      reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.jsonl"`)
        .send(toJsonLines(report.history));
    } else reply.header('content-type', 'application/json; charset=utf-8').send(report);
  }

  @Get('orders/:order')
  @ApiOperation({
    summary:
      "An order's full history (who, when, which command, correlation and causation) and its state as of a moment",
  })
  @ApiAuditAnswer()
  @ApiNotFoundResponse({ description: 'ORDER_NUMBER_UNKNOWN, or ORDER_NOT_FOUND' })
  @ApiParam({
    name: 'order',
    description: 'The order id, or its order number (FE-2026-000123)',
    example: 'FE-2026-000123',
  })
  async order(@Param('order') order: string, @Query() query: AuditQueryDto, @Res() reply: Reply) {
    const orderId = await this.orderIdOf(order);
    this.answer(await this.audit.order(orderId, query.asOf ? new Date(query.asOf) : null), query, reply);
  }

  /** An id as it is, an order number looked up; anything else is a 400 that says what is expected. */
  private async orderIdOf(text: string): Promise<string> {
    const value = text.trim();
    if (UUID.test(value)) return value.toLowerCase();
    if (!ORDER_NUMBER.test(value))
      throw new ValidationFailed(
        'INVALID_ORDER_REFERENCE',
        'Give an order id (a UUID) or an order number such as FE-2026-000123.',
        'order',
      );
    const orderId = await this.backOffice.orderIdOf(value);
    if (!orderId)
      throw new NotFound('ORDER_NUMBER_UNKNOWN', `No order has the number ${value.toUpperCase()}.`, 'order');
    return orderId;
  }

  @Get('services/:serviceId')
  @ApiOperation({ summary: "A service's full history and its state as of a moment" })
  @ApiUuidParam('serviceId', 'The service')
  @ApiAuditAnswer()
  @ApiNotFoundResponse({ description: 'SERVICE_NOT_FOUND' })
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
  @ApiUuidParam('customerId', 'The customer')
  @ApiAuditAnswer()
  @ApiNotFoundResponse({ description: 'CUSTOMER_NOT_FOUND' })
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
