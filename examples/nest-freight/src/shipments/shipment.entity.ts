import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One air waybill accepted into the freight system. The AWB number is the business key: a second
 * document carrying the same number is a duplicate scan and goes to review instead of overwriting.
 */
@Entity('freight_shipments')
export class Shipment {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Normalised `160-12345675`. */
  @Column({ name: 'awb_number', type: 'varchar', length: 12, unique: true })
  awbNumber!: string;

  /** The docbatch document id this shipment was read from (the app's correlation key). */
  @Column({ name: 'document_id', type: 'varchar', length: 200, unique: true })
  documentId!: string;

  /** IATA airport codes. */
  @Column({ type: 'varchar', length: 3 })
  origin!: string;

  @Column({ type: 'varchar', length: 3 })
  destination!: string;

  @Column({ type: 'varchar', length: 500 })
  shipper!: string;

  @Column({ type: 'varchar', length: 500 })
  consignee!: string;

  @Column({ type: 'integer' })
  pieces!: number;

  @Column({ name: 'gross_weight', type: 'double precision' })
  grossWeight!: number;

  @Column({ name: 'weight_unit', type: 'varchar', length: 2 })
  weightUnit!: 'KG' | 'LB';

  @Column({ type: 'varchar', length: 20, nullable: true })
  flight!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  goods!: string | null;

  @Column({ type: 'integer' })
  pages!: number;

  @CreateDateColumn({ name: 'received_at' })
  receivedAt!: Date;
}
