import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Member } from '../members/member.entity';
import { Room } from './room.entity';

@Entity('messages')
@Index('UQ_messages_room_seq', ['roomId', 'seq'], { unique: true })
@Index('UQ_messages_author_client_msg', ['authorId', 'clientMsgId'], { unique: true })
@Index('IDX_messages_created_author', ['createdAt', 'authorId'])
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'room_id', type: 'uuid' })
  roomId!: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id' })
  room?: Room;

  /** Gapless per room: 1, 2, 3 ... A deleted message keeps its `seq` as a tombstone. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @ManyToOne(() => Member, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: Member;

  /** The sender's own id for the message: a retry with the same one is not stored twice. */
  @Column({ name: 'client_msg_id', type: 'varchar', length: 64 })
  clientMsgId!: string;

  /** 1–4,000 characters (checked on the way in). Kept after deletion, for moderators. */
  @Column({ type: 'text' })
  body!: string;

  /** Soft delete: history shows a tombstone `{id, roomId, seq, deleted: true}`. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'deleted_by', type: 'uuid', nullable: true })
  deletedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
