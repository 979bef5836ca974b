import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '../application/command-runner';
import { Deciders, RENEWAL_CONTEXT } from '../application/renewal-context';
import { serviceStream } from '../application/streams';
import { RecordServiceMilestonesCommand } from './record-service-milestones.command';

/** Reminders, expiry, deletion warning, deletion: whatever has come due for the service and is not recorded. */
@CommandHandler(RecordServiceMilestonesCommand)
export class RecordServiceMilestonesHandler implements ICommandHandler<
  RecordServiceMilestonesCommand,
  { recorded: boolean }
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(RENEWAL_CONTEXT) private readonly deciders: Deciders,
  ) {}

  async execute({ serviceId, meta }: RecordServiceMilestonesCommand): Promise<{ recorded: boolean }> {
    const result = await this.runner.run({
      streamId: serviceStream(serviceId),
      decider: this.deciders.service,
      meta,
      commandName: 'RecordDueMilestones',
      command: (now) => ({ type: 'RecordDueMilestones' as const, data: { now } }),
    });
    return { recorded: result.appended };
  }
}
