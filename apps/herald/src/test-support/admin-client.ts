/** The read-write account the e2e tests enable in `admin_api`. */
export const adminUser = { name: 'admin', password: 'admin-password-0123456789', role: 'read-write' } as const;

/** The `admin_api` section that turns the management API on with `adminUser`. */
export const adminApiSection = { enabled: true, users: [adminUser] };

export const configurationBase = '/api/admin/configuration/v1';

export interface AdminAnswer {
  readonly status: number;
  readonly location: string | null;
  readonly headers: Headers;
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the platform's JSON, asserted field by field
}

/**
 * One request to the management API of the node whose HTTP server is on `port`, as `adminUser`
 * (basic auth). `body` is sent as JSON, or as multipart when it is a `FormData`.
 */
export async function adminRequest(port: number, method: string, path: string, body?: unknown): Promise<AdminAnswer> {
  const form = body instanceof FormData;
  const authorization = `Basic ${Buffer.from(`${adminUser.name}:${adminUser.password}`).toString('base64')}`;
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization, ...(body === undefined || form ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: form ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}
