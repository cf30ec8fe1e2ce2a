// One REST call as a test makes it: a bearer token, an optional JSON body, and the answer read once.

/** JSON as the tests read it: an object or an array, indexed freely. */
export type Json = Record<string, unknown> & unknown[];

/** The answer's status, its text, and its JSON (`{}` when empty or not JSON: CSV, HTML). */
export async function callApi(url: string, token: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; text: string }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json = {} as Json;
  try {
    json = (text ? JSON.parse(text) : {}) as Json;
  } catch {
    // Not JSON: the text says what it is.
  }
  return { status: res.status, json, text };
}
