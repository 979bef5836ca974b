import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CLOCK, Clock } from '../clock';
import { Projections } from '../projections/projections.service';
import { PERSONAL_DATA, PersonalDataProtection } from './protected-event-store';

/** The read models that show fiscal records (an invoice's buyer): built again once a retention ends. */
const FISCAL_READ_MODELS = ['invoices'];
const HOUR_MS = 3_600_000;

/**
 * The retention rule for fiscal records (decisions.md #34): an invoice's buyer is kept ten years from the
 * end of the year of its date (art. 2220 c.c.), then its key is deleted, and the invoices' read model is
 * built again without it. Runs hourly where the processes run; erasing a key twice changes nothing.
 */
@Injectable()
export class PersonalDataRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger('Retention');

  constructor(
    @Inject(PERSONAL_DATA) private readonly protection: PersonalDataProtection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projections: Projections,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.sweep().catch((e) => this.logger.error(e)), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Erases the keys whose retention ended before today; says which. */
  async sweep(): Promise<{ subject: string; kind: string }[]> {
    const now = this.clock.now();
    const due = await this.protection.vault.dueForErasure(now.toISOString().slice(0, 10));
    for (const { subject, kind } of due) {
      await this.protection.erase(subject, now, kind);
    }
    if (due.length > 0) {
      for (const name of FISCAL_READ_MODELS)
        if (this.projections.rebuildable.includes(name)) await this.projections.rebuild(name);
      this.logger.log(`retention ended for ${due.length} keys: ${due.map((d) => d.kind).join(', ')}`);
    }
    return due;
  }
}
