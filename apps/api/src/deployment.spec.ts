import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..', '..');

/** No Docker engine runs on our machines: this checks the stack's description, not a running stack. */
describe('docker-compose.yml and Dockerfile', () => {
  const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const env = (service: string) => compose.services[service].environment;

  it('runs two API replicas and a worker on PostgreSQL, EventStoreDB and Mailpit', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      [
        'api',
        'eventstore',
        'eventstore-1',
        'eventstore-2',
        'eventstore-3',
        'mailpit',
        'postgres',
        'worker',
      ].sort(),
    );
    expect(compose.services.api.deploy.replicas).toBe(2);
    // The replicas are healthy when ready; the image's own check is liveness.
    expect(compose.services.api.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toMatch(/HEALTHCHECK .*\/health\/live/);
    expect(env('api')).toMatchObject({
      ROLE: 'api',
      DATABASE_URL: expect.stringMatching(/^postgres:\/\/.*@postgres:5432\//),
      SMTP_URL: 'smtp://mailpit:1025',
    });
    expect(env('worker')).toMatchObject({ ROLE: 'worker', EVENTSTORE_URL: '${EVENTSTORE_URL}' });
    expect(compose.services.worker.command).toEqual(['bin/serve', 'dist/apps/worker/src/main.js']);
  });

  it('offers a single EventStoreDB node by default and a 3-node cluster as a profile', () => {
    expect(compose.services.eventstore.profiles).toEqual(['single']);
    for (const node of ['eventstore-1', 'eventstore-2', 'eventstore-3']) {
      expect(compose.services[node].profiles).toEqual(['cluster']);
      expect(env(node).EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(env(node).EVENTSTORE_REPLICATION_IP).toBe(node);
    }
    const dotenv = readFileSync(join(root, '.env'), 'utf8');
    expect(dotenv).toMatch(/^COMPOSE_PROFILES=single$/m);
    expect(dotenv).toMatch(/^EVENTSTORE_URL=esdb:\/\/eventstore:2113\?tls=false$/m);
  });

  it('is production-like: no demo data, no default secret, every image pinned, a volume per EventStoreDB node', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    expect(env('api').SEED_DEMO_DATA).toBe('false');
    // ${VAR:?message}: compose refuses to start without it.
    expect(text).toMatch(/AUTH_SECRET: \$\{AUTH_SECRET:\?[^}]+\}/);
    for (const [name, service] of Object.entries(compose.services) as [string, { image?: string }][])
      if (service.image)
        expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/:v?\d+\.\d+/) });
    const volumes = ['eventstore-1', 'eventstore-2', 'eventstore-3'].map(
      (node) => compose.services[node].volumes[0].split(':')[0],
    );
    expect(new Set(volumes).size).toBe(3);
    for (const volume of volumes) expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('builds on a Node LTS in support, given as a build argument with a pinned default', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const version = /^ARG NODE_VERSION=(\d+)\.(\d+)\.(\d+)$/m.exec(dockerfile);
    expect(version).not.toBeNull();
    expect(Number(version![1])).toBeGreaterThanOrEqual(22);
    expect(Number(version![1]) % 2).toBe(0); // even majors are the LTS lines
    expect(dockerfile.match(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim/gm)).toHaveLength(2);
  });

  it('builds one image in two stages that runs either app', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toContain('RUN npm ci');
    expect(dockerfile).toContain('CMD ["bin/serve", "dist/apps/api/src/main.js"]');
    expect(dockerfile).toContain('COPY --from=build /app/bin ./bin');
  });
});
