/**
 * What public results may say about customers. Results under `results/` are meant to be
 * read by anyone (a static site on a public bucket), so by default a customer id is
 * replaced by a keyed hash: stable across runs with the same secret (a customer can be
 * followed from run to run), unreadable without it. A plain hash would not do: Online
 * Retail ids are five-digit numbers, and hashing all 100,000 of them takes a millisecond.
 *
 * Pure: the caller reads the configuration (environment, CLI) and hands it to
 * parsePrivacyOptions once, at the boundary.
 */
import { createHmac } from 'node:crypto';
import type { CustomersFile } from './results.js';

export type CustomerIdPolicy =
  /** HMAC-SHA-256 of the id under `secret`, as 32 hex digits. */
  | { mode: 'hmac'; secret: string }
  /** The ids as they appear in the uploads: only for private buckets. */
  | { mode: 'raw' };

export interface PrivacyOptions {
  customerIds: CustomerIdPolicy;
  /** Whether the per-customer file (customers.json) is published at all. */
  customersFile: boolean;
}

/** Shorter keys are guessable; 32 characters is what `openssl rand -hex 16` prints. */
export const MIN_SECRET_LENGTH = 32;

/** 128 bits: no two of even a billion customers share a pseudonym in practice (birthday bound ~2^-67). */
const PSEUDONYM_HEX_DIGITS = 32;

/** What an operator may set, as strings from the environment or already typed. */
export interface PrivacyOptionsInput {
  /** `hmac` (the default) or `raw`. */
  customerIds?: unknown;
  /** The HMAC key; required when customerIds is `hmac`. */
  secret?: unknown;
  /** `true` (the default) or `false`; also accepts `on`/`off`, `1`/`0`. */
  customersFile?: unknown;
}

const TRUE_WORDS = new Set(['true', 'on', '1', 'yes']);
const FALSE_WORDS = new Set(['false', 'off', '0', 'no']);

function parseFlag(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return true;
  if (word !== undefined && FALSE_WORDS.has(word)) return false;
  throw new RangeError(`${name} must be true or false; got ${JSON.stringify(value)}`);
}

function parseIdPolicy(mode: unknown, secret: unknown): CustomerIdPolicy {
  switch (mode ?? 'hmac') {
    case 'raw':
      return { mode: 'raw' };
    case 'hmac':
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
        throw new RangeError(
          `customer ids are published as keyed hashes by default, which needs a secret of at least ${MIN_SECRET_LENGTH} characters ` +
            `(e.g. \`openssl rand -hex 16\`); got ${typeof secret === 'string' ? `${secret.length} characters` : 'none'}. ` +
            'Set customerIds to "raw" only for a private bucket.',
        );
      }
      return { mode: 'hmac', secret };
    default:
      throw new RangeError(`customerIds must be "hmac" or "raw"; got ${JSON.stringify(mode)}`);
  }
}

/** Validates and completes the options once; the secret is never echoed in an error. */
export function parsePrivacyOptions(input: PrivacyOptionsInput = {}): PrivacyOptions {
  return {
    customerIds: parseIdPolicy(input.customerIds, input.secret),
    customersFile: input.customersFile === undefined ? true : parseFlag(input.customersFile, 'customersFile'),
  };
}

/** The keyed hash of one customer id: HMAC-SHA-256 over its UTF-8 bytes, first 32 hex digits. */
export function pseudonymiseId(id: string, secret: string): string {
  return createHmac('sha256', secret).update(id, 'utf8').digest('hex').slice(0, PSEUDONYM_HEX_DIGITS);
}

/** A function from raw id to published id, for the policy. */
export function publicId(policy: CustomerIdPolicy): (id: string) => string {
  switch (policy.mode) {
    case 'raw':
      return (id) => id;
    case 'hmac':
      return (id) => pseudonymiseId(id, policy.secret);
  }
}

/**
 * The customers file as it may be published: ids replaced by the policy and the file
 * re-sorted by published id, or `null` when the per-customer file is switched off.
 * Re-sorting matters: kept in raw-id order, a row's position would give its id away
 * (Online Retail ids are dense five-digit numbers).
 */
export function publicCustomersFile(file: CustomersFile, options: PrivacyOptions): CustomersFile | null {
  if (!options.customersFile) return null;
  const toPublic = publicId(options.customerIds);
  // Raw ids keep their rows (shared: nothing changes them), a million copies fewer at scale.
  const customers =
    options.customerIds.mode === 'raw' ? [...file.customers] : file.customers.map((customer) => ({ ...customer, id: toPublic(customer.id) }));
  // Code-unit order, the same in every locale.
  customers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...file, customers };
}
