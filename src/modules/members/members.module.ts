import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Member } from './member.entity';
import { AdminMembersController, MembersController } from './members.controller';
import { MembersService } from './members.service';
import { MembersPersonalData } from './members.personal-data';

@Module({
  imports: [TypeOrmModule.forFeature([Member]), AuditModule],
  controllers: [MembersController, AdminMembersController],
  providers: [MembersPersonalData, MembersService],
  exports: [MembersService],
})
export class MembersModule {}
