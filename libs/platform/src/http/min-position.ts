import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import { ValidationFailed } from '@app/kernel';

/** X-Min-Position: the position a command answered with; the read waits until the read model has it. */
export const MinPosition = createParamDecorator((_: unknown, context: ExecutionContext): number | null => {
  const raw = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers[
    'x-min-position'
  ];
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,15}$/.test(raw))
    throw new ValidationFailed(
      'INVALID_MIN_POSITION',
      'X-Min-Position must be a whole number',
      'X-Min-Position',
    );
  return Number(raw);
});
