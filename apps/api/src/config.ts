import { AppConfig, ConfigurationError, configProblems, listenAddress, loadAppConfig } from '@app/platform';
import { RenewalsConfig, loadRenewalsConfig } from '@app/renewals';

/** The whole service's configuration: the platform's (engines, HTTP, auth, mail) and the renewals' (catalog, policy). */
export interface ServiceConfig extends AppConfig {
  renewals: RenewalsConfig;
}

/** Checks every setting before anything is written (the platform's creates the data folder and the secret). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const renewals = loadRenewalsConfig(env);
  return { ...loadAppConfig(env), renewals };
}

/**
 * Checks the whole configuration without writing anything (no data folder, no secret): every variable
 * against its rule, then the catalog and policy files. Throws the first kind of problem found; returns
 * where the server is to listen, so that the port can be checked too before anything is written.
 */
export function checkConfig(env: NodeJS.ProcessEnv = process.env): { port: number; host: string } {
  const problems = configProblems(env);
  if (problems.length > 0) throw new ConfigurationError(problems);
  loadRenewalsConfig(env);
  return listenAddress(env);
}
