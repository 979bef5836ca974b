import { AppConfig, loadAppConfig } from '@app/platform';
import { RenewalsConfig, loadRenewalsConfig } from '@app/renewals';

/** The whole service's configuration: the platform's (engines, HTTP, auth, mail) and the renewals' (catalog, policy). */
export interface ServiceConfig extends AppConfig {
  renewals: RenewalsConfig;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return { ...loadAppConfig(env), renewals: loadRenewalsConfig(env) };
}
