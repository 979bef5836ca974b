import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CommandMeta, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { PaymentDetails } from '../application/payment-gateway';
import { OrderSummary } from '../application/order-view';
import { PayOnlineCommand } from './pay-online.command';
import { PayOnlineRequestDto } from './pay-online.request.dto';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('customer area')
@Controller('me/orders/:orderId/payment')
@ApiOrderIdParam()
@Authenticated('customer')
export class PayOnlineController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pay a confirmed card or PayPal order now, through the payment provider (sandbox by default)',
    description:
      "Approved: the payment is registered and the order answered PAID. Declined: the decline is recorded on the order and the answer is 422 PAYMENT_DECLINED with the provider's code (details.declineCode); another try is a new charge. The provider is asked with the order and the try number as its idempotency key, so a retry is never a second charge.",
  })
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The paid order' })
  @ApiUnprocessableEntityResponse({
    description:
      'PAYMENT_DECLINED, PAYMENT_METHOD_REFUSED, ORDER_NOT_PAYABLE_ONLINE, CHECKOUT_NOT_STARTED, ORDER_ALREADY_PAID, ORDER_CANCELLED, ORDER_EXPIRED',
  })
  pay(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: PayOnlineRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    const payment: PaymentDetails =
      body.method === 'CREDIT_CARD'
        ? { method: 'CREDIT_CARD', card: { ...body.card! } }
        : { method: 'PAYPAL', paypalEmail: body.paypalEmail! };
    return this.commands.execute(new PayOnlineCommand(orderId, payment, meta));
  }
}
