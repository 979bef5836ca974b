import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { ConfigurationError, LOG_LEVELS, configProblems } from './config-schema';
/** A limit as configured: so many attempts per window, then refused for the rest of the block. */
export interface AttemptLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * What the platform reads from the environment, validated once at start: where the data is, the engines,
 * HTTP, auth, mail. The business configuration (catalog, policy) belongs to the renewals context.
 */
export type ProcessRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  /** all: HTTP, projections, processes and email in one process; api: HTTP only; worker: the rest. */
  role: ProcessRole;
  port: number;
  /** The worker's port for /metrics and /health/live (it has no API); null: none. */
  metricsPort: number | null;
  host: string;
  dataDir: string;
  eventsFile: string;
  readModelsFile: string;
  /** The durable state beside the log (idempotency records, reactor checkpoints, the email outbox). */
  stateFile: string;
  outboxDir: string;
  /** postgres://... : events (unless EVENTSTORE_URL), read models, checkpoints, outbox, order numbers in PostgreSQL. */
  databaseUrl: string | null;
  databaseSchema: string;
  /** The PostgreSQL schema of the read models (disposable: drop it and they are rebuilt). */
  readModelSchema: string;
  /** esdb://... : events in EventStoreDB. */
  eventStoreUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  /** PUBLIC_URL: where customers reach the pages; the links in the emails start with it. */
  publicUrl: string;
  authSecret: string;
  tokenTtlSeconds: number;
  /** Login attempts allowed per client address and per account (then 429 until the window's block ends). */
  loginLimits: { perAddress: AttemptLimit; perAccount: AttemptLimit };
  /** How long an Idempotency-Key keeps its first answer. */
  idempotencyKeyTtlHours: number;
  seedDemoData: boolean;
  /** How often the scheduler looks for due work (unpaid orders to expire). */
  schedulerIntervalMs: number;
  /** PAYMENT_CALLBACK_SECRET: the key the payment provider signs its callbacks with; unset, callbacks are refused. */
  paymentCallbackSecret: string | null;
  /** DEV_CLOCK=true: a clock the back office can move forward (POST /dev/clock/advance), for demos. */
  devClock: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  /** auto: pretty on a terminal, JSON lines otherwise; json or pretty force one. */
  logFormat: 'auto' | 'json' | 'pretty';
  /** /health/ready answers 503 while any projection or process is more than this many events behind the log. */
  readinessMaxBehind: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

// The values below were checked against config-schema.ts first: here they are only read.
function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

/** `<attempts>/<seconds>`, e.g. 10/900: ten attempts in 15 minutes. */
function attemptLimit(env: NodeJS.ProcessEnv, name: string, fallback: AttemptLimit): AttemptLimit {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const [limit, windowSeconds] = raw.split('/').map(Number);
  return { limit, windowSeconds };
}

/** The signing secret: AUTH_SECRET, or one generated on first start and kept in the data folder. */
function authSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const file = join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** PUBLIC_URL without a trailing slash; by default this machine on PORT. */
function publicUrl(env: NodeJS.ProcessEnv): string {
  return (env.PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/+$/, '');
}

/** Where the HTTP server listens (PORT, HOST), read without writing anything. */
export function listenAddress(env: NodeJS.ProcessEnv): { port: number; host: string } {
  return { port: integer(env, 'PORT', 3000), host: env.HOST || '0.0.0.0' };
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Every variable first, all at once: nothing is created or written on a wrong setting.
  const problems = configProblems(env);
  if (problems.length > 0) throw new ConfigurationError(problems);
  const dataDir = resolve(process.cwd(), env.DATA_DIR || './data');
  mkdirSync(dataDir, { recursive: true });
  const role = (env.ROLE || 'all') as ProcessRole;
  if (!['all', 'api', 'worker'].includes(role))
    throw new Error(`ROLE must be all, api or worker, got "${env.ROLE}"`);
  return {
    role,
    ...listenAddress(env),
    metricsPort: env.METRICS_PORT ? Number(env.METRICS_PORT) : null,
    dataDir,
    eventsFile: join(dataDir, 'events.db'),
    readModelsFile: join(dataDir, 'read-models.db'),
    stateFile: join(dataDir, 'state.db'),
    outboxDir: join(dataDir, 'outbox'),
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    readModelSchema: env.READ_MODEL_SCHEMA || `${env.DATABASE_SCHEMA || 'public'}_read`,
    eventStoreUrl: env.EVENTSTORE_URL || null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || 'Fatturazione Elettronica <noreply@hosting-italia.example>',
    publicUrl: publicUrl(env),
    authSecret: authSecret(env, dataDir),
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 8 * 3600),
    idempotencyKeyTtlHours: integer(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 24),
    loginLimits: {
      perAddress: attemptLimit(env, 'LOGIN_LIMIT_PER_ADDRESS', { limit: 20, windowSeconds: 60 }),
      perAccount: attemptLimit(env, 'LOGIN_LIMIT_PER_ACCOUNT', { limit: 10, windowSeconds: 900 }),
    },
    seedDemoData: (env.SEED_DEMO_DATA || 'true') === 'true',
    schedulerIntervalMs: integer(env, 'SCHEDULER_INTERVAL_MS', 60_000),
    devClock: env.DEV_CLOCK === 'true',
    paymentCallbackSecret: env.PAYMENT_CALLBACK_SECRET || null,
    logLevel: (env.LOG_LEVEL || 'log') as AppConfig['logLevel'],
    logFormat: (env.LOG_FORMAT || 'auto') as AppConfig['logFormat'],
    readinessMaxBehind: integer(env, 'READINESS_MAX_BEHIND', 100),
  };
}
