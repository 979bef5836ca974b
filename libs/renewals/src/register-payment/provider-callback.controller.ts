import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Inject,
  Post,
  RawBodyRequest,
  Req,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiNotFoundResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { APP_CONFIG, AppConfig, CLOCK, Clock, deterministicUuid } from '@app/platform';
import { PaymentRegistration, RegisterPaymentCommand } from './register-payment.command';
import { RegisterPaymentRequestDto } from './register-payment.request.dto';
import { verifySignature } from './provider-signature';
import { PaymentRegistrationDto } from './register-payment.response.dto';

/**
 * The payment provider's callback (card, PayPal): no user token, an HMAC signature instead. The
 * transaction id makes the command id, so the provider's retries register the payment once.
 */
@ApiTags('payment provider')
@Controller('payments/provider-callback')
export class ProviderCallbackController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'A payment the provider has captured (signed callback)' })
  @ApiHeader({
    name: 'X-Signature',
    required: true,
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>',
  })
  @ApiOkResponse({
    type: PaymentRegistrationDto,
    description: 'Registered, seen before, or listed for refund',
  })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid or expired signature' })
  @ApiNotFoundResponse({ description: 'ORDER_NUMBER_UNKNOWN: no order has that number' })
  @ApiUnprocessableEntityResponse({ description: 'PAYMENT_AMOUNT_MISMATCH, ORDER_NOT_CONFIRMED' })
  async callback(
    @Req() request: RawBodyRequest<{ rawBody?: Buffer }>,
    @Headers('x-signature') signature: string | undefined,
    @Body() body: RegisterPaymentRequestDto,
  ): Promise<PaymentRegistration> {
    const secret = this.config.paymentCallbackSecret;
    if (!secret)
      throw new ServiceUnavailableException(
        'Payment callbacks are not configured (PAYMENT_CALLBACK_SECRET).',
      );
    const check = verifySignature(secret, request.rawBody ?? Buffer.alloc(0), signature, this.clock.now());
    if (check !== 'VALID')
      throw new UnauthorizedException(
        check === 'EXPIRED'
          ? 'The signature is too old: sign each delivery anew.'
          : 'The signature does not match the body.',
      );
    return this.commands.execute(
      new RegisterPaymentCommand(
        body.orderNumber.toUpperCase(),
        body.transactionId,
        body.amountCents,
        body.method,
        {
          commandId: deterministicUuid(`provider-payment|${body.transactionId}`),
          correlationId: `provider:${body.transactionId}`,
          causationId: null,
          actor: { type: 'system', id: 'payment-provider' },
        },
      ),
    );
  }
}
