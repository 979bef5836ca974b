import {
  Controller,
  Get,
  Inject,
  Param,
  Res,
  ServiceUnavailableException,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  AuthenticatedUser,
  Authenticated,
  CLOCK,
  Clock,
  CurrentUser,
  MinPosition,
  Projections,
  UuidPipe,
  ApiUuidParam,
} from '@app/platform';
import { OrderDto } from '@app/renewals';
import { BusinessRuleViolation } from '@app/kernel';
import { CustomerAreaQuery } from './customer-area.query';
import { paymentSlipPdf } from './payment-slip';
import { ServiceDto } from './customer-area.response.dto';

@ApiTags('customer area')
@Controller('me')
@Authenticated('customer')
@ApiHeader({
  name: 'X-Min-Position',
  required: false,
  description: 'The `position` a command returned: the answer includes that change (waits up to 5 s)',
})
export class CustomerAreaController {
  constructor(
    private readonly query: CustomerAreaQuery,
    private readonly projections: Projections,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async caughtUp(position: number | null): Promise<void> {
    if (position === null) return;
    if (!(await this.projections.waitFor('customer-area', position)))
      throw new ServiceUnavailableException('The customer area has not caught up yet; retry shortly.');
  }

  /** One of the caller's orders, once the customer area has the change at `position` (read your own write). */
  private async orderOf(user: AuthenticatedUser, orderId: string, position: number | null) {
    await this.caughtUp(position);
    return this.query.order(user.id, orderId);
  }

  @Get('services')
  @ApiOperation({ summary: '"I miei servizi": my services, each with the one action that applies now' })
  @ApiOkResponse({ type: [ServiceDto], description: 'Soonest expiry first' })
  async services(@CurrentUser() user: AuthenticatedUser, @MinPosition() position: number | null) {
    await this.caughtUp(position);
    return this.query.services(user.id, this.clock.now());
  }

  @Get('services/:serviceId')
  @ApiOperation({ summary: 'One of my services' })
  @ApiUuidParam('serviceId', 'The service')
  @ApiOkResponse({ type: ServiceDto, description: 'The service' })
  @ApiNotFoundResponse({ description: 'SERVICE_NOT_FOUND: no such service, or not yours' })
  async service(
    @CurrentUser() user: AuthenticatedUser,
    @Param('serviceId', UuidPipe) serviceId: string,
    @MinPosition() position: number | null,
  ) {
    await this.caughtUp(position);
    return this.query.service(user.id, serviceId, this.clock.now());
  }

  @Get('orders')
  @ApiOperation({ summary: '"I miei ordini": my renewal orders, newest first' })
  @ApiOkResponse({ type: [OrderDto], description: 'Newest first' })
  async orders(@CurrentUser() user: AuthenticatedUser, @MinPosition() position: number | null) {
    await this.caughtUp(position);
    return this.query.orders(user.id);
  }

  @Get('orders/:orderId')
  @ApiOperation({ summary: 'One of my orders: lines, totals, status, order number, payment instructions' })
  @ApiUuidParam('orderId', 'The order')
  @ApiOkResponse({
    type: OrderDto,
    description: 'The order; its ETag is its revision',
    headers: {
      ETag: { description: 'The revision, e.g. "9": send it back as If-Match', schema: { type: 'string' } },
    },
  })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND: no such order, or not yours' })
  async order(
    @CurrentUser() user: AuthenticatedUser,
    @Param('orderId', UuidPipe) orderId: string,
    @MinPosition() position: number | null,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): void },
  ) {
    const order = await this.orderOf(user, orderId, position);
    // The order's revision: send it back as If-Match with a change, to change only this version.
    reply.header('etag', `"${order.revision}"`);
    return order;
  }

  @Get('orders/:orderId/payment-slip.pdf')
  @ApiOperation({
    summary: 'The pre-filled postal slip of a confirmed order paid by postal slip, as a printable PDF',
  })
  @ApiProduces('application/pdf')
  @ApiUuidParam('orderId', 'The order')
  @ApiOkResponse({
    description: 'The slip, to print',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND: no such order, or not yours' })
  @ApiUnprocessableEntityResponse({ description: 'NO_POSTAL_SLIP: the order is not awaiting a slip payment' })
  async paymentSlip(
    @CurrentUser() user: AuthenticatedUser,
    @Param('orderId', UuidPipe) orderId: string,
    @MinPosition() position: number | null,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): void },
  ) {
    const order = await this.orderOf(user, orderId, position);
    const slip = order.paymentMethod === 'PREFILLED_SLIP' || order.paymentMethod === 'POSTAL_SLIP';
    if (order.status !== 'CONFIRMED' || !slip)
      throw new BusinessRuleViolation(
        'NO_POSTAL_SLIP',
        'Only a confirmed order paid by postal slip, not yet paid, has a slip to print.',
        'orderId',
        { orderStatus: order.status, paymentMethod: order.paymentMethod },
      );
    const pdf = await paymentSlipPdf(order, this.clock.now());
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename="bollettino-${order.orderNumber}.pdf"`);
    return new StreamableFile(pdf);
  }
}
