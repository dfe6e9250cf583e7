import { ApiProperty } from '@nestjs/swagger';

export class BlockStateDto {
  @ApiProperty() blocked!: boolean;
}

export class BlockedMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'When the block was made' }) blockedAt!: string;
}

export class BlockListDto {
  @ApiProperty({ type: [BlockedMemberDto] }) items!: BlockedMemberDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Always `null`: a short list' })
  nextCursor!: null;
}
