import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiNotFoundResponse,
} from '@nestjs/swagger';
import { Authenticated, CommandMeta, RequestMeta, Idempotent } from '@app/platform';
import { PaymentRegistration, RegisterPaymentCommand } from './register-payment.command';
import { RegisterPaymentRequestDto } from './register-payment.request.dto';
import { PaymentRegistrationDto } from './register-payment.response.dto';

@ApiTags('back office')
@Controller('back-office/payments')
@Authenticated('back-office')
export class RegisterPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Register a received payment by order number',
    description:
      'REGISTERED renews the service; ALREADY_REGISTERED for the same transaction again; REFUND_DUE when the order was cancelled, expired or already paid.',
  })
  @Idempotent()
  @ApiOkResponse({
    type: PaymentRegistrationDto,
    description: 'Registered, seen before, or listed for refund',
  })
  @ApiUnprocessableEntityResponse({ description: 'PAYMENT_AMOUNT_MISMATCH, ORDER_NOT_CONFIRMED' })
  @ApiNotFoundResponse({ description: 'ORDER_NUMBER_UNKNOWN: no order has that number' })
  register(
    @Body() body: RegisterPaymentRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<PaymentRegistration> {
    return this.commands.execute(
      new RegisterPaymentCommand(
        body.orderNumber.toUpperCase(),
        body.transactionId,
        body.amountCents,
        body.method,
        meta,
      ),
    );
  }
}
