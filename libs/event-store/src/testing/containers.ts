import { GenericContainer, StartedTestContainer, Wait } from 'testcontainers';
import { engines } from './engines';

/**
 * An engine for the container suites: the URL given in the environment, or a container started by
 * testcontainers when the global setup found a runtime that answers. `missing` says why neither is there.
 */
export interface ContainerEngine {
  missing: string;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
}

const given = (url: string) => ({ url, stop: async () => undefined });

export const eventStoreDb: ContainerEngine = {
  missing: process.env.EVENTSTORE_URL
    ? ''
    : engines.containersMissing && `no EVENTSTORE_URL and ${engines.containersMissing}`,
  async start() {
    if (process.env.EVENTSTORE_URL) return given(process.env.EVENTSTORE_URL);
    const container: StartedTestContainer = await new GenericContainer(
      process.env.EVENTSTORE_IMAGE ?? 'eventstore/eventstore:24.10',
    )
      .withEnvironment({
        EVENTSTORE_INSECURE: 'true',
        EVENTSTORE_MEM_DB: 'true',
        EVENTSTORE_RUN_PROJECTIONS: 'None',
      })
      .withExposedPorts(2113)
      .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
      .start();
    return {
      url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`,
      stop: async () => void (await container.stop()),
    };
  },
};

export const containerPostgres: ContainerEngine = {
  missing: process.env.DATABASE_URL
    ? ''
    : engines.containersMissing && `no DATABASE_URL and ${engines.containersMissing}`,
  async start() {
    if (process.env.DATABASE_URL) return given(process.env.DATABASE_URL);
    const container = await new GenericContainer(process.env.POSTGRES_IMAGE ?? 'postgres:16-alpine')
      .withEnvironment({ POSTGRES_PASSWORD: 'test', POSTGRES_DB: 'test' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    return {
      url: `postgres://postgres:test@${container.getHost()}:${container.getMappedPort(5432)}/test`,
      stop: async () => void (await container.stop()),
    };
  },
};
