import { Controller, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiNotFoundResponse,
} from '@nestjs/swagger';
import { Authenticated, CommandMeta, RequestMeta, UuidPipe, Idempotent, ApiUuidParam } from '@app/platform';
import { OrderSummary } from '../application/order-view';
import { RequestRenewalCommand } from './request-renewal.command';
import { OrderSummaryDto } from '../application/order-view.response.dto';

@ApiTags('customer area')
@Controller('me/services')
@Authenticated('customer')
export class RequestRenewalController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':serviceId/renewal')
  @ApiUuidParam('serviceId', 'The service to renew or reactivate')
  @ApiNotFoundResponse({ description: 'SERVICE_NOT_FOUND: no such service, or not yours' })
  @ApiOperation({
    summary: 'Renew (or reactivate within the grace period): opens the cart with the services active so far',
    description: 'Returns the open cart if there is one (200) instead of opening another.',
  })
  @Idempotent()
  @ApiCreatedResponse({ type: OrderSummaryDto, description: 'The new renewal order (cart)' })
  @ApiOkResponse({ type: OrderSummaryDto, description: 'The renewal order already open for this service' })
  @ApiUnprocessableEntityResponse({
    description: 'AUTO_RENEW_ACTIVE, SERVICE_PAST_GRACE_PERIOD, ORDER_AWAITING_PAYMENT',
  })
  async request(
    @Param('serviceId', UuidPipe) serviceId: string,
    @RequestMeta() meta: CommandMeta,
    @Res({ passthrough: true })
    reply: { status(code: number): void; header(name: string, value: string): void },
  ): Promise<OrderSummary> {
    const { created, ...order } = await this.commands.execute(new RequestRenewalCommand(serviceId, meta));
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    reply.header('location', `/me/orders/${order.orderId}`);
    return order;
  }
}
