// The ingest core: CSV text in UTF-8 → cleaned rows → per-customer, product and country
// aggregates, all in linear memory (src/ingest/core.ts is its host and documents the protocol).
// The TypeScript row loop it replaces for text files (src/ingest/csv.ts, clean.ts, aggregate.ts)
// stays as its oracle and reads workbooks. One instance reads one file: its memory goes with it.

import { Columns } from './clean';
import { DateReader } from './dates';
import { ByteDictionary } from './dictionary';
import { Scanner } from './scanner';
import { REASONS, Table } from './table';
import { DecimalMark, MissingMarkers } from './values';

let scanner!: Scanner;
let table!: Table;

/** Starts reading a file: `dateOrder` 0 (from the data), 1 month-first or 2 day-first; `decimal` 0 (undecided) or the mark's code. */
export function start(delimiter: i32, maxLineBytes: i32, maxMalformedRows: f64, dateOrder: i32, decimal: i32): void {
  scanner = new Scanner(<u8>delimiter, maxLineBytes);
  table = new Table(new DateReader(dateOrder), new DecimalMark(<u32>decimal), new MissingMarkers(), maxMalformedRows);
}

/** Room for a missing-value marker's `length` bytes (trimmed, lower-cased), which `addMissingMarker` then takes. */
export function reserveMarker(length: i32): usize {
  return heap.alloc(<usize>max(length, 1));
}

export function addMissingMarker(marker: usize, length: i32): void {
  table.missing.add(marker, length);
}

/** Called by the host while it reads the header: each field's column (-1: none) and how many the header has. */
export function configure(
  invoice: i32, stockCode: i32, description: i32, quantity: i32, invoiceDate: i32, unitPrice: i32, customerId: i32, country: i32,
  count: i32, filtersCountries: bool, expectedRows: i32,
): void {
  const columns = new Columns();
  columns.invoice = invoice;
  columns.stockCode = stockCode;
  columns.description = description;
  columns.quantity = quantity;
  columns.invoiceDate = invoiceDate;
  columns.unitPrice = unitPrice;
  columns.customerId = customerId;
  columns.country = country;
  columns.count = count;
  table.configure(columns, filtersCountries, expectedRows);
}

/** Where the host writes its next chunk of `bytes` bytes, which `scan` then reads. */
export function reserve(bytes: i32): usize {
  return scanner.reserve(bytes);
}

export function scan(bytes: i32, atEnd: bool): void {
  scanner.scan(bytes, atEnd, table);
}

/** Bytes of the record the next chunk should complete; the physical line where it starts. */
export function pendingBytes(): i32 {
  return scanner.pending;
}

export function pendingLine(): i32 {
  return scanner.line;
}

export function rowsRead(): f64 {
  return table.rowsRead;
}

/** Distinct customer ids so far. */
export function customersSeen(): i32 {
  return table.cleaner ? table.cleaner!.dictionaries.customers.size : 0;
}

/** The decimal mark's code, 0 while undecided; the day-month order, 0 while undecided. */
export function decimalMark(): i32 {
  return <i32>table.decimal.code;
}

export function dateOrder(): i32 {
  return table.dates.order;
}

// The facts `finish` lays out, one f64 each (FACT in src/ingest/core.ts).
const ROWS_READ = 0;
const ROWS_KEPT = 1;
const DROPPED = 2; // REASONS of them
const FIRST_DATE = DROPPED + REASONS;
const LAST_DATE = FIRST_DATE + 1;
const INVOICE_COUNT = LAST_DATE + 1;
const CUSTOMERS = INVOICE_COUNT + 1; // address, capacity
const PRODUCTS = CUSTOMERS + 2; // address, capacity, sold's address
const PAIRS = PRODUCTS + 3; // count, firsts, seconds, amounts
const COUNTRIES = PAIRS + 4; // address, capacity
const CUSTOMER_INVOICES = COUNTRIES + 2; // offsets, members
const CUSTOMER_PRODUCTS = CUSTOMER_INVOICES + 2;
const DATES = CUSTOMER_PRODUCTS + 2; // sawDayMonth, sawAmbiguous, layout counts' address
const DICTIONARIES = DATES + 3; // per dictionary: size, arena, offsets; customers, countries, invoices, stock codes, descriptions
const FACTS = DICTIONARIES + 15;

/**
 * Ends the rows: a file that never told day from month is read month-first. Returns where the
 * facts are; the host reads them and views the tables they point to, and calls nothing after.
 */
export function finish(): usize {
  const builder = table.builder!;
  builder.settle(false);
  const facts = heap.alloc(FACTS << 3);
  put(facts, ROWS_READ, table.rowsRead);
  put(facts, ROWS_KEPT, table.rowsKept);
  for (let r = 0; r < REASONS; r++) put(facts, DROPPED + r, table.dropped[r]);
  put(facts, FIRST_DATE, builder.firstDate);
  put(facts, LAST_DATE, builder.lastDate);
  put(facts, INVOICE_COUNT, builder.invoiceCount);
  put(facts, CUSTOMERS, <f64>builder.customers);
  put(facts, CUSTOMERS + 1, builder.customerCapacity);
  put(facts, PRODUCTS, <f64>builder.products);
  put(facts, PRODUCTS + 1, builder.productCapacity);
  put(facts, PRODUCTS + 2, <f64>builder.sold);
  const pairs = builder.productCountries;
  put(facts, PAIRS, pairs.size);
  put(facts, PAIRS + 1, <f64>pairs.firsts);
  put(facts, PAIRS + 2, <f64>pairs.seconds);
  put(facts, PAIRS + 3, <f64>builder.pairAmounts);
  put(facts, COUNTRIES, <f64>builder.countries);
  put(facts, COUNTRIES + 1, builder.countryCapacity);
  const invoices = builder.groups(true);
  put(facts, CUSTOMER_INVOICES, <f64>invoices.offsets);
  put(facts, CUSTOMER_INVOICES + 1, <f64>invoices.members);
  const products = builder.groups(false);
  put(facts, CUSTOMER_PRODUCTS, <f64>products.offsets);
  put(facts, CUSTOMER_PRODUCTS + 1, <f64>products.members);
  const dates = table.dates;
  put(facts, DATES, dates.sawDayMonth ? 1 : 0);
  put(facts, DATES + 1, dates.sawAmbiguous ? 1 : 0);
  put(facts, DATES + 2, <f64>dates.counts);
  const dictionaries = table.cleaner!.dictionaries;
  putDictionary(facts, 0, dictionaries.customers);
  putDictionary(facts, 1, dictionaries.countries);
  putDictionary(facts, 2, dictionaries.invoices);
  putDictionary(facts, 3, dictionaries.stockCodes);
  putDictionary(facts, 4, dictionaries.descriptions);
  return facts;
}

function put(facts: usize, index: i32, value: f64): void {
  store<f64>(facts + (<usize>index << 3), value);
}

function putDictionary(facts: usize, which: i32, dictionary: ByteDictionary): void {
  const at = facts + (<usize>(DICTIONARIES + 3 * which) << 3);
  store<f64>(at, dictionary.size);
  store<f64>(at, <f64>dictionary.arena, 8);
  store<f64>(at, <f64>dictionary.offsets, 16);
}
