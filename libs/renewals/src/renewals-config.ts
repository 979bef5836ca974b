import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  Catalog,
  ConsentDocuments,
  DEFAULT_POLICY,
  OrderContext,
  Payee,
  RenewalPolicy,
  validateCalendar,
  validateCatalog,
} from './domain';

/** The renewals' business configuration: the catalog (config/catalog.json) and the policy (config/policy.json). */
export type RenewalsConfig = OrderContext;

/** The file named by the variable, else config/<name> in the working directory or the nearest folder above this module. */
function configFile(env: NodeJS.ProcessEnv, variable: string, name: string): string {
  const given = env[variable];
  if (given) return isAbsolute(given) ? given : resolve(process.cwd(), given);
  const folders = [process.cwd()];
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) folders.push(dir);
  const found = folders.map((dir) => join(dir, 'config', name)).find((file) => existsSync(file));
  return found ?? join(process.cwd(), 'config', name);
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Reads and checks CATALOG_FILE and POLICY_FILE; a bad entry stops the start with its name. */
export function loadRenewalsConfig(env: NodeJS.ProcessEnv = process.env): RenewalsConfig {
  const catalog = readJson<Catalog>(configFile(env, 'CATALOG_FILE', 'catalog.json'));
  const problems = validateCatalog(catalog);
  if (problems.length > 0) throw new Error(`The catalog is invalid: ${problems.join('; ')}`);
  const policyFile = readJson<{
    policy: Partial<RenewalPolicy>;
    consentDocuments: ConsentDocuments;
    payee: Payee;
  }>(configFile(env, 'POLICY_FILE', 'policy.json'));
  const policy = { ...DEFAULT_POLICY, ...policyFile.policy };
  const calendarProblems = validateCalendar(policy.calendar);
  if (calendarProblems.length > 0) throw new Error(`The policy is invalid: ${calendarProblems.join('; ')}`);
  return { catalog, policy, documents: policyFile.consentDocuments, payee: policyFile.payee };
}
