import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many Golden Crown pre-checks were refused for one rule on one UTC day. Nothing
 * else: no figure that was asked about, no member, no address.
 */
@Entity('golden_crown_precheck_refusals')
export class PrecheckRefusalCount {
  /** The UTC day, `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_golden_crown_precheck_refusals' })
  day!: string;

  /** The failed rule's reason code (`TURNOVER_BELOW_MINIMUM`, …). */
  @PrimaryColumn({
    type: 'varchar',
    length: 40,
    primaryKeyConstraintName: 'PK_golden_crown_precheck_refusals',
  })
  rule!: string;

  @Column({ type: 'integer' })
  count!: number;
}
