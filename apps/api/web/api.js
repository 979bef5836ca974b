// @ts-check
// The product's own HTTP API, with the session's token; errors become ApiError (problem details).

/**
 * @typedef {{ type?: string, title?: string, status?: number, detail?: string, code?: string,
 *   errors?: { field: string, code?: string, message?: string }[], declineCode?: string }} Problem
 * @typedef {{ accessToken: string, user: { username: string, role: 'customer' | 'back-office',
 *   displayName?: string, customerId?: string } }} Session
 */

export class ApiError extends Error {
  /** @param {Problem} problem @param {number} status */
  constructor(problem, status) {
    super(problem.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem.code ?? 'NETWORK';
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.problem = problem;
  }
  /** The first field the API blamed, e.g. "code" or "consents.ONEROUS_CLAUSES". */
  get field() {
    return this.errors[0]?.field ?? null;
  }
}

/**
 * @typedef {ReturnType<typeof createApi>} Api
 */

/** Requests in flight, told to whoever shows progress (the page header) as an `api-busy` event. */
let inflight = 0;
/** @param {number} change */
function busy(change) {
  inflight += change;
  document.dispatchEvent(new CustomEvent('api-busy', { detail: inflight }));
}

/** @param {string} sessionKey @param {() => void} [onUnauthorized] */
export function createApi(sessionKey, onUnauthorized) {
  /** @type {Session | null} */
  let session = JSON.parse(sessionStorage.getItem(sessionKey) ?? 'null');
  /** @type {number | null} */
  let lastPosition = null;

  /**
   * @param {'GET' | 'POST' | 'PUT' | 'DELETE'} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {{ raw?: boolean }} [options]
   * @returns {Promise<any>}
   */
  async function request(method, path, body, { raw = false } = {}) {
    /** @type {Record<string, string>} */
    const headers = { accept: 'application/json' };
    if (session) headers.authorization = `Bearer ${session.accessToken}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Read your own write: a read after a command waits until the read models have applied it.
    if (method === 'GET' && lastPosition !== null) headers['x-min-position'] = String(lastPosition);
    let response;
    let text;
    busy(+1);
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (raw && response.ok) return response;
      text = await response.text();
    } catch {
      throw new ApiError({ code: 'NETWORK' }, 0);
    } finally {
      busy(-1);
    }
    const payload = text ? JSON.parse(text) : null;
    // A refusal that still recorded something (a declined payment) says where: later reads wait for it.
    if (payload && typeof payload.position === 'number')
      lastPosition = Math.max(lastPosition ?? 0, payload.position);
    if (!response.ok) {
      const error = new ApiError(payload ?? {}, response.status);
      if (response.status === 401 && session) {
        session = null;
        sessionStorage.removeItem(sessionKey);
        onUnauthorized?.();
      }
      throw error;
    }
    return payload;
  }

  return {
    get session() {
      return session;
    },
    /** @param {string} username @param {string} password */
    async login(username, password) {
      try {
        session = /** @type {Session} */ (await request('POST', '/auth/login', { username, password }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) error.code = 'INVALID_CREDENTIALS';
        throw error;
      }
      sessionStorage.setItem(sessionKey, JSON.stringify(session));
      return session;
    },
    logout() {
      session = null;
      sessionStorage.removeItem(sessionKey);
    },
    /** @param {string} path */
    get: (path) => request('GET', path),
    /**
     * A page of a list that the API hands out a page at a time: its items, how many there are in all,
     * and the path of the next page (the Link header's rel="next"), or null on the last one.
     * @param {string} path
     * @returns {Promise<{ items: any[], total: number, next: string | null }>}
     */
    async page(path) {
      const response = /** @type {Response} */ (await request('GET', path, undefined, { raw: true }));
      const items = await response.json();
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
      return { items, next, total: Number(response.headers.get('x-total-count') ?? items.length) };
    },
    /** @param {string} path @param {unknown} [body] */
    post: (path, body = {}) => request('POST', path, body),
    /** @param {string} path @param {unknown} [body] */
    put: (path, body = {}) => request('PUT', path, body),
    /** @param {string} path */
    delete: (path) => request('DELETE', path),
    /** @param {string} path @returns {Promise<Response>} */
    download: (path) => request('GET', path, undefined, { raw: true }),
  };
}
