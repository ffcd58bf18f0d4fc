import { ucwaBasePath } from '../ucwa-options';

/**
 * A contact's path segment: the presentity (`user@host`) as it reads, with everything but the
 * `@` percent-encoded, so `/` or `?` in an alias cannot change the path.
 */
export function uriSegment(presentity: string): string {
  // Nearly every alias needs no encoding; testing for that is cheaper than encoding.
  return plainSegment.test(presentity) ? presentity : encodeURIComponent(presentity).replaceAll('%40', '@');
}

/** Characters that stand for themselves in a path segment (RFC 3986 unreserved, and `@`). */
const plainSegment = /^[A-Za-z0-9._~@-]*$/;

/** The hrefs of one application's resources, relative to the server root as UCWA's are. */
export class UcwaLinks {
  readonly application: string;
  /** `application` as it reads inside a JSON string (see `ResourceJson`). */
  readonly applicationJson: string;

  constructor(appId: string) {
    this.application = `${ucwaBasePath}/applications/${appId}`;
    this.applicationJson = JSON.stringify(this.application).slice(1, -1);
  }

  events(ack: number): string {
    return `${this.application}/events?ack=${ack}`;
  }

  batch(): string {
    return `${this.application}/batch`;
  }

  people(): string {
    return `${this.application}/people`;
  }

  contact(presentity: string): string {
    return `${this.application}/people/${uriSegment(presentity)}`;
  }

  presence(presentity: string): string {
    return `${this.contact(presentity)}/presence`;
  }

  note(presentity: string): string {
    return `${this.contact(presentity)}/note`;
  }

  photo(presentity: string): string {
    return `${this.application}/photos/${uriSegment(presentity)}`;
  }

  subscriptions(): string {
    return `${this.application}/people/presenceSubscriptions`;
  }

  subscription(id: string): string {
    return `${this.subscriptions()}/${id}`;
  }

  memberships(id: string): string {
    return `${this.subscription(id)}/memberships`;
  }

  membership(id: string, presentity: string): string {
    return `${this.memberships(id)}/${uriSegment(presentity)}`;
  }
}
