import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every kind of room: `direct` ones are direct conversations, reached by membership only. */
export const ROOM_KINDS = ['open', 'golden_crown', 'direct'] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** The kinds moderators create and `GET /api/rooms` lists. */
export const PUBLIC_ROOM_KINDS = ['open', 'golden_crown'] as const;
export type PublicRoomKind = (typeof PUBLIC_ROOM_KINDS)[number];

@Entity('rooms')
@Index('UQ_rooms_slug', ['slug'], { unique: true })
@Index('UQ_rooms_member_key', ['memberKey'], { unique: true, where: '"member_key" IS NOT NULL' })
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

  /**
   * A direct conversation's set of members as it was started (SHA-256 of the sorted ids):
   * one conversation per set. `null` for other rooms.
   */
  @Column({ name: 'member_key', type: 'char', length: 64, nullable: true })
  memberKey!: string | null;

  /** `null` for the rooms the server creates itself; who started a direct conversation. */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
