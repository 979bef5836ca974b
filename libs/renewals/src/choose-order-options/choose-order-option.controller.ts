import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CommandMeta, IfMatch, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { ChooseOrderOptionCommand, OrderOptionCommand } from './choose-order-option.command';
import {
  ChooseAutoRenewRequestDto,
  ChoosePaymentMethodRequestDto,
  ChooseTermRequestDto,
} from './choose-order-option.request.dto';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('customer area')
@Controller('me/orders/:orderId')
@ApiOrderIdParam()
@Authenticated('customer')
@IfMatch()
export class ChooseOrderOptionController {
  constructor(private readonly commands: CommandBus) {}

  private choose(orderId: string, option: OrderOptionCommand, meta: CommandMeta): Promise<OrderSummary> {
    return this.commands.execute(new ChooseOrderOptionCommand(orderId, option, meta));
  }

  @Put('payment-method')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with the choice applied' })
  @ApiOperation({ summary: 'Choose the payment method; warns when the payment would register after expiry' })
  paymentMethod(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: ChoosePaymentMethodRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.choose(orderId, { type: 'ChoosePaymentMethod', data: { method: body.method } }, meta);
  }

  @Put('term')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with the choice applied' })
  @ApiOperation({ summary: 'Choose the term in years' })
  term(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: ChooseTermRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.choose(orderId, { type: 'ChooseTerm', data: { years: body.years } }, meta);
  }

  @Put('auto-renew')
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order with the choice applied' })
  @ApiOperation({ summary: 'Switch auto-renew on or off for this order (card or PayPal only)' })
  autoRenew(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: ChooseAutoRenewRequestDto,
    @RequestMeta() meta: CommandMeta,
  ) {
    return this.choose(orderId, { type: 'ChooseAutoRenew', data: { enabled: body.enabled } }, meta);
  }
}
