import type { EntitySchemaColumnOptions } from 'typeorm';

/**
 * Column shapes shared by docbatch's entities. Every type here exists in both PostgreSQL and
 * SQLite, so ONE set of entities serves both databases. Times are epoch milliseconds (the engine's
 * clock), hence bigint rather than timestamp columns.
 */
export const text = (nullable = false): EntitySchemaColumnOptions => ({ type: 'text', nullable });
export const varchar = (length: number, nullable = false): EntitySchemaColumnOptions => ({
  type: 'varchar',
  length,
  nullable,
});
export const int = (): EntitySchemaColumnOptions => ({ type: 'integer' });
export const millis = (nullable = false): EntitySchemaColumnOptions => ({ type: 'bigint', nullable });
export const bool = (): EntitySchemaColumnOptions => ({ type: 'boolean' });
/** `json` on both: PostgreSQL validates it and hosts can query into results (`result->>'awb_number'`). */
export const json = (nullable = false): EntitySchemaColumnOptions => ({ type: 'json', nullable });
/** Surrogate key that records insertion order ("oldest first" ties are broken by it). */
export const seq = (): EntitySchemaColumnOptions => ({
  type: 'integer',
  primary: true,
  generated: 'increment',
});
/** An engine-made id (UUID or derived string). */
export const id = (nullable = false): EntitySchemaColumnOptions => varchar(128, nullable);
/**
 * The caller's document id (also the provider's `doc_id`): core's submit() accepts up to 255
 * characters, and PostgreSQL enforces the length (SQLite does not).
 */
export const callerId = (nullable = false): EntitySchemaColumnOptions => varchar(255, nullable);
/** A lease holder (worker id). */
export const owner = (): EntitySchemaColumnOptions => varchar(128, true);
