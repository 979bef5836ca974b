import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, EventStore, SqliteEventStore } from '@app/event-store';
import {
  APP_CONFIG,
  AppConfig,
  CLOCK,
  Clock,
  ID_GENERATOR,
  Projections,
  READ_MODEL_DB,
  ReadModelDb,
  migrateToLatest,
  openSqliteReadModelDb,
  platformMigrations,
  randomIds,
  systemClock,
} from '@app/platform';
import { customerAreaMigrations } from '@app/read-models';
import { notifierMigrations } from '@app/notifier';
import { ORDER_NUMBERS, SqliteOrderNumbers } from '@app/renewals';

export const ALL_MIGRATIONS = { ...platformMigrations, ...customerAreaMigrations, ...notifierMigrations };

class Connections implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.db.destroy();
  }
}

/**
 * The engines, chosen by configuration. Embedded (the default): events in data/events.db, read models,
 * checkpoints, accounts and the outbox in data/read-models.db. They are two files so that a projector's
 * open transaction never blocks an append (better-sqlite3 would wait synchronously on the lock).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, overrides: { clock?: Clock } = {}): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        { provide: ID_GENERATOR, useValue: randomIds },
        { provide: EVENT_STORE, useFactory: () => new SqliteEventStore(config.eventsFile) },
        {
          provide: READ_MODEL_DB,
          useFactory: async () => {
            const db = openSqliteReadModelDb(config.readModelsFile);
            await migrateToLatest(db, ALL_MIGRATIONS);
            return db;
          },
        },
        {
          provide: ORDER_NUMBERS,
          inject: [EVENT_STORE],
          useFactory: (store: SqliteEventStore) => new SqliteOrderNumbers(store.db),
        },
        Projections,
        Connections,
      ],
      exports: [APP_CONFIG, CLOCK, ID_GENERATOR, EVENT_STORE, READ_MODEL_DB, ORDER_NUMBERS, Projections],
    };
  }
}
