import type { AwbResult } from '@docbatch/core';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A document a person has to look at: the provider read it only partly (`needs_review`), or it
 * carried an AWB number that is already booked. The raw extraction is kept so the reviewer can fix
 * the fields instead of re-keying the whole waybill.
 */
@Entity('freight_shipment_reviews')
export class ShipmentReview {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'document_id', type: 'varchar', length: 200, unique: true })
  documentId!: string;

  /** What the provider read as the AWB number, when it read one (may be invalid). */
  @Column({ name: 'awb_number', type: 'varchar', length: 40, nullable: true })
  awbNumber!: string | null;

  /** `low_confidence` fields, `duplicate_awb`, … — why a person has to look. */
  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  /** The provider's full result (fields, per-field confidence, warnings), as JSON text. */
  @Column({ type: 'simple-json', nullable: true })
  result!: AwbResult | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
