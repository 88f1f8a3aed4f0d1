import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DocbatchUnsupportedDatabaseError } from './errors/unsupported-database.error.js';
import { SqlText } from './sql-dialect.js';

// Binding needs only the driver, not a connection.
const postgres = new SqlText(new DataSource({ type: 'postgres', url: 'postgres://127.0.0.1:1/none' }));
const sqlite = new SqlText(new DataSource({ type: 'better-sqlite3', database: ':memory:' }));

describe('SqlText', () => {
  it('binds :name and :...list positionally with the driver’s placeholders, leaving unknown names alone', () => {
    const sql = 'SELECT * FROM t WHERE a = :a AND b IN (:...ids) AND c = :a AND d = :missing';
    const params = { a: 7, ids: ['x', 'y'] };
    expect(postgres.bind(sql, params)).toEqual([
      'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) AND c = $4 AND d = :missing',
      [7, 'x', 'y', 7],
    ]);
    expect(sqlite.bind(sql, params)).toEqual([
      'SELECT * FROM t WHERE a = ? AND b IN (?, ?) AND c = ? AND d = :missing',
      [7, 'x', 'y', 7],
    ]);
  });

  it('keeps numbers as parameters (one cached statement per text) and turns booleans into 0/1 on SQLite', () => {
    expect(sqlite.bind('UPDATE t SET n = :n, f = :f', { n: 1_733_000_000_000, f: true })).toEqual([
      'UPDATE t SET n = ?, f = ?',
      [1_733_000_000_000, 1],
    ]);
    expect(postgres.bind('UPDATE t SET f = :f', { f: false })).toEqual(['UPDATE t SET f = $1', [false]]);
  });

  it('builds multi-row VALUES tuples', () => {
    expect(
      postgres.tuples([
        [1, 'a'],
        [2, null],
      ]),
    ).toEqual(['($1, $2), ($3, $4)', [1, 'a', 2, null]]);
    expect(sqlite.tuples([[true, 'a']])).toEqual(['(?, ?)', [1, 'a']]);
  });

  it('locks rows where the database can (PostgreSQL) and relies on the single writer where it cannot', () => {
    expect(postgres.skipLocked).toBe('FOR UPDATE SKIP LOCKED');
    expect(sqlite.skipLocked).toBe('');
  });

  it('refuses other databases by name', () => {
    const fake = { options: { type: 'mysql' } } as unknown as DataSource;
    expect(() => new SqlText(fake)).toThrow(DocbatchUnsupportedDatabaseError);
    expect(() => new SqlText(fake)).toThrow(/"mysql"/);
  });
});
