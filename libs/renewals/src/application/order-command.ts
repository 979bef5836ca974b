import { OrderCommand } from '../domain';

type Untimed<C> = C extends { type: infer N; data: infer D } ? { type: N; data: Omit<D, 'now'> } : never;

/** A domain order command as a client states it: the time is added when the command runs. */
export type OrderRequest<T extends OrderCommand['type']> = Untimed<Extract<OrderCommand, { type: T }>>;

export function withTime(request: { type: OrderCommand['type']; data: object }, now: Date): OrderCommand {
  return { type: request.type, data: { ...request.data, now } } as OrderCommand;
}
