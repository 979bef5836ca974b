import { CommandMeta } from '@app/platform';

export class RecordServiceMilestonesCommand {
  constructor(
    readonly serviceId: string,
    readonly meta: CommandMeta,
  ) {}
}
