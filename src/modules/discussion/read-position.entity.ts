import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Member } from '../members/member.entity';
import { Room } from './room.entity';

/**
 * How far a member has read a room or a direct conversation: every message with a higher
 * `seq`, by someone else and not deleted, is unread. Starts at the room's latest `seq` on
 * the first join (at 0 for a conversation the member was added to).
 */
@Entity('room_read_positions')
export class ReadPosition {
  @PrimaryColumn({
    name: 'member_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_room_read_positions',
  })
  memberId!: string;

  @PrimaryColumn({
    name: 'room_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_room_read_positions',
  })
  roomId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'FK_room_read_positions_member' })
  member?: Member;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'FK_room_read_positions_room' })
  room?: Room;

  @Column({ name: 'last_read_seq', type: 'integer', default: 0 })
  lastReadSeq!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
