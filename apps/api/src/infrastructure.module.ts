import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@app/event-store';
import {
  ACCOUNT_STREAMS_NAMED_BY_PERSONAL_DATA,
  APP_CONFIG,
  AppConfig,
  CLOCK,
  Clock,
  DURABLE_DB,
  DevClock,
  DurableDb,
  FISCAL_EVENT_STORE,
  KeyVault,
  PERSONAL_DATA,
  PersonalDataProtection,
  RAW_EVENT_STORE,
  LEADERSHIP,
  Metrics,
  Shutdown,
  Startup,
  instrumentedEventStore,
  PostgresLeadership,
  Projections,
  READ_MODEL_DB,
  ReadModelDb,
  soleProcess,
  systemClock,
} from '@app/platform';
import { ORDER_NUMBERS, OrderNumbers } from '@app/renewals';
import { openDurableDb, openEventStore, openOrderNumbers, openReadModelDb } from './engines';
import { upgradeLegacyLayout } from './legacy-upgrade';
import { PERSONAL_DATA_POLICY } from './personal-data';

export { ALL_MIGRATIONS } from './engines';

class Connections implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(DURABLE_DB) private readonly durable: DurableDb,
    @Inject(ORDER_NUMBERS) private readonly orderNumbers: OrderNumbers,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.orderNumbers.close();
    await this.store.close();
    await this.db.destroy();
    await this.durable.destroy();
  }
}

/**
 * The engines, chosen by configuration (engines.ts). Embedded (the default): events in data/events.db,
 * read models, checkpoints, accounts and the outbox in data/read-models.db. They are two files so that a
 * projector's open transaction never blocks an append (better-sqlite3 would wait synchronously on the lock).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, overrides: { clock?: Clock } = {}): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? (config.devClock ? new DevClock() : systemClock) },
        Metrics,
        Shutdown,
        Startup,
        { provide: RAW_EVENT_STORE, useFactory: () => openEventStore(config) },
        {
          provide: PERSONAL_DATA,
          inject: [DURABLE_DB],
          useFactory: (durable: DurableDb) =>
            new PersonalDataProtection(new KeyVault(durable), {
              policy: PERSONAL_DATA_POLICY,
              hashedCategories: ACCOUNT_STREAMS_NAMED_BY_PERSONAL_DATA,
            }),
        },
        {
          provide: EVENT_STORE,
          inject: [Metrics, RAW_EVENT_STORE, PERSONAL_DATA],
          useFactory: (metrics: Metrics, raw: EventStore, protection: PersonalDataProtection) =>
            instrumentedEventStore(protection.view(raw), metrics),
        },
        {
          provide: FISCAL_EVENT_STORE,
          inject: [RAW_EVENT_STORE, PERSONAL_DATA],
          useFactory: (raw: EventStore, protection: PersonalDataProtection) => protection.view(raw, 'fiscal'),
        },
        {
          provide: READ_MODEL_DB,
          inject: [EVENT_STORE, DURABLE_DB],
          useFactory: async (store: EventStore, durable: DurableDb) => {
            for (const line of await upgradeLegacyLayout(config, store, durable))
              new Logger('Upgrade').log(line);
            return openReadModelDb(config);
          },
        },
        { provide: DURABLE_DB, useFactory: () => openDurableDb(config) },
        {
          provide: ORDER_NUMBERS,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => openOrderNumbers(config, store),
        },
        {
          provide: LEADERSHIP,
          useValue: config.databaseUrl
            ? new PostgresLeadership(config.databaseUrl, config.databaseSchema)
            : soleProcess,
        },
        Projections,
        Connections,
      ],
      exports: [
        APP_CONFIG,
        CLOCK,
        EVENT_STORE,
        FISCAL_EVENT_STORE,
        RAW_EVENT_STORE,
        PERSONAL_DATA,
        READ_MODEL_DB,
        DURABLE_DB,
        ORDER_NUMBERS,
        LEADERSHIP,
        Projections,
        Metrics,
        Shutdown,
        Startup,
      ],
    };
  }
}
