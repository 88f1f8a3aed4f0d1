import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The failure log: documents that could not be read at all, with the provider's reason. */
@Entity('freight_document_failures')
export class DocumentFailure {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'document_id', type: 'varchar', length: 200, unique: true })
  documentId!: string;

  /** Provider error code (`CORRUPTED_FILE`, `UNSUPPORTED_FORMAT`, …), null when none was given. */
  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  /** docbatch's reason for giving up (`permanent_error`, `retries_exhausted`, …). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reason!: string | null;

  @Column({ type: 'integer' })
  attempts!: number;

  @CreateDateColumn({ name: 'failed_at' })
  failedAt!: Date;
}
