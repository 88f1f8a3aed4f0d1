import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { InProcessQueue, type Queue } from '@docbatch/core';
import { BullMqQueue } from '@docbatch/bullmq';
import { DocbatchModule } from '@docbatch/nest';
import { TypeormStore } from '@docbatch/typeorm';
import type { DataSource } from 'typeorm';
import { FREIGHT_CONFIG, type FreightConfig } from './config/freight.config.js';
import { freightDataSourceOptions } from './database/freight-data-source.options.js';
import { ImportsController } from './imports/imports.controller.js';
import { ShipmentIngestHandler } from './shipments/shipment-ingest.handler.js';
import { ShipmentsController } from './shipments/shipments.controller.js';

/** In-process by default; BullMQ on Redis when the app runs as several processes. */
function queueFor(config: FreightConfig): Queue {
  return config.redisUrl
    ? new BullMqQueue({ connection: config.redisUrl, prefix: config.redisPrefix })
    : new InProcessQueue();
}

@Module({})
export class AppModule {
  static forRoot(config: FreightConfig): DynamicModule {
    const configProvider = { provide: FREIGHT_CONFIG, useValue: config };
    return {
      module: AppModule,
      imports: [
        TypeOrmModule.forRoot(freightDataSourceOptions(config)),
        DocbatchModule.forRootAsync({
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => ({
            provider: config.provider,
            webhook: {
              secret: config.webhookSecret,
              url: `${config.publicUrl}${config.webhookPath}`,
              path: config.webhookPath,
            },
            store: new TypeormStore(dataSource),
            queue: queueFor(config),
            polling: config.polling,
            retry: config.retry,
          }),
        }),
      ],
      controllers: [ImportsController, ShipmentsController],
      providers: [configProvider, ShipmentIngestHandler],
    };
  }
}
