import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, Clock } from '../clock';
import { DURABLE_DB, DurableDb } from '../database/durable-db';
import { READ_MODEL_DB, ReadModelDb, scrubWriteAheadLog } from '../database/read-model-db';
import { AccountEvent, accountEvents } from '../auth/account.decider';
import { EventProcess } from '../projections/process-runner';
import { ProjectedEvent } from '../projections/projection';
import { Projections } from '../projections/projections.service';
import { PERSONAL_DATA, PersonalDataProtection } from './protected-event-store';

/**
 * What follows a `PersonalDataErased` (decisions.md #34), wherever it was recorded: the person's key is
 * deleted (again: the command deleted it already, unless it crashed first), the answers kept for their
 * `Idempotency-Key`s (which may quote their data) are dropped, and every read model is rebuilt blue/green
 * from the log, where their fields now read as erased. The email notifier erases its own rows as it
 * applies the same event. Each step is idempotent, so a replay repeats none of it with any effect.
 */
/** The durable reactor that keeps copies of names and addresses (libs/notifier). */
const NOTIFIER = 'email-notifier';

@Injectable()
export class PersonalDataErasure implements EventProcess<AccountEvent> {
  readonly name = 'process:erasure';
  readonly events = accountEvents;
  readonly canHandle = ['PersonalDataErased'] as const;
  private readonly logger = new Logger('Erasure');

  constructor(
    @Inject(PERSONAL_DATA) private readonly protection: PersonalDataProtection,
    @Inject(DURABLE_DB) private readonly durable: DurableDb,
    @Inject(READ_MODEL_DB) private readonly readModels: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly projections: Projections,
  ) {}

  async handle({ event, position }: ProjectedEvent<AccountEvent>): Promise<void> {
    if (event.type !== 'PersonalDataErased') return;
    const { accountId } = event.data;
    await this.protection.erase(accountId, new Date(event.data.erasedAt));
    await this.durable.deleteFrom('idempotency_keys').where('scope', '=', accountId).execute();
    await this.rebuildReadModels(`the erasure of ${accountId}`);
    // Once the notifier has erased its rows too, no page of the old rows is left in an SQLite WAL.
    if (!(await this.projections.waitFor(NOTIFIER, position, 30_000)))
      this.logger.warn(
        `${NOTIFIER} has not applied the erasure at ${position} yet: its old rows stay in the WAL until the next checkpoint`,
      );
    await scrubWriteAheadLog(this.durable);
    await scrubWriteAheadLog(this.readModels);
  }

  /** Every read model built again from the log, as it now reads. */
  async rebuildReadModels(why: string): Promise<void> {
    const started = this.clock.now().getTime();
    for (const name of this.projections.rebuildable) await this.projections.rebuild(name);
    this.logger.log(`read models rebuilt after ${why} (${this.clock.now().getTime() - started} ms)`);
  }
}
