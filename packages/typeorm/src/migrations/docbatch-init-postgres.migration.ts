import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DOCBATCH_TABLES_DROP_ORDER } from './docbatch-tables.js';
import { tablePath } from './table-path.js';

/** docbatch's tables on PostgreSQL, exactly as DOCBATCH_ENTITIES describe them. */
export class DocbatchInitPostgres1764720000000 implements MigrationInterface {
  name = 'DocbatchInitPostgres1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = (name: string) => tablePath(queryRunner, name);
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_submissions')} ("id" character varying(128) NOT NULL, "label" text, "document_count" integer NOT NULL, "final_count" integer NOT NULL, "created_at" bigint NOT NULL, CONSTRAINT "PK_62f24ac6545a2f61463a4fbc6ec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_documents')} ("seq" SERIAL NOT NULL, "key" character varying(128) NOT NULL, "id" character varying(128) NOT NULL, "active_id" character varying(128), "submission_id" character varying(128) NOT NULL, "source_kind" character varying(16) NOT NULL, "url" text, "file_id" character varying(128), "content_base64" text, "path" text, "filename" text, "content_type" character varying(255), "state" character varying(32) NOT NULL, "attempt" integer NOT NULL, "enhanced" boolean NOT NULL, "batch_key" character varying(128), "provider_batch_id" character varying(128), "not_before" bigint, "result" json, "error_code" character varying(64), "reason" text, "history" json NOT NULL, "created_at" bigint NOT NULL, "updated_at" bigint NOT NULL, "final_at" bigint, CONSTRAINT "UQ_26719797973719ae01ac146d0e4" UNIQUE ("key"), CONSTRAINT "UQ_ea0d201ac4f52b219b7228a6132" UNIQUE ("active_id"), CONSTRAINT "PK_66c54c09a263eeb79caf076f342" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_submission_state" ON ${t('docbatch_documents')} ("submission_id", "state")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_batch_key" ON ${t('docbatch_documents')} ("batch_key")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_provider_batch" ON ${t('docbatch_documents')} ("provider_batch_id", "state")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_documents_unassigned" ON ${t('docbatch_documents')} ("created_at", "seq") WHERE batch_key IS NULL AND state IN ('pending', 'retry_scheduled')`,
    );
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_provider_batches')} ("key" character varying(128) NOT NULL, "state" character varying(16) NOT NULL, "provider_batch_id" character varying(128), "enhanced" boolean NOT NULL, "document_count" integer NOT NULL, "last_progress_at" bigint NOT NULL, "lease_owner" character varying(128), "lease_until" bigint, "created_at" bigint NOT NULL, CONSTRAINT "UQ_d7e0a5458fb80b0a2685271e3b5" UNIQUE ("provider_batch_id"), CONSTRAINT "PK_5162d792b5799e258911c286d7c" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_provider_batches_state" ON ${t('docbatch_provider_batches')} ("state", "last_progress_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_attempts')} ("provider_batch_id" character varying(128) NOT NULL, "doc_id" character varying(128) NOT NULL, "document_key" character varying(128) NOT NULL, "attempt" integer NOT NULL, CONSTRAINT "PK_07ccc186c51e15fea49e2575447" PRIMARY KEY ("provider_batch_id", "doc_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_receipts')} ("seq" SERIAL NOT NULL, "id" character varying(128) NOT NULL, "dedupe_key" character varying(512) NOT NULL, "source" character varying(16) NOT NULL, "provider_batch_id" character varying(128) NOT NULL, "doc_id" character varying(128) NOT NULL, "status" character varying(32) NOT NULL, "payload" json NOT NULL, "received_at" bigint NOT NULL, "processed_at" bigint, "disposition" character varying(16), "lease_owner" character varying(128), "lease_until" bigint, CONSTRAINT "UQ_1ebf766d45e07204189ae4a18c6" UNIQUE ("id"), CONSTRAINT "UQ_e492cdbfdc1742232b352b337ae" UNIQUE ("dedupe_key"), CONSTRAINT "PK_0cc134e6edf24e4648c199cb4d7" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_receipts_unprocessed" ON ${t('docbatch_receipts')} ("received_at", "seq") WHERE processed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_events')} ("seq" SERIAL NOT NULL, "id" character varying(128) NOT NULL, "name" character varying(32) NOT NULL, "submission_id" character varying(128) NOT NULL, "document_key" character varying(128), "payload" json NOT NULL, "state" character varying(16) NOT NULL, "attempts" integer NOT NULL, "last_error" text, "not_before" bigint NOT NULL, "lease_owner" character varying(128), "lease_until" bigint, "created_at" bigint NOT NULL, CONSTRAINT "UQ_0127054159013ed51d9dfc911c9" UNIQUE ("id"), CONSTRAINT "PK_04ac6f644c4218f14228c9e58fd" PRIMARY KEY ("seq"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_events_pending" ON ${t('docbatch_events')} ("created_at", "seq") WHERE state = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_docbatch_events_submission_state" ON ${t('docbatch_events')} ("submission_id", "state")`,
    );
    await queryRunner.query(
      `CREATE TABLE ${t('docbatch_quota_usage')} ("quota_window" character varying(32) NOT NULL, "used" integer NOT NULL, CONSTRAINT "PK_28327337cd148e1fd959f4764ec" PRIMARY KEY ("quota_window"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of DOCBATCH_TABLES_DROP_ORDER)
      await queryRunner.query(`DROP TABLE ${tablePath(queryRunner, table)}`);
  }
}
