import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  ApiUuidParam,
  Authenticated,
  CommandMeta,
  Field,
  Idempotent,
  MinPosition,
  Projections,
  RequestMeta,
  UuidPipe,
} from '@app/platform';
import { INVOICE_STATUSES, InvoiceDto } from '../invoices/invoice.response.dto';
import { InvoiceStatus, InvoicesQuery, currentFile } from '../invoices/invoices.query';
import { invoicesCaughtUp, xmlDownload } from '../invoices/invoices.controller';
import { FiscalDocuments } from '../invoices/fiscal-documents';
import { billingDetailsOf } from '../record-billing-details/billing-details.dto';
import { CorrectInvoiceRequestDto } from './correct-invoice.request.dto';
import { CorrectInvoiceCommand, CorrectedInvoice } from './correct-invoice.command';

const DEFAULT_PAGE = 200;

export class InvoicesQueryDto {
  @ApiProperty({ required: false, enum: INVOICE_STATUSES, description: 'Only the invoices in this state' })
  @IsOptional()
  @IsIn(INVOICE_STATUSES)
  status?: InvoiceStatus;

  @ApiProperty({ required: false, description: 'How many: 1 to 500 (default 200)', example: '200' })
  @IsOptional()
  @Matches(/^([1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit must be a whole number from 1 to 500' })
  limit?: string;
}

export class CorrectedInvoiceDto {
  @Field.uuid('The invoice') invoiceId!: string;
  @Field.integer('The correction’s position (X-Min-Position); null when nothing changed', 42, {
    nullable: true,
  })
  position!: number | null;
}

@ApiTags('back office')
@Controller('back-office/invoices')
@Authenticated('back-office')
export class BackOfficeInvoicesController {
  constructor(
    private readonly query: InvoicesQuery,
    private readonly documents: FiscalDocuments,
    private readonly commands: CommandBus,
    private readonly projections: Projections,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The invoices, the rejected ones first, then the newest' })
  @ApiOkResponse({ type: [InvoiceDto], description: 'Rejected first, then by number, newest first' })
  async list(@Query() filter: InvoicesQueryDto, @MinPosition() position: number | null) {
    await invoicesCaughtUp(this.projections, position);
    return this.query.all(filter.status ?? null, filter.limit ? Number(filter.limit) : DEFAULT_PAGE);
  }

  @Get(':invoiceId/xml')
  @ApiOperation({ summary: 'An invoice’s FatturaPA XML file, as it now reads' })
  @ApiUuidParam('invoiceId', 'The invoice')
  @ApiOkResponse({
    description: 'The file, named as the exchange knows it',
    content: { 'application/xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
  async xml(
    @Param('invoiceId', UuidPipe) invoiceId: string,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): void },
  ) {
    return xmlDownload(currentFile((await this.documents.one(invoiceId, null)).current), reply);
  }

  @Post(':invoiceId/correction')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    summary: 'Correct a rejected invoice and send it again under its number (within 5 days of the rejection)',
  })
  @ApiUuidParam('invoiceId', 'The invoice')
  @ApiOkResponse({ type: CorrectedInvoiceDto, description: 'Corrected; the new file is sent at once' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED or INVALID_BILLING_DETAILS, with every field' })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVOICE_NOT_REJECTED: only a rejected invoice is corrected' })
  @ApiUnprocessableEntityResponse({
    description:
      'CORRECTION_WINDOW_CLOSED (more than 5 days since the rejection) or NOTHING_CORRECTED (the details the exchange rejected)',
  })
  correct(
    @Param('invoiceId', UuidPipe) invoiceId: string,
    @Body() body: CorrectInvoiceRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<CorrectedInvoice> {
    return this.commands.execute(
      new CorrectInvoiceCommand(
        invoiceId,
        body.reason.trim(),
        body.billingDetails ? billingDetailsOf(body.billingDetails) : null,
        meta,
      ),
    );
  }
}
