import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module';
import { BlocksController } from './blocks.controller';
import { BlocksPersonalData } from './blocks.personal-data';
import { BlocksService } from './blocks.service';
import { MemberBlock } from './member-block.entity';

/** Blocks between members: `PUT/DELETE /api/members/:id/block`, the own list. */
@Module({
  imports: [TypeOrmModule.forFeature([MemberBlock]), MembersModule],
  controllers: [BlocksController],
  providers: [BlocksService, BlocksPersonalData],
  exports: [BlocksService],
})
export class BlocksModule {}
