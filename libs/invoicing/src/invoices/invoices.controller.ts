import {
  Controller,
  Get,
  Inject,
  Param,
  Res,
  ServiceUnavailableException,
  StreamableFile,
} from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ApiUuidParam,
  Authenticated,
  AuthenticatedUser,
  CLOCK,
  Clock,
  CurrentUser,
  MinPosition,
  Projections,
  UuidPipe,
} from '@app/platform';
import { InvoiceDto } from './invoice.response.dto';
import { InvoicesQuery, currentFile } from './invoices.query';
import { invoicePdf } from './invoice-pdf';
import { FiscalDocuments } from './fiscal-documents';

type Reply = { header(name: string, value: string): void };

/** Once the invoices' read model has the change at `position` (read your own write). */
export async function invoicesCaughtUp(projections: Projections, position: number | null): Promise<void> {
  if (position !== null && !(await projections.waitFor('invoices', position)))
    throw new ServiceUnavailableException('The invoices have not caught up yet; retry shortly.');
}

/** The invoice's FatturaPA file, as an XML download under its exchange file name. */
export function xmlDownload(file: { fileName: string; xml: string }, reply: Reply): StreamableFile {
  reply.header('content-type', 'application/xml; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
  return new StreamableFile(Buffer.from(file.xml, 'utf8'));
}

@ApiTags('customer area')
@Controller('me/invoices')
@Authenticated('customer')
export class InvoicesController {
  constructor(
    private readonly query: InvoicesQuery,
    private readonly documents: FiscalDocuments,
    private readonly projections: Projections,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: '"Le mie fatture": my invoices, the newest first, with where each stands at the SdI',
  })
  @ApiOkResponse({ type: [InvoiceDto], description: 'The newest first' })
  async list(@CurrentUser() user: AuthenticatedUser, @MinPosition() position: number | null) {
    await invoicesCaughtUp(this.projections, position);
    return this.query.mine(user.id);
  }

  @Get(':invoiceId/xml')
  @ApiOperation({ summary: 'The invoice’s FatturaPA XML file, as sent to the Sistema di Interscambio' })
  @ApiUuidParam('invoiceId', 'The invoice')
  @ApiProduces('application/xml')
  @ApiOkResponse({
    description: 'The file, named as the exchange knows it',
    content: { 'application/xml': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND: no such invoice, or not yours' })
  async xml(
    @CurrentUser() user: AuthenticatedUser,
    @Param('invoiceId', UuidPipe) invoiceId: string,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    const { current } = await this.documents.one(invoiceId, user.id);
    return xmlDownload(currentFile(current), reply);
  }

  @Get(':invoiceId/pdf')
  @ApiOperation({ summary: 'The invoice’s courtesy copy (copia di cortesia), as a printable PDF' })
  @ApiUuidParam('invoiceId', 'The invoice')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The copy, to print',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND: no such invoice, or not yours' })
  async pdf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('invoiceId', UuidPipe) invoiceId: string,
    @Res({ passthrough: true }) reply: Reply,
  ) {
    const invoice = await this.documents.one(invoiceId, user.id);
    const pdf = await invoicePdf(invoice.current, this.clock.now());
    reply.header('content-type', 'application/pdf');
    reply.header(
      'content-disposition',
      `attachment; filename="${invoice.type === 'TD04' ? 'nota-di-credito' : 'fattura'}-${invoice.number.replace('/', '-')}.pdf"`,
    );
    return new StreamableFile(pdf);
  }
}
