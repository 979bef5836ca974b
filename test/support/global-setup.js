// Probes the engines once per jest run, before any suite, and tells the suites through the environment.
// PostgreSQL runs on our machines: in CI (CI=true) its absence fails the run instead of skipping suites.
// A container runtime is optional: without one the container suites are skipped with the reason.
const { existsSync, readFileSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');

const DEFAULT_POSTGRES = 'postgres://postgres@127.0.0.1:5432/test';

async function probePostgres(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} did not answer: ${error.message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Finds the Docker endpoint as testcontainers would and asks GET /_ping with a 3 s timeout. */
function dockerEndpoint() {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST;
  const properties = path.join(os.homedir(), '.testcontainers.properties');
  if (existsSync(properties)) {
    const match = readFileSync(properties, 'utf8').match(/^docker\.host=(.*)$/m);
    if (match) return match[1].trim();
  }
  return existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : null;
}

function probeContainers() {
  const endpoint = dockerEndpoint();
  if (!endpoint)
    return Promise.resolve(
      'no container runtime (no DOCKER_HOST, no ~/.testcontainers.properties, no /var/run/docker.sock)',
    );
  const options = endpoint.startsWith('unix://')
    ? { socketPath: endpoint.slice('unix://'.length), path: '/_ping' }
    : {
        host: new URL(endpoint.replace(/^tcp:/, 'http:')).hostname,
        port: new URL(endpoint.replace(/^tcp:/, 'http:')).port,
        path: '/_ping',
      };
  return new Promise((resolve) => {
    const request = http.get({ ...options, timeout: 3000 }, (response) => {
      response.resume();
      resolve(
        response.statusCode === 200
          ? null
          : `container runtime at ${endpoint} answered ${response.statusCode} to /_ping`,
      );
    });
    request.on('timeout', () => {
      request.destroy();
      resolve(`container runtime at ${endpoint} did not answer /_ping within 3 s`);
    });
    request.on('error', (error) =>
      resolve(`container runtime at ${endpoint} is unreachable: ${error.message}`),
    );
  });
}

/** Debian's Chromium (installed by .ci/run), or CHROMIUM_PATH: the browser tests drive it, never a download. */
function probeChromium() {
  const executable = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(executable)
    ? null
    : `no Chromium at ${executable} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

module.exports = async function globalSetup() {
  const postgresUrl = process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES;
  const [postgres, containers] = await Promise.all([probePostgres(postgresUrl), probeContainers()]);
  const chromium = probeChromium();
  if (postgres && process.env.CI)
    throw new Error(`CI needs PostgreSQL for the PostgreSQL suites: ${postgres}`);
  if (chromium && process.env.CI) throw new Error(`CI needs Chromium for the browser suites: ${chromium}`);
  process.env.TEST_CHROMIUM_UNAVAILABLE = chromium ?? '';
  process.env.TEST_CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  process.env.TEST_DATABASE_URL = postgresUrl;
  process.env.TEST_POSTGRES_UNAVAILABLE = postgres ?? '';
  process.env.TEST_CONTAINERS_UNAVAILABLE = containers ?? '';
};
