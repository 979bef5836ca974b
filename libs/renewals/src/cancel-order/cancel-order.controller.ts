import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CommandMeta, IfMatch, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { CancelOrderCommand } from './cancel-order.command';
import { BackOfficeCancelOrderRequestDto, CancelOrderRequestDto } from './cancel-order.request.dto';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('customer area')
@Controller('me/orders/:orderId/cancellation')
@ApiOrderIdParam()
@Authenticated('customer')
export class CancelOrderController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an open renewal order (cart, checkout or awaiting payment)' })
  @Idempotent()
  @IfMatch()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The cancelled order' })
  cancel(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: CancelOrderRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    return this.commands.execute(new CancelOrderCommand(orderId, body.reason ?? null, meta));
  }
}

@ApiTags('back office')
@Controller('back-office/orders/:orderId/cancellation')
@ApiOrderIdParam()
@Authenticated('back-office')
export class BackOfficeCancelOrderController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: "Cancel a customer's open order, with a reason (recorded, and shown to the customer)",
  })
  @Idempotent()
  @IfMatch()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The cancelled order' })
  cancel(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: BackOfficeCancelOrderRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    return this.commands.execute(new CancelOrderCommand(orderId, body.reason, meta));
  }
}
