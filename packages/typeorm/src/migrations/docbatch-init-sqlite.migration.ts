import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DOCBATCH_TABLES_DROP_ORDER } from './docbatch-tables.js';
import { tablePath } from './table-path.js';

/** docbatch's tables on SQLite (better-sqlite3), exactly as DOCBATCH_ENTITIES describe them. */
export class DocbatchInitSqlite1764720000000 implements MigrationInterface {
  name = 'DocbatchInitSqlite1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "docbatch_submissions" ("id" varchar(128) PRIMARY KEY NOT NULL, "label" text, "document_count" integer NOT NULL, "final_count" integer NOT NULL, "created_at" bigint NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "docbatch_documents" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "key" varchar(128) NOT NULL, "id" varchar(128) NOT NULL, "active_id" varchar(128), "submission_id" varchar(128) NOT NULL, "source_kind" varchar(16) NOT NULL, "url" text, "file_id" varchar(128), "content_base64" text, "path" text, "filename" text, "content_type" varchar(255), "state" varchar(32) NOT NULL, "attempt" integer NOT NULL, "enhanced" boolean NOT NULL, "batch_key" varchar(128), "provider_batch_id" varchar(128), "not_before" bigint, "result" json, "error_code" varchar(64), "reason" text, "history" json NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "final_at" bigint, CONSTRAINT "UQ_26719797973719ae01ac146d0e4" UNIQUE ("key"), CONSTRAINT "UQ_ea0d201ac4f52b219b7228a6132" UNIQUE ("active_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_submission_state" ON "docbatch_documents" ("submission_id", "state")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_batch_key" ON "docbatch_documents" ("batch_key")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_provider_batch" ON "docbatch_documents" ("provider_batch_id", "state")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_unassigned" ON "docbatch_documents" ("created_at", "seq") WHERE batch_key IS NULL AND state IN ('pending', 'retry_scheduled')`,
    );
    await queryRunner.query(
      `CREATE TABLE "docbatch_provider_batches" ("key" varchar(128) PRIMARY KEY NOT NULL, "state" varchar(16) NOT NULL, "provider_batch_id" varchar(128), "enhanced" boolean NOT NULL, "document_count" integer NOT NULL, "last_progress_at" bigint NOT NULL, "lease_owner" varchar(128), "lease_until" bigint, "created_at" bigint NOT NULL, CONSTRAINT "UQ_d7e0a5458fb80b0a2685271e3b5" UNIQUE ("provider_batch_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_provider_batches_state" ON "docbatch_provider_batches" ("state", "last_progress_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "docbatch_attempts" ("provider_batch_id" varchar(128) NOT NULL, "doc_id" varchar(128) NOT NULL, "document_key" varchar(128) NOT NULL, "attempt" integer NOT NULL, PRIMARY KEY ("provider_batch_id", "doc_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "docbatch_receipts" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "id" varchar(128) NOT NULL, "dedupe_key" varchar(512) NOT NULL, "source" varchar(16) NOT NULL, "provider_batch_id" varchar(128) NOT NULL, "doc_id" varchar(128) NOT NULL, "status" varchar(32) NOT NULL, "payload" json NOT NULL, "received_at" bigint NOT NULL, "processed_at" bigint, "disposition" varchar(16), "lease_owner" varchar(128), "lease_until" bigint, CONSTRAINT "UQ_1ebf766d45e07204189ae4a18c6" UNIQUE ("id"), CONSTRAINT "UQ_e492cdbfdc1742232b352b337ae" UNIQUE ("dedupe_key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_receipts_unprocessed" ON "docbatch_receipts" ("received_at", "seq") WHERE processed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "docbatch_events" ("seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "id" varchar(128) NOT NULL, "name" varchar(32) NOT NULL, "submission_id" varchar(128) NOT NULL, "document_key" varchar(128), "payload" json NOT NULL, "state" varchar(16) NOT NULL, "attempts" integer NOT NULL, "last_error" text, "not_before" bigint NOT NULL, "lease_owner" varchar(128), "lease_until" bigint, "created_at" bigint NOT NULL, CONSTRAINT "UQ_0127054159013ed51d9dfc911c9" UNIQUE ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_events_pending" ON "docbatch_events" ("created_at", "seq") WHERE state = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_events_submission_state" ON "docbatch_events" ("submission_id", "state")`,
    );
    await queryRunner.query(
      `CREATE TABLE "docbatch_quota_usage" ("quota_window" varchar(32) PRIMARY KEY NOT NULL, "used" integer NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of DOCBATCH_TABLES_DROP_ORDER)
      await queryRunner.query(`DROP TABLE ${tablePath(queryRunner, table)}`);
  }
}
