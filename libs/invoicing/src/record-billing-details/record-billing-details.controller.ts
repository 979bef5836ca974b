import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiUuidParam,
  Authenticated,
  AuthenticatedUser,
  CurrentUser,
  actorOf,
  CommandMeta,
  Idempotent,
  RequestMeta,
  UuidPipe,
} from '@app/platform';
import { BillingDetailsView, RecordBillingDetailsCommand } from './record-billing-details.command';
import { BillingDetailsDto, BillingDetailsViewDto, billingDetailsOf } from './billing-details.dto';
import { ServiceBilling } from './billing-details.aggregate';

@ApiTags('customer area')
@Controller('me/services/:serviceId/billing-details')
@ApiUuidParam('serviceId', 'The service')
@ApiNotFoundResponse({ description: 'SERVICE_NOT_FOUND: no such service, or not yours' })
@Authenticated('customer')
export class BillingDetailsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly billing: ServiceBilling,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The billing details the service’s invoices are made out to' })
  @ApiOkResponse({ type: BillingDetailsViewDto, description: 'The details now (null until recorded)' })
  async get(
    @Param('serviceId', UuidPipe) serviceId: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<BillingDetailsView> {
    await this.billing.ownerFor(serviceId, actorOf(user));
    const { details, recordedAt } = await this.billing.current(serviceId);
    return { serviceId, details, recordedAt, position: null };
  }

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record the billing details (dati di fatturazione)',
    description:
      'Checked as an invoice recipient must be: the Partita IVA’s check digit, the Codice Fiscale’s check character, CAP and province, the SdI recipient code or a PEC. The next invoice is made out to them; invoices issued before keep theirs.',
  })
  @Idempotent()
  @ApiOkResponse({ type: BillingDetailsViewDto, description: 'The details now' })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED or INVALID_BILLING_DETAILS, with every field at fault and its reason',
  })
  record(
    @Param('serviceId', UuidPipe) serviceId: string,
    @Body() body: BillingDetailsDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<BillingDetailsView> {
    return this.commands.execute(new RecordBillingDetailsCommand(serviceId, billingDetailsOf(body), meta));
  }
}
