import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigurationError, configProblems } from './config-schema';
import { loadAppConfig } from './app-config';

describe('the configuration schema', () => {
  it('accepts the defaults (nothing set) and good values', () => {
    expect(configProblems({})).toEqual([]);
    expect(
      configProblems({
        PORT: '8080',
        LOG_LEVEL: 'debug',
        ROLE: 'worker',
        DATABASE_URL: 'postgres://app:secret@db:5432/renewals',
        DATABASE_SCHEMA: 'renewals',
        PUBLIC_URL: 'https://area-clienti.example',
        SEED_DEMO_DATA: 'false',
        LOGIN_LIMIT_PER_ADDRESS: '20/60',
        EVENTSTORE_URL: 'esdb://a:2113,b:2113?tls=false',
      }),
    ).toEqual([]);
  });

  it('names each wrong variable, what it got and what it accepts', () => {
    const problems = configProblems({
      LOG_LEVEL: 'foo',
      PORT: '70000',
      ROLE: 'both',
      SEED_DEMO_DATA: 'yes',
      TOKEN_TTL_SECONDS: '1.5',
      LOGIN_LIMIT_PER_ACCOUNT: '10',
      DATABASE_URL: 'mysql://app:secret@db/renewals',
      DATABASE_SCHEMA: 'Drop Table',
      PUBLIC_URL: 'ftp://files.example',
    });
    expect(problems).toEqual([
      'PORT must be a whole number from 0 to 65535, got "70000"',
      'DATABASE_URL must be a postgres:// or postgresql:// address, e.g. postgres://user@host:5432/db; got "mysql://app:***@db/renewals"',
      'DATABASE_SCHEMA must be a PostgreSQL schema name (lower-case letters, digits and _, not starting with a digit, at most 63), got "Drop Table"',
      'ROLE must be one of all, api, worker, got "both"',
      'PUBLIC_URL must be a http:// or https:// address, e.g. https://area-clienti.example; got "ftp://files.example"',
      'TOKEN_TTL_SECONDS must be a whole number from 60 to 31536000, got "1.5"',
      'LOGIN_LIMIT_PER_ACCOUNT must be <attempts>/<seconds>, both at least 1, e.g. 10/900; got "10"',
      'SEED_DEMO_DATA must be true or false, got "yes"',
      'LOG_LEVEL must be one of fatal, error, warn, log, debug, verbose, got "foo"',
    ]);
  });

  it('stops the start on any of them, listing them all', () => {
    expect(() => loadAppConfig({ LOG_LEVEL: 'foo', PORT: '-1' })).toThrow(ConfigurationError);
    expect(() => loadAppConfig({ LOG_LEVEL: 'foo', PORT: '-1' })).toThrow(/PORT[\s\S]*LOG_LEVEL/);
  });

  it("is the README's configuration table, variable for variable", () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('\n## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1),
    );
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual(Object.keys(CONFIG_VARIABLES).sort());
  });
});
