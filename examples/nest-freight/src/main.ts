import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { readFreightConfig } from './config/freight.config.js';

const config = readFreightConfig();
const app = await NestFactory.create(AppModule.forRoot(config));
// SIGTERM/SIGINT: docbatch lets in-flight handlers finish and closes its workers before exit.
app.enableShutdownHooks();
await app.listen(config.port, config.host);
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.sqliteFile;
console.log(
  `nest-freight listening on ${await app.getUrl()} — webhooks at ${config.publicUrl}${config.webhookPath}, database ${where}`,
);
