import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CommandMeta, IfMatch, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { StartCheckoutCommand } from './start-checkout.command';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('customer area')
@Controller('me/orders/:orderId/checkout')
@ApiOrderIdParam()
@Authenticated('customer')
export class StartCheckoutController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: '"Prosegui e completa l\'ordine": proceed from the cart to the order form' })
  @Idempotent()
  @IfMatch()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order, now in CHECKOUT' })
  start(
    @Param('orderId', UuidPipe) orderId: string,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    return this.commands.execute(new StartCheckoutCommand(orderId, meta));
  }
}
