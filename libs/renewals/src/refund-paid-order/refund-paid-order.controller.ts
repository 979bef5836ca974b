import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CommandMeta, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';
import { RefundPaidOrderCommand } from './refund-paid-order.command';
import { RefundPaidOrderRequestDto } from './refund-paid-order.request.dto';

@ApiTags('back office')
@Controller('back-office/orders/:orderId/paid-refunds')
@ApiOrderIdParam()
@Authenticated('back-office')
export class RefundPaidOrderController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Give back some or all of a paid order’s amount, with the reason and the refund reference',
    description:
      'The renewal stands (the service keeps its expiry); the order’s invoice gets a credit note (TD04) for the amount.',
  })
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order' })
  @ApiUnprocessableEntityResponse({
    description:
      'ORDER_NOT_PAID, REFUND_EXCEEDS_PAID (more than is still refundable), REFUND_REFERENCE_USED (another amount under this reference)',
  })
  refund(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: RefundPaidOrderRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    return this.commands.execute(
      new RefundPaidOrderCommand(
        orderId,
        { amountCents: body.amountCents, reason: body.reason, reference: body.reference },
        meta,
      ),
    );
  }
}
