import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandMeta, deterministicUuid } from '@app/platform';
import {
  DomainError,
  OrderState,
  ScheduleFacts,
  ScheduledAction,
  ScheduledActionKind,
  ServiceState,
  dueActions,
  scheduleFacts,
} from '../domain';
import { CommandRunner } from '../application/command-runner';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { ChargeAutoRenewalCommand } from '../charge-auto-renewal/charge-auto-renewal.command';
import { ReleaseRenewalOrderCommand } from '../release-renewal-order/release-renewal-order.command';
import { RenewServiceCommand } from '../renew-service/renew-service.command';
import { SuspendAutoRenewCommand } from '../suspend-auto-renew/suspend-auto-renew.command';
import { OpenOrders } from '../application/open-orders';

/** What one service did in a run, by the kind of action. */
export type ActionCounts = Partial<Record<ScheduledActionKind, number>>;

/** A run never loops on one service longer than this (a year of daily actions would be far fewer). */
const MAX_ACTIONS_PER_RUN = 200;

/** The open order as the schedule sees it. */
export function openOrderFacts(order: OrderState | null): ScheduleFacts['openOrder'] {
  if (!order) return null;
  return {
    status: order.status === 'NONE' ? 'MISSING' : order.status,
    payBy: order.payBy,
    paidAt: order.paidAt ? new Date(order.paidAt) : null,
  };
}

/**
 * Runs what is due for one service, in the order of the due times, each decided as of its due time: the
 * state after one action is what the next one is decided on, so a run after a long downtime ends where
 * running every minute would have. The milestones (reminders, expiry, deletion warning, deletion) are
 * recorded by the service decider; the renewal of a paid order, the auto-renew charge and an unpaid
 * order's end are commands of their own, with what follows from them done at once (the renewal, the
 * release of the order), so that no later action is decided on a service that has not caught up.
 * Every command id comes from the service, the action and its due time: an action runs once.
 */
@Injectable()
export class ScheduledActions {
  private readonly logger = new Logger('ScheduledActions');

  constructor(
    private readonly runner: CommandRunner,
    private readonly openOrders: OpenOrders,
    private readonly commands: CommandBus,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  /** Everything due for the service by `now`; what it did, by kind. */
  async runDue(serviceId: string, now: Date): Promise<ActionCounts> {
    const counts: ActionCounts = {};
    let previous: string | null = null;
    for (let i = 0; i < MAX_ACTIONS_PER_RUN; i++) {
      const { service, order } = await this.openOrders.load(serviceId);
      if (!service.exists) return counts;
      const [action] = dueActions(
        scheduleFacts(service, openOrderFacts(order)),
        this.deciders.context.policy,
        now,
      );
      if (!action) return counts;
      const key = `${action.kind}|${action.dueAt.toISOString()}`;
      if (key === previous) {
        // Doing it changed nothing it depends on: leave it to the next run rather than loop.
        this.logger.warn(`service ${serviceId}: ${key} is still due after running; left for the next run`);
        return counts;
      }
      previous = key;
      try {
        await this.run(action, service, order, now);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`service ${serviceId}: ${key} refused: ${error.code}`);
        return counts;
      }
      counts[action.kind] = (counts[action.kind] ?? 0) + 1;
    }
    return counts;
  }

  private async run(
    action: ScheduledAction,
    service: ServiceState,
    order: OrderState | null,
    now: Date,
  ): Promise<void> {
    const at = action.dueAt;
    const meta = (step: string): CommandMeta => ({
      commandId: deterministicUuid(
        `schedule|${service.serviceId}|${action.kind}|${at.toISOString()}|${action.daysBefore ?? ''}|${step}`,
      ),
      correlationId: `scheduler:${service.serviceId}:${at.toISOString()}`,
      causationId: null,
      actor: { type: 'system', id: 'renewal-scheduler' },
    });
    switch (action.kind) {
      case 'REMINDER':
      case 'EXPIRY':
      case 'DELETION_WARNING':
      case 'DELETION':
        // Recorded at the real time: whether a notice is still true is judged now, with what else is due.
        await this.runner.run(
          this.deciders.services,
          service.serviceId,
          { type: 'RecordDueMilestones', data: { openOrder: openOrderFacts(order) } },
          meta('milestones'),
          { at: now },
        );
        return;
      case 'RENEWAL':
        await this.commands.execute(new RenewServiceCommand(order!.orderId, at, meta('renew')));
        return;
      case 'AUTO_RENEW_CHARGE': {
        const outcome = await this.commands.execute(
          new ChargeAutoRenewalCommand(service.serviceId, meta('charge'), at),
        );
        if (outcome.outcome === 'CHARGED')
          await this.commands.execute(new RenewServiceCommand(outcome.orderId, at, meta('renew')));
        if (outcome.outcome === 'DECLINED')
          await this.commands.execute(
            new SuspendAutoRenewCommand(service.serviceId, outcome.orderId, at, meta('suspend')),
          );
        return;
      }
      case 'UNPAID_ORDER_EXPIRY': {
        const orderId = order!.orderId;
        await this.runner.run(
          this.deciders.orders,
          orderId,
          { type: 'ExpireUnpaidOrder', data: {} },
          meta('expire'),
          {
            at,
          },
        );
        await this.commands.execute(new ReleaseRenewalOrderCommand(orderId, 'EXPIRED', at, meta('release')));
        return;
      }
      default: {
        const unhandled: never = action.kind;
        return unhandled;
      }
    }
  }
}
