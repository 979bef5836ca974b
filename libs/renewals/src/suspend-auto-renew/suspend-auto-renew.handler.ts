import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { SuspendAutoRenewCommand } from './suspend-auto-renew.command';

@CommandHandler(SuspendAutoRenewCommand)
export class SuspendAutoRenewHandler implements ICommandHandler<SuspendAutoRenewCommand, void> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ serviceId, orderId, at, meta }: SuspendAutoRenewCommand): Promise<void> {
    await this.runner.run(
      this.deciders.services,
      serviceId,
      { type: 'SuspendAutoRenew', data: { orderId } },
      meta,
      { at },
    );
  }
}
