// What the ingest core asks of its host (src/ingest/core.ts), for the rare questions that need
// JavaScript's own answer or report text. Each is asked once per distinct value or a handful of
// times per file, never per row.

/**
 * Whether the UTF-8 text a[aStart, aEnd) sorts before b[bStart, bEnd) as JavaScript strings do
 * (by UTF-16 code units, which differs from byte order beyond the Basic Multilingual Plane).
 */
@external("ingest", "textLess")
export declare function textLess(aStart: usize, aEnd: usize, bStart: usize, bEnd: usize): bool;

/** Whether stock code [start, end) is a product (rule 5). */
@external("ingest", "isProduct")
export declare function isProduct(start: usize, end: usize): bool;

/** Whether the configuration's country filter keeps country [start, end). */
@external("ingest", "countryKept")
export declare function countryKept(start: usize, end: usize): bool;

/** The header record: the host maps its columns and configures the core (`configure`) before returning. */
@external("ingest", "header")
export declare function header(line: i32, fields: usize, count: i32): void;

/**
 * One of the first dropped rows of `reason`: the host keeps it as an example. `failure` says
 * which part of rule 0 a malformed row failed; `fields` holds `count` (start, end) pairs.
 */
@external("ingest", "example")
export declare function example(reason: i32, failure: i32, line: i32, rawStart: usize, rawEnd: usize, fields: usize, count: i32): void;

/** Throws the host's error for more malformed rows than allowed. */
@external("ingest", "tooManyMalformed")
export declare function tooManyMalformed(): void;

/** Throws the host's error for a record of more bytes than allowed. */
@external("ingest", "lineTooLong")
export declare function lineTooLong(line: i32, bytes: i32): void;
