import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CommandMeta, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { RecordRefundCommand } from './record-refund.command';
import { RecordRefundRequestDto } from './record-refund.request.dto';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('back office')
@Controller('back-office/orders/:orderId/refunds')
@ApiOrderIdParam()
@Authenticated('back-office')
export class RecordRefundController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Mark a payment listed for refund as refunded, with the refund reference (recorded on the order)',
  })
  @Idempotent()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The order' })
  @ApiUnprocessableEntityResponse({
    description: 'PAYMENT_NOT_REFUNDABLE (it paid the order), PAYMENT_ALREADY_REFUNDED (another reference)',
  })
  record(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: RecordRefundRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    return this.commands.execute(new RecordRefundCommand(orderId, body.transactionId, body.reference, meta));
  }
}
