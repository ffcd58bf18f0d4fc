import { type FieldErrorCollector } from './api-error';

/**
 * Reads the fields of a request body (merged over the object's current or default values) with
 * the platform's kind of messages, collecting every problem instead of stopping at the first.
 */
export class FieldReader {
  constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    readonly errors: FieldErrorCollector,
  ) {}

  raw(name: string): unknown {
    return this.fields[name];
  }

  text(name: string, options: { readonly max: number; readonly required?: boolean }): string {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') {
      if (options.required) this.errors.add(name, 'This field is required.');
      return '';
    }
    if (typeof value !== 'string') {
      this.errors.add(name, 'Must be text.');
      return '';
    }
    if (value.length > options.max) this.errors.add(name, `Ensure this value has at most ${options.max} characters (it has ${value.length}).`);
    return value;
  }

  bool(name: string): boolean {
    const value = this.fields[name];
    if (typeof value === 'boolean') return value;
    this.errors.add(name, value === undefined || value === null ? 'This field is required.' : `'${String(value)}' value must be either true or false.`);
    return false;
  }

  int(name: string, options: { readonly min: number; readonly max: number }): number {
    const value = this.fields[name];
    if (value === undefined || value === null || value === '') {
      this.errors.add(name, 'This field is required.');
      return 0;
    }
    const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      this.errors.add(name, `'${String(value)}' value must be an integer.`);
      return 0;
    }
    if (number < options.min) this.errors.add(name, `Ensure this value is greater than or equal to ${options.min}.`);
    if (number > options.max) this.errors.add(name, `Ensure this value is less than or equal to ${options.max}.`);
    return number;
  }

  choice<T extends string>(name: string, choices: readonly T[], explain = ''): T {
    const value = this.fields[name];
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.errors.add(name, `Select a valid choice. '${String(value)}' is not one of the available choices (${choices.join(', ')}).${explain === '' ? '' : ` ${explain}`}`);
    return choices[0];
  }
}
