import { describe } from '@jest/globals';
import { MemoryStore } from '@docbatch/core';
import { TypeormStore } from '@docbatch/typeorm';
import {
  openPostgres,
  openSqlite,
  type TestDatabase,
} from '../packages/typeorm/src/testing/test-data-sources.test-helper.js';
import { describeIfPostgres } from './support/services.js';
import { storeContract, type OpenedStore } from './support/store-contract.js';

describe('Store contract: MemoryStore', () => {
  storeContract({
    transactional: false,
    open: async () => {
      const store = new MemoryStore();
      return { store, peer: async () => store, close: async () => undefined };
    },
  });
});

/** A TypeormStore on a fresh database. */
async function typeormSubject(
  open: () => Promise<TestDatabase>,
  peerOwnDataSource: boolean,
): Promise<OpenedStore> {
  const db = await open();
  return {
    store: new TypeormStore(db.dataSource),
    peer: async () => new TypeormStore(peerOwnDataSource ? await db.openAnother() : db.dataSource),
    close: () => db.close(),
  };
}

describe('Store contract: TypeormStore on SQLite (WAL)', () => {
  storeContract({ transactional: true, open: () => typeormSubject(openSqlite, false) });
});

const describePostgres = await describeIfPostgres();

describePostgres('Store contract: TypeormStore on PostgreSQL', () => {
  storeContract({ transactional: true, open: () => typeormSubject(openPostgres, true) });
});
