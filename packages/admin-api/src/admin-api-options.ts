/** Who may do what: `read-only` may GET; `read-write` may also create, change and delete. */
export type AdminRole = 'read-only' | 'read-write';

/** One account of the management API: basic-auth credentials or a bearer token. */
export type AdminCredential =
  | { readonly kind: 'basic'; readonly name: string; readonly password: string; readonly role: AdminRole }
  | { readonly kind: 'bearer'; readonly name: string; readonly token: string; readonly role: AdminRole };

export interface AdminApiLimits {
  /** Largest JSON body accepted, in bytes. */
  readonly bodyLimitBytes: number;
  /** Largest theme package (ZIP) accepted in an upload, in bytes. */
  readonly themePackageMaxBytes: number;
  /** Most objects one list page returns (`limit=0` asks for this many). */
  readonly maxPageSize: number;
}

export const AdminApiOptions = Symbol.for('admin-api.AdminApiOptions');
/** The management API's settings, from the `admin_api` section of the configuration. */
export interface AdminApiOptions {
  /** Named in WWW-Authenticate challenges. */
  readonly realm: string;
  readonly credentials: readonly AdminCredential[];
  readonly limits: AdminApiLimits;
}

export const defaultAdminApiLimits: AdminApiLimits = {
  bodyLimitBytes: 1024 * 1024,
  themePackageMaxBytes: 64 * 1024 * 1024,
  maxPageSize: 1000,
};

/** Where the configuration resources live, as on the conferencing platform. */
export const configurationBasePath = '/api/admin/configuration/v1';
