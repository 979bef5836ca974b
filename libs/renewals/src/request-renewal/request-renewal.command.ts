import { CommandMeta } from '@app/platform';

export class RequestRenewalCommand {
  constructor(
    readonly serviceId: string,
    readonly meta: CommandMeta,
  ) {}
}
