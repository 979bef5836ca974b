import { Body, Controller, Delete, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiNotFoundResponse,
} from '@nestjs/swagger';
import { Authenticated, CommandMeta, RequestMeta, UuidPipe, Idempotent, ApiUuidParam } from '@app/platform';
import { PaymentDetails } from '../application/payment-gateway';
import {
  AutoRenewSetting,
  SwitchAutoRenewOffCommand,
  SwitchAutoRenewOnCommand,
} from './switch-auto-renew.command';
import { SwitchAutoRenewOnRequestDto } from './switch-auto-renew.request.dto';
import { AutoRenewSettingDto } from './switch-auto-renew.response.dto';

@ApiTags('customer area')
@Controller('me/services/:serviceId/auto-renew')
@ApiUuidParam('serviceId', 'The service')
@ApiNotFoundResponse({ description: 'SERVICE_NOT_FOUND: no such service, or not yours' })
@Authenticated('customer')
export class SwitchAutoRenewController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Switch auto-renew on, or change its card/PayPal account or term',
    description:
      'The card or PayPal account is stored at the payment provider (sandbox by default); the service is then charged autoRenewChargeDays before each expiry.',
  })
  @Idempotent()
  @ApiOkResponse({ type: AutoRenewSettingDto, description: 'The auto-renew setting now' })
  @ApiUnprocessableEntityResponse({
    description:
      'PAYMENT_METHOD_REFUSED, AUTO_RENEW_REQUIRES_CARD_OR_PAYPAL, TERM_OUT_OF_RANGE, CONSENT_REQUIRED, CONSENT_DOCUMENT_OUTDATED, ORDER_AWAITING_PAYMENT, RENEWAL_ORDER_OPEN, SERVICE_PAST_GRACE_PERIOD',
  })
  switchOn(
    @Param('serviceId', UuidPipe) serviceId: string,
    @Body() body: SwitchAutoRenewOnRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<AutoRenewSetting> {
    const payment: PaymentDetails =
      body.method === 'CREDIT_CARD'
        ? { method: 'CREDIT_CARD', card: { ...body.card! } }
        : { method: 'PAYPAL', paypalEmail: body.paypalEmail! };
    return this.commands.execute(
      new SwitchAutoRenewOnCommand(serviceId, payment, body.years, { ...body.consents }, meta),
    );
  }

  @Delete()
  @HttpCode(200)
  @ApiOperation({ summary: 'Switch auto-renew off: the service is then renewed by hand' })
  @Idempotent()
  @ApiOkResponse({ type: AutoRenewSettingDto, description: 'The auto-renew setting now' })
  switchOff(
    @Param('serviceId', UuidPipe) serviceId: string,
    @RequestMeta() meta: CommandMeta,
  ): Promise<AutoRenewSetting> {
    return this.commands.execute(new SwitchAutoRenewOffCommand(serviceId, meta));
  }
}
