/**
 * Every environment variable the service reads, with what it accepts: checked all at once at start, before
 * anything is written, so that a wrong setting stops the start with its name and the accepted values
 * (exit code 1) instead of being ignored or failing late. The README's configuration table is checked
 * against this list by a test.
 */
export type VariableRule =
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'url'; protocols: readonly string[]; example: string }
  | { kind: 'attempts-per-window' }
  | { kind: 'schema-name' }
  | { kind: 'text' };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

export const CONFIG_VARIABLES: Readonly<Record<string, VariableRule>> = {
  PORT: { kind: 'integer', min: 0, max: 65535 },
  METRICS_PORT: { kind: 'integer', min: 0, max: 65535 },
  HOST: { kind: 'text' },
  DATA_DIR: { kind: 'text' },
  DATABASE_URL: {
    kind: 'url',
    protocols: ['postgres:', 'postgresql:'],
    example: 'postgres://user@host:5432/db',
  },
  DATABASE_SCHEMA: { kind: 'schema-name' },
  READ_MODEL_SCHEMA: { kind: 'schema-name' },
  EVENTSTORE_URL: {
    kind: 'url',
    protocols: ['esdb:', 'esdb+discover:'],
    example: 'esdb://host:2113?tls=false',
  },
  ROLE: { kind: 'enum', values: ['all', 'api', 'worker'] },
  SMTP_URL: { kind: 'url', protocols: ['smtp:', 'smtps:'], example: 'smtp://user:pass@mail.example:587' },
  MAIL_FROM: { kind: 'text' },
  PUBLIC_URL: { kind: 'url', protocols: ['http:', 'https:'], example: 'https://area-clienti.example' },
  AUTH_SECRET: { kind: 'text' },
  TOKEN_TTL_SECONDS: { kind: 'integer', min: 60, max: 31_536_000 },
  IDEMPOTENCY_KEY_TTL_HOURS: { kind: 'integer', min: 1, max: 8_760 },
  LOGIN_LIMIT_PER_ACCOUNT: { kind: 'attempts-per-window' },
  LOGIN_LIMIT_PER_ADDRESS: { kind: 'attempts-per-window' },
  SEED_DEMO_DATA: { kind: 'boolean' },
  CATALOG_FILE: { kind: 'text' },
  POLICY_FILE: { kind: 'text' },
  SCHEDULER_INTERVAL_MS: { kind: 'integer', min: 10, max: 86_400_000 },
  PAYMENT_CALLBACK_SECRET: { kind: 'text' },
  DEV_CLOCK: { kind: 'boolean' },
  LOG_LEVEL: { kind: 'enum', values: LOG_LEVELS },
  LOG_FORMAT: { kind: 'enum', values: ['auto', 'json', 'pretty'] },
  WEB_DIR: { kind: 'text' },
  READINESS_MAX_BEHIND: { kind: 'integer', min: 0, max: 100_000_000 },
};

/** One wrong setting: the variable, what it was given, what it accepts. */
function problemOf(name: string, raw: string, rule: VariableRule): string | null {
  switch (rule.kind) {
    case 'integer': {
      const value = Number(raw);
      return /^\d+$/.test(raw) && value >= rule.min && value <= rule.max
        ? null
        : `${name} must be a whole number from ${rule.min} to ${rule.max}, got "${raw}"`;
    }
    case 'enum':
      return rule.values.includes(raw)
        ? null
        : `${name} must be one of ${rule.values.join(', ')}, got "${raw}"`;
    case 'boolean':
      return raw === 'true' || raw === 'false' ? null : `${name} must be true or false, got "${raw}"`;
    case 'url': {
      // The scheme and something after it (an EventStoreDB cluster's hosts are no URL that `new URL` takes).
      const protocol = /^([a-z][a-z0-9+.-]*:)\/\/\S+$/i.exec(raw)?.[1].toLowerCase() ?? null;
      return protocol !== null && rule.protocols.includes(protocol)
        ? null
        : `${name} must be a ${rule.protocols.map((p) => p.replace(':', '://')).join(' or ')} address, e.g. ${rule.example}; got "${redact(raw)}"`;
    }
    case 'attempts-per-window': {
      const match = /^(\d+)\/(\d+)$/.exec(raw);
      return match && Number(match[1]) >= 1 && Number(match[2]) >= 1
        ? null
        : `${name} must be <attempts>/<seconds>, both at least 1, e.g. 10/900; got "${raw}"`;
    }
    case 'schema-name':
      return /^[a-z_][a-z0-9_]{0,62}$/.test(raw)
        ? null
        : `${name} must be a PostgreSQL schema name (lower-case letters, digits and _, not starting with a digit, at most 63), got "${raw}"`;
    case 'text':
      return null;
  }
}

/** A URL's password is not repeated in an error message. */
function redact(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@');
}

/** Every wrong setting in `env` (unset and empty variables take their defaults). */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(CONFIG_VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const problem = problemOf(name, raw, rule);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** The start stops on it: the message lists every wrong setting, and the process exits with code 1. */
export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}
