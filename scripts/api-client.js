// The product's HTTP API for the scripts that drive a running server (demo walk, fixtures).
/**
 * `call(method, path, token, body, headers)`: the JSON answer, or an error naming the request and the
 * answer; with `log`, each request and its status are printed.
 */
function apiClient(base, { log = false } = {}) {
  async function call(method, path, token, body, headers = {}) {
    const response = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const payload = await response.json();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(payload)}`);
    if (log) console.log(`${method} ${path} -> ${response.status}`);
    return payload;
  }
  /** A demo account's access token. */
  const login = async (username, password = 'demo1234') =>
    (await call('POST', '/auth/login', null, { username, password })).accessToken;
  return { call, login };
}

module.exports = { apiClient };
