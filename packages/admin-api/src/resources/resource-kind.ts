import { type IdentifiedContent } from './identified-content';
import { type ResourceName } from './related';

export type JsonObject = Record<string, unknown>;

/** A change a request makes: the whole next content, and the id of the object it concerns. */
export interface WriteOutcome {
  readonly content: IdentifiedContent;
  readonly id: number;
  /** New theme packages (ZIP bytes) by theme name. */
  readonly themePackages?: ReadonlyMap<string, Uint8Array>;
}

/** A theme package sent as multipart `package`, with the form's other fields. */
export interface Upload {
  readonly fields: JsonObject;
  readonly package?: Uint8Array;
}

/**
 * One resource of the configuration API: how its objects look in the platform's JSON and how a
 * request body changes the directory. Pure: content in, content out; the routes persist it.
 */
export interface ResourceKind {
  readonly name: ResourceName;
  /** Query parameters a list may be filtered by (exact match). */
  readonly filters: readonly string[];
  list(content: IdentifiedContent): JsonObject[];
  one(content: IdentifiedContent, id: number): JsonObject | undefined;
  /** POST; absent when the resource cannot be created (405). */
  create?(content: IdentifiedContent, body: JsonObject, upload?: Upload): WriteOutcome;
  /** PUT (`partial` false: a whole object; missing fields take their defaults) or PATCH. */
  update?(content: IdentifiedContent, id: number, body: JsonObject, partial: boolean, upload?: Upload): WriteOutcome;
  remove?(content: IdentifiedContent, id: number): WriteOutcome;
}
