import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Authenticated, CommandMeta, IfMatch, Idempotent, RequestMeta, UuidPipe } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { ConfirmOrderCommand } from './confirm-order.command';
import { ConfirmOrderRequestDto } from './confirm-order.request.dto';
import { OrderSummaryDto } from '../application/order-view.response.dto';
import { ApiOrderIdParam } from '../application/order-id.param';

@ApiTags('customer area')
@Controller('me/orders/:orderId/confirmation')
@ApiOrderIdParam()
@Authenticated('customer')
export class ConfirmOrderController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      '"Conferma": give the three consents and confirm; the order gets its number and an email says how to pay',
  })
  @Idempotent()
  @IfMatch()
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The confirmed order with its order number' })
  @ApiUnprocessableEntityResponse({
    description: 'CONSENT_REQUIRED, CONSENT_DOCUMENT_OUTDATED, PAYMENT_METHOD_REQUIRED, CHECKOUT_NOT_STARTED',
  })
  confirm(
    @Param('orderId', UuidPipe) orderId: string,
    @Body() body: ConfirmOrderRequestDto,
    @RequestMeta() meta: CommandMeta,
  ): Promise<OrderSummary> {
    return this.commands.execute(
      new ConfirmOrderCommand(
        orderId,
        { type: 'ConfirmOrder', data: { consents: { ...body.consents } } },
        meta,
      ),
    );
  }
}
