import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

/**
 * An order route that honours `If-Match`: the change is made only to the revision the client saw (from
 * an answer's `revision` or `GET /me/orders/:id`'s ETag). Documented in the OpenAPI document once, here.
 */
export function IfMatch() {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The order\'s revision as its answers (`revision`) and its ETag carry it, e.g. `"3"` (or `W/"3"`). The change is made only if the order is still at that revision; otherwise 412 REVISION_MISMATCH with `currentRevision`, and nothing changes. Without it, a change applies to the order as it is (after one automatic retry on a concurrent change).',
    }),
    ApiResponse({ status: 412, description: 'REVISION_MISMATCH: the order changed since that revision' }),
  );
}
