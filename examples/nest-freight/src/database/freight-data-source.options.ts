import {
  DOCBATCH_ENTITIES,
  DOCBATCH_POSTGRES_MIGRATIONS,
  DOCBATCH_SQLITE_MIGRATIONS,
} from '@docbatch/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { FreightConfig } from '../config/freight.config.js';
import { CreateFreightTables1764800000000 } from '../migrations/1764800000000-create-freight-tables.migration.js';
import { DocumentFailure } from '../shipments/document-failure.entity.js';
import { ShipmentReview } from '../shipments/shipment-review.entity.js';
import { Shipment } from '../shipments/shipment.entity.js';

const freightEntities = [Shipment, ShipmentReview, DocumentFailure];

/**
 * One DataSource for the app and docbatch: docbatch's tables live next to the shipments, which is
 * what lets a handler's writes commit in docbatch's transaction. Schema by migrations only
 * (docbatch's first, then the app's), never `synchronize`.
 */
export function freightDataSourceOptions(config: FreightConfig): DataSourceOptions {
  const common = {
    entities: [...freightEntities, ...DOCBATCH_ENTITIES],
    migrationsRun: true,
    synchronize: false,
  };
  if (config.databaseUrl) {
    return {
      ...common,
      type: 'postgres',
      url: config.databaseUrl,
      migrations: [...DOCBATCH_POSTGRES_MIGRATIONS, CreateFreightTables1764800000000],
    };
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: config.sqliteFile,
    // WAL: webhook receipts keep landing while handlers and the dashboard read.
    enableWAL: true,
    migrations: [...DOCBATCH_SQLITE_MIGRATIONS, CreateFreightTables1764800000000],
  };
}
