import { applyDecorators } from '@nestjs/common';
import { ApiNotFoundResponse } from '@nestjs/swagger';
import { ApiUuidParam } from '@app/platform';

/** The `:orderId` of a route on one order, and the 404 it answers when there is no such order, or not the caller's. */
export function ApiOrderIdParam() {
  return applyDecorators(
    ApiUuidParam('orderId', 'The order'),
    ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND: no such order, or not yours' }),
  );
}
