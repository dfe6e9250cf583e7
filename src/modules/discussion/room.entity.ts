import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ROOM_KINDS = ['open', 'golden_crown'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

@Entity('rooms')
@Index('UQ_rooms_slug', ['slug'], { unique: true })
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 50 })
  slug!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'enum', enum: ROOM_KINDS, default: 'open' })
  kind!: RoomKind;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  /**
   * The `seq` of the room's latest message. Raised by one inside each message's insert
   * transaction (`UPDATE ... RETURNING`), so `seq` is gapless even under concurrent senders
   * and rollbacks, which a SEQUENCE would not be.
   */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq!: number;

  /** `null` for the rooms the server creates itself. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
