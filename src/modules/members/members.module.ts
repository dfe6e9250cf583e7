import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { MentionsModule } from '../mentions/mentions.module';
import { DirectoryController } from './directory.controller';
import { DirectoryService } from './directory.service';
import { Member } from './member.entity';
import { AdminMembersController, MembersController } from './members.controller';
import { MemberRolesService } from './member-roles.service';
import { MembersService } from './members.service';
import { MembersPersonalData } from './members.personal-data';
import { SuspensionService } from './suspension.service';

@Module({
  imports: [TypeOrmModule.forFeature([Member]), AuditModule, MentionsModule],
  controllers: [MembersController, AdminMembersController, DirectoryController],
  providers: [
    MembersPersonalData,
    MembersService,
    MemberRolesService,
    SuspensionService,
    DirectoryService,
  ],
  exports: [MembersService, MemberRolesService, SuspensionService],
})
export class MembersModule {}
